"""Readers per format: HTML (main text only), Markdown, PDF, DOCX. Each returns a Document."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from urllib.parse import urlsplit

from .document import MAX_DOCX_UNZIPPED, MAX_PDF_PAGES, MIN_HTML_WORDS, Document, IntakeError
from .encodings import _declared_html_charset, decode_text, looks_binary


def parse_date(value: object) -> dt.date | None:
    """A date from document metadata (ISO string, datetime, date); None when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    return None


def _paragraphs(lines) -> str:
    return "\n\n".join(line.strip() for line in lines if line and line.strip())


def read_html(data: bytes | str, *, url: str = "") -> Document:
    """The main article text of a page (boilerplate, scripts, frames and markup dropped) and its metadata."""
    import trafilatura

    if isinstance(data, bytes):
        declared = _declared_html_charset(data)
        html = None
        if declared:
            try:
                html = data.decode(declared)
            except UnicodeDecodeError:
                html = None
        if html is None:
            html, _ = decode_text(data)
    else:
        html = data
    if looks_binary(html):
        raise IntakeError("This file is binary data, not HTML.", "binary")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # lxml refuses some broken markup outright
        raise IntakeError("This HTML could not be read.", "html") from exc
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if len(re.findall(r"\w+", text)) < MIN_HTML_WORDS:  # a menu word or a button is not an article
        raise IntakeError(
            "No article text could be found in this HTML page (only navigation, scripts or markup).",
            "no_text",
        )
    outlet = (doc.sitename or "").strip()
    host = (urlsplit(url).hostname or "") if url else ""
    if host and outlet.lower().removeprefix("www.") in (host.removeprefix("www."), urlsplit(url).netloc):
        outlet = ""  # trafilatura falls back to the host name; an outlet is a name the page gives itself
    # Blank lines between paragraphs, as in pasted articles.
    return Document(
        text=_paragraphs(text.splitlines()),
        kind="html",
        title=(doc.title or "").strip(),
        published=parse_date(doc.date or ""),
        outlet=outlet,
        url=url,
    )


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]


def read_markdown(text: str) -> Document:
    """Markdown as plain text: front matter and a leading '# heading' become metadata, markup goes."""
    title, published = "", None
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            if key.strip().lower() == "title":
                title = value
            elif key.strip().lower() in ("date", "published"):
                published = parse_date(value)
        text = text[match.end() :]
    lines = []
    for line in text.splitlines():
        heading = re.match(r"\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            if not title and not lines:
                title = heading.group(1)
                continue
            line = heading.group(1)
        line = re.sub(r"^\s{0,3}(?:>\s?|[-*+]\s+(?=\S))", "", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            continue  # horizontal rule
        for pattern, repl in _MD_INLINE:
            line = pattern.sub(repl, line)
        lines.append(line)
    return Document(text="\n".join(lines), kind="markdown", title=title, published=published)


def read_pdf(data: bytes) -> Document:
    """Text of every page (lines re-joined into paragraphs) and the PDF's title and creation date."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IntakeError("This file is not a PDF (it does not start like one).", "pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IntakeError("This PDF is password-protected; Parallax cannot read it.", "pdf_encrypted")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise IntakeError(
                f"This PDF has {len(pages)} pages; Parallax reads up to {MAX_PDF_PAGES}.", "pdf_pages"
            )
        texts = [page.extract_text() or "" for page in pages]
        meta = reader.metadata
        title = str(meta.title or "").strip() if meta else ""
        published = parse_date(meta.creation_date) if meta else None
    except IntakeError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IntakeError("This PDF is damaged or truncated; Parallax could not read it.", "pdf") from exc
    text = "\n\n".join(_join_pdf_lines(t) for t in texts if t.strip())
    if not text.strip():
        raise IntakeError(
            "This PDF has no text layer (it may be a scan); Parallax cannot read images of text.", "no_text"
        )
    return Document(text=text, kind="pdf", title=title, published=published)


def _join_pdf_lines(page: str) -> str:
    """PDF text comes one layout line at a time: join lines into paragraphs, mend hyphenated words.

    A line much shorter than the page's usual line ends its paragraph: it is a heading or a last line.
    """
    lines = [raw.strip() for raw in page.splitlines()]
    lengths = sorted(len(line) for line in lines if line)
    usual = lengths[len(lengths) // 2] if lengths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line
        else:
            current.append(line)
        if len(line) < 0.6 * usual:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(p for p in paragraphs if p)


def read_docx(data: bytes) -> Document:
    """Paragraph text of a Word document and its core properties (title, created)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise IntakeError("This .docx is not a Word document (it is some other zip file).", "docx")
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNZIPPED:
                raise IntakeError("This .docx unpacks to more than 50 MB; Parallax refuses it.", "docx")
    except zipfile.BadZipFile as exc:
        raise IntakeError("This .docx is damaged or is not a Word document.", "docx") from exc
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                paragraphs.append(" | ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
        props = document.core_properties
        title = (props.title or "").strip()
        published = parse_date(props.created)
    except IntakeError:
        raise
    except Exception as exc:  # python-docx raises lxml, KeyError and its own errors on junk parts
        raise IntakeError("This .docx is damaged; Parallax could not read it.", "docx") from exc
    text = _paragraphs(paragraphs)
    if not text:
        raise IntakeError("This .docx has no text in it.", "no_text")
    return Document(text=text, kind="docx", title=title, published=published)
