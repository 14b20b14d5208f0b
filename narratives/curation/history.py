"""Corrections as lines a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import Correction

# --- history -----------------------------------------------------------------------------------


@dataclass
class ChangeLine:
    field: str
    before: str
    after: str


FIELD_LABELS = {"reviewed_by": "reviewed by", "reviewed_at": "reviewed at", "merged_into": "merged into"}


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict) and "label" in value:
        return str(value["label"])
    if isinstance(value, list):
        return (
            ", ".join(_show(v) for v in value)
            if all(not isinstance(v, int) for v in value)
            else (f"{len(value)} row{'s' if len(value) != 1 else ''}")
        )
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def describe_changes(correction: Correction) -> list[ChangeLine]:
    """The change as lines a person reads: field, before, after."""
    return [
        ChangeLine(FIELD_LABELS.get(name, name.replace("_", " ")), _show(pair[0]), _show(pair[1]))
        for name, pair in (correction.changes or {}).items()
        if isinstance(pair, list) and len(pair) == 2 and name not in ("reviewed_at", "merge")
    ]
