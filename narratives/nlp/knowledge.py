"""Knowledge snapshots: the demo reference data (JSON) and merging with the database's."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .types import ActorEntry, EventEntry, Knowledge, PositionEntry, SideEntry

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def _read(name: str, directory: Path) -> list[dict]:
    path = directory / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def knowledge_from_rows(sides: list[dict], actors: list[dict], events: list[dict]) -> Knowledge:
    """Build a Knowledge from rows shaped like the demo JSON files."""
    return Knowledge(
        sides=tuple(
            SideEntry(name=s["name"], slug=s.get("slug", ""), terms=tuple(s.get("terms", ()))) for s in sides
        ),
        actors=tuple(
            ActorEntry(
                name=a["name"],
                kind=a.get("kind", "person"),
                aliases=tuple(a.get("aliases", ())),
                role=a.get("role", "") or "",
                organization=a.get("organization") or None,
                side=a.get("side") or None,
            )
            for a in actors
        ),
        events=tuple(
            EventEntry(
                slug=e["slug"],
                title=e.get("title", e["slug"]),
                terms=tuple(e.get("terms", ())),
                positions=tuple(
                    PositionEntry(
                        slug=p["slug"],
                        label=p.get("label", p["slug"]),
                        cue_terms=tuple(p.get("cue_terms", ())),
                        opposite=p.get("opposite") or None,
                    )
                    for p in e.get("positions", ())
                ),
            )
            for e in events
        ),
    )


def load_knowledge(directory: Path = DEMO_DIR) -> Knowledge:
    """Sides and actors from their rows; events from the definitions file (the load_events format)."""
    from .definitions import parse_definitions

    knowledge = knowledge_from_rows(_read("sides.json", directory), _read("actors.json", directory), [])
    path = directory / "events.json"
    if not path.exists():
        return knowledge
    return replace(knowledge, events=parse_definitions(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def demo_knowledge() -> Knowledge:
    """The demo sides, actors and events (read once per process)."""
    return load_knowledge(DEMO_DIR)


def merge(a: Knowledge, b: Knowledge) -> Knowledge:
    """``a`` overlaid with ``b``: b's sides, actors and events replace a's of the same name/slug.

    Order is kept (a's entries first, replaced in place; b's new ones appended), so organisations
    still come before the people that reference them.
    """

    def overlay(first, second, key):
        merged = {key(x): x for x in first}
        for x in second:
            merged[key(x)] = x  # dict keeps the first insertion position when a key is replaced
        return tuple(merged.values())

    return Knowledge(
        sides=overlay(a.sides, b.sides, lambda s: s.name),
        actors=overlay(a.actors, b.actors, lambda x: x.name),
        events=overlay(a.events, b.events, lambda e: e.slug),
        event_models=b.event_models or a.event_models,
    )
