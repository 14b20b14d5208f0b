import pytest
from django.db import IntegrityError, transaction

from narratives.models import Actor, ActorAlias, Article, Claim, Event, Figure, Outlet, Position, Side
from narratives.services import text_hash


@pytest.fixture
def article(db):
    return Article.objects.create(
        text="Someone said something.", text_hash=text_hash("Someone said something.")
    )


def _fails(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_article_hash_is_unique(article):
    _fails(lambda: Article.objects.create(text="x", text_hash=article.text_hash))


def test_article_text_cannot_be_empty(db):
    _fails(lambda: Article.objects.create(text="", text_hash="0" * 64))


def test_claim_span_must_not_be_empty(article):
    _fails(lambda: Claim.objects.create(article=article, content="x", start=5, end=5))


def test_claim_kind_and_origin_are_checked(article):
    _fails(lambda: Claim.objects.create(article=article, content="x", start=0, end=1, kind="rumour"))
    _fails(lambda: Claim.objects.create(article=article, content="x", start=0, end=1, origin="robot"))


def test_claim_confidence_is_a_probability(article):
    _fails(lambda: Claim.objects.create(article=article, content="x", start=0, end=1, confidence=1.5))


def test_figure_span_must_not_be_empty(article):
    _fails(lambda: Figure.objects.create(article=article, value=1, content="1", start=3, end=2))


def test_side_colour_must_be_hex(db):
    _fails(lambda: Side.objects.create(name="Nowhere", slug="nowhere", color="red"))


def test_alias_key_is_unique(db):
    a = Actor.objects.create(name="Ann Example")
    b = Actor.objects.create(name="Anne Example")
    ActorAlias.objects.create(actor=a, name="A. Example", normalized="a example")
    _fails(lambda: ActorAlias.objects.create(actor=b, name="A Example", normalized="a example"))


def test_position_slug_is_unique_per_event(db):
    one = Event.objects.create(slug="one", title="One")
    two = Event.objects.create(slug="two", title="Two")
    Position.objects.create(event=one, slug="yes", label="Yes")
    Position.objects.create(event=two, slug="yes", label="Yes")  # another event may reuse it
    _fails(lambda: Position.objects.create(event=one, slug="yes", label="Again"))


def test_event_dates_must_be_ordered(db):
    import datetime

    _fails(
        lambda: Event.objects.create(
            slug="back",
            title="Backwards",
            start_date=datetime.date(2020, 2, 1),
            end_date=datetime.date(2020, 1, 1),
        )
    )


def test_outlet_slug_is_derived(db):
    assert Outlet.objects.create(name="The Daily Example").slug == "the-daily-example"


def test_live_claims_leave_out_rejected(article):
    Claim.objects.create(article=article, content="kept", start=0, end=4)
    Claim.objects.create(article=article, content="gone", start=5, end=9, rejected=True, origin="analyst")
    assert list(Claim.objects.live().values_list("content", flat=True)) == ["kept"]
