"""Headline teasers ("… – Kremlin"), tweet embeds, and de-duplication of raw claims."""

from __future__ import annotations

import re

from .quotes import trim_span
from .syntax import DIRECT, INDIRECT, RawClaim

_TWEET = re.compile(
    r"^(?P<body>[^\n]+?)\s+(?:(?:https?://|pic\.twitter\.com/)\S+\s+)*[—–-]\s+(?P<name>[^\n()]+?)\s+"
    r"\((?P<handle>@\w+)\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$",
    re.M,
)
_TEASER = re.compile(
    r"^(?P<line>[^\n]*?\S)\s+[-–—]\s+(?P<src>(?:[A-Z][\w.]*(?:-[A-Z][\w.]*)*)(?:\s+[A-Z][\w.]*(?:-[\w.]+)*){0,3})\s*$",
    re.M,
)
_PREFIX = re.compile(
    r"^(?:(?:READ MORE|ALSO READ|READ ALSO|RELATED|SEE ALSO|WATCH)\s*:\s*|©[^/\n]*/\s*(?:[A-Z][\w'-]*\s+){2})"
)


_BOILERPLATE = re.compile(r"rights reserved|copyright|newsletter|subscribe|cookie|privacy", re.I)


def teaser_claims(text: str) -> list[RawClaim]:
    """'… – Kremlin' teasers and '— Name (@handle) December 15, 2017' tweet embeds."""
    out = []
    for m in _TWEET.finditer(text):
        s, e = m.span("body")
        s, e = trim_span(text, s, e)
        ns, ne = m.span("name")
        out.append(
            RawClaim(s, e, DIRECT, "—", None, ns, ne, None, "name", m.start(), m.end(), origin="tweet")
        )
    tweet_lines = {m.start() for m in _TWEET.finditer(text)}
    for m in _TEASER.finditer(text):
        if m.start() in tweet_lines:
            continue
        line_s, line_e = m.span("line")
        line = text[line_s:line_e]
        if line.rstrip().endswith((".", "!", "?", ":", ",")) or _BOILERPLATE.search(
            text[m.start() : m.end()]
        ):
            continue
        p = _PREFIX.match(line)
        s = line_s + (p.end() if p else 0)
        s, e = trim_span(text, s, line_e)
        if len(text[s:e].split()) < 3:
            continue
        ns, ne = m.span("src")
        dash = text[line_e:ns].strip()
        out.append(
            RawClaim(s, e, INDIRECT, dash, None, ns, ne, None, "name", m.start(), m.end(), origin="teaser")
        )
    return out


def dedupe(claims: list[RawClaim], text: str = "") -> list[RawClaim]:
    """One claim per span and speaker; a repeated line (a headline echoed at the end) counts once."""
    seen: set = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        key = (c.start, c.end, c.speaker_start)
        if key in seen:
            continue
        if text:
            line_s = text.rfind("\n", 0, c.start) + 1
            line_e = text.find("\n", c.start)
            line = text[line_s : line_e if line_e >= 0 else len(text)].strip()
            if len(line) > 20 and text.find(line) < line_s:
                continue
        seen.add(key)
        out.append(c)
    return out
