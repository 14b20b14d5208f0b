"""Intake: what an analyst gives (pasted text, a file, a URL where enabled) in, one plain Document out.

The upload form, ``import_articles`` and ``load_demo`` all read through here, so each path gets the same
clean-up, size cap, encoding detection, format handling, text-first title and date, and language.
Pure functions, no ORM; an ``IntakeError``'s message is shown to the analyst as it is. Files are never
trusted: binary data and damaged PDF/DOCX files are refused, HTML is reduced to its article text, and URL
fetching refuses private, loopback and link-local addresses at every redirect.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .document import (
    BINARY_MESSAGE,
    DOCX_EXTENSIONS,
    HTML_EXTENSIONS,
    MAX_ARTICLE_CHARS,
    PDF_EXTENSIONS,
    UPLOAD_EXTENSIONS,
    Document,
    IntakeError,
    check_text,
    human_size,
    tidy_text,
)
from .encodings import decode_text, looks_binary
from .formats import parse_date, read_docx, read_html, read_markdown, read_pdf
from .language import ENGLISH, Language, detect_language, language_note
from .metadata import date_in_text, headline, strip_marker
from .urls import fetch_url, is_public_address

__all__ = [
    "ENGLISH",
    "UPLOAD_EXTENSIONS",
    "Document",
    "IntakeError",
    "Language",
    "check_text",
    "decode_text",
    "detect_language",
    "human_size",
    "is_public_address",
    "language_note",
    "parse_date",
    "read_file",
    "read_text",
    "read_url",
    "tidy_text",
]


def _too_big(what: str, limit: int) -> IntakeError:
    return IntakeError(f"{what} is larger than the {human_size(limit)} limit.", "too_big")


def finish(doc: Document, *, origin: str, max_chars: int = MAX_ARTICLE_CHARS) -> Document:
    """The text tidied and checked; title and date from the text first; the language detected.

    A leading ``date`` marker leaves the text and gives the date. A web page's own title outranks a first
    line that looks like a headline; for other files the text's headline outranks the file's metadata,
    and the text's date always outranks metadata (a PDF's creation date is when the file was made).
    """
    text, marked = strip_marker(tidy_text(doc.text))
    text = check_text(text, max_chars=max_chars)
    meta_title = strip_marker(doc.title)[0].strip()
    title = (meta_title or headline(text)) if doc.kind == "html" else (headline(text) or meta_title)
    return replace(
        doc,
        text=text,
        title=title[:500],
        published=marked or date_in_text(text) or doc.published,
        language=detect_language(text).code,
        origin=origin,
    )


def read_text(text: str, *, max_bytes: int | None = None, origin: str = "pasted text") -> Document:
    """Pasted text (or a JSON-lines record's text) as a Document."""
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        raise _too_big("The text", max_bytes)
    return finish(Document(text=text, kind="text"), origin=origin)


def _read_by_suffix(data: bytes, suffix: str, *, url: str = "") -> Document:
    if suffix in PDF_EXTENSIONS:
        return read_pdf(data)
    if suffix in DOCX_EXTENSIONS:
        return read_docx(data)
    if suffix in HTML_EXTENSIONS:
        return read_html(data, url=url)
    text, encoding = decode_text(data)
    if looks_binary(text):
        raise IntakeError(BINARY_MESSAGE, "binary")
    doc = read_markdown(text) if suffix in (".md", ".markdown") else Document(text=text, kind="text")
    doc = replace(doc, encoding=encoding)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        doc = replace(doc, notes=(*doc.notes, f"Read as {encoding.replace('_', '-').upper()}."))
    return doc


def read_file(data: bytes, filename: str, *, max_bytes: int | None = None) -> Document:
    """A file by its extension: .txt, .md, .html, .pdf, .docx."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        raise IntakeError(
            "Parallax reads .txt, .md, .html, .pdf and .docx files; "
            f"this one is {suffix or 'without an extension'}.",
            "file_type",
        )
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_big("The file", max_bytes)
    if not data.strip():
        raise IntakeError("The file is empty.", "file_empty")
    return finish(_read_by_suffix(data, suffix), origin=PurePosixPath(filename).name)


def read_fetched(data: bytes, content_type: str, url: str) -> Document:
    """A fetched resource, read by its Content-Type (falling back to the URL's extension)."""
    kind = content_type.split(";")[0].strip().lower()
    by_type = {
        "text/html": ".html",
        "application/xhtml+xml": ".html",
        "text/plain": ".txt",
        "text/markdown": ".md",
        "application/pdf": ".pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    }
    suffix = by_type.get(kind) or PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        raise IntakeError(
            f"The page at this URL is {kind or 'of an unknown type'}, not an article.", "url_type"
        )
    if not data.strip():
        raise IntakeError("The page at this URL is empty.", "file_empty")
    return replace(finish(_read_by_suffix(data, suffix, url=url), origin=url), url=url)


def read_url(url: str, *, max_bytes: int, allowed=None) -> Document:
    fetched = fetch_url(url, max_bytes=max_bytes, allowed=allowed)
    return read_fetched(fetched.data, fetched.content_type, fetched.url)
