"""Term matches of a claim and of its sentence, read off its paragraph's: each paragraph is scanned once.

A claim's content and its sentence are substrings of its paragraph, so their tokens are a run of the
paragraph's tokens and their raw matches are the paragraph's that start and end inside that run. Where that
may not hold, the text is scanned on its own: a token of the paragraph that crosses the text's edge, a
dash at an edge (a dash is a token only between spaces, which the text cuts off), or a match of the
paragraph that runs past the text's end (it could have matched shorter inside the text). The hits are then
read on the text's own tokens (negation scope, contrast and reporting words), as a scan of it would.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from ..terms import Hit, Term, TermIndex, Tok, hits_of, raw_matches, tokenize_spans

_DASHES = frozenset("–—-")


class Paragraph(NamedTuple):
    toks: tuple[Tok, ...]
    starts: list[int]
    ends: list[int]
    raw: list[tuple[int, int, Term]]


def scan_paragraph(index: TermIndex, text: str, words: dict) -> Paragraph:
    toks, starts, ends = tokenize_spans(text, words)
    return Paragraph(toks, starts, ends, raw_matches(index, toks))


def slice_scan(
    paragraph_text: str, paragraph: Paragraph, text: str
) -> tuple[tuple[Tok, ...], list[Hit]] | None:
    """``text``'s tokens and hits from its paragraph's scan, or None where only a scan of its own is sure."""
    at = paragraph_text.find(text)
    if at < 0 or not text:
        return None
    stop = at + len(text)
    a, b = bisect_left(paragraph.starts, at), bisect_left(paragraph.starts, stop)
    if (a > 0 and paragraph.ends[a - 1] > at) or (b > a and paragraph.ends[b - 1] > stop):
        return None  # a token crosses the text's edge
    toks = paragraph.toks[a:b]
    if toks and (toks[0].surface in _DASHES or toks[-1].surface in _DASHES):
        return None
    raw = []
    for start, end, term in paragraph.raw:
        if a <= start < b:
            if end > b:
                return None
            raw.append((start - a, end - a, term))
    return toks, hits_of(raw, toks)
