"""What intake hands on: one plain Document, or an IntakeError whose message the analyst reads as it is."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm"}
PDF_EXTENSIONS = {".pdf"}
DOCX_EXTENSIONS = {".docx"}
UPLOAD_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | PDF_EXTENSIONS | DOCX_EXTENSIONS

# Beyond this, extraction of one article takes minutes on a web worker; long reports must be split.
MAX_ARTICLE_CHARS = 100_000
MAX_PDF_PAGES = 300
MAX_DOCX_UNZIPPED = 50 * 1024 * 1024  # a zip bomb disguised as a .docx stops here
MAX_REDIRECTS = 5
MIN_HTML_WORDS = 5
FETCH_TIMEOUT = 10  # seconds, per connection step

BINARY_MESSAGE = "This file is binary data, not text. Upload a .txt, .md, .html, .pdf or .docx."


class IntakeError(ValueError):
    """Input Parallax refuses; ``message`` is shown to the analyst as it is."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Document:
    """An article as read: its text (tidied; claim offsets refer to it) and what the document says of itself.

    ``origin`` names where it came from (a file name, a URL, "pasted text"); ``language`` is an ISO code.
    """

    text: str
    kind: str  # text | markdown | html | pdf | docx
    title: str = ""
    published: dt.date | None = None
    language: str = ""
    origin: str = ""
    outlet: str = ""
    url: str = ""
    encoding: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")


def tidy_text(text: str) -> str:
    """Unified line ends, no control characters or trailing blanks, at most one blank line in a row.

    The stored text is the tidied one, so claim offsets always refer to it.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def check_text(text: str, *, max_chars: int = MAX_ARTICLE_CHARS) -> str:
    """The tidied text, or an IntakeError when there is nothing to read or too much for one article."""
    text = tidy_text(text)
    if not text:
        raise IntakeError("The article has no text: paste the text or choose a file.", "no_text")
    if not any(ch.isalpha() for ch in text):
        raise IntakeError("The text has no words in it.", "no_words")
    if len(text) > max_chars:
        raise IntakeError(
            f"The article is {len(text):,} characters long; Parallax extracts articles of up to "
            f"{max_chars:,} characters. Split it into parts and upload each.",
            "too_long",
        )
    return text


def human_size(n: int) -> str:
    """5 MB, 1.5 MB, 800 KB: for limits in messages."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{max(n // 1024, 1)} KB"
