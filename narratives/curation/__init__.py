"""An analyst's corrections: keyword-only, typed, atomic services that log every change as a Correction.

A claim an analyst touches becomes ``origin=analyst``, which ``services.store_extraction`` never replaces
(and whose span blocks a machine claim over the same words), so re-extraction keeps every correction.
A deletion is a tombstone (``rejected=True``) for the same reason. Permission checks live in the views.

``Correction.changes`` holds ``field: [before, after]``. Foreign keys are stored as ``{"id", "label"}`` so
the history stays readable after a row is renamed or gone. A merge stores what moved, so a split undoes it.
"""

from .actors import (
    ACTOR_FIELDS,
    alias_conflicts,
    create_actor,
    merge_actors,
    merge_record,
    split_actor,
    update_actor,
)
from .claims import (
    CLAIM_FIELDS,
    add_claim,
    correct_claim,
    display_offset_map,
    locate_span,
    reject_claim,
    restore_claim,
    review_claim,
    sentence_around,
)
from .common import UNSET
from .history import ChangeLine, actor_history, describe_changes

__all__ = [
    "ACTOR_FIELDS",
    "CLAIM_FIELDS",
    "UNSET",
    "ChangeLine",
    "actor_history",
    "add_claim",
    "alias_conflicts",
    "correct_claim",
    "create_actor",
    "describe_changes",
    "display_offset_map",
    "locate_span",
    "merge_actors",
    "merge_record",
    "reject_claim",
    "restore_claim",
    "review_claim",
    "sentence_around",
    "split_actor",
    "update_actor",
]
