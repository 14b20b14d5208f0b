"""Queueing extraction on the workers, by task name, so services never import the task module.

Tasks call services; services only name the task. With no broker the app runs tasks eagerly, so the same
call extracts in-process.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from ..celery import app
from ..models import Article

log = logging.getLogger(__name__)

EXTRACT_TASK = "narratives.extract_article"
RELEARN_TASK = "narratives.relearn_event"


def describe_error(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def mark_failed(article_id: int, error: str) -> int:
    """Record a final failure unless the extraction committed meanwhile (then the article is done)."""
    return (
        Article.objects.filter(pk=article_id)
        .exclude(status=Article.Status.DONE)
        .update(status=Article.Status.FAILED, error=error[:5000], updated_at=timezone.now())
    )


def enqueue_extraction(article_id: int, *, force: bool = False) -> bool:
    """Queue the task (or run it now when eager). If the broker is unreachable, the article fails visibly."""
    try:
        app.tasks[EXTRACT_TASK].apply_async(args=[article_id], kwargs={"force": force})
    except Exception as exc:  # kombu raises its own OperationalError family when Redis is down
        log.exception("Could not queue the extraction of article %s", article_id)
        mark_failed(article_id, f"Could not queue the extraction ({describe_error(exc)}); retry later.")
        return False
    return True


def enqueue_relearn(event_id: int) -> bool:
    """Queue the re-learning of an event's classifier from its labelled claims (now, when eager).

    Learning is an improvement, not a write the analyst waits on: if the broker is down it is logged and the
    next decision queues it again.
    """
    try:
        app.tasks[RELEARN_TASK].apply_async(args=[event_id])
    except Exception:
        log.exception("Could not queue the re-learning of event %s", event_id)
        return False
    return True
