"""The event page caches its group counts under the event's claims_version (ClaimQuerySet.comparison_counts).
Every write of claims renews the version, so the page shows a change at once: each test fills the cache with
one view, drives one write path, and reads the counts the page shows next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import synthetic
from narratives import services
from narratives.intake import batch
from narratives.models import Actor, Article, Claim, Event, Outlet, Position, Side
from narratives.nlp import types as t
from narratives.services import importer, reclassify, review

TEXT = "Ana Vell said the bridge was safe. Ivo Brand said the bridge was closed. Ana Vell said it again."


@pytest.fixture
def bridge(db):
    north = Side.objects.create(name="North", slug="north", color="#1f77b4")
    south = Side.objects.create(name="South", slug="south", color="#d62728")
    event = Event.objects.create(slug="bridge", title="Bridge closure")
    safe = Position.objects.create(event=event, slug="safe", label="Bridge safe", order=1)
    closed = Position.objects.create(event=event, slug="closed", label="Bridge closed", order=2)
    ana = Actor.objects.create(name="Ana Vell", side=north)
    ivo = Actor.objects.create(name="Ivo Brand", side=south)
    post = Outlet.objects.create(name="River Post", slug="river-post")
    article = Article.objects.create(
        outlet=post, text=TEXT, text_hash="b" * 64, published=dt.date(2022, 3, 1)
    )

    def claim(content, speaker, position):
        start = TEXT.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
        )

    return {
        "north": north,
        "south": south,
        "event": event,
        "safe": safe,
        "closed": closed,
        "ana": ana,
        "ivo": ivo,
        "post": post,
        "article": article,
        "said_safe": claim("the bridge was safe", ana, safe),
        "said_closed": claim("the bridge was closed", ivo, closed),
    }


def shown(client, event, **filters) -> dict:
    """{(side slug, position slug): total} as the page counts its groups. The totals, not the counts shown:
    those are at least the cards listed, which would hide a stale total below a page of cards."""
    response = client.get(reverse("event_detail", args=[event.slug]), filters)
    assert response.status_code == 200
    return {(c.slug, g.slug): g.total for c in response.context["columns"] for g in c.groups}


def cached(client, event, **filters) -> dict:
    """As ``shown``, after checking that a second view counts nothing: the counts come from the cache."""
    first = shown(client, event, **filters)
    with CaptureQueriesContext(connection) as queries:
        assert shown(client, event, **filters) == first
    assert not [q for q in queries.captured_queries if 'COUNT("narratives_claim"."id")' in q["sql"]]
    return first


BEFORE = {("north", "safe"): 1, ("south", "closed"): 1}


def test_the_counts_are_cached_per_event_and_filters(viewer_client, bridge):
    assert cached(viewer_client, bridge["event"]) == BEFORE
    assert cached(viewer_client, bridge["event"], side="north") == {("north", "safe"): 1}
    other = Event.objects.create(slug="ferry", title="Ferry")
    assert cached(viewer_client, other) == {}


def test_a_claim_created_saved_or_deleted_shows_at_once(viewer_client, bridge):
    event = bridge["event"]
    cached(viewer_client, event)
    start = TEXT.index("it again")
    extra = Claim.objects.create(
        article=bridge["article"],
        speaker=bridge["ana"],
        content="it again",
        start=start,
        end=start + 8,
        event=event,
        position=bridge["safe"],
    )
    assert cached(viewer_client, event) == {("north", "safe"): 2, ("south", "closed"): 1}
    extra.position = bridge["closed"]
    extra.save()
    assert cached(viewer_client, event) == {
        ("north", "safe"): 1,
        ("north", "closed"): 1,
        ("south", "closed"): 1,
    }
    # Moved to another event: both pages count again.
    other = Event.objects.create(slug="ferry", title="Ferry")
    assert cached(viewer_client, other) == {}
    extra = Claim.objects.get(pk=extra.pk)
    extra.event, extra.position = other, None
    extra.save()
    assert cached(viewer_client, event) == BEFORE
    assert cached(viewer_client, other) == {("north", "_none"): 1}
    extra.delete()
    assert cached(viewer_client, other) == {}


def test_corrections_show_at_once(viewer_client, analyst, bridge):
    event, claim = bridge["event"], bridge["said_safe"]
    cached(viewer_client, event)
    services.correct_claim(claim=claim, user=analyst, position=bridge["closed"])
    assert cached(viewer_client, event) == {("north", "closed"): 1, ("south", "closed"): 1}
    services.correct_claim(claim=claim, user=analyst, speaker=bridge["ivo"])
    assert cached(viewer_client, event) == {("south", "closed"): 2}
    services.reject_claim(claim=claim, user=analyst)
    assert cached(viewer_client, event) == {("south", "closed"): 1}
    services.restore_claim(claim=claim, user=analyst)
    assert cached(viewer_client, event) == {("south", "closed"): 2}
    assert cached(viewer_client, event, reviewed="on") == {}
    services.review_claim(claim=Claim.objects.get(pk=claim.pk), user=analyst)
    assert cached(viewer_client, event, reviewed="on") == {("south", "closed"): 1}


def test_an_added_claim_and_a_review_decision_show_at_once(viewer_client, analyst, bridge):
    event = bridge["event"]
    cached(viewer_client, event)
    start = TEXT.index("it again")
    claim = services.add_claim(
        article=bridge["article"],
        user=analyst,
        start=start,
        end=start + 8,
        speaker=bridge["ana"],
        event=event,
    )
    assert cached(viewer_client, event) == {**BEFORE, ("north", "_none"): 1}
    review.decide(claim=claim, user=analyst, choice="closed")
    assert cached(viewer_client, event) == {**BEFORE, ("north", "closed"): 1}


def test_actor_writes_show_at_once(viewer_client, analyst, bridge):
    event = bridge["event"]
    cached(viewer_client, event)
    services.update_actor(actor=bridge["ana"], user=analyst, side=bridge["south"])
    assert cached(viewer_client, event) == {("south", "safe"): 1, ("south", "closed"): 1}
    ana = Actor.objects.get(pk=bridge["ana"].pk)  # a plain save: the admin's path
    ana.side = None
    ana.save()
    assert cached(viewer_client, event) == {("_none", "safe"): 1, ("south", "closed"): 1}
    ana.side = bridge["north"]
    ana.save()
    services.merge_actors(source=ana, target=bridge["ivo"], user=analyst)
    assert cached(viewer_client, event) == {("south", "safe"): 1, ("south", "closed"): 1}
    services.split_actor(actor=Actor.objects.get(pk=ana.pk), user=analyst)
    assert cached(viewer_client, event) == BEFORE


def test_redating_or_moving_an_article_shows_under_the_filters(viewer_client, analyst, bridge):
    event, article = bridge["event"], bridge["article"]
    times = Outlet.objects.create(name="Hill Times", slug="hill-times")
    other = Article.objects.create(outlet=times, text=TEXT, text_hash="c" * 64, published=dt.date(2022, 3, 1))
    start = TEXT.index("it again")
    services.add_claim(
        article=other, user=analyst, start=start, end=start + 8, speaker=bridge["ivo"], event=event
    )
    assert cached(viewer_client, event, date_from="2022-04-01") == {}
    assert cached(viewer_client, event, outlet="hill-times") == {("south", "_none"): 1}
    article.published = dt.date(2022, 4, 2)
    article.outlet = times
    article.save()
    assert cached(viewer_client, event, date_from="2022-04-01") == BEFORE
    assert cached(viewer_client, event, outlet="hill-times") == {**BEFORE, ("south", "_none"): 1}


def _result(content: str, position: str) -> t.ExtractionResult:
    start = TEXT.index(content)
    claim = t.ExtractedClaim(
        content=content,
        start=start,
        end=start + len(content),
        kind=t.INDIRECT,
        cue="said",
        speaker_mention="Ivo Brand",
        speaker_start=0,
        speaker_end=9,
        speaker=t.Speaker(name="Ivo Brand", known=True),
        event="bridge",
        stance=position,
    )
    return t.ExtractionResult(language="en", extractor_version="fake", claims=(claim,))


def test_extraction_shows_at_once(viewer_client, bridge):
    event = bridge["event"]
    cached(viewer_client, event)
    # A re-extraction replaces the machine's claims: the two above give way to the one found now.
    services.store_extraction(article=bridge["article"], result=_result("it again", "safe"))
    assert cached(viewer_client, event) == {("south", "safe"): 1}


def test_a_bulk_import_shows_at_once(viewer_client, bridge, monkeypatch):
    event = bridge["event"]
    cached(viewer_client, event)

    def extract_many(texts, knowledge, **kwargs):
        for _ in texts:
            yield _result("it again", "closed")

    monkeypatch.setattr("narratives.nlp.pipeline.extract_many", extract_many)
    # Three new articles in two batches (two transactions), one claim each.
    records = [batch.Record(source=f"r{i}", text=f"{TEXT} Note {i}.") for i in range(3)]
    assert importer.Importer(batch_size=2).run(records).claims == 3
    assert cached(viewer_client, event) == {**BEFORE, ("south", "closed"): 4}


def test_reclassification_shows_at_once(viewer_client, analyst, bridge, monkeypatch):
    event, claim = bridge["event"], bridge["said_safe"]
    cached(viewer_client, event)
    move = reclassify.Change(
        claim.pk, claim.article_id, claim.content, "Ana Vell", "bridge", "safe", None, None
    )
    monkeypatch.setattr(reclassify, "preview", lambda **kw: reclassify.Preview(changes=[move]))
    assert reclassify.apply(user=analyst) == 1
    assert cached(viewer_client, event) == {("south", "closed"): 1}


def test_admin_deletes_show_at_once(admin_client, bridge):
    event = bridge["event"]
    cached(admin_client, event)
    url = reverse("admin:narratives_position_delete", args=[bridge["closed"].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert cached(admin_client, event) == {("north", "safe"): 1, ("south", "_none"): 1}
    url = reverse("admin:narratives_actor_changelist")
    data = {"action": "delete_selected", "_selected_action": [bridge["ana"].pk], "post": "yes"}
    assert admin_client.post(url, data).status_code == 302
    assert cached(admin_client, event) == {("_none", "safe"): 1, ("south", "_none"): 1}
    url = reverse("admin:narratives_article_delete", args=[bridge["article"].pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert cached(admin_client, event) == {}


def test_the_synthetic_corpus_shows_at_once(viewer_client, db):
    synthetic.generate(articles=5, claims_per_article=4, events=1)
    event = Event.objects.get()
    first = sum(cached(viewer_client, event).values())
    synthetic.generate(articles=5, claims_per_article=4, events=1)
    assert sum(cached(viewer_client, event).values()) == first + 20 == Claim.objects.count()


def choices(client, event) -> tuple[list[str], list[str]]:
    """The outlet slugs and speaker names the filters offer, after checking that a second view reads
    which ones from the cache (by id, not through the event's claims)."""
    url = reverse("event_detail", args=[event.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        form = client.get(url).context["form"]
    assert not [q for q in queries.captured_queries if 'IN (SELECT U0."speaker_id"' in q["sql"]]
    assert not [q for q in queries.captured_queries if 'IN (SELECT U2."outlet_id"' in q["sql"]]
    outlets = [value for value, _ in form.fields["outlet"].choices[1:]]
    return outlets, [label for _, label in form.fields["actor"].choices[1:]]


def test_the_filter_lists_follow_writes_and_renames(viewer_client, analyst, bridge):
    event = bridge["event"]
    assert choices(viewer_client, event) == (["river-post"], ["Ana Vell", "Ivo Brand"])
    times = Outlet.objects.create(name="Hill Times", slug="hill-times")
    other = Article.objects.create(outlet=times, text=TEXT, text_hash="c" * 64)
    mara = Actor.objects.create(name="Mara Quill")
    start = TEXT.index("it again")
    claim = services.add_claim(
        article=other, user=analyst, start=start, end=start + 8, speaker=mara, event=event
    )
    assert choices(viewer_client, event) == (
        ["hill-times", "river-post"],
        ["Ana Vell", "Ivo Brand", "Mara Quill"],
    )
    # Names are read by id on every view: a rename shows without any claim changing.
    services.update_actor(actor=mara, user=analyst, name="Mara Quillon")
    Outlet.objects.filter(pk=times.pk).update(name="Hill Times Daily")
    assert choices(viewer_client, event)[1] == ["Ana Vell", "Ivo Brand", "Mara Quillon"]
    services.reject_claim(claim=claim, user=analyst)
    assert choices(viewer_client, event) == (["river-post"], ["Ana Vell", "Ivo Brand"])
    article = bridge["article"]
    article.outlet = times
    article.save()
    assert choices(viewer_client, event) == (["hill-times"], ["Ana Vell", "Ivo Brand"])
