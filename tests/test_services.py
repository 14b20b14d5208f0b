import pytest
from django.core.exceptions import ValidationError

from narratives import services
from narratives.models import Actor, Article, Claim, Correction, Event, Figure, Origin, Outlet, Position, Side
from narratives.nlp import types as t

TEXT = "Ann Example said the bridge was closed. The mayor denied it on Monday, saying it was open."


def fake_result(text=TEXT):
    first = text.index("the bridge was closed")
    second = text.index("it was open")
    return t.ExtractionResult(
        language="en",
        extractor_version="test-1",
        claims=(
            t.ExtractedClaim(
                content="the bridge was closed",
                start=first,
                end=first + 21,
                kind=t.INDIRECT,
                cue="said",
                speaker_mention="Ann Example",
                speaker_start=0,
                speaker_end=11,
                speaker=t.Speaker(name="Ann Example", kind="person", known=False, side="Northland"),
                event="bridge",
                stance="closed",
                confidence=0.9,
                fingerprint="abc",
            ),
            t.ExtractedClaim(
                content="it was open",
                start=second,
                end=second + 11,
                kind=t.INDIRECT,
                cue="saying",
                speaker_mention="The mayor",
                speaker_start=40,
                speaker_end=49,
                speaker=t.Speaker(
                    name="Bob Mayor", kind="person", known=False, role="mayor", organization="City Hall"
                ),
                event="bridge",
                stance=None,
                confidence=0.7,
            ),
        ),
        figures=(
            t.ExtractedFigure(content="2 lanes", start=0, end=7, value=2, unit="lanes", subject="lanes"),
        ),
    )


@pytest.fixture
def bridge(db, monkeypatch):
    Side.objects.create(name="Northland", slug="northland", color="#123456")
    event = Event.objects.create(slug="bridge", title="Bridge closure")
    Position.objects.create(event=event, slug="closed", label="Closed")
    monkeypatch.setattr("narratives.nlp.pipeline.extract", lambda text, knowledge: fake_result(text))
    return event


def test_ingest_stores_article_claims_figures_and_new_actors(bridge, analyst):
    result = services.ingest_article(text=TEXT, outlet_name="Daily Example", uploaded_by=analyst)
    assert result.created
    article = result.article
    assert article.status == Article.Status.DONE and article.extractor_version == "test-1"
    assert article.outlet.name == "Daily Example" and article.uploaded_by == analyst
    assert article.claims.count() == 2 and article.figures.count() == 1
    ann = Actor.objects.get(name="Ann Example")
    assert ann.side.slug == "northland" and ann.origin == Origin.MACHINE
    bob = Actor.objects.get(name="Bob Mayor")
    assert bob.organization.name == "City Hall" and bob.side is None
    claim = article.claims.get(cue="said")
    assert claim.position.slug == "closed" and TEXT[claim.start : claim.end] == claim.content
    assert result.summary.describe() == [
        "2 claims added to Bridge closure: 1 for Northland, 1 for unknown side"
    ]


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_upload_is_rejected_and_leaves_no_rows(bridge, text):
    before = [m.objects.count() for m in (Article, Claim, Figure, Actor, Outlet)]
    with pytest.raises(ValidationError):
        services.ingest_article(text=text, outlet_name="Daily Example")
    assert [m.objects.count() for m in (Article, Claim, Figure, Actor, Outlet)] == before


def test_duplicate_text_returns_the_original(bridge):
    first = services.ingest_article(text=TEXT)
    again = services.ingest_article(text="  " + TEXT.replace(" ", "  ") + "\n")
    assert not again.created and again.article == first.article
    assert Article.objects.count() == 1


def test_failed_store_leaves_no_partial_rows(bridge, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Figure.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        services.ingest_article(text=TEXT, outlet_name="Daily Example")
    assert (
        Article.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
        Outlet.objects.count(),
    ) == (
        0,
        0,
        0,
        0,
    )


def test_reextraction_keeps_analyst_corrections(bridge, analyst):
    article = services.ingest_article(text=TEXT).article
    corrected = article.claims.get(cue="said")
    corrected.speaker = Actor.objects.create(name="Someone Else")
    corrected.origin = Origin.ANALYST
    corrected.save()
    deleted = article.claims.get(cue="saying")
    deleted.rejected, deleted.origin = True, Origin.ANALYST
    deleted.save()

    summary = services.extract_article(article=article, user=analyst)

    assert summary.added == 0 and summary.kept_analyst == 2
    corrected.refresh_from_db()
    assert corrected.speaker.name == "Someone Else"
    assert article.claims.live().count() == 1
    assert Correction.objects.filter(article=article, action="reextract", user=analyst).exists()


def test_reextraction_replaces_machine_claims(bridge):
    article = services.ingest_article(text=TEXT).article
    ids = set(article.claims.values_list("id", flat=True))
    services.extract_article(article=article)
    assert article.claims.count() == 2 and not ids & set(article.claims.values_list("id", flat=True))


def test_text_hash_ignores_whitespace_and_unicode_form():
    assert services.text_hash("Caf\u00e9  said\r\nno") == services.text_hash("Cafe\u0301 said no")


def test_outlet_created_concurrently_is_reused(db, monkeypatch):
    """Another upload creates the outlet between our lookup and our insert: we use theirs."""
    theirs = Outlet.objects.create(name="Harbour Gazette", slug="harbour-gazette")
    real_filter = Outlet.objects.filter
    calls = []

    def first_lookup_misses(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:  # the lookup before the insert: the other upload has not committed yet
            return Outlet.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Outlet.objects, "filter", first_lookup_misses)
    monkeypatch.setattr("narratives.services.sources.slugify", lambda name: "harbour-gazette-new")
    assert services.get_or_create_outlet(name="Harbour Gazette") == theirs
    assert Outlet.objects.count() == 1


def store_unnamed(text: str, mention: str, *, side: str = "Westmark") -> Claim:
    """Store one claim by an unnamed source (as attribution flags it) and return it."""
    from narratives.nlp import types as t
    from narratives.services.extraction import store_extraction

    article = Article.objects.create(text=text, text_hash=services.text_hash(text))
    source = t.Speaker(name=mention.lower(), anonymous=True, side=side, side_inferred=True)
    claim = t.ExtractedClaim(
        content="the talks had failed",
        start=text.index("the talks"),
        end=len(text) - 1,
        kind=t.INDIRECT,
        cue="said",
        speaker_mention=mention,
        speaker_start=0,
        speaker_end=len(mention),
        speaker=source,
    )
    store_extraction(article=article, result=t.ExtractionResult(language="en", claims=(claim,)))
    return Claim.objects.get(article=article)


def test_an_anonymous_source_never_becomes_a_named_actor(db):
    stored = store_unnamed(
        "A senior Western diplomat said the talks had failed.", "A senior Western diplomat"
    )
    assert stored.speaker is None and stored.speaker_mention == "A senior Western diplomat"
    assert not Actor.objects.exists()
    # Without a Westmark side in the database there is nothing to infer.
    assert stored.side is None and not stored.side_inferred


def test_an_unnamed_source_keeps_the_side_its_description_gives_marked_inferred(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#d62728")
    stored = store_unnamed("A Westmark official said the talks had failed.", "A Westmark official")
    assert stored.speaker is None and stored.side == west and stored.side_inferred
    assert not Actor.objects.exists()
    stored.kind = "direct"
    stored.save()  # a later save keeps the inferred side: there is no speaker to copy one from
    assert Claim.objects.get().side == west


def test_the_event_card_marks_an_inferred_side(db, client, django_user_model):
    from django.urls import reverse

    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    west = Side.objects.create(name="Westmark", slug="westmark", color="#d62728")
    event = Event.objects.create(slug="talks", title="Talks")
    text = "A Westmark official said the talks had failed."
    article = Article.objects.create(text=text, text_hash="d" * 64)
    start = text.index("the talks")
    Claim.objects.create(
        article=article,
        event=event,
        content="the talks had failed",
        start=start,
        end=len(text) - 1,
        speaker_mention="A Westmark official",
        side=west,
        side_inferred=True,
    )
    html = client.get(reverse("event_detail", args=["talks"])).content.decode()
    column = html[html.index('aria-labelledby="col-westmark"') :]
    assert "A Westmark official" in column and "side inferred" in column
