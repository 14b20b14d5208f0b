"""Title and date from the document's own text, which outranks any metadata the file carries.

In order: a leading ``date 2017-12-15`` marker (removed from the text, so it never shows as a title), a
dateline ("MOSCOW, December 14, 2017"), a "Published:" line. A date needs day, month and year: "March 12"
alone is no date. A headline is the first line when it stands alone and reads like one.
"""

from __future__ import annotations

import datetime as dt
import re

# Where datelines and "Published:" lines sit: the opening of the article.
HEAD_CHARS = 1200
MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "December 14, 2017" | "14 December 2017" | "2017-12-14"
DATE = (
    rf"(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
# A dateline: a place in capitals (an agency in brackets may follow), a comma, the date.
DATELINE = re.compile(rf"(?m)^[ \t]*[A-Z][A-Z.'’\- ]{{1,40}}(?:\s*\([^)\n]{{1,40}}\))?,\s+({DATE})")
PUBLISHED = re.compile(
    rf"(?im)^[ \t]*(?:published|posted|updated|first published|date)(?:\s+on)?:?\s+(?:\w+day,?\s+)?({DATE})"
)
HEADLINE_WORDS = (5, 25)
# A first line that is a picture's caption or credit is no headline.
CAPTION = re.compile(r"©|\b(?:photo|image|picture|credit)s?\b\s*[:(/]|\bgetty images\b|\bAFP\b/", re.I)


def parse_text_date(value: str) -> dt.date | None:
    """A full date written out (day, month and year), or None."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if iso:
        try:
            return dt.date(*map(int, iso.groups()))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def date_in_text(text: str) -> dt.date | None:
    """The dateline's or the "Published:" line's date in the article's opening."""
    head = text[:HEAD_CHARS]
    for pattern in (DATELINE, PUBLISHED):
        for match in pattern.finditer(head):
            found = parse_text_date(match.group(1))
            if found is not None:
                return found
    return None


def is_caption(line: str) -> bool:
    """A picture's caption or credit line ("© AFP …", "Photo: …")."""
    return bool(CAPTION.search(line))


def headline(text: str) -> str:
    """The first line, when it is a paragraph of its own that reads like a headline; else ""."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    words = first.split()
    low, high = HEADLINE_WORDS
    if not rest.strip() or not low <= len(words) <= high or len(first) > 250:
        return ""
    if first[-1] in ".,;!?…" or is_caption(first):
        return ""
    return first


def strip_marker(text: str) -> tuple[str, dt.date | None]:
    """The text without a leading ``date YYYY-MM-DD`` marker, and the marker's date."""
    match = MARKER.match(text)
    if not match:
        return text, None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return text, None
    return text[match.end() :].lstrip(), day
