"""Bulk import (``manage.py import_articles``): read records, skip known texts, extract, write in batches.

Each batch of extracted articles is written in one transaction (``bulk_create`` for the articles, then
``store_extractions``, the upload's store for many articles at once), so an interrupted run leaves whole
batches or nothing, and the unique content hash makes a re-run skip everything already stored.

Without a broker the texts stream through ``extract_many`` (spaCy's ``nlp.pipe`` with ``n_process``).
With a broker the articles are stored ``pending`` and Celery workers extract them.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from ..intake import ENGLISH
from ..intake.batch import Record
from ..models import Article, Event
from . import queue
from .extraction import StoreContext, language_result, mark_extracted, store_extractions
from .knowledge import load_knowledge
from .sources import get_or_create_outlet, text_hash

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    imported: int = 0
    queued: int = 0
    duplicates: int = 0
    claims: int = 0
    figures: int = 0
    words: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    article_ids: list[int] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def add(self, other: ImportReport) -> None:
        """Add the counts of ``other`` (one written batch) to these."""
        for name in ("imported", "queued", "duplicates", "claims", "figures", "words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures
        self.article_ids += other.article_ids


# --- importing -----------------------------------------------------------------------


class Importer:
    """One import run. ``progress(n, report)`` is called as records are settled (for the progress bar)."""

    def __init__(
        self,
        *,
        default_outlet: str = "",
        workers: int = 1,
        batch_size: int = 100,
        nlp_batch_size: int = 16,
        queue: bool = False,
        progress: Callable[[int, ImportReport], None] | None = None,
    ):
        self.default_outlet = default_outlet.strip()
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.nlp_batch_size = nlp_batch_size
        self.queue = queue
        self.progress = progress or (lambda n, report: None)
        self.report = ImportReport()
        self._seen: set[str] = set()
        self._outlets: dict[str, object] = {}

    # -- dedupe ------------------------------------------------------------------
    def _fresh(self, records: Iterable[Record]) -> Iterator[Record]:
        """Importable records whose text is neither stored nor earlier in this run; settles the others."""
        chunk: list[Record] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= self.batch_size:
                yield from self._settle_known(chunk)
                chunk = []
        yield from self._settle_known(chunk)

    def _settle_known(self, chunk: list[Record]) -> Iterator[Record]:
        for record in chunk:
            if not record.error:
                record.digest = text_hash(record.text)
        digests = [r.digest for r in chunk if r.digest]
        stored = set(Article.objects.filter(text_hash__in=digests).values_list("text_hash", flat=True))
        for record in chunk:
            if record.error:
                self.report.failures.append((record.source, record.error))
                self.progress(1, self.report)
            elif record.digest in stored or record.digest in self._seen:
                self.report.duplicates += 1
                self.progress(1, self.report)
            else:
                self._seen.add(record.digest)
                yield record

    # -- writing -----------------------------------------------------------------
    def _outlet(self, name: str):
        name = name or self.default_outlet
        if not name:
            return None
        key = name.casefold()
        if key not in self._outlets:
            self._outlets[key] = get_or_create_outlet(name=name)
        return self._outlets[key]

    def _article(self, record: Record, status: str, error: str = "") -> Article:
        return Article(
            outlet=self._outlet(record.outlet),
            title=record.title.strip()[:500],
            url=record.url,
            published=record.published,
            text=record.text,
            text_hash=record.digest,
            status=status,
            error=error,
        )

    def _write(self, done: list[tuple[Record, object]], failed: list[tuple[Record, str]]) -> ImportReport:
        """One transaction per batch; if another writer stored one of the texts meanwhile, go one by one.

        Returns what was written, counted apart from ``self.report``: a batch rolled back counts nothing."""
        written = ImportReport()
        if not done and not failed:
            return written
        try:
            with transaction.atomic():
                self._write_rows(done, failed, written)
        except IntegrityError:
            written = ImportReport()
            for item in done:
                written.add(self._write_one([item], []))
            for item in failed:
                written.add(self._write_one([], [item]))
            return written
        self._count(done, failed, written)
        return written

    def _write_one(self, done, failed) -> ImportReport:
        written = ImportReport()
        try:
            with transaction.atomic():
                self._write_rows(done, failed, written)
        except IntegrityError:
            return ImportReport(duplicates=1)
        self._count(done, failed, written)
        return written

    def _write_rows(self, done, failed, written: ImportReport) -> None:
        """Articles of the batch; those with a result store it now, the others are queued (result None)."""
        articles = []
        for record, result in done:
            article = self._article(record, Article.Status.PENDING)
            # Inserted as done, so no second write of the row (nor of its text's search index).
            articles.append(article if result is None else mark_extracted(article, result))
        rows = Article.objects.bulk_create(articles)
        queued = [row.pk for row, (_, result) in zip(rows, done, strict=True) if result is None]
        if queued:
            transaction.on_commit(lambda: [queue.enqueue_extraction(pk) for pk in queued])
        stored = [(row, result) for row, (_, result) in zip(rows, done, strict=True) if result is not None]
        if stored:
            # One set of lookups and one insert per table for the whole batch.
            context = StoreContext.load()
            for summary in store_extractions(items=stored, context=context, created=True):
                written.claims += summary.added
                written.figures += summary.figures
            Event.objects.filter(pk__in=context.changed_events).claims_changed()
        Article.objects.bulk_create(
            [self._article(record, Article.Status.FAILED, error=reason) for record, reason in failed]
        )
        written.article_ids.extend(row.pk for row in rows)

    @staticmethod
    def _count(done, failed, written: ImportReport) -> None:
        queued = sum(1 for _, result in done if result is None)
        written.queued += queued
        written.imported += len(done) - queued
        written.words += sum(record.words for record, _ in done)
        for record, reason in failed:
            written.failures.append((record.source, f"extraction failed: {reason}"))

    def _store(self, done, failed) -> None:
        """Write a batch here and now (the queued run, and what is left at the end)."""
        self.report.add(self._write(done, failed))
        if self.queue:  # a queued run reports each batch as it is stored
            self.progress(len(done) + len(failed), self.report)

    # -- running -------------------------------------------------------------------
    def run(self, records: Iterable[Record]) -> ImportReport:
        started = time.perf_counter()
        try:
            if self.queue:
                self._run_queued(records)
            else:
                self._run_local(records)
        except KeyboardInterrupt:
            self.report.interrupted = True
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _run_queued(self, records: Iterable[Record]) -> None:
        batch: list[tuple[Record, object]] = []
        for record in self._fresh(records):
            # A non-English article needs no worker: the language gate answers at once.
            batch.append((record, None if record.language == ENGLISH else language_result(record.language)))
            if len(batch) >= self.batch_size:
                self._store(batch, [])
                batch = []
        self._store(batch, [])

    def _run_local(self, records: Iterable[Record]) -> None:
        knowledge = load_knowledge()
        done: list[tuple[Record, object]] = []
        failed: list[tuple[Record, str]] = []
        foreign: list[Record] = []

        def english(stream: Iterator[Record]) -> Iterator[Record]:
            # The English model reads other languages as garbage claims: those skip extraction.
            for record in stream:
                if record.language == ENGLISH:
                    yield record
                else:
                    foreign.append(record)

        try:
            for record, result, error in self._extract_stream(english(self._fresh(records)), knowledge):
                self.progress(1, self.report)
                if error is None:
                    done.append((record, result))
                else:
                    failed.append((record, error))
                while foreign:
                    other = foreign.pop()
                    self.progress(1, self.report)
                    done.append((other, language_result(other.language)))
                if len(done) + len(failed) >= self.batch_size:
                    self._store(done, failed)
                    done, failed = [], []
        finally:
            for other in foreign:
                self.progress(1, self.report)
                done.append((other, language_result(other.language)))
            # Finished work is kept even on Ctrl-C: the batch is written whole, in one transaction.
            self._store(done, failed)

    def _extract_stream(self, fresh: Iterator[Record], knowledge):
        """(record, result, error) in input order. A failing text is isolated and the stream resumes."""
        from ..nlp.pipeline import extract, extract_many

        while True:
            in_flight: deque[Record] = deque()

            def texts(in_flight=in_flight):
                for record in fresh:
                    in_flight.append(record)
                    yield record.text

            try:
                for result in extract_many(
                    texts(), knowledge, n_process=self.workers, batch_size=self.nlp_batch_size
                ):
                    yield in_flight.popleft(), result, None
                return
            except Exception:
                log.exception("Batch extraction failed; extracting the pending texts one by one")
            # The texts read but not returned are retried alone, so one bad text fails alone.
            while in_flight:
                record = in_flight.popleft()
                try:
                    yield record, extract(record.text, knowledge), None
                except Exception as exc:
                    yield record, None, f"{type(exc).__name__}: {exc}"
