"""Demo reference data and Knowledge merging."""

import json
import re
from pathlib import Path

from narratives.nlp.knowledge import DEMO_DIR, demo_knowledge, merge
from narratives.nlp.registry import normalize_name
from narratives.nlp.types import ActorEntry, EventEntry, Knowledge, SideEntry

GOLD = Path(__file__).resolve().parent.parent / "narratives" / "data" / "gold" / "seeds.json"


def _rows(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def test_demo_data_is_consistent():
    sides = {s["name"] for s in _rows("sides.json")}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", s["color"]) for s in _rows("sides.json"))
    seen: dict[str, str] = {}
    order: dict[str, int] = {}
    for i, actor in enumerate(_rows("actors.json")):
        order[actor["name"]] = i
        assert actor["kind"] in {"person", "organization", "country"}
        assert actor["side"] is None or actor["side"] in sides
        if actor["organization"]:
            assert order.get(actor["organization"], i) < i, (
                f"{actor['organization']} must come before {actor['name']}"
            )
        for alias in [actor["name"], *actor["aliases"]]:
            key = normalize_name(alias)
            # alias keys are unique in the database: two actors must never share one
            assert seen.setdefault(key, actor["name"]) == actor["name"], (alias, seen[key])
    for event in _rows("events.json")["events"]:  # the definitions format (load_events)
        slugs = {p["slug"] for p in event["positions"]}
        assert all(p["opposite"] is None or p["opposite"] in slugs for p in event["positions"])


def test_every_gold_speaker_and_organisation_is_an_actor():
    names = {a.name for a in demo_knowledge().actors}
    for article in json.loads(GOLD.read_text(encoding="utf-8"))["articles"]:
        for claim in article["claims"]:
            assert claim["speaker"] in names
            assert claim["speaker_org"] is None or claim["speaker_org"] in names


def test_merge_overrides_by_name_and_keeps_order():
    a = Knowledge(
        sides=(SideEntry("A", "a"),),
        actors=(ActorEntry("Org", "organization"), ActorEntry("Person", "person", organization="Org")),
        events=(EventEntry("e1", "Event one", terms=("x",)),),
    )
    b = Knowledge(
        actors=(ActorEntry("Org", "organization", aliases=("The Org",)), ActorEntry("New", "person")),
        events=(EventEntry("e1", "Event one, edited", terms=("y",)), EventEntry("e2", "Event two")),
    )
    merged = merge(a, b)
    assert [x.name for x in merged.actors] == ["Org", "Person", "New"]
    assert merged.actors[0].aliases == ("The Org",)
    assert [e.slug for e in merged.events] == ["e1", "e2"]
    assert merged.events[0].terms == ("y",)
    assert merged.sides == a.sides


def test_demo_knowledge_is_read_once():
    assert demo_knowledge() is demo_knowledge()
    assert {e.slug for e in demo_knowledge().events} == {"russian-pullout", "isis-defeat", "us-troops"}
