"""Bare quotes: a whole-sentence quote with no cue continues the previous attributed sentence."""

from __future__ import annotations

from dataclasses import replace

from ..quotes import QUOTE_MARKS, quote_sentences
from ..regions import Context
from ..syntax import (
    DIRECT,
    RawClaim,
)


def orphan_quotes(ctx: Context, claims: list[RawClaim]) -> list[RawClaim]:
    """A whole-sentence quote with no cue of its own continues the previous attributed sentence."""
    text = ctx.text
    out: list[RawClaim] = []
    covered = sorted(claims, key=lambda c: c.start)
    for q in ctx.quotes:
        size = max(1, q.end - q.start)
        if any(2 * (min(c.end, q.end) - max(c.start, q.start)) >= size for c in claims):
            continue  # already someone's words (a nested claim inside it does not count)
        framed = [c for c in claims if not q.open_at <= (c.cue_start or -1) < (q.close_at or q.end)]
        if 2 * sum(max(0, min(c.end, q.end) - max(c.start, q.start)) for c in framed) >= size:
            continue  # a quote over paragraphs, each of its sentences already the framing cue's
        k = q.open_at
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k > 0 and text[k - 1] not in "\n.!?…" and text[k - 1] not in QUOTE_MARKS:
            continue
        inner_end = text[q.start : q.end].rstrip(" ,\u00a0")
        after = text[q.outer_end : q.outer_end + 3].lstrip(" \u00a0")
        if not (inner_end.endswith((".", "!", "?", "…")) or after[:1] in ("", "\n", ".", "!", "?")):
            continue
        line_start = text.rfind("\n", 0, q.open_at) + 1
        prefix = text[line_start : q.open_at]
        if prefix.strip(" \t\u00a0") and not prefix.strip(" \t\u00a0–—-"):
            continue  # a "– “…” –" subheading
        if len(text[q.start : q.end].split()) < 4:
            continue
        prev = [c for c in covered if c.end <= q.open_at and c.speaker_start is not None]
        if not prev:
            continue
        p = prev[-1]
        gap = text[max(p.end, p.sent_end) : q.open_at]
        if gap.strip(' \t\n\u00a0.,;:!?…"“”’»') or gap.count("\n") > 2:
            continue
        for a, b in quote_sentences(text, q.start, q.end):
            out.append(replace(p, start=a, end=b, kind=DIRECT, origin="continuation"))
    return out
