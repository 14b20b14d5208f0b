"""Intake: turn what an analyst uploads (bytes and a file name, or a URL) into article text and metadata.

Pure functions, no ORM: the upload form calls them and shows an ``IntakeError``'s message as it is, so
every message here is written for the analyst. Files are never trusted: the encoding is detected, binary
data and damaged PDF/DOCX files are refused, HTML is reduced to its article text (scripts, frames and
attributes never survive), and URL fetching refuses private, loopback and link-local addresses at every
redirect.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import re
import socket
import ssl
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import client as http_client
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

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
ENGLISH = "en"

LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "ar": "Arabic",
    "tr": "Turkish",
    "fa": "Persian",
    "zh": "Chinese",
    "nl": "Dutch",
    "pl": "Polish",
}


BINARY_MESSAGE = "This file is binary data, not text. Upload a .txt, .md, .html, .pdf or .docx."


class IntakeError(ValueError):
    """Input Parallax refuses; ``message`` is shown to the analyst as it is."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Document:
    """Text read from an upload, and whatever metadata the document itself carries."""

    text: str
    kind: str  # text | markdown | html | pdf | docx
    title: str = ""
    published: dt.date | None = None
    outlet: str = ""
    url: str = ""
    encoding: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- text shape -------------------------------------------------------------------------------

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


# --- encodings ----------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_PREFERRED = ["cp1252", "latin_1", "cp1251", "koi8_r", "iso8859_15", "cp1250", "mac_roman"]
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# A well-formed UTF-8 multi-byte sequence: its presence means the file was meant to be UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text often comes without a BOM: NUL bytes in text mean UTF-16 or binary data."""
    if len(data) < 8 or len(data) % 2:
        return None
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is None or best.chaos > 0.2:
        return None
    return str(best)


def looks_binary(text: str) -> bool:
    """Decoded text with control characters or replacement marks is really binary data."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or ch in "\ufffd\x7f")
    return bad > max(2, len(sample) // 200)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name of uploaded bytes: BOMs, then UTF-8, then a detected legacy encoding."""
    if not data:
        return "", "utf-8"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IntakeError(
                    f"The file says it is {encoding.upper()} but is not valid {encoding.upper()}.", "encoding"
                ) from exc
    if b"\x00" in data[:4000]:
        text = _utf16_without_bom(data)
        if text is not None and not looks_binary(text):
            return text, "utf-16"
        raise IntakeError(BINARY_MESSAGE, "binary")
    sample = data[:20000]
    if len(_CONTROL_BYTES.findall(sample)) > max(2, len(sample) // 200):
        raise IntakeError(BINARY_MESSAGE, "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        valid = len(_UTF8_MULTIBYTE.findall(data))
        invalid = data.decode("utf-8", errors="replace").count("\ufffd")
        if valid >= invalid:
            # Mostly UTF-8 with broken bytes: any other decoding would turn the good characters to mojibake.
            raise IntakeError(
                f"The file is UTF-8 with invalid bytes (the first at byte {exc.start:,}); it may be damaged. "
                "Save it again as UTF-8 and upload it again.",
                "encoding",
            ) from exc
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    best = matches[0] if matches else None
    if best is None or best.chaos > 0.3 or best.coherence < 0.1:
        # No encoding gives readable text in a known language: noise, or too little text to tell.
        raise IntakeError(
            "Parallax could not tell which character encoding this file uses. Save it as UTF-8 and upload it "
            "again.",
            "encoding",
        )
    # Equally plausible candidates (cp1250 and cp1252 often tie on Spanish): the commoner encoding wins.
    ties = [m for m in matches if m.chaos == best.chaos and abs(m.coherence - best.coherence) < 1e-6]
    best = min(
        ties, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED)
    )
    return str(best), best.encoding


def _declared_html_charset(data: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-:]+)", data[:4096], re.I)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


# --- formats --------------------------------------------------------------------------------------


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


def read_file(data: bytes, filename: str) -> Document:
    """Dispatch on the file's extension; the result's text is tidied, non-empty and within limits."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        raise IntakeError(
            "Parallax reads .txt, .md, .html, .pdf and .docx files; "
            f"this one is {suffix or 'without an extension'}.",
            "file_type",
        )
    if not data.strip():
        raise IntakeError("The file is empty.", "file_empty")
    if suffix in PDF_EXTENSIONS:
        doc = read_pdf(data)
    elif suffix in DOCX_EXTENSIONS:
        doc = read_docx(data)
    elif suffix in HTML_EXTENSIONS:
        doc = read_html(data)
    else:
        text, encoding = decode_text(data)
        if looks_binary(text):
            raise IntakeError(BINARY_MESSAGE, "binary")
        doc = read_markdown(text) if suffix in (".md", ".markdown") else Document(text=text, kind="text")
        doc = replace(doc, encoding=encoding)
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            doc = replace(doc, notes=(*doc.notes, f"Read as {encoding.replace('_', '-').upper()}."))
    return replace(doc, text=check_text(doc.text), title=doc.title[:500])


def read_bytes_by_type(data: bytes, content_type: str, url: str) -> Document:
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
    if suffix in HTML_EXTENSIONS:
        doc = read_html(data, url=url)
        return replace(doc, text=check_text(doc.text), title=doc.title[:500])
    return replace(read_file(data, f"download{suffix}"), url=url)


# --- language -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    code: str
    confidence: float

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.code, self.code)

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH


_identifier = None
MIN_LETTERS_FOR_LANGUAGE = 100
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "on",
        "for",
        "with",
        "that",
        "this",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "by",
        "from",
        "at",
        "as",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "not",
        "but",
        "or",
        "said",
        "says",
        "would",
        "will",
    ]
)


def detect_language(text: str) -> Language:
    """The article's language, offline (py3langid). Short or unclear text counts as English.

    Only the letters matter: a sample of the text with digits, URLs and punctuation dropped, so an English
    article quoting a foreign name or a Russian headline stays English.
    """
    global _identifier
    sample = re.sub(r"https?://\S+|[\d_]+", " ", text[:20000])
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS_FOR_LANGUAGE:
        return Language(ENGLISH, 0.0)
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.12 * len(words):
        # Running English prose is full of these; a page of names and figures may fool the model.
        return Language(ENGLISH, 1.0)
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    code, probability = _identifier.classify(sample)
    if code != ENGLISH and probability < 0.9:
        return Language(ENGLISH, 1.0 - float(probability))
    return Language(code, round(float(probability), 3))


def language_note(language: Language) -> str:
    return (
        f"The article is in {language.name}. Parallax extracts claims from English text only for now, "
        "so it stored the article with its language and extracted nothing."
    )


# --- URLs -----------------------------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses: no loopback, private, link-local or reserved space."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def check_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL Parallax may fetch, or an IntakeError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise IntakeError("Only http and https URLs can be fetched.", "url_scheme")
    if not parts.hostname:
        raise IntakeError("This URL has no host name.", "url_host")
    if parts.username or parts.password:
        raise IntakeError("URLs with a user name or password are refused.", "url_auth")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise IntakeError("This URL's port is not a number.", "url_port") from exc
    return parts.scheme, parts.hostname, port


def resolve_public(host: str, port: int, *, allowed: Callable[[str], bool] | None = None) -> str:
    """One address of ``host``, after checking that every address it resolves to is public.

    Every address is checked (not just the first) so a name that mixes public and private records is
    refused; the connection then goes to the checked address, so a second DNS answer cannot swap it.
    """
    allowed = allowed or is_public_address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IntakeError(f"The host {host} could not be found.", "url_dns") from exc
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise IntakeError(f"The host {host} could not be found.", "url_dns")
    for address in addresses:
        if not allowed(address):
            raise IntakeError(
                f"Refused: {host} points to a private or local network address ({address}). Parallax only "
                "fetches pages on the public internet.",
                "url_private",
            )
    return addresses[0]


class _PinnedHTTPConnection(http_client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http_client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def fetch_url(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT, allowed=None) -> Fetched:
    """GET a public URL, following up to MAX_REDIRECTS redirects, each one checked again; size-capped."""
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port = check_url(url)
        address = resolve_public(host, port, allowed=allowed)
        conn_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        conn = conn_class(host, port, address, timeout)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(
                "GET",
                target,
                headers={"User-Agent": "Parallax article intake", "Accept": "text/html,text/plain,*/*;q=0.5"},
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise IntakeError("The URL redirects without saying where to.", "url_redirect")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise IntakeError(f"The server answered {response.status} for this URL.", "url_status")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IntakeError("The page at this URL is larger than the upload limit.", "url_size")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise IntakeError("The page at this URL is larger than the upload limit.", "url_size")
            return Fetched(url=url, content_type=response.getheader("Content-Type") or "", data=data)
        except (OSError, http_client.HTTPException) as exc:
            raise IntakeError(f"The URL could not be fetched ({type(exc).__name__}).", "url_fetch") from exc
        finally:
            conn.close()
    raise IntakeError(f"The URL redirects more than {MAX_REDIRECTS} times.", "url_redirect")


def read_url(url: str, *, max_bytes: int, allowed=None) -> Document:
    fetched = fetch_url(url, max_bytes=max_bytes, allowed=allowed)
    return read_bytes_by_type(fetched.data, fetched.content_type, fetched.url)
