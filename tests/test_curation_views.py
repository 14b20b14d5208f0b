"""Workbench pages: article, claim, actor and form views, full and as htmx fragments."""

from __future__ import annotations

import curation_fixtures
from curation_helpers import HTMX
from django.urls import reverse

from narratives import services
from narratives.models import (
    Actor,
    Article,
    Claim,
)

# Shared fixtures bound here rather than loaded with pytest_plugins: a plugin's world would be global
# and clash with other modules' world; bound in the module, these also outrank conftest's clients.
world = curation_fixtures.world
viewer_client, analyst_client = curation_fixtures.viewer_client, curation_fixtures.analyst_client


# --- views: reading ------------------------------------------------------------------------------


def test_article_page_full_and_fragment(viewer_client, world):
    url = reverse("article_detail", args=[world["article"].pk])
    html = viewer_client.get(url).content.decode()
    c = world["c_mara"]
    assert (
        "<html" in html
        and f'id="claim-{c.pk}"' in html
        and f'href="/claims/{c.pk}/#margin-claim-{c.pk}"' in html
    )
    assert "History of changes" in html
    assert "curation.js" not in html and "Add a missed claim" not in html  # viewers get no editing
    fragment = viewer_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="article-body"' in fragment


def test_claim_detail_full_and_fragment(viewer_client, analyst_client, world):
    c = world["c_mara"]
    url = reverse("claim_detail", args=[c.pk])
    full = viewer_client.get(url).content.decode()
    assert "<html" in full and "margin-item--open" in full and "Machine, confidence 0.70" in full
    assert "Set speaker" not in full
    fragment = analyst_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith(f'<li id="margin-claim-{c.pk}"')
    assert "Set speaker" in fragment and "Mark reviewed" in fragment and "Delete claim" in fragment
    closed = analyst_client.get(url, {"view": "item"}, **HTMX).content.decode()
    assert "margin-item--open" not in closed and f'id="margin-claim-{c.pk}"' in closed


def test_actor_search_fragment_and_page(analyst_client, viewer_client, world):
    c = world["c_mara"]
    url = reverse("actor_search")
    fragment = analyst_client.get(
        url, {"q": "quil", "claim": c.pk, "field": "speaker"}, **HTMX
    ).content.decode()
    assert "<html" not in fragment
    assert f'name="speaker" value="{world["mara"].pk}"' in fragment and "M. Quill" not in fragment
    assert f'value="{world["marra"].pk}"' in fragment
    by_alias = analyst_client.get(url, {"q": "M. Quill"}, **HTMX).content.decode()
    assert f'value="{world["mara"].pk}"' in by_alias and f'value="{world["marra"].pk}"' not in by_alias
    page = analyst_client.get(url, {"q": "quil", "claim": c.pk}).content.decode()
    assert "<html" in page and f'action="{reverse("claim_speaker", args=[c.pk])}"' in page
    listing = viewer_client.get(url, {"q": "port"}).content.decode()
    assert 'type="radio"' not in listing and f'href="/actors/{world["authority"].pk}/"' in listing


def test_classify_form_limits_positions_to_the_event(analyst_client, world):
    c = world["c_mara"]
    url = reverse("claim_classify", args=[c.pk])
    fragment = analyst_client.get(url, {"event": world["strike"].pk}, **HTMX).content.decode()
    assert "<html" not in fragment and "Strike on" in fragment and "Harbour closed" not in fragment
    full = analyst_client.get(url).content.decode()
    assert "<html" in full and "Harbour closed" in full and "Strike on" not in full


def test_add_claim_form_full_and_fragment(analyst_client, world):
    url = reverse("claim_add", args=[world["article"].pk])
    fragment = analyst_client.get(url, {"quote": "ferries"}, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="add-claim"' in fragment and "ferries</textarea>" in fragment
    assert "<html" in analyst_client.get(url).content.decode()


def test_actor_page_and_edit_form_full_and_fragment(analyst_client, viewer_client, world):
    mara = world["mara"]
    page = viewer_client.get(reverse("actor_detail", args=[mara.pk])).content.decode()
    assert "M. Quill" in page and "Edit actor" not in page and "Merge Mara Quill" not in page
    page = analyst_client.get(reverse("actor_detail", args=[mara.pk])).content.decode()
    assert "Edit actor" in page and "Merge Mara Quill into another actor" in page
    url = reverse("actor_edit", args=[mara.pk])
    fragment = analyst_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'name="aliases"' in fragment and "M. Quill" in fragment
    assert "<html" in analyst_client.get(url).content.decode()


def test_article_status_polls_until_done(analyst_client, world):
    article = world["article"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PROCESSING)
    url = reverse("article_status", args=[article.pk])
    polling = analyst_client.get(url, **HTMX)
    html = polling.content.decode()
    assert 'hx-trigger="every 2s"' in html and 'id="article-body"' not in html
    assert "<html" in analyst_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    done = analyst_client.get(url, **HTMX)
    assert done["HX-Retarget"] == "#article-body" and 'id="article-body"' in done.content.decode()
    assert "every 2s" not in done.content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error="Boom: model gone")
    failed = analyst_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "Boom: model gone" in failed and "Retry extraction" in failed


def test_article_page_queries_do_not_grow_with_claims_or_history(analyst_client, analyst, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("article_detail", args=[world["article"].pk])
    analyst_client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert analyst_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    text = world["article"].text
    for i in range(12):
        actor = Actor.objects.create(name=f"Speaker {i}", side=world["west"], organization=world["authority"])
        claim = Claim.objects.create(
            article=world["article"], speaker=actor, content=text[i : i + 3], start=i, end=i + 3
        )
        services.review_claim(claim=claim, user=analyst)
    assert count() == before
