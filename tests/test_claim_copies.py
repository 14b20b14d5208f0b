"""Claim.side and Claim.published are copies (of speaker.side and article.published) that the event page's
index needs. Every write path must keep them in step; each test drives one path and checks every claim."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from bench import synthetic
from narratives import services
from narratives.models import Actor, Article, Claim, Event, Outlet, Position, Side

TEXT = "Ana Vell said the bridge was safe. Ivo Brand said the bridge was closed. Ana Vell said it again."


def assert_in_step():
    rows = Claim.objects.values_list(
        "side_id", "speaker__side_id", "published", "article__published", "speaker_id", "side_inferred"
    )
    assert rows, "nothing to check"
    for side, speaker_side, published, article_published, speaker, inferred in rows:
        # Only an unnamed source (no speaker) keeps a side of its own, marked as inferred.
        assert side == speaker_side or (speaker is None and inferred)
        assert published == article_published


@pytest.fixture
def bridge(db):
    north = Side.objects.create(name="North", slug="north", color="#1f77b4")
    south = Side.objects.create(name="South", slug="south", color="#d62728")
    event = Event.objects.create(slug="bridge", title="Bridge closure")
    position = Position.objects.create(event=event, slug="safe", label="Bridge safe")
    ana = Actor.objects.create(name="Ana Vell", side=north)
    ivo = Actor.objects.create(name="Ivo Brand", side=south)
    article = Article.objects.create(
        outlet=Outlet.objects.create(name="River Post", slug="river-post"),
        text=TEXT,
        text_hash="b" * 64,
        published=dt.date(2022, 3, 1),
    )

    def claim(content, speaker):
        start = TEXT.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
        )

    return {
        "north": north,
        "south": south,
        "event": event,
        "position": position,
        "ana": ana,
        "ivo": ivo,
        "article": article,
        "safe": claim("the bridge was safe", ana),
        "closed": claim("the bridge was closed", ivo),
    }


def test_create_copies_side_and_date(bridge):
    assert bridge["safe"].side == bridge["north"] and bridge["safe"].published == dt.date(2022, 3, 1)
    assert_in_step()


def test_correcting_the_speaker_moves_the_claim_to_the_new_side(bridge, analyst):
    services.correct_claim(claim=bridge["safe"], user=analyst, speaker=bridge["ivo"])
    assert Claim.objects.get(pk=bridge["safe"].pk).side == bridge["south"]
    services.correct_claim(claim=bridge["safe"], user=analyst, speaker=None)
    assert Claim.objects.get(pk=bridge["safe"].pk).side is None
    assert_in_step()


def test_changing_an_actors_side_moves_its_claims(bridge, analyst):
    services.update_actor(actor=bridge["ana"], user=analyst, side=bridge["south"])
    assert Claim.objects.get(pk=bridge["safe"].pk).side == bridge["south"]
    assert_in_step()
    # A plain save (the admin's path) too, and to no side at all.
    ana = Actor.objects.get(pk=bridge["ana"].pk)
    ana.side = None
    ana.save()
    assert Claim.objects.get(pk=bridge["safe"].pk).side is None
    assert_in_step()


def test_merge_and_split_carry_the_side(bridge, analyst):
    services.merge_actors(source=bridge["ana"], target=bridge["ivo"], user=analyst)
    assert set(Claim.objects.values_list("side_id", flat=True)) == {bridge["south"].pk}
    assert_in_step()
    services.split_actor(actor=Actor.objects.get(pk=bridge["ana"].pk), user=analyst)
    assert Claim.objects.get(pk=bridge["safe"].pk).side == bridge["north"]
    assert_in_step()


def test_deleting_a_speaker_or_a_side_clears_the_copy(bridge):
    bridge["ivo"].delete()
    closed = Claim.objects.get(pk=bridge["closed"].pk)
    assert closed.speaker is None and closed.side is None
    bridge["north"].delete()
    assert Claim.objects.get(pk=bridge["safe"].pk).side is None
    assert_in_step()


def test_redating_an_article_redates_its_claims(bridge):
    article = bridge["article"]
    article.published = dt.date(2022, 4, 2)
    article.save()
    assert set(Claim.objects.values_list("published", flat=True)) == {dt.date(2022, 4, 2)}
    article.published = None
    article.save()
    assert set(Claim.objects.values_list("published", flat=True)) == {None}
    assert_in_step()


def test_adding_a_claim_by_hand_copies_side_and_date(bridge, analyst):
    start = TEXT.index("it again")
    claim = services.add_claim(
        article=bridge["article"],
        user=analyst,
        start=start,
        end=start + len("it again"),
        speaker=bridge["ana"],
    )
    assert (claim.side, claim.published) == (bridge["north"], dt.date(2022, 3, 1))
    assert_in_step()


def test_bulk_writers_fill_the_copies(db):
    synthetic.generate(articles=20, claims_per_article=4, events=1)
    assert Claim.objects.filter(side__isnull=False).exists()
    assert_in_step()


def test_extraction_fills_the_copies(demo):
    assert Claim.objects.filter(side__isnull=False).count() > 10
    assert_in_step()


def test_event_page_orders_each_group_newest_first_and_undated_last(bridge, analyst_client):
    """Pages of one group follow the index order: newest article first, undated ones last, across pages."""
    event, ana = bridge["event"], bridge["ana"]
    Claim.objects.all().delete()
    dates = [dt.date(2022, 1, d) for d in range(1, 9)] + [None, None]
    for i, day in enumerate(dates):
        text = f"Ana Vell said the bridge was safe on day {i}."
        article = Article.objects.create(text=text, text_hash=f"{i:064d}", published=day)
        Claim.objects.create(
            article=article, speaker=ana, content=text[14:], start=14, end=len(text), event=event
        )
    url = reverse("event_detail", args=[event.slug])
    seen = []
    for page in (1, 2):
        response = analyst_client.get(url, {"side": "north", "position": "_none", "page": page})
        seen += [c.published for col in response.context["columns"] for g in col.groups for c in g.claims]
    assert seen == sorted(dates[:8], reverse=True) + [None, None]
