"""Bytes to text: BOMs, UTF-8, then a detected legacy encoding; binary data refused."""

from __future__ import annotations

import re

from .document import BINARY_MESSAGE, IntakeError

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
