"""Ingest: store one article and its claims in one transaction, or find the duplicate already stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import Article
from . import queue
from .extraction import ExtractionSummary, mark_extracted, run_pipeline, store_extraction
from .sources import get_or_create_outlet, text_hash


@dataclass
class IngestResult:
    article: Article
    created: bool
    summary: ExtractionSummary | None = None
    # True when a worker extracts the article later (a broker is set); ``summary`` is then None.
    queued: bool = False


def ingest_article(
    *,
    text: str,
    outlet_name: str = "",
    title: str = "",
    published: date | None = None,
    url: str = "",
    uploaded_by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store an article and its claims in one transaction, or return the existing duplicate."""
    if not text or not text.strip():
        raise ValidationError("The article has no text.")
    digest = text_hash(text)
    existing = Article.objects.filter(text_hash=digest).first()
    if existing:
        return IngestResult(article=existing, created=False)
    from ..celery import runs_eagerly
    from ..intake import detect_language

    # A non-English article needs no worker: the language gate in run_pipeline answers at once.
    queued = not runs_eagerly() and detect_language(text).is_english
    # In-process, extraction runs before the transaction opens so the write lock is held only for the inserts.
    result = None if queued else run_pipeline(text)
    summary = None
    try:
        with transaction.atomic():
            article = Article(
                outlet=get_or_create_outlet(name=outlet_name) if outlet_name.strip() else None,
                title=title.strip()[:500],
                url=url,
                published=published,
                text=text,
                text_hash=digest,
                status=Article.Status.PENDING,
                uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
            )
            if queued:
                article.save(force_insert=True)
                transaction.on_commit(lambda: queue.enqueue_extraction(article.pk))
            else:
                # Inserted as done: one write of the row (and of its text's search index), not two.
                mark_extracted(article, result).save(force_insert=True)
                summary = store_extraction(article=article, result=result, created=True)
    except IntegrityError:
        # A concurrent upload of the same text won the race on the unique hash.
        existing = Article.objects.filter(text_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False)
    return IngestResult(article=article, created=True, summary=summary, queued=queued)
