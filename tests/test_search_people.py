"""Search by who said it: a speaker's name or alias, an outlet's name, the start of a word ("Konash")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from narratives.models import Actor, ActorAlias, Article, Claim, Event, Outlet, Position, Side

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = (
    "Pullout doubted\n\n"
    "Eric Pahon said the troops were still there. "
    "Igor Konashenkov said the withdrawal was complete. "
    "A resident said the market had reopened."
)


@pytest.fixture
def people(db):
    east = Side.objects.create(name="Russia", slug="russia", color="#d62728")
    west = Side.objects.create(name="United States", slug="us", color="#1f77b4")
    event = Event.objects.create(slug="pullout", title="Russian pullout", start_date=dt.date(2017, 12, 11))
    done = Position.objects.create(event=event, slug="done", label="Pullout complete", order=1)
    pahon = Actor.objects.create(name="Eric Pahon", role="Pentagon spokesman", side=west)
    konashenkov = Actor.objects.create(name="Igor Konashenkov", side=east)
    ActorAlias.objects.create(actor=konashenkov, name="Major General Konashenkov", normalized="mgk")
    sputnik = Outlet.objects.create(name="Sputnik News", slug="sputnik")
    gazette = Outlet.objects.create(name="Harbour Gazette", slug="gazette")
    article = Article.objects.create(
        outlet=sputnik,
        title="Pullout doubted",
        text=TEXT,
        text_hash="a" * 64,
        published=dt.date(2017, 12, 15),
    )
    other = Article.objects.create(
        outlet=gazette, title="Market day", text=TEXT, text_hash="b" * 64, published=dt.date(2017, 12, 16)
    )

    def claim(content, speaker, *, on=article, position=None):
        start = TEXT.index(content)
        return Claim.objects.create(
            article=on,
            speaker=speaker,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
        )

    return {
        "pahon": claim("the troops were still there", pahon, on=other),
        "konashenkov": claim("the withdrawal was complete", konashenkov, position=done),
        "resident": claim("the market had reopened", None, on=other),
    }


def _claims(q: str) -> set[int]:
    return set(Claim.objects.search(q).values_list("pk", flat=True))


def test_a_speakers_claims_by_name_alias_and_word_start(people):
    assert _claims("Pahon") == {people["pahon"].pk}
    assert _claims("Konashenkov") == {people["konashenkov"].pk}
    assert _claims("Konash") == {people["konashenkov"].pk}
    assert _claims("konash") == {people["konashenkov"].pk}
    assert _claims("Major General") == {people["konashenkov"].pk}  # an alias
    assert _claims("ashenkov") == set()  # the start of a word, not any part of it


def test_claims_by_outlet_and_names_with_words(people):
    assert _claims("Sputnik") == {people["konashenkov"].pk}
    assert _claims("Gazette") == {people["pahon"].pk, people["resident"].pk}
    assert _claims("Pahon troops") == {people["pahon"].pk}
    assert _claims("Pahon withdrawal") == set()
    assert _claims("market") == {people["resident"].pk}


def test_words_split_between_speaker_outlet_and_content(people, monkeypatch):
    from narratives.models import search

    for capped in (False, True):
        if capped:  # too many ways to split the words: one OR query instead, with the same answers
            monkeypatch.setattr(search, "MAX_NAMED_PARTS", 0)
        assert _claims("Konash Sputnik") == {people["konashenkov"].pk}
        assert _claims("Sputnik Igor") == {people["konashenkov"].pk}
        assert _claims("Pahon Sputnik") == set()
        assert _claims("Sputnik withdrawal") == {people["konashenkov"].pk}
        assert _claims("Eric Pahon Gazette") == {people["pahon"].pk}


def test_articles_by_outlet_name(people):
    found = set(Article.objects.search("Sputnik").values_list("title", flat=True))
    assert found == {"Pullout doubted"}


def test_search_page_shows_speaker_side_event_and_position(
    client, analyst, people, django_assert_num_queries
):
    client.force_login(analyst)
    url = reverse("search") + "?q=Konash&type=claims"
    client.get(url)  # the session and user are cached after the first request
    # PostgreSQL looks up the speakers and outlets the words name, then fetches the first matches' ids
    # (models/search.name_hits, match_ids).
    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 7):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Igor Konashenkov", "Russia", "Russian pullout", "Pullout complete", "Sputnik News"):
        assert text in html
    assert "<html" in html


def test_search_page_htmx_returns_the_results_only(client, analyst, people):
    client.force_login(analyst)
    response = client.get(reverse("search"), {"q": "Pahon"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="search-results"' in html and "the troops were still there" in html
    assert "No position" in html and "United States" in html
