"""Every multi-step write, as keyword-only, typed functions that run in one transaction.

- ``sources``: the text hash that finds duplicates; outlets.
- ``ingest``: store an uploaded or imported article and its claims.
- ``extraction``: store a pipeline result, re-extract, retry; ``queue`` names the worker's task.
- ``knowledge``: the database as the plain snapshot the pipeline reads.
- ``claims``, ``actors``, ``history``: analysts' corrections, merges and splits, and their history.
- ``reclassify``: place stored claims again after events or positions change.
- ``importer``: bulk import; ``demo``: the demo corpus.

Views, commands and tasks call these; these never import views, commands or tasks.
"""

from .actors import (
    ACTOR_FIELDS,
    add_alias,
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
from .extraction import (
    ExtractionSummary,
    StoreContext,
    extract_article,
    extract_stored_article,
    mark_extracted,
    retry_extraction,
    run_pipeline,
    store_extraction,
    store_extractions,
)
from .history import ChangeLine, actor_history, describe_changes
from .ingest import IngestResult, ingest_article
from .knowledge import load_knowledge
from .queue import enqueue_extraction, mark_failed
from .sources import get_or_create_outlet, normalize_text, text_hash

__all__ = [
    "ACTOR_FIELDS",
    "CLAIM_FIELDS",
    "UNSET",
    "ChangeLine",
    "ExtractionSummary",
    "IngestResult",
    "StoreContext",
    "actor_history",
    "add_alias",
    "add_claim",
    "alias_conflicts",
    "correct_claim",
    "create_actor",
    "describe_changes",
    "display_offset_map",
    "enqueue_extraction",
    "extract_article",
    "extract_stored_article",
    "get_or_create_outlet",
    "ingest_article",
    "load_knowledge",
    "locate_span",
    "mark_extracted",
    "mark_failed",
    "merge_actors",
    "merge_record",
    "normalize_text",
    "reject_claim",
    "restore_claim",
    "retry_extraction",
    "review_claim",
    "run_pipeline",
    "sentence_around",
    "split_actor",
    "store_extraction",
    "store_extractions",
    "text_hash",
    "update_actor",
]
