"""Events and positions as analysts edit them: create, or change only what differs, refusing a stale save."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from ..models import Event, Position
from .common import _same, lock_row

EVENT_FIELDS = ("title", "slug", "description", "start_date", "end_date", "terms")
POSITION_FIELDS = ("label", "slug", "description", "examples", "cue_terms", "opposite", "order")


def _apply(row, values: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    """Set the fields that differ; their names. A row saved unchanged keeps its updated_at."""
    changed = [name for name in fields if name in values and not _same(getattr(row, name), values[name])]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save()
    return changed


@transaction.atomic
def save_event(
    *, event: Event | None, values: dict[str, Any], version: datetime | None = None
) -> tuple[Event, list[str]]:
    """Create an event (``event=None``) or change one; the event and the names of the fields that changed.

    ``version``: the event's updated_at the analyst saw; an event saved since is refused (code "stale").
    """
    if event is None:
        event = Event.objects.create(**{name: values[name] for name in EVENT_FIELDS if name in values})
        return event, list(EVENT_FIELDS)
    current = lock_row(event, version=version, fields=EVENT_FIELDS)
    return current, _apply(current, values, EVENT_FIELDS)


@transaction.atomic
def save_position(
    *, event: Event, position: Position | None, values: dict[str, Any], version: datetime | None = None
) -> tuple[Position, list[str]]:
    """Create a position of ``event`` or change one, as save_event."""
    if position is None:
        fields = {name: values[name] for name in POSITION_FIELDS if name in values}
        return Position.objects.create(event=event, **fields), list(POSITION_FIELDS)
    current = lock_row(position, version=version, fields=POSITION_FIELDS)
    return current, _apply(current, values, POSITION_FIELDS)
