"""Noun cues: 'his claim that …', light verbs ('voiced skepticism about …'), 'those were the words of X'."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import word_set, word_table
from ..regions import Context
from ..syntax import (
    Candidate,
    child,
    in_quote,
    np_end,
    owner,
    span_chars,
)
from .subjects import valid_speaker, verb_speaker

_REFERRING = word_set("cues", "function_words", "referring_determiners")  # "made the remarks"
_PAIRS = word_table("cues", "light_verbs", "pairs")  # "took aim at": this verb with these nouns only


def light_candidates(ctx: Context) -> list[Candidate]:
    verbs = ctx.lex.light_verbs | _PAIRS.keys()
    return [c for t in ctx.tokens_with_lemma(verbs) if (c := light_cue(ctx, t)) is not None]


def noun_candidates(ctx: Context) -> list[Candidate]:
    return [c for t in ctx.tokens_with_lemma(ctx.lex.nouns) if (c := noun_cue(ctx, t)) is not None]


def light_cue(ctx: Context, v: Token) -> Candidate | None:
    lemma = v.lemma_.lower()
    if v.pos_ not in ("VERB", "AUX") or (lemma not in ctx.lex.light_verbs and lemma not in _PAIRS):
        return None
    # a pair may name the preposition of its content: "placed the blame for X on Y" is about Y
    pairs = dict((w.split(" ", 1) + [""])[:2] for w in _PAIRS.get(lemma, ()))
    nouns = ctx.lex.light_nouns if lemma in ctx.lex.light_verbs else frozenset(pairs)
    noun = next(
        (c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in nouns),
        None,
    )
    if noun is None:
        return made_the_remarks(ctx, v)
    inside = in_quote(ctx.quotes, v.idx) is not None
    speaker = verb_speaker(ctx, v)
    if not valid_speaker(ctx, speaker, inside) or (inside and speaker.pos_ == "PRON"):
        return None
    target = None
    prep_word = ""
    wanted = pairs.get(noun.lemma_.lower(), "") if lemma not in ctx.lex.light_verbs else ""
    # the parser may hang "on Y" inside "for X": look anywhere after the noun in the verb's phrase
    holders = [t for t in v.subtree if t.i >= noun.i] if wanted else [noun]
    for holder in (*holders, v):
        for c in holder.children:
            if c.i <= noun.i or (wanted and c.lower_ != wanted):
                continue
            if c.dep_ == "prep" and child(c, "pobj", "pcomp") is not None:
                target, prep_word = child(c, "pobj", "pcomp"), c.text
            elif c.dep_ in ("acl", "xcomp", "ccomp") and (holder.i == noun.i or c.dep_ == "xcomp"):
                target = c
            if target is not None:
                break
        if target is not None:
            break
    if target is None:
        return None
    start = target.left_edge
    region = (start.idx, target.right_edge.idx + len(target.right_edge))
    if target.dep_ == "ccomp":
        region = ctx.right_region(target.left_edge, v)
    words = f"{v.text} {noun.text}" + (f" {prep_word}" if prep_word in ("to",) else "")
    return Candidate(
        head=v, words=words, speaker=speaker, region=region, frame=ctx.frame_chars(v, speaker), origin="light"
    )


def made_the_remarks(ctx: Context, v: Token) -> Candidate | None:
    """'“…” Pahon made the remarks on Monday.': the quote before, spoken by the subject."""
    obj = child(v, "dobj")
    if obj is None or obj.lemma_.lower() not in ctx.lex.nouns:
        return None
    if not any(c.dep_ == "det" and c.lower_ in _REFERRING for c in obj.children):
        return None
    if in_quote(ctx.quotes, v.idx) is not None:
        return None
    speaker = verb_speaker(ctx, v)
    region = ctx.previous_sentence(v)
    if not valid_speaker(ctx, speaker, False, True) or region is None:
        return None
    if not any(q.open_at <= region[0] + 1 and q.outer_end >= region[1] - 2 for q in ctx.quotes):
        return None  # only a quote can be "the remarks"
    return Candidate(
        head=v,
        words=f"{v.text} {obj.text}",
        speaker=speaker,
        region=region,
        frame=ctx.frame_chars(v, speaker),
    )


def noun_cue(ctx: Context, n: Token) -> Candidate | None:
    if n.pos_ != "NOUN" or n.lemma_.lower() not in ctx.lex.nouns:
        return None
    clause = None
    # "… were the clearest statement yet that …": the parser may hang the clause on the copula
    later = [c for c in n.head.rights if c.i > n.i and c.dep_ == "ccomp"] if n.dep_ == "attr" else []
    for c in [*n.rights, *later]:
        if c.dep_ in ("acl", "ccomp", "appos") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            clause = c
            break
        if c.dep_ == "prep" and c.lower_ == "of":
            g = child(c, "pcomp")
            if g is not None and g.pos_ in ("VERB", "AUX"):
                clause = g
                break
    if clause is None:
        return demonstrative_noun_cue(ctx, n)
    verb = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n
    verb = verb if ctx.is_verb_cue(verb) else None
    # "X said in remarks carried by Y that …": the words are the speaking verb's subject's
    speaker = verb_speaker(ctx, verb) if verb is not None else owner(n)
    subj = child(n.head, "nsubj") if n.dep_ == "attr" else None
    if subj is not None and subj.lemma_.lower() in ctx.lex.nouns and owner(subj) is not None:
        speaker = owner(subj)  # "X's comments were the clearest assertions yet that …": X's
    inside = in_quote(ctx.quotes, n.idx) is not None
    if not valid_speaker(ctx, speaker, inside):
        return None
    first = clause.left_edge.i
    while first < clause.i and ctx.doc[first].dep_ == "mark":
        first += 1
    region = span_chars(ctx.doc, first, clause.right_edge.i)
    return Candidate(
        head=n,
        words=verb.text if verb is not None else n.text,
        speaker=speaker,
        region=region,
        frame=span_chars(ctx.doc, n.i, n.i),
        origin="noun",
    )


def demonstrative_noun_cue(ctx: Context, n: Token) -> Candidate | None:
    """'“…” Those were the words of Colonel X.': the previous sentence, spoken by the owner."""
    head = n.head
    if n.dep_ != "attr" or head.lemma_ != "be":
        return None
    subj = child(head, "nsubj")
    if subj is None or subj.lower_ not in ctx.lex.demonstratives:
        return None
    speaker = owner(n)
    if in_quote(ctx.quotes, n.idx) is not None or not valid_speaker(ctx, speaker, False):
        return None
    region = ctx.previous_sentence(n)
    if region is None:
        return None
    frame = span_chars(ctx.doc, subj.i, np_end(n))
    return Candidate(
        head=n,
        words=f"{subj.text} {head.text} the {n.text} of",
        speaker=speaker,
        region=region,
        frame=frame,
        origin="noun",
    )
