"""Bulk import (``manage.py import_articles``): read records, skip known texts, extract, write in batches.

Each batch of extracted articles is written in one transaction (``bulk_create`` for the articles, then the
same ``store_extraction`` as an upload), so an interrupted run leaves whole batches or nothing, and the
unique content hash makes a re-run skip everything already stored.

Without a broker the texts stream through ``extract_many`` (spaCy's ``nlp.pipe`` with ``n_process``).
With a broker the articles are stored ``pending`` and Celery workers extract them.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction

from .models import Actor, Article
from .services import StoreContext, get_or_create_outlet, load_knowledge, store_extraction, text_hash

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass
class Record:
    source: str  # file path, or path:line for JSON lines
    text: str = ""
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""
    error: str = ""  # set when the record cannot be imported
    digest: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


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


# --- reading -----------------------------------------------------------------------


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the importable files under named folders, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


def count_records(files: list[Path]) -> int:
    total = 0
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value).strip()[:10])


def record_from_mapping(data: dict, source: str) -> Record:
    if not isinstance(data, dict):
        return Record(source=source, error="not a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return Record(source=source, error="no text")
    try:
        published = _parse_date(data.get("published"))
    except ValueError:
        return Record(source=source, error=f"invalid published date {data.get('published')!r}")
    url = str(data.get("url") or "")
    if len(url) > 2000:
        return Record(source=source, error="url longer than 2000 characters")
    return Record(
        source=source,
        text=text,
        title=str(data.get("title") or "")[:500],
        outlet=str(data.get("outlet") or "").strip()[:200],
        published=published,
        url=url,
    )


def read_file(path: Path) -> Iterator[Record]:
    from .forms import decode_bytes, extract_html

    suffix = path.suffix.lower()
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Record(source=source, error=f"cannot read: {exc.strerror or exc}")
        return
    if suffix in JSONL_SUFFIXES:
        for lineno, line in enumerate(decode_bytes(raw).splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(source=f"{source}:{lineno}", error=f"invalid JSON ({exc.msg})")
                continue
            yield record_from_mapping(data, f"{source}:{lineno}")
        return
    text = decode_bytes(raw)
    if suffix in HTML_SUFFIXES:
        text, title, published = extract_html(text)
        if not text:
            yield Record(source=source, error="no article text found in the HTML")
            return
        try:
            day = _parse_date(published)
        except ValueError:
            day = None
        yield Record(source=source, text=text, title=title[:500], published=day)
        return
    if suffix not in TEXT_SUFFIXES:
        yield Record(source=source, error=f"unsupported file type {suffix or '(none)'}")
        return
    if not text.strip():
        yield Record(source=source, error="empty file")
        return
    yield Record(source=source, text=text)


def read_records(files: list[Path]) -> Iterator[Record]:
    for path in files:
        yield from read_file(path)


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

    def _write(self, done: list[tuple[Record, object]], failed: list[tuple[Record, str]]) -> None:
        """One transaction per batch; if another writer stored one of the texts meanwhile, go one by one."""
        if not done and not failed:
            return
        try:
            with transaction.atomic():
                self._write_rows(done, failed)
        except IntegrityError:
            for item in done:
                self._write_one([item], [])
            for item in failed:
                self._write_one([], [item])
            return
        self._count(done, failed)

    def _write_one(self, done, failed) -> None:
        try:
            with transaction.atomic():
                self._write_rows(done, failed)
        except IntegrityError:
            self.report.duplicates += 1
        else:
            self._count(done, failed)

    def _write_rows(self, done, failed) -> None:
        status = Article.Status.PENDING if self.queue else Article.Status.PROCESSING
        rows = Article.objects.bulk_create([self._article(record, status) for record, _ in done])
        if self.queue:
            from .tasks import enqueue_extraction

            ids = [row.pk for row in rows]
            transaction.on_commit(lambda: [enqueue_extraction(pk) for pk in ids])
        else:
            context = StoreContext.load()  # one set of lookups for the whole batch
            self._prefetch_speakers(context, [result for _, result in done])
            for row, (_, result) in zip(rows, done, strict=True):
                summary = store_extraction(article=row, result=result, context=context)
                self.report.claims += summary.added
                self.report.figures += summary.figures
        Article.objects.bulk_create(
            [self._article(record, Article.Status.FAILED, error=reason) for record, reason in failed]
        )
        self.report.article_ids.extend(row.pk for row in rows)

    @staticmethod
    def _prefetch_speakers(context, results) -> None:
        """Known speakers of the batch in one query instead of one per name."""
        names = set()
        for result in results:
            for claim in result.claims:
                if claim.speaker and claim.speaker.name:
                    names.add(claim.speaker.name)
                    if claim.speaker.organization:
                        names.add(claim.speaker.organization)
        cache = context.actors.by_name
        for actor in Actor.objects.active().select_related("side").filter(name__in=names).order_by("-pk"):
            cache[actor.name] = actor  # the lowest pk wins when two actors share a name

    def _count(self, done, failed) -> None:
        if self.queue:
            self.report.queued += len(done)
        else:
            self.report.imported += len(done)
        self.report.words += sum(record.words for record, _ in done)
        for record, reason in failed:
            self.report.failures.append((record.source, f"extraction failed: {reason}"))
        if self.queue:  # a local run reports each article as its extraction finishes
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
        batch: list[tuple[Record, None]] = []
        for record in self._fresh(records):
            batch.append((record, None))
            if len(batch) >= self.batch_size:
                self._write(batch, [])
                batch = []
        self._write(batch, [])

    def _run_local(self, records: Iterable[Record]) -> None:
        knowledge = load_knowledge()
        fresh = self._fresh(records)
        done: list[tuple[Record, object]] = []
        failed: list[tuple[Record, str]] = []
        try:
            for record, result, error in self._extract_stream(fresh, knowledge):
                self.progress(1, self.report)
                if error is None:
                    done.append((record, result))
                else:
                    failed.append((record, error))
                if len(done) + len(failed) >= self.batch_size:
                    self._write(done, failed)
                    done, failed = [], []
        finally:
            # Finished work is kept even on Ctrl-C: the batch is written whole, in one transaction.
            self._write(done, failed)

    def _extract_stream(self, fresh: Iterator[Record], knowledge):
        """(record, result, error) in input order. A failing text is isolated and the stream resumes."""
        from .nlp.pipeline import extract, extract_many

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
