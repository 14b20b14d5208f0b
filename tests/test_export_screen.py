"""The exports carry what the cards show (full article title, speaker detail, figures, event and position
names) and a filtered export holds exactly the claims the filtered page shows."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from narratives.models import Actor, Article, Claim, Event, Figure, Outlet, Position, Side

FIRST_LINE = (
    "Westmark's harbour master says the quays stayed busy all week despite the navy's blockade claims"
)


@pytest.fixture
def port(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#d62728")
    event = Event.objects.create(slug="harbour", title="Harbour blockade")
    open_ = Position.objects.create(event=event, slug="open", label="Harbour open", order=1)
    shut = Position.objects.create(event=event, slug="shut", label="Harbour shut", order=2)
    navy = Actor.objects.create(name="Eastmark Navy", kind=Actor.Kind.ORGANIZATION, side=east)
    ivo = Actor.objects.create(name="Ivo Brand", role="harbour master", side=west)
    mira = Actor.objects.create(name="Mira Tal", role="spokeswoman", side=east, organization=navy)
    outlet = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    text = FIRST_LINE + "\n\nIvo Brand said 40 ships sailed. Mira Tal said no ship sailed."
    untitled = Article.objects.create(outlet=outlet, title="", text=text, text_hash="a" * 64)
    claims = []
    for i, (speaker, position) in enumerate([(ivo, open_), (mira, shut), (mira, shut), (ivo, None)]):
        content = "40 ships sailed" if speaker == ivo else "no ship sailed"
        start = text.index(content)
        claims.append(
            Claim.objects.create(
                article=untitled,
                speaker=speaker,
                content=content,
                start=start,
                end=start + len(content) - i % 2,
                event=event,
                position=position,
            )
        )
    Figure.objects.create(
        article=untitled,
        claim=claims[0],
        value=40,
        unit="ships",
        subject="ships",
        content="40 ships",
        start=0,
        end=2,
    )
    return {"event": event, "claims": claims}


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_rows_carry_the_full_title_and_what_the_card_shows(viewer_client, port):
    rows = _csv(viewer_client.get(reverse("event_export", args=["harbour", "csv"])))
    first = next(r for r in rows if r["claim_id"] == str(port["claims"][0].pk))
    assert first["article_title"] == FIRST_LINE  # not cut at 90 characters with "…"
    assert first["figures"] == "40 ships" and first["speaker_detail"] == "harbour master"
    assert (first["event_title"], first["position_label"]) == ("Harbour blockade", "Harbour open")
    mira = next(r for r in rows if r["claim_id"] == str(port["claims"][1].pk))
    assert mira["speaker_detail"] == "spokeswoman, Eastmark Navy" and mira["position_label"] == "Harbour shut"
    data = json.loads(
        b"".join(viewer_client.get(reverse("event_export", args=["harbour", "json"])).streaming_content)
    )
    assert {c["article_title"] for c in data["claims"]} == {FIRST_LINE}
    assert "figures" in data["fields"] and "speaker_detail" in data["fields"]


@pytest.mark.parametrize("params", [{}, {"side": "eastmark"}, {"position": "_none"}, {"actor": "ivo"}])
def test_a_filtered_export_is_what_the_page_shows(viewer_client, port, params):
    if params.get("actor"):
        params = {"actor": str(port["claims"][0].speaker_id)}
    page = viewer_client.get(port["event"].get_absolute_url(), params).content.decode()
    on_screen = {int(pk) for pk in re.findall(r'href="/articles/\d+/#claim-(\d+)"', page)}
    shown = int(re.search(r"(\d+) claims? from", page).group(1))
    export_link = re.search(r'href="(/events/harbour/export\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    exported = {int(r["claim_id"]) for r in _csv(viewer_client.get(export_link))}
    assert exported == on_screen and len(exported) == shown
