"""Source frames: 'according to X', 'in the words of X', 'as stated by X'."""

from __future__ import annotations

from spacy.tokens import Token

from ..quotes import trim_span
from ..regions import Context
from ..syntax import (
    LEAD,
    SOFT_TAIL,
    Candidate,
    child,
    in_quote,
    np_end,
    owner,
    span_chars,
)
from .subjects import valid_speaker


def according_candidates(ctx: Context) -> list[Candidate]:
    return [c for t in ctx.doc if (c := according_cue(ctx, t)) is not None]


def according_cue(ctx: Context, t: Token) -> Candidate | None:
    low = t.lower_
    for phrase in ctx.lex.according:
        if phrase[0] != low or t.i + len(phrase) > len(ctx.doc):
            continue
        nxt = ctx.doc[t.i + 1].lower_ if len(phrase) > 1 else ""
        if len(phrase) > 1 and phrase[1] not in ("*", nxt):
            continue  # cheap test before building the span
        words = ctx.doc[t.i : t.i + len(phrase)]
        if any(p != "*" and w.lower_ != p for w, p in zip(words, phrase, strict=True)):
            continue
        last = words[-1]
        wild = [w for w, p in zip(words, phrase, strict=True) if p == "*"]
        src = wild[0] if wild else child(last, "pobj")
        if src is None and last.i + 1 < len(ctx.doc):
            nxt = ctx.doc[last.i + 1 :]
            src = next((w for w in nxt[:6] if w.dep_ == "pobj"), None)
        if src is None or src.lemma_.lower() in ctx.lex.data_nouns:
            return None
        if any(c.dep_ == "compound" and c.lemma_.lower() in ctx.lex.data_nouns for c in src.children):
            return None
        if src.ent_type_ in ctx.lex.non_source_entities:
            return None  # "according to Tuesday's schedule"
        if src.lemma_.lower() in ctx.lex.document_nouns:
            src = owner(src) or src  # "according to a statement from the ministry"
        inside = in_quote(ctx.quotes, t.idx) is not None
        if not valid_speaker(ctx, src, inside, any_noun=True):
            return None
        sent = t.sent
        # The frame takes the source's whole phrase: "people familiar with the plans", "X quoted by Y".
        tail = src.right_edge.i if src.right_edge.i < sent.end else np_end(src)
        fs, fe = span_chars(ctx.doc, t.i, max(last.i, tail))
        left = trim_span(ctx.text, sent.start_char, fs, lead=LEAD, tail=SOFT_TAIL)
        right = trim_span(ctx.text, fe, sent.end_char, lead=LEAD, tail=" \t\n\r\u00a0")
        region = right if (right[1] - right[0]) >= (left[1] - left[0]) else left
        if region[1] <= region[0]:
            return None
        return Candidate(
            head=t, words=words.text, speaker=src, region=region, frame=(fs, fe), origin="according"
        )
    return None
