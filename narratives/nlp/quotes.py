"""Quote-mark detection on raw text (pure functions, no spaCy).

News text mixes straight, curly and typographic marks, and translated copy often
has a mark of the wrong shape (an opening mark where a closing one belongs).
Shapes are therefore only hints: double marks are paired by toggling within a
paragraph, with repairs for nested marks and quotes that run over paragraphs.
Single marks count as quotes only when they pair up and are not apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import word_pattern, word_set

DOUBLE_MARKS = frozenset('"“”„‟«»')
SINGLE_MARKS = frozenset("‘’‚‛‹›'")
# TeX/PTB-style ``…'' marks: two characters each; spaCy keeps each as one token.
TEX_OPEN, TEX_CLOSE = "``", "''"
QUOTE_MARKS = DOUBLE_MARKS | SINGLE_MARKS | {TEX_OPEN, TEX_CLOSE}
_TEX_QUOTE = re.compile(r"``(?P<inner>[^\n]*?)(?:''|(?=\n|$))")
_OPEN_ONLY = frozenset("„«‹")
_CLOSE_ONLY = frozenset("»›")
_OPEN_CONTEXT = frozenset(" \t\n\r\u00a0([{—–-/:;")
_CLOSE_CONTEXT = frozenset(" \t\n\r\u00a0)]}.,;:!?…—–-")

# Abbreviations whose period does not end a sentence, and those that do only before a number.
ABBREVIATIONS = word_set("cues", "abbreviations", "no_sentence_end")


@dataclass(frozen=True)
class Quote:
    """A quoted stretch. ``start``/``end`` bound the words inside the marks."""

    start: int
    end: int
    open_at: int  # index of the opening mark
    close_at: int | None  # index of the closing mark; None when the quote runs to a paragraph end
    family: str = "double"

    @property
    def outer_start(self) -> int:
        return self.open_at

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == "\u00a0"


def _shape(text: str, i: int) -> tuple[bool, bool]:
    """(opening-shaped, closing-shaped) judged from the neighbouring characters."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    opening = (prev in _OPEN_CONTEXT or prev in QUOTE_MARKS) and not _is_space(nxt)
    closing = not _is_space(prev) and (nxt in _CLOSE_CONTEXT or nxt in QUOTE_MARKS)
    ch = text[i]
    if ch in _OPEN_ONLY:
        return True, False
    if ch in _CLOSE_ONLY:
        return False, True
    return opening, closing


# Elided year or word: ’90s, ’em.
_ELIDED = re.compile(rf"\d\ds\b|(?:{word_pattern('cues', 'abbreviations', 'elisions')})\b")


def is_apostrophe(text: str, i: int) -> bool:
    """A single mark between letters (don't, Moscow’s) or after a plural s (troops’ presence)."""
    ch = text[i]
    if ch not in "’'‛":
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    return bool(not prev.isalnum() and nxt.isalnum() and _ELIDED.match(text[i + 1 : i + 5]))


def paragraph_at(text: str, pos: int) -> str:
    """The line (paragraph) of ``text`` that holds position ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph bounds: lines separated by a newline."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return end


def find_quotes(text: str) -> list[Quote]:
    """All quotes in ``text`` in order, double-mark quotes first by position, then single ones."""
    paras = _paragraphs(text)
    marks_by_para = [[i for i in range(s, e) if text[i] in DOUBLE_MARKS] for s, e in paras]
    quotes: list[Quote] = []
    open_at: int | None = None
    skip: int | None = None  # a re-opening mark at the start of a continued paragraph
    for p, (_ps, pe) in enumerate(paras):
        marks = marks_by_para[p]
        para_quotes: list[Quote] = []
        nested_close: int | None = None
        for n, i in enumerate(marks):
            if i in (skip, nested_close):
                continue
            opening, closing = _shape(text, i)
            if open_at is not None and opening and not closing:
                rest = [m for m in marks[n:] if m != skip]
                if len(rest) >= 3 and len(rest) % 2 == 1:
                    # A nested quote inside an open one: skip it and its closing mark.
                    nested_close = rest[1]
                    continue
            if open_at is None:
                prev_q = para_quotes[-1] if para_quotes else None
                if (
                    closing
                    and not opening
                    and prev_q is not None
                    and prev_q.close_at is not None
                    and _shape(text, prev_q.close_at)[0]
                    and not _shape(text, prev_q.close_at)[1]
                ):
                    # The previous "closing" mark was really a nested opening one: merge.
                    merged = Quote(prev_q.start, i, prev_q.open_at, i)
                    para_quotes[-1] = merged
                    quotes[-1] = merged
                    continue
                open_at = i
            else:
                q = Quote(open_at + 1, i, open_at, i)
                quotes.append(q)
                para_quotes.append(q)
                open_at = None
        if open_at is not None:
            # Unclosed at paragraph end: continue only by the usual conventions.
            if p + 1 < len(paras):
                ns, ne = paras[p + 1]
                lead = ns
                while lead < ne and _is_space(text[lead]):
                    lead += 1
                next_marks = marks_by_para[p + 1]
                if lead < ne and text[lead] in DOUBLE_MARKS:
                    skip = lead
                    continue
                if len(next_marks) % 2 == 1:
                    continue
            end = _rstrip_end(text, open_at + 1, pe)
            quotes.append(Quote(open_at + 1, end, open_at, None))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at + 1, _rstrip_end(text, open_at + 1, len(text)), open_at, None))
    quotes.extend(_tex_quotes(text))
    quotes.extend(_single_quotes(text, paras, quotes))
    quotes.sort(key=lambda q: q.open_at)
    return quotes


def _tex_quotes(text: str) -> list[Quote]:
    """``…'' pairs; ``close_at`` is the last character of the closing pair, so outer_end stays right."""
    out = []
    for m in _TEX_QUOTE.finditer(text):
        s, e = m.span("inner")
        closed = text.startswith(TEX_CLOSE, e)
        out.append(Quote(s, e if closed else _rstrip_end(text, s, e), m.start(), e + 1 if closed else None))
    return out


def _single_quotes(text: str, paras: list[tuple[int, int]], doubles: list[Quote]) -> list[Quote]:
    """Pairs of single marks outside double quotes; apostrophes never count."""

    def inside_double(i: int) -> bool:
        return any(q.open_at <= i < q.outer_end for q in doubles)

    found: list[Quote] = []
    for ps, pe in paras:
        opener: int | None = None
        for i in range(ps, pe):
            ch = text[i]
            if ch not in SINGLE_MARKS or inside_double(i) or is_apostrophe(text, i):
                continue
            opening, closing = _shape(text, i)
            if opener is None:
                if opening and ch not in "’›":
                    opener = i
            elif closing and ch not in "‘‹":
                if i - opener > 1:
                    found.append(Quote(opener + 1, i, opener, i, family="single"))
                opener = None
    return found


def quote_at(quotes: list[Quote], pos: int) -> Quote | None:
    """The quote whose inner text contains ``pos``."""
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


_BOUNDARY = re.compile(r"(?:[.!?]+|…+|\.\.\.)[\"”’»]*(?:\s+|(?=[\"“„«]))")
_TRIM_LEAD = " \t\n\r\u00a0\"“”„‟«»‘’'‹›`–—-,;:"
_TRIM_TAIL = " \t\n\r\u00a0\"“”„‟«»‘’'‹›`,.;:…–—-"


_BEFORE_NUMBERS = word_set("cues", "abbreviations", "before_numbers")  # "No. 5" but "No. We are done."


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:dot])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _BEFORE_NUMBERS:
        return text[dot + 1 : dot + 3].strip()[:1].isdigit()
    return word in ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def trim_span(
    text: str, start: int, end: int, lead: str = _TRIM_LEAD, tail: str = _TRIM_TAIL
) -> tuple[int, int]:
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def quote_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split quoted words into sentences, each trimmed of marks and final punctuation.

    A boundary is sentence punctuation or an ellipsis followed by a capital, a digit or a
    quote mark, or a paragraph break.
    """
    pieces: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        pieces.extend(_split_line(text, start + line.start(), start + line.end()))
    out = []
    for s, e in pieces:
        s, e = trim_span(text, s, e)
        if e > s and any(c.isalpha() for c in text[s:e]):
            out.append((s, e))
    return out


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        following = text[nxt]
        if following in QUOTE_MARKS and nxt + 1 < end:
            following = text[nxt + 1]
        if not (following.isupper() or following.isdigit() or following in "[("):
            continue
        if m.group().rstrip() == "." and _ends_with_abbreviation(text, cur, m.start()):
            continue
        pieces.append((cur, m.start() + len(m.group().rstrip())))
        cur = nxt
    pieces.append((cur, end))
    return pieces
