"""The harbour data set and URL helpers of the explore tests, bound by name in each test module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from narratives.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Event,
    Outlet,
    Position,
    Side,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def harbour(db):
    """Two sides disputing whether a harbour is blockaded, reported by a state and a private outlet."""
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#1f77b4")
    west = Side.objects.create(name="Westmark", slug="westmark", color="#d62728")
    event = Event.objects.create(
        slug="harbour-blockade", title="Harbour blockade", start_date=dt.date(2021, 5, 1)
    )
    blockaded = Position.objects.create(event=event, slug="blockaded", label="Harbour blockaded", order=1)
    open_ = Position.objects.create(event=event, slug="open", label="Harbour open", order=2)
    state = Outlet.objects.create(name="East Wire", slug="east-wire", affiliation=Outlet.Affiliation.STATE)
    private = Outlet.objects.create(
        name="Coast Daily", slug="coast-daily", affiliation=Outlet.Affiliation.PRIVATE
    )
    navy = Actor.objects.create(name="Eastmark Navy", kind=Actor.Kind.ORGANIZATION, side=east)
    mira = Actor.objects.create(name="Mira Tal", role="navy spokeswoman", organization=navy, side=east)
    ivo = Actor.objects.create(name="Ivo Brand", role="harbour master", side=west)
    ActorAlias.objects.create(actor=ivo, name="Harbourmaster Brand", normalized="harbourmaster brand")
    a1 = Article.objects.create(
        outlet=state,
        title="Navy closes the harbour",
        text="Mira Tal said ships were turned away at dawn. Ivo Brand claimed the quays stayed busy.",
        text_hash="1" * 64,
        published=dt.date(2021, 5, 2),
    )
    a2 = Article.objects.create(
        outlet=private,
        title="Harbour master: business as usual",
        text="Ivo Brand said the quays stayed busy. Mira Tal said ships were turned away at dawn.",
        text_hash="2" * 64,
        published=dt.date(2021, 5, 4),
    )

    def claim(article, speaker, content, position=None, kind=Claim.Kind.INDIRECT, cue="said", **extra):
        start = article.text.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name if speaker else "a sailor",
            cue=cue,
            kind=kind,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
            **extra,
        )

    c1 = claim(a1, mira, "ships were turned away at dawn", blockaded, fingerprint="f-ships")
    c2 = claim(a1, ivo, "the quays stayed busy", open_, cue="claimed")
    c3 = claim(a2, ivo, "the quays stayed busy", open_, kind=Claim.Kind.DIRECT)
    c4 = claim(a2, mira, "ships were turned away at dawn", blockaded, fingerprint="f-ships")
    return {
        "east": east,
        "west": west,
        "event": event,
        "blockaded": blockaded,
        "open": open_,
        "state": state,
        "private": private,
        "mira": mira,
        "ivo": ivo,
        "navy": navy,
        "a1": a1,
        "a2": a2,
        "claims": [c1, c2, c3, c4],
        "claim": claim,
    }


def event_url(h, **kw):
    return reverse("event_detail", args=[h["event"].slug])


def panels_url(h):
    return reverse("event_panels", args=[h["event"].slug])


def more_claims(h, n, *, side_actor=None, position=None, article=None, prefix="extra"):
    """``n`` more claims in one (side, position) group."""
    article = article or h["a1"]
    made = []
    for i in range(n):
        made.append(
            Claim.objects.create(
                article=article,
                speaker=side_actor or h["mira"],
                content=f"{prefix} {i}",
                start=0,
                end=4,
                event=h["event"],
                position=position if position is not None else h["blockaded"],
            )
        )
    return made
