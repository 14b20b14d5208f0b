"""Corrections as lines a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import Actor, Correction


@dataclass
class ChangeLine:
    field: str = ""
    before: str = ""
    after: str = ""
    text: str = ""  # a whole sentence instead of field: before → after


FIELD_LABELS = {"reviewed_by": "reviewed by", "reviewed_at": "reviewed at", "merged_into": "merged into"}
# PostgreSQL's jsonb does not keep key order, so lines follow the order an analyst reads a claim in.
FIELD_ORDER = ("speaker", "speaker_mention", "event", "position", "kind", "content", "start", "end", "origin")
MOVED = (("aliases", "alias", "aliases"), ("claims", "claim", "claims"), ("members", "speaker", "speakers"))


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict) and "label" in value:
        return str(value["label"])
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _label(pair: Any, index: int) -> str:
    value = pair[index] if isinstance(pair, list) and len(pair) == 2 else None
    return _show(value)


def _moved(changes: dict, side: int) -> str:
    parts = []
    for key, one, many in MOVED:
        ids = (changes.get(key) or [[], []])[side] or []
        if ids:
            parts.append(f"{len(ids)} {one if len(ids) == 1 else many}")
    return ", ".join(parts) or "nothing"


def describe_changes(correction: Correction) -> list[ChangeLine]:
    """The change as lines a person reads: field, before, after; a merge or split as one sentence."""
    changes = correction.changes or {}
    if correction.action == Correction.Action.MERGE:
        source, target = _label(changes.get("source"), 0), _label(changes.get("merged_into"), 1)
        return [ChangeLine(text=f"{source} merged into {target}; moved: {_moved(changes, 0)}.")]
    if correction.action == Correction.Action.SPLIT:
        source, target = _label(changes.get("source"), 1), _label(changes.get("merged_into"), 0)
        return [ChangeLine(text=f"{source} split out of {target} again; given back: {_moved(changes, 1)}.")]
    return [
        ChangeLine(FIELD_LABELS.get(name, name.replace("_", " ")), _show(pair[0]), _show(pair[1]))
        for name, pair in sorted(
            changes.items(),
            key=lambda item: (FIELD_ORDER.index(item[0]) if item[0] in FIELD_ORDER else 99, item[0]),
        )
        if isinstance(pair, list) and len(pair) == 2 and name not in ("reviewed_at", "merge")
    ]


def actor_history(actor: Actor, *, limit: int = 40) -> list[Correction]:
    """An actor's own corrections, plus the merges and splits it took part in on either side.

    A merge is stored on the actor that remains; the one folded in is found by its id in ``changes``
    (merges are rare, so reading them all is cheap and portable across databases).
    """
    own = list(Correction.objects.filter(actor=actor).select_related("user")[:limit])
    seen = {c.pk for c in own}
    for c in Correction.objects.filter(
        action__in=[Correction.Action.MERGE, Correction.Action.SPLIT]
    ).select_related("user"):
        pair = (c.changes or {}).get("source") or []
        if c.pk not in seen and any(isinstance(v, dict) and v.get("id") == actor.pk for v in pair):
            own.append(c)
    return sorted(own, key=lambda c: (c.created_at, c.pk), reverse=True)[:limit]
