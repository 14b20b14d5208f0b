"""The resolver: runs every cue family over a parsed ``Doc`` and merges their candidates into claims.

Everything keys on grammar (dependency labels, entity types) and on the data lexicon; nothing knows
about particular articles or people. The families live in ``narratives.nlp.cues`` (one module each);
this module decides between them (one cue per head word, in family order), drops relays, cuts other
cues' frames out of each content region and returns :class:`RawClaim`, plain offsets that coref, the
registry and the classifier use.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues.according import according_candidates
from .cues.bare_quote import orphan_quotes
from .cues.noun import light_candidates, noun_candidates
from .cues.teaser import colon_headlines, dedupe, teaser_claims, title_headlines
from .cues.verb import verb_candidates
from .lexicon import Lexicon, word_set
from .quotes import Quote
from .regions import Context
from .syntax import (
    DIRECT,
    INDIRECT,
    LEAD,
    PERSONAL,
    SOFT_TAIL,
    Candidate,
    RawClaim,
    mention_bounds,
    span_chars,
)

_INDEFINITE = word_set("determiners", "indefinite_articles")

__all__ = ["DIRECT", "INDIRECT", "RawClaim", "find_claims", "mention_bounds"]

# Family order decides when two families claim the same head word.
FAMILIES = (verb_candidates, light_candidates, noun_candidates, according_candidates)


def find_claims(doc: Doc, quotes: list[Quote], lexicon: Lexicon) -> list[RawClaim]:
    ctx = Context(doc, quotes, lexicon)
    by_head: dict[int, Candidate] = {}
    for family in FAMILIES:
        for cand in family(ctx):
            by_head.setdefault(cand.head.i, cand)
    cues = [by_head[i] for i in sorted(by_head)]
    cues = [c for c in cues if c.head.i not in ctx.override or c.speaker is not None]
    for c in cues:
        if c.origin == "according" and any(relays(ctx, c, o) for o in cues if o is not c):
            c.relay_of = c  # "…,” Putin said, according to news agencies": the agencies only relay
    trim_frames(ctx, cues)
    for c in cues:
        # "Washington accused X, with Secretary Y saying …": the named official is the source
        for prep in c.head.children:
            said = ctx.with_speaking(prep)
            inner = by_head.get(said.i) if said is not None else None
            if inner is not None and speaks_for(ctx, inner.speaker, c.speaker):
                c.speaker = inner.speaker
    claims: list[RawClaim] = []
    for cue in cues:
        if cue.relay_of is not None:
            continue
        if cue.relay and any(
            o is not cue and not o.relay and cue.region[0] <= o.head.idx < cue.region[1] for o in cues
        ):
            continue  # "TASS reported X said …": the agency only relays.
        claims.extend(to_raw(ctx, cue))
    claims.extend(orphan_quotes(ctx, claims))
    claims.extend(teaser_claims(ctx.text))
    claims.extend(title_headlines(ctx, claims))
    # a colon headline whose body has its own cue ("X: Y tells Z") is read by that cue instead
    claims.extend(
        c
        for c in colon_headlines(doc)
        if not any(c.start <= (o.cue_start or -1) < c.end or o.start <= c.start < o.end for o in claims)
    )
    return dedupe(claims, ctx.text)


def mention_kind(ctx: Context, tok: Token) -> str:
    if tok.lower_ in PERSONAL:
        return "pronoun"
    first, last = mention_bounds(tok)
    span = ctx.doc[first : last + 1]
    # names inside a clause of the phrase ("investigators hunting those who downed a jet over X") are
    # what the clause is about, not the speaker
    clause = {d.i for t in span if t.pos_ == "VERB" and t.i != tok.i for d in t.subtree}
    if any(t.ent_type_ == "PERSON" for t in span):
        return "name"
    if any(t.dep_ == "appos" and t.pos_ == "PROPN" for t in span):
        return "name"  # "the UN envoy, Staffan de Mistura," with a name NER missed
    if tok.lemma_.lower() in ctx.lex.descriptions and (tok.pos_ != "PROPN" or not tok.ent_type_):
        return "description"  # also a capitalised title alone: "the Prime Minister said"
    if (
        tok.pos_ == "NOUN"
        and (tok.tag_ == "NNS" or span[0].lower_ in _INDEFINITE)
        and not any(
            (t.pos_ == "PROPN" or t.ent_type_ not in ("", "CARDINAL"))
            and t.dep_ != "det"
            and t.i not in clause
            for t in span
        )
    ):
        return "description"  # "Sources close to the ministry": an unnamed source, not a name
    return "name"


def to_raw(ctx: Context, cue: Candidate) -> list[RawClaim]:
    sp = cue.speaker
    out = []
    if sp is not None:
        first, last = mention_bounds(sp)
        s_start, s_end = span_chars(ctx.doc, first, last)
        kind = mention_kind(ctx, sp)
    else:
        s_start = s_end = None
        kind = "none"
    sent = cue.head.sent
    for a, b, k in [c for r in (cue.region, *cue.more) for c in ctx.region_claims(*r)]:
        out.append(
            RawClaim(
                start=a,
                end=b,
                kind=k,
                cue=cue.words,
                cue_start=cue.head.idx,
                speaker_start=s_start,
                speaker_end=s_end,
                speaker_token=sp.i if sp is not None else None,
                mention_kind=kind,
                sent_start=sent.start_char,
                sent_end=sent.end_char,
                origin=cue.origin,
            )
        )
    return out


def relays(ctx: Context, c: Candidate, o: Candidate) -> bool:
    """Does source frame ``c`` wrap another full attribution ``o``?

    "According to the UN, he added, …" keeps both: the inner frame is a parenthesis at the start.
    """
    s, e = c.region
    fs, fe = o.frame
    if o.origin == "according" or not (s <= o.head.idx < e):
        return False
    parenthesis = not ctx.text[s:fs].strip(LEAD) and ctx.text[fe:e].lstrip(" \u00a0").startswith(",")
    return not parenthesis


def trim_frames(ctx: Context, cues: list[Candidate]) -> None:
    """Cut another cue's frame ('he added,') off the edges of a region."""
    for c in cues:
        s, e = c.region
        for o in cues:
            if o is c:
                continue
            fs, fe = o.frame
            if s <= fs and fe <= e:
                if not ctx.text[s:fs].strip(LEAD):
                    if c.side == "left" and o.region is not None and fe <= o.region[0] < e:
                        if speaks_for(ctx, c.speaker, o.speaker):
                            c.relay_of = o
                            o.speaker = c.speaker  # "Washington accused X, Secretary Y said": Y's
                        elif o.relay:
                            c.relay_of = o  # "X reported that Y, the press service said": X's claim only
                    elif ctx.text[fe:e].lstrip(" \u00a0").startswith(","):
                        s = fe  # "According to the UN, he added, …"
                elif not ctx.text[fe:e].strip(SOFT_TAIL):
                    e = fs
        c.region = (s, e)


def speaks_for(ctx: Context, person: Token | None, place: Token | None) -> bool:
    """A named person framing a country's act speaks for it: the person is the source."""
    if person is None or place is None or place.ent_type_ not in ("GPE", "NORP"):
        return False
    first, last = mention_bounds(person)
    return any(t.ent_type_ == "PERSON" for t in ctx.doc[first : last + 1])
