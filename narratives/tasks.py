"""Background extraction on Celery: one task per article, idempotent, retried with back-off.

The task runs the pipeline outside any transaction, then stores claims and figures in one transaction with
the article row locked, so a crash at any point leaves either the previous claims or the new ones, never a
mix. When the last attempt fails, or the worker process dies mid-task, the article ends ``failed`` with the
error text, and ``services.retry_extraction`` queues it again. The task only calls services; services
queue it by name (services/queue.py), so neither imports the other.
"""

from __future__ import annotations

import logging
import random

from billiard.exceptions import WorkerLostError
from celery import shared_task, signals
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from .models import Article
from .services.extraction import extract_stored_article
from .services.learning import relearn_event
from .services.queue import EXTRACT_TASK, RELEARN_TASK, describe_error, mark_failed

log = logging.getLogger(__name__)

MAX_RETRIES = 3
BACKOFF_BASE = 5  # seconds before the first retry; doubles each time
BACKOFF_MAX = 300
SOFT_TIME_LIMIT = 300  # an 800-word article takes ~0.2 s; minutes mean something is wrong
# Errors that a retry cannot fix.
PERMANENT_ERRORS = (SoftTimeLimitExceeded,)


def backoff_seconds(retries: int, *, jitter: float = 0.0) -> int:
    """Exponential back-off for the attempt after ``retries`` failures, capped, with optional jitter."""
    delay = min(BACKOFF_BASE * 2**retries, BACKOFF_MAX)
    return int(delay + delay * jitter)


@shared_task(
    bind=True,
    name=EXTRACT_TASK,
    acks_late=True,
    reject_on_worker_lost=False,
    max_retries=MAX_RETRIES,
    soft_time_limit=SOFT_TIME_LIMIT,
    ignore_result=True,
)
def extract_article_task(self, article_id: int, force: bool = False) -> str:
    """Extract one stored article. Re-delivery of a finished task is a no-op unless ``force``."""
    status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
    if status is None:
        return "missing"  # deleted while queued
    if status == Article.Status.DONE and not force:
        return "already done"
    Article.objects.filter(pk=article_id).update(status=Article.Status.PROCESSING, updated_at=timezone.now())
    try:
        summary = extract_stored_article(article_id=article_id)
        return f"done: {summary.added} claims, {summary.figures} figures"
    except Article.DoesNotExist:
        return "missing"
    except Exception as exc:
        attempt = self.request.retries + 1
        out_of_retries = self.request.retries >= self.max_retries
        if self.request.is_eager or out_of_retries or isinstance(exc, PERMANENT_ERRORS):
            log.exception("Extraction of article %s failed (attempt %s)", article_id, attempt)
            mark_failed(article_id, describe_error(exc))
            raise
        countdown = backoff_seconds(self.request.retries, jitter=random.random() * 0.25)
        log.warning("Article %s: attempt %s failed, retrying in %ss", article_id, attempt, countdown)
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.PENDING,
            error=f"Attempt {attempt} failed ({describe_error(exc)}); retrying in {countdown} s.",
            updated_at=timezone.now(),
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@signals.task_failure.connect
def _on_worker_lost(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    """The pool process died mid-task (killed, out of memory): its transaction rolled back; say so."""
    if getattr(sender, "name", None) != EXTRACT_TASK or not isinstance(exception, WorkerLostError):
        return
    article_id = (args[0] if args else None) or (kwargs or {}).get("article_id")
    if article_id is None:
        return
    mark_failed(
        article_id,
        f"The worker process died during extraction ({describe_error(exception)}). "
        "Nothing was stored; retry the extraction.",
    )


@shared_task(name=RELEARN_TASK, ignore_result=True, soft_time_limit=SOFT_TIME_LIMIT)
def relearn_event_task(event_id: int) -> str:
    """Re-score an event's unreviewed claims after an analyst's decision taught its classifier."""
    return f"re-scored: {relearn_event(event_id=event_id)} claims moved"
