"""Event definitions as data: load them into the database (create or update by slug) and read them back.

The format is ``nlp/definitions.py``'s; ``load_events``, ``dump_events`` and ``load_demo`` all use it, and
the event editor edits the same fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Event, Position
from ..nlp.types import EventEntry, PositionEntry


@dataclass
class DefinitionSummary:
    created: list[str] = field(default_factory=list)  # "event" or "event/position" slugs
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
            + (f": created {', '.join(self.created)}" if self.created else "")
            + (f"; updated {', '.join(self.updated)}" if self.updated else "")
        )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _save(model, lookup: dict, values: dict, name: str, summary: DefinitionSummary, *, overwrite: bool):
    """Create the row, or bring it to ``values`` (only when ``overwrite``); note what happened."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **values)
        summary.created.append(name)
        return row
    changed = [key for key, value in values.items() if getattr(row, key) != value]
    if changed and overwrite:
        for key in changed:
            setattr(row, key, values[key])
        row.save()
        summary.updated.append(name)
    else:
        summary.unchanged.append(name)
    return row


@transaction.atomic
def load_definitions(*, events: Iterable[EventEntry], overwrite: bool = True) -> DefinitionSummary:
    """Create or update each event and its positions by slug; loading the same file twice changes nothing.

    Positions the file does not name are kept (claims may sit on them). ``overwrite=False`` only adds
    what is missing, so analysts' edits of existing rows stay (``load_demo`` without ``--refresh``).
    """
    summary = DefinitionSummary()
    for entry in events:
        event = _save(
            Event,
            {"slug": entry.slug},
            {
                "title": entry.title,
                "description": entry.description,
                "start_date": _date(entry.start_date),
                "end_date": _date(entry.end_date),
                "terms": list(entry.terms),
            },
            entry.slug,
            summary,
            overwrite=overwrite,
        )
        positions = {}
        for order, p in enumerate(entry.positions):
            positions[p.slug] = _save(
                Position,
                {"event": event, "slug": p.slug},
                {
                    "label": p.label,
                    "description": p.description,
                    "cue_terms": list(p.cue_terms),
                    "examples": list(p.examples),
                    "order": order,
                },
                f"{entry.slug}/{p.slug}",
                summary,
                overwrite=overwrite,
            )
        for p in entry.positions:
            row = positions[p.slug]
            opposite = positions.get(p.opposite) if p.opposite else None
            if row.opposite_id != (opposite.pk if opposite else None) and (
                overwrite or f"{entry.slug}/{p.slug}" in summary.created
            ):
                row.opposite = opposite
                row.save(update_fields=["opposite"])
    return summary


def position_entry(position: Position) -> PositionEntry:
    return PositionEntry(
        slug=position.slug,
        label=position.label,
        cue_terms=tuple(position.cue_terms or ()),
        opposite=position.opposite.slug if position.opposite_id else None,
        description=position.description,
        examples=tuple(position.examples or ()),
    )


def event_entries() -> tuple[EventEntry, ...]:
    """Every event with its positions, as the plain entries the pipeline and the definition files use."""
    return tuple(
        EventEntry(
            slug=e.slug,
            title=e.title,
            terms=tuple(e.terms or ()),
            positions=tuple(position_entry(p) for p in e.positions.all()),
            description=e.description,
            start_date=e.start_date.isoformat() if e.start_date else None,
            end_date=e.end_date.isoformat() if e.end_date else None,
        )
        for e in Event.objects.order_by("start_date", "slug").prefetch_related("positions__opposite")
    )
