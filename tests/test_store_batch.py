"""store_extractions: a batch of articles stored in a fixed number of queries, with the rows one-by-one
storing would give (actors once, organisations linked, aliases as add_alias makes them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from narratives import services
from narratives.models import Actor, ActorAlias, Article, Claim, Event, Figure, Origin, Position, Side
from narratives.nlp import types as t


def said(text: str, speaker: t.Speaker | None, *, event: str | None = "bridge") -> t.ExtractedClaim:
    start = text.index("that ") + 5
    return t.ExtractedClaim(
        content=text[start:-1],
        start=start,
        end=len(text) - 1,
        kind=t.INDIRECT,
        cue="said",
        speaker_mention=speaker.name if speaker else "",
        speaker_start=0,
        speaker_end=5,
        speaker=speaker,
        event=event,
        stance="closed" if event else None,
        confidence=0.8,
    )


ANN = t.Speaker(name="Ann Example", side="Northland")
BOB = t.Speaker(name="Bob Mayor", role="mayor", organization="City Hall")
CAROL = t.Speaker(name="Carol Clerk", organization="City Hall", side="Northland")
KNOWN = t.Speaker(name="Dora Known", known=True)
ANONYMOUS = t.Speaker(name="a senior official", anonymous=True, side="Northland")
NAMED = [ANN, BOB, CAROL, KNOWN, ANONYMOUS, None]


def batch(n: int, seed: str = "") -> list[tuple[Article, t.ExtractionResult]]:
    """``n`` new articles, each with claims by every speaker above and a figure tied to its first claim."""
    items = []
    for i in range(n):
        text = f"Report {seed}{i}: someone said that the bridge was closed."
        claims = tuple(said(text, speaker) for speaker in NAMED)
        figure = t.ExtractedFigure(
            content="Report", start=0, end=6, value=i, unit="", subject="", claim_index=0
        )
        result = t.ExtractionResult(
            language="en", extractor_version="test-1", claims=claims, figures=(figure,)
        )
        items.append((Article.objects.create(text=text, text_hash=services.text_hash(text)), result))
    return items


@pytest.fixture
def bridge(db):
    Side.objects.create(name="Northland", slug="northland", color="#123456")
    event = Event.objects.create(slug="bridge", title="Bridge closure")
    Position.objects.create(event=event, slug="closed", label="Closed")
    # Two stored actors share a name: the lowest pk is the one claims get, as in the one-by-one store.
    first = Actor.objects.create(name="Dora Known")
    Actor.objects.create(name="Dora Known")
    # An alias key that already belongs to someone else: the new actor of that name gets no alias.
    other = Actor.objects.create(name="Carolyn Clerk-Smith")
    ActorAlias.objects.create(actor=other, name="Carol Clerk", normalized=_key("Carol Clerk"))
    return first


def _key(name: str) -> str:
    from narratives.nlp.registry import normalize_name

    return normalize_name(name)


def stored_rows():
    actors = [
        (a.name, a.kind, a.role, a.side and a.side.name, a.organization and a.organization.name)
        for a in Actor.objects.filter(origin=Origin.MACHINE).select_related("side", "organization")
    ]
    aliases = list(ActorAlias.objects.values_list("actor__name", "name", "normalized"))
    claims = [
        (
            c.article.text,
            c.speaker and c.speaker.name,
            c.speaker_id,
            c.side_id,
            c.side_inferred,
            c.position_id,
        )
        for c in Claim.objects.select_related("article", "speaker")
    ]
    figures = [(f.article.text, f.claim and f.claim.start) for f in Figure.objects.select_related("claim")]
    actors, aliases, claims, figures = (sorted(rows, key=repr) for rows in (actors, aliases, claims, figures))
    return actors, aliases, claims, figures


def test_a_batch_creates_each_actor_once_with_its_organisation_and_aliases(bridge):
    summaries = services.store_extractions(items=batch(3))
    assert [s.added for s in summaries] == [6, 6, 6] and [s.figures for s in summaries] == [1, 1, 1]
    assert summaries[0].describe() == [
        "6 claims added to Bridge closure: 4 for unknown side, 2 for Northland"
    ]
    assert Actor.objects.filter(name="City Hall").count() == 1
    bob, carol = Actor.objects.get(name="Bob Mayor"), Actor.objects.get(name="Carol Clerk")
    assert bob.organization == carol.organization == Actor.objects.get(name="City Hall")
    assert carol.side.name == "Northland" and bob.role == "mayor" and bob.origin == Origin.MACHINE
    # The organisation takes the side of the speaker that named it first (Bob: none).
    assert Actor.objects.get(name="City Hall").kind == "organization"
    assert set(Claim.objects.filter(speaker__name="Dora Known").values_list("speaker_id", flat=True)) == {
        bridge.pk
    }
    assert not Actor.objects.filter(name__icontains="official").exists()
    assert set(ActorAlias.objects.filter(actor__origin=Origin.MACHINE).values_list("name", flat=True)) == {
        "Ann Example",
        "Bob Mayor",
        "City Hall",
    }
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}


def test_a_batch_stores_what_one_article_at_a_time_stores(bridge):
    for article, result in batch(3):
        services.store_extraction(article=article, result=result)
    one_by_one = stored_rows()
    Article.objects.all().delete()
    Actor.objects.filter(origin=Origin.MACHINE).delete()
    services.store_extractions(items=batch(3))
    assert stored_rows()[:2] == one_by_one[:2]
    # Actor ids differ between the runs; what each claim points at does not.
    strip = lambda rows: [row[:2] + row[3:] for row in rows]  # noqa: E731
    assert strip(stored_rows()[2]) == strip(one_by_one[2]) and stored_rows()[3] == one_by_one[3]


def test_a_batch_costs_the_same_queries_whatever_its_size(bridge):
    counts = []
    for n, seed in ((2, "a"), (6, "b")):
        items = batch(n, seed)
        Actor.objects.filter(origin=Origin.MACHINE).delete()  # both batches create the same new actors
        with CaptureQueriesContext(connection) as queries:
            services.store_extractions(items=items)
        counts.append(len(queries) - sum(q["sql"].startswith("UPDATE") for q in queries))
    assert counts[0] == counts[1]


def test_created_articles_are_written_once(bridge):
    text = "Report x: someone said that the bridge was closed."
    result = t.ExtractionResult(language="en", extractor_version="test-2", claims=(said(text, ANN),))
    with CaptureQueriesContext(connection) as queries:
        article = services.mark_extracted(Article(text=text, text_hash=services.text_hash(text)), result)
        article.save(force_insert=True)
        services.store_extraction(article=article, result=result, created=True)
    assert not [q for q in queries if "narratives_article" in q["sql"] and q["sql"].startswith("UPDATE")]
    article.refresh_from_db()
    assert (article.status, article.extractor_version, article.claims.count()) == ("done", "test-2", 1)
