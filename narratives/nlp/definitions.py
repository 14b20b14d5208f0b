"""Event definitions as data: parse, validate and write the JSON format analysts edit. Pure code.

Format::

    {"events": [{"slug", "title", "description", "start_date": "YYYY-MM-DD", "end_date": null,
      "terms": ["optional event terms"],
      "positions": [{"slug", "label", "description", "opposite": "<slug>|null",
                     "examples": ["a sentence that holds this position", ...],
                     "terms": ["optional extra evidence, term syntax of classify.py"]}]}]}

``positions[].terms`` become :attr:`PositionEntry.cue_terms`. A definition with a description and a few
examples per position and no terms at all is complete: the classifier places claims from the
descriptions and examples. :func:`parse_definitions` raises :class:`DefinitionError` listing every problem
with its path ("events[0].positions[1].opposite: ...").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .terms import term_errors
from .types import EventEntry, PositionEntry

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EVENT_KEYS = {"slug", "title", "description", "start_date", "end_date", "terms", "positions"}
POSITION_KEYS = {"slug", "label", "description", "opposite", "examples", "terms"}


class DefinitionError(ValueError):
    """The definitions cannot be read; ``errors`` lists every problem with its path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("invalid event definitions:\n  " + "\n  ".join(errors))


def _strings(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{where}: expected a list of strings")
        return ()
    return tuple(v.strip() for v in value if v.strip())


def _text(item: Mapping, key: str, where: str, errors: list[str], *, required: bool = False) -> str:
    value = item.get(key)
    if value is None or value == "":
        if required:
            errors.append(f"{where}.{key}: missing")
        return ""
    if not isinstance(value, str):
        errors.append(f"{where}.{key}: expected a string")
        return ""
    return value.strip()


def _date(item: Mapping, key: str, where: str, errors: list[str]) -> str | None:
    value = item.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        errors.append(f"{where}.{key}: expected YYYY-MM-DD or null, got {value!r}")
        return None
    return value


def _slug(item: Mapping, where: str, errors: list[str]) -> str:
    slug = _text(item, "slug", where, errors, required=True)
    if slug and not _SLUG.match(slug):
        errors.append(f"{where}.slug: {slug!r} is not a slug (lower-case letters, digits, '-')")
    return slug


def _terms(value: Any, where: str, errors: list[str]) -> tuple[str, ...]:
    terms = _strings(value, where, errors)
    errors += [f"{where}: {problem}" for problem in term_errors(terms)]
    return terms


def _position(item: Any, where: str, errors: list[str]) -> PositionEntry | None:
    if not isinstance(item, dict):
        errors.append(f"{where}: expected an object")
        return None
    errors += [f"{where}.{key}: unknown field" for key in sorted(set(item) - POSITION_KEYS)]
    slug = _slug(item, where, errors)
    opposite = item.get("opposite")
    if opposite is not None and not isinstance(opposite, str):
        errors.append(f"{where}.opposite: expected a slug or null")
        opposite = None
    return PositionEntry(
        slug=slug,
        label=_text(item, "label", where, errors, required=True),
        cue_terms=_terms(item.get("terms"), f"{where}.terms", errors),
        opposite=opposite or None,
        description=_text(item, "description", where, errors),
        examples=_strings(item.get("examples"), f"{where}.examples", errors),
    )


def _event(item: Any, where: str, errors: list[str]) -> EventEntry | None:
    if not isinstance(item, dict):
        errors.append(f"{where}: expected an object")
        return None
    errors += [f"{where}.{key}: unknown field" for key in sorted(set(item) - EVENT_KEYS)]
    slug = _slug(item, where, errors)
    raw_positions = item.get("positions") or []
    if not isinstance(raw_positions, list):
        errors.append(f"{where}.positions: expected a list")
        raw_positions = []
    positions = [_position(p, f"{where}.positions[{i}]", errors) for i, p in enumerate(raw_positions)]
    positions = [p for p in positions if p is not None]
    slugs = [p.slug for p in positions]
    for i, position in enumerate(positions):
        here = f"{where}.positions[{i}]"
        if position.slug and slugs.count(position.slug) > 1 and slugs.index(position.slug) == i:
            errors.append(f"{here}.slug: {position.slug!r} used twice in this event")
        if position.opposite is not None:
            if position.opposite not in slugs:
                errors.append(f"{here}.opposite: no position {position.opposite!r} in this event")
            elif position.opposite == position.slug:
                errors.append(f"{here}.opposite: a position cannot be its own opposite")
        if not position.description and not position.examples and not position.cue_terms:
            errors.append(f"{here}: needs a description, examples or terms to be recognised")
    start, end = _date(item, "start_date", where, errors), _date(item, "end_date", where, errors)
    if start and end and end < start:
        errors.append(f"{where}.end_date: before start_date")
    return EventEntry(
        slug=slug,
        title=_text(item, "title", where, errors, required=True),
        terms=_terms(item.get("terms"), f"{where}.terms", errors),
        positions=tuple(positions),
        description=_text(item, "description", where, errors),
        start_date=start,
        end_date=end,
    )


def parse_definitions(data: str | bytes | Mapping | list) -> tuple[EventEntry, ...]:
    """JSON text (or the decoded object) -> events. Accepts ``{"events": [...]}`` or a bare list."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise DefinitionError([f"not JSON: {exc}"]) from exc
    if isinstance(data, Mapping):
        if "events" not in data:
            raise DefinitionError(['expected {"events": [...]}'])
        data = data["events"]
    if not isinstance(data, list):
        raise DefinitionError(["events: expected a list"])
    errors: list[str] = []
    events = [_event(item, f"events[{i}]", errors) for i, item in enumerate(data)]
    slugs = [e.slug for e in events if e is not None]
    for slug in sorted({s for s in slugs if s and slugs.count(s) > 1}):
        errors.append(f"events: slug {slug!r} used twice")
    if errors:
        raise DefinitionError(errors)
    return tuple(e for e in events if e is not None)


def position_to_dict(position: PositionEntry) -> dict:
    return {
        "slug": position.slug,
        "label": position.label,
        "description": position.description,
        "opposite": position.opposite,
        "examples": list(position.examples),
        "terms": list(position.cue_terms),
    }


def event_to_dict(event: EventEntry) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "description": event.description,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "terms": list(event.terms),
        "positions": [position_to_dict(p) for p in event.positions],
    }


def definitions_to_dict(events: Iterable[EventEntry]) -> dict:
    return {"events": [event_to_dict(e) for e in events]}


def dump_definitions(events: Iterable[EventEntry]) -> str:
    """Events -> JSON text in the format :func:`parse_definitions` reads (round-trips)."""
    return json.dumps(definitions_to_dict(events), ensure_ascii=False, indent=1) + "\n"
