"""Fixtures of the curation tests, bound by name in each test module (``world = curation_fixtures.world``)."""

from __future__ import annotations

import datetime as dt

import pytest
from curation_helpers import TEXT
from django.test import Client

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
from narratives.nlp import types as t


@pytest.fixture
def world(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#d62728")
    harbour = Event.objects.create(slug="harbour", title="Harbour closure", start_date=dt.date(2021, 1, 1))
    closed = Position.objects.create(event=harbour, slug="closed", label="Harbour closed", order=1)
    open_ = Position.objects.create(event=harbour, slug="open", label="Harbour open", order=2)
    strike = Event.objects.create(slug="strike", title="Dock strike")
    striking = Position.objects.create(event=strike, slug="on", label="Strike on")
    outlet = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    authority = Actor.objects.create(name="Port Authority", kind=Actor.Kind.ORGANIZATION, side=east)
    mara = Actor.objects.create(name="Mara Quill", role="harbour master", side=west)
    ActorAlias.objects.create(actor=mara, name="Mara Quill", normalized="mara quill")
    ActorAlias.objects.create(actor=mara, name="M. Quill", normalized="m quill")
    marra = Actor.objects.create(name="Marra Quil", side=west, organization=None)
    ActorAlias.objects.create(actor=marra, name="Marra Quil", normalized="marra quil")
    clerk = Actor.objects.create(name="Quil's clerk", organization=marra)
    article = Article.objects.create(
        outlet=outlet,
        title="Harbour talks stall",
        text=TEXT,
        text_hash="c" * 64,
        published=dt.date(2021, 1, 5),
        status=Article.Status.DONE,
    )

    def claim(content, speaker, position=None, event=harbour):
        start = TEXT.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name if speaker else "",
            cue="said",
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
            confidence=0.7,
        )

    c_mara = claim("the harbour would stay closed until spring", marra, closed)
    c_port = claim("ferries were running", authority, open_)
    return {
        "west": west,
        "east": east,
        "harbour": harbour,
        "closed": closed,
        "open": open_,
        "strike": strike,
        "striking": striking,
        "mara": mara,
        "marra": marra,
        "clerk": clerk,
        "authority": authority,
        "article": article,
        "c_mara": c_mara,
        "c_port": c_port,
    }


@pytest.fixture
def machine(monkeypatch, world):
    """The pipeline stand-in: it always finds the same three claims, speakers as it reads them."""

    def claim(content, speaker, side, stance=None):
        start = TEXT.index(content)
        return t.ExtractedClaim(
            content=content,
            start=start,
            end=start + len(content),
            kind=t.INDIRECT,
            cue="said",
            speaker_mention=speaker,
            speaker_start=None,
            speaker_end=None,
            speaker=t.Speaker(name=speaker, side=side),
            event="harbour",
            stance=stance,
        )

    def fake_extract(text, knowledge):
        return t.ExtractionResult(
            language="en",
            extractor_version="fake-2",
            claims=(
                claim("the harbour would stay closed until spring", "Marra Quil", "Westmark", "closed"),
                claim("ferries were running", "Port Authority", "Eastmark", "open"),
                claim("nothing had moved for weeks", "Tom Reyes", "Westmark"),
            ),
        )

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)


@pytest.fixture
def viewer_client(viewer):
    """Own clients: conftest's viewer_client and analyst_client share one Client, the last login wins."""
    c = Client()
    c.force_login(viewer)
    return c


@pytest.fixture
def analyst_client(analyst):
    c = Client()
    c.force_login(analyst)
    return c
