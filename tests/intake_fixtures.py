"""Fixtures of the intake tests (a pytest plugin: ``pytest_plugins = ["intake_fixtures"]``)."""

from __future__ import annotations

import pytest

from narratives.models import Event, Outlet, Position, Side
from narratives.nlp import types as t


@pytest.fixture
def bridge(db):
    """One event with two positions and two sides, so stored claims have somewhere to go."""
    north = Side.objects.create(name="Northland", slug="northland", color="#1f77b4")
    Side.objects.create(name="Southland", slug="southland", color="#d62728")
    event = Event.objects.create(slug="bridge-closure", title="Bridge closure", terms=["bridge"])
    closed = Position.objects.create(event=event, slug="closed", label="Bridge closed", cue_terms=["closed"])
    Position.objects.create(
        event=event, slug="open", label="Bridge open", cue_terms=["open"], opposite=closed
    )
    Outlet.objects.create(name="River Post", slug="river-post")
    return {"north": north, "event": event, "closed": closed}


@pytest.fixture
def fake_nlp(monkeypatch):
    """Pipeline stand-in: every 'X said Y.' sentence is one claim of Northland about the bridge."""
    calls: list[str] = []

    def fake_extract(text, knowledge):
        calls.append(text)
        claims = []
        pos = 0
        for sentence in text.replace("\n", " ").split("."):
            if " said " in sentence:
                speaker, content = sentence.strip().split(" said ", 1)
                start = text.find(content, pos)
                if start >= 0 and content:
                    pos = start + len(content)
                    claims.append(
                        t.ExtractedClaim(
                            content=content,
                            start=start,
                            end=start + len(content),
                            kind=t.INDIRECT,
                            cue="said",
                            speaker_mention=speaker,
                            speaker_start=None,
                            speaker_end=None,
                            speaker=t.Speaker(name=speaker[:60], side="Northland"),
                            event="bridge-closure",
                            stance="closed",
                        )
                    )
        return t.ExtractionResult(language="en", extractor_version="fake", claims=tuple(claims))

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)
    return calls
