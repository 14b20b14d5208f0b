"""Files, folders and JSON lines in, one Record per article out, each read through intake.

``import_articles`` reads here; a record that cannot be read carries its reason in ``error`` instead of
stopping the run, so every failed file is reported by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import read_file as read_document
from . import read_text
from .document import UPLOAD_EXTENSIONS, Document, IntakeError
from .encodings import decode_text
from .language import ENGLISH

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = UPLOAD_EXTENSIONS | JSONL_SUFFIXES


@dataclass
class Record:
    source: str  # file path, or path:line for JSON lines
    text: str = ""
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""
    language: str = ENGLISH
    error: str = ""  # set when the record cannot be imported
    digest: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


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


def record_from_document(source: str, document: Document, **given) -> Record:
    """A record from what intake read; values the input states (``given``) outrank the document's own."""
    return Record(
        source=source,
        text=document.text,
        title=(given.get("title") or document.title)[:500],
        outlet=(given.get("outlet") or document.outlet).strip()[:200],
        published=given.get("published") or document.published,
        url=given.get("url") or document.url,
        language=document.language,
    )


def record_from_mapping(data: dict, source: str, *, max_bytes: int) -> Record:
    """A JSON-lines record: its text goes through intake like a pasted article."""
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
    try:
        document = read_text(text, max_bytes=max_bytes, origin=source)
    except IntakeError as exc:
        return Record(source=source, error=exc.message)
    return record_from_document(
        source,
        document,
        title=str(data.get("title") or ""),
        outlet=str(data.get("outlet") or ""),
        published=published,
        url=url,
    )


def read_file(path: Path, *, max_bytes: int) -> Iterator[Record]:
    """The records of one file: one per article file, one per line of a JSON-lines file."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Record(source=source, error=f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            lines = decode_text(raw)[0].splitlines()
        except IntakeError as exc:
            yield Record(source=source, error=exc.message)
            return
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(source=f"{source}:{lineno}", error=f"invalid JSON ({exc.msg})")
                continue
            yield record_from_mapping(data, f"{source}:{lineno}", max_bytes=max_bytes)
        return
    try:
        document = read_document(raw, path.name, max_bytes=max_bytes)
    except IntakeError as exc:
        yield Record(source=source, error=exc.message)
        return
    yield record_from_document(source, document)


def read_records(files: list[Path], *, max_bytes: int) -> Iterator[Record]:
    for path in files:
        yield from read_file(path, max_bytes=max_bytes)
