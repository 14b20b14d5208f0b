"""Data, stand-ins and helpers of the view tests, bound by name in each (``world = views_fixtures.world``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from narratives.models import Actor, Article, Claim, Event, Figure, Outlet, Position, Side
from narratives.nlp import types as t

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- data ---------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """Two sides arguing about one event, in a state-controlled and a private outlet."""
    north = Side.objects.create(name="Northland", slug="northland", color="#1f77b4")
    south = Side.objects.create(name="Southland", slug="southland", color="#d62728")
    event = Event.objects.create(
        slug="bridge-closure",
        title="Bridge closure",
        description="Whether the river bridge is closed.",
        start_date=dt.date(2020, 3, 1),
        terms=["bridge"],
    )
    closed = Position.objects.create(event=event, slug="closed", label="Bridge closed", order=1)
    open_ = Position.objects.create(event=event, slug="open", label="Bridge open", order=2)
    state = Outlet.objects.create(
        name="North Herald", slug="north-herald", affiliation=Outlet.Affiliation.STATE
    )
    private = Outlet.objects.create(
        name="River Post", slug="river-post", affiliation=Outlet.Affiliation.PRIVATE
    )
    ministry = Actor.objects.create(name="Northland Ministry", kind=Actor.Kind.ORGANIZATION, side=north)
    ann = Actor.objects.create(name="Ann Example", role="spokeswoman", organization=ministry, side=north)
    bob = Actor.objects.create(name="Bob Sample", role="mayor", side=south)
    text_a = (
        "Ann Example said the bridge was <b>closed</b> & guarded. "
        '"It will stay shut," she told reporters. Bob Sample insisted it was open.'
    )
    article_a = Article.objects.create(
        outlet=state,
        title="Bridge shut",
        text=text_a,
        text_hash="a" * 64,
        published=dt.date(2020, 3, 2),
        status=Article.Status.DONE,
    )
    article_b = Article.objects.create(
        outlet=private,
        title="Mayor: bridge open",
        text="Bob Sample said traffic flows normally.",
        text_hash="b" * 64,
        published=dt.date(2020, 3, 3),
        status=Article.Status.DONE,
    )

    def claim(article, speaker, content, kind=Claim.Kind.INDIRECT, position=None, cue="said"):
        start = article.text.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name,
            cue=cue,
            kind=kind,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
        )

    c1 = claim(article_a, ann, "the bridge was <b>closed</b> & guarded", position=closed)
    c2 = claim(article_a, ann, "It will stay shut", kind=Claim.Kind.DIRECT, position=closed, cue="told")
    c3 = claim(article_a, bob, "it was open", position=open_, cue="insisted")
    c4 = claim(article_b, bob, "traffic flows normally", position=open_)
    Figure.objects.create(
        article=article_a, value=2, unit="lanes", subject="bridge lanes", content="2 lanes", start=0, end=3
    )
    return {
        "north": north,
        "south": south,
        "event": event,
        "closed": closed,
        "open": open_,
        "state": state,
        "private": private,
        "ann": ann,
        "bob": bob,
        "ministry": ministry,
        "article_a": article_a,
        "article_b": article_b,
        "claims": [c1, c2, c3, c4],
    }


@pytest.fixture
def no_nlp(monkeypatch):
    """Extraction stand-in: 'X said Y.' first gives one claim; the NLP is not the point here."""
    calls = []

    def fake_extract(text, knowledge):
        calls.append(text)
        first = text.split(".")[0]
        if " said " not in first:
            return t.ExtractionResult(language="en", extractor_version="fake")
        speaker, content = first.split(" said ", 1)
        start = text.index(content)
        return t.ExtractionResult(
            language="en",
            extractor_version="fake",
            claims=(
                t.ExtractedClaim(
                    content=content,
                    start=start,
                    end=start + len(content),
                    kind=t.INDIRECT,
                    cue="said",
                    speaker_mention=speaker,
                    speaker_start=0,
                    speaker_end=len(speaker),
                    speaker=t.Speaker(name=speaker, side="Northland"),
                    event="bridge-closure",
                    stance="closed",
                ),
            ),
        )

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)
    return calls


@pytest.fixture
def admin_client_logged(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client.force_login(user)
    return client


def page_urls(world):
    return [
        reverse("home"),
        reverse("event_detail", args=[world["event"].slug]),
        reverse("article_detail", args=[world["article_a"].pk]),
        reverse("actor_detail", args=[world["ann"].pk]),
        reverse("outlet_detail", args=[world["state"].slug]),
        reverse("article_new"),
    ]
