"""Views: access, home, article, actor, outlet and admin pages, full and as htmx fragments; the demo."""

from __future__ import annotations

import pytest
import views_fixtures
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from views_fixtures import HTMX, page_urls

from narratives.models import Article, Claim, Event
from narratives.views.articles import highlight_claims

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
world, no_nlp, admin_client_logged = (
    views_fixtures.world,
    views_fixtures.no_nlp,
    views_fixtures.admin_client_logged,
)


# --- access -----------------------------------------------------------------------


def test_every_page_needs_login(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_login_page_renders_in_app_layout(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to Parallax" in response.content
    assert b"app.css" in response.content


def test_viewer_reads_but_cannot_upload(viewer_client, world, no_nlp):
    for url in page_urls(world)[:-1]:
        assert viewer_client.get(url).status_code == 200, url
    assert viewer_client.get(reverse("article_new")).status_code == 403
    articles = Article.objects.count()
    response = viewer_client.post(reverse("article_new"), {"text": "Ann Example said the bridge was closed."})
    assert response.status_code == 403
    assert Article.objects.count() == articles
    assert no_nlp == []


def test_upload_link_shown_only_to_analysts(viewer, analyst, world):
    viewer_client, analyst_client = Client(), Client()
    viewer_client.force_login(viewer)
    analyst_client.force_login(analyst)
    assert reverse("article_new").encode() not in viewer_client.get(reverse("home")).content
    assert reverse("article_new").encode() in analyst_client.get(reverse("home")).content


def test_superuser_may_upload_without_the_group(admin_client_logged, db):
    assert admin_client_logged.get(reverse("article_new")).status_code == 200


# --- home ---------------------------------------------------------------------------


def test_home_lists_events_with_side_counts(viewer_client, world):
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'href="/events/bridge-closure/"' in html
    # Two claims per side, as a bar and a legend.
    assert "Northland <strong>2</strong>" in html
    assert "Southland <strong>2</strong>" in html
    assert "--side: #1f77b4; flex-grow: 2" in html
    assert "Mayor: bridge open" in html  # recent articles


def test_home_htmx_returns_the_event_list_fragment(viewer_client, world):
    response = viewer_client.get(reverse("home"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="event-list"' in html and "Bridge closure" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(viewer_client, world):
    response = viewer_client.get(reverse("home"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert b"<html" in response.content


# --- article -------------------------------------------------------------------------


def test_article_page_highlights_and_escapes(viewer_client, world):
    article = world["article_a"]
    response = viewer_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    c1, c2, c3, _ = world["claims"]
    assert f'id="claim-{c1.pk}"' in html and f'id="claim-{c2.pk}"' in html and f'id="claim-{c3.pk}"' in html
    assert "<b>closed</b>" not in html  # untrusted text is escaped
    assert "&lt;b&gt;closed&lt;/b&gt; &amp; guarded</mark>" in html
    assert "--side: #1f77b4" in html and "--side: #d62728" in html
    assert "2 lanes" in html  # margin figures
    assert f'href="#claim-{c2.pk}"' in html  # margin claim list


def test_article_page_htmx_returns_the_body(viewer_client, world):
    response = viewer_client.get(reverse("article_detail", args=[world["article_a"].pk]), **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="article-body"' in html and "claim-span" in html


def test_highlight_escapes_every_piece_and_survives_bad_offsets(world):
    ann = world["ann"]
    text = "<script>alert(1)</script> Ann said x<y. End"
    claims = [
        Claim(pk=1, speaker=ann, content="x<y", start=text.index("x<y"), end=text.index("x<y") + 3),
        Claim(
            pk=2,
            speaker=None,
            speaker_mention="<i>m</i>",
            content="y",
            start=text.index("x<y") + 1,
            end=text.index("x<y") + 3,
        ),  # overlaps claim 1
        Claim(pk=3, speaker=None, content="gone", start=500, end=510),  # past the end of the text
    ]
    html = str(highlight_claims(text, claims))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark class="claim-span" id="claim-1" style="--side: #1f77b4"' in html
    assert "x&lt;y</mark>" in html
    assert 'id="claim-2"' in html and 'id="claim-3"' in html
    assert "<i>" not in html
    assert html.endswith('. End<span class="claim-anchor" id="claim-3"></span>')


# --- actor and outlet ----------------------------------------------------------------


def test_actor_page(viewer_client, world):
    world["ann"].aliases.create(name="A. Example", normalized="a example")
    response = viewer_client.get(reverse("actor_detail", args=[world["ann"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ann Example" in html and "spokeswoman" in html and "A. Example" in html and "Northland" in html
    assert "Bridge closure" in html and "Bridge closed" in html and "“It will stay shut”" in html
    assert f'href="/actors/{world["ministry"].pk}/"' in html


def test_actor_page_htmx_and_event_filter(viewer_client, world):
    other = Event.objects.create(slug="ferry", title="Ferry strike")
    ann = world["ann"]
    Claim.objects.create(article=world["article_b"], speaker=ann, content="Bob", start=0, end=3, event=other)
    url = reverse("actor_detail", args=[ann.pk])
    response = viewer_client.get(url, {"event": "ferry"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="actor-claims"' in html
    assert "Ferry strike" in html and "It will stay shut" not in html


def test_outlet_page(viewer_client, world):
    response = viewer_client.get(reverse("outlet_detail", args=["north-herald"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "State media" in html and "State-controlled" in html and "Bridge shut" in html
    assert "Northland <strong>2</strong>" in html and "Southland <strong>1</strong>" in html


def test_outlet_page_htmx_paginates(viewer_client, world):
    for i in range(25):
        Article.objects.create(
            outlet=world["private"], title=f"Story {i:02d}", text=f"t{i}", text_hash=f"{i:064d}"
        )
    url = reverse("outlet_detail", args=["river-post"])
    response = viewer_client.get(url, {"page": 2}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="outlet-articles"' in html and "Page 2 of 2" in html


# --- admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "side",
        "outlet",
        "article",
        "actor",
        "actoralias",
        "event",
        "position",
        "claim",
        "figure",
        "correction",
    ],
)
def test_admin_changelists_and_search(admin_client_logged, world, model):
    url = reverse(f"admin:narratives_{model}_changelist")
    assert admin_client_logged.get(url).status_code == 200
    assert admin_client_logged.get(url, {"q": "bridge"}).status_code == 200


def test_admin_change_pages_with_inlines(admin_client_logged, world):
    for name, obj in [("article", world["article_a"]), ("actor", world["ann"]), ("event", world["event"])]:
        assert (
            admin_client_logged.get(reverse(f"admin:narratives_{name}_change", args=[obj.pk])).status_code
            == 200
        )


def test_analysts_group_exists(db):
    assert Group.objects.filter(name="analysts").exists()


# --- the demo, end to end ----------------------------------------------------------------


@pytest.mark.slow
def test_demo_isis_defeat_shows_russia_and_us_side_by_side(demo, viewer_client):
    response = viewer_client.get(reverse("event_detail", args=["isis-defeat"]))
    html = response.content.decode()
    comparison = html[html.index('id="comparison"') :]
    for side in ("russia", "united-states"):
        start = comparison.index(f'id="col-{side}"')
        column = comparison[start : comparison.find("</section>", start)]
        # A side's column holds claims whose speaker has that side: each card links the speaker,
        # the outlet, and gives the date (or "undated").
        cards = column.split('<li class="claim-card')[1:]
        assert cards, side
        for card in cards:
            assert 'href="/actors/' in card and 'href="/outlets/' in card and "<time" in card
