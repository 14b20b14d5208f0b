"""Source frames: 'according to X', 'in the words of X', 'as stated by X'."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import word_set
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

_TEXT_OWNER_PREPOSITIONS = word_set("cues", "function_words", "text_owner_prepositions")


def according_candidates(ctx: Context) -> list[Candidate]:
    firsts = {phrase[0] for phrase in ctx.lex.according}
    found = (according_cue(ctx, ctx.doc[i]) for i, low in enumerate(ctx.lowers) if low in firsts)
    return [c for c in found if c is not None]


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
        if src is None or src.ent_type_ in ctx.lex.non_source_entities:
            return None  # "according to Tuesday's schedule"
        obj = src
        data = obj.lemma_.lower() in ctx.lex.data_nouns or any(
            c.dep_ == "compound" and c.lemma_.lower() in ctx.lex.data_nouns for c in obj.children
        )
        if data or obj.lemma_.lower() in ctx.lex.document_nouns:
            # "according to a statement from the ministry", "… a report in the Tribune": the owner speaks
            src = text_owner(obj) or (None if data else obj)
        if src is None:
            return None
        inside = in_quote(ctx.quotes, t.idx) is not None
        if not valid_speaker(ctx, src, inside, any_noun=True):
            return None
        sent = t.sent
        # The frame takes the source's whole phrase: "people familiar with the plans", "X quoted by Y".
        tail = obj.right_edge.i if obj.right_edge.i < sent.end else np_end(obj)
        fs, fe = span_chars(ctx.doc, t.i, max(last.i, tail))
        left = trim_span(ctx.text, sent.start_char, fs, lead=LEAD, tail=SOFT_TAIL)
        right = trim_span(ctx.text, fe, sent.end_char, lead=LEAD, tail=" \t\n\r\u00a0")
        region = right if (right[1] - right[0]) >= (left[1] - left[0]) else left
        if region[1] <= region[0]:
            return None
        if data and has_number(ctx, region):
            return None  # "according to the census, 40 people …": a figure's source, not a claim
        return Candidate(
            head=t, words=words.text, speaker=src, region=region, frame=(fs, fe), origin="according"
        )
    return None


def text_owner(noun: Token) -> Token | None:
    """Who a report or statement belongs to: its possessor, or 'by/from/in/of' a named source."""
    found = owner(noun)
    if found is not None:
        return found
    for c in noun.children:
        p = child(c, "pobj") if c.dep_ == "prep" and c.lower_ in _TEXT_OWNER_PREPOSITIONS else None
        if p is not None and (p.pos_ == "PROPN" or p.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")):
            return p
        if p is not None and c.lower_ == "by" and p.pos_ == "NOUN":
            return p  # "a study by researchers": the authors
    return None


def has_number(ctx: Context, region: tuple[int, int]) -> bool:
    span = ctx.doc.char_span(*region, alignment_mode="expand")
    return span is not None and any(
        t.like_num or t.ent_type_ in ("PERCENT", "MONEY", "QUANTITY") for t in span
    )
