"""Verb cues: reporting verbs with their subject, complement, participle, passive and split-quote forms."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import word_set
from ..regions import Context
from ..syntax import (
    DIRECT,
    PERSONAL,
    Candidate,
    child,
    in_quote,
    negated,
    np_end,
    span_chars,
)
from .subjects import valid_speaker, verb_speaker

_CONDITIONAL_MODALS = word_set("cues", "function_words", "conditional_modals")
_CONDITIONAL_MARKS = word_set("cues", "function_words", "conditional_marks")
_REFUSALS = word_set("cues", "function_words", "refusals")
_QUESTION_MARKS = word_set("cues", "function_words", "question_marks")


def verb_candidates(ctx: Context) -> list[Candidate]:
    return [c for t in ctx.tokens_with_lemma(ctx.lex.verbs) if (c := verb_cue(ctx, t)) is not None]


def verb_cue(ctx: Context, v: Token) -> Candidate | None:
    entry = ctx.lex.verb(v.lemma_)
    if entry is None or v.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    predicative = v.pos_ == "ADJ" or entry.get("predicative")
    # "the expert is convinced that …": only after 'be', and only with a that-clause
    if predicative and (
        not entry.get("predicative") or v.dep_ not in ("acomp", "ROOT") or child(v, "ccomp") is None
    ):
        return None
    if v.dep_ == "amod":
        return coordinated_as_modifier(ctx, v, entry)
    words = [v]
    particle = entry.get("particle")
    if particle:
        prt = next((c for c in v.children if c.lower_ == particle), None)
        if prt is None and v.i + 1 < len(ctx.doc) and ctx.doc[v.i + 1].lower_ == particle:
            prt = ctx.doc[v.i + 1]
        if prt is None:
            return None
        words.append(prt)
    if hypothetical(v):
        return None  # "Britain would conclude … if Russia does not reply": a condition, not a statement
    if v.dep_ == "pcomp" and v.head.lower_ == "without" and not entry.get("negatable"):
        return None  # "without blaming Russia": a statement not made
    if (negated(v) or (v.dep_ == "xcomp" and v.head.lemma_ in _REFUSALS)) and not entry.get("negatable"):
        return None  # "did not say", "refused to call for": a statement not made
    if v.dep_ == "ccomp" and v.left_edge.tag_ in WH_TAGS:
        return None  # "asked why residents would believe …": part of a question, not a view stated
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
        return None  # "as noted in X", "as he said": a source frame, read by according_cue
    inside = in_quote(ctx.quotes, v.idx) is not None
    speaker = verb_speaker(ctx, v)
    # "citing classified information": a quoted object is a source only when it can speak
    any_noun = bool(entry.get("any_subject")) and not (
        entry.get("object_speaker") and speaker is not None and speaker.dep_ == "dobj"
    )
    if not valid_speaker(ctx, speaker, inside, any_noun):
        return None
    if inside and speaker.pos_ == "PRON":
        return None
    if entry.get("document_subject"):
        subj = child(v, "nsubj")
        if subj is None or subj.lemma_.lower() not in ctx.lex.document_nouns:
            return None
    found = complement(ctx, v, entry, speaker, inside)
    if found is None:
        return None
    region, demonstrative = found
    side = "right"
    more: tuple[tuple[int, int], ...] = ()
    if region is not None and not demonstrative:
        region, more = split_quote(ctx, v, speaker, region)
    participle = (v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "acl", "pcomp", "conj")) or (
        v.tag_ == "VBN" and v.dep_ == "acl"  # "the statement, posted on its website, said …"
    )
    # "“…,” X said, after Y posted the clip": the words left of the frame are X's, not Y's
    after_a_cue = v.dep_ == "advcl" and v.head.i < v.i and ctx.is_verb_cue(v.head)
    if region is None and not (demonstrative or participle or after_a_cue) and ctx.closes_clause(v, speaker):
        left = ctx.left_region(v, ctx.frame_start(v, speaker))
        region = ctx.maybe_interrupted(v, speaker, left)
        side = "left" if region is not None and region == left else "right"
    if region is None:
        return None
    if (
        entry.get("quote_only")
        and not (entry.get("question") and indirect_question(v))
        and (region[1] > v.idx or not any(k == DIRECT for *_, k in ctx.region_claims(*region)))
    ):
        return None  # "the fighting continued": only “…,” he continued is a cue
    cue_words = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    neg = [c for c in v.lefts if c.dep_ in ("aux", "neg")]
    if negated(v):
        cue_words = " ".join(t.text for t in neg) + " " + cue_words
    if v.i in ctx.override:
        cue_words = f"{ctx.override[v.i][1]} {cue_words}"
    if entry.get("addressee"):
        obj = next((c for c in v.rights if c.dep_ in ("dobj", "dative")), None)
        if obj is not None and obj.i <= v.i + 3:
            cue_words += " " + ctx.doc[v.i + 1 : obj.i + 1].text
    return Candidate(
        head=v,
        words=cue_words,
        speaker=speaker,
        region=region,
        frame=ctx.frame_chars(v, speaker),
        relay=bool(entry.get("relay")),
        demonstrative=demonstrative,
        side=side,
        more=more,
    )


def split_quote(ctx: Context, v: Token, speaker: Token, region: tuple[int, int]):
    """'“A,” he said, “B.”': both quotes when B opens a new sentence, else the longer one."""
    after = ctx.after_frame_quote(v)
    if after is None or not (after.open_at <= region[0] <= after.start and region[1] >= after.end):
        return region, ()
    if speaker.i > v.i and speaker.sent == v.sent:
        return region, ()  # ', said X, “…”' is handled as an inverted frame
    before = ctx.left_region(v, ctx.frame_start(v, speaker))
    if before is None or not any(q.open_at == before[0] and q.close_at for q in ctx.quotes):
        return region, ()
    if ctx.text[after.start : after.start + 1].isupper():
        return region, (before,)
    return max(region, before, key=lambda r: r[1] - r[0]), ()


def coordinated_as_modifier(ctx: Context, v: Token, entry: dict) -> Candidate | None:
    """'… made a visit and proclaimed victory': spaCy reads 'proclaimed' as an adjective of 'victory'."""
    noun, prev = v.head, ctx.doc[v.i - 1] if v.i else None
    if not entry.get("np_object") or prev is None or prev.lower_ not in ("and", ","):
        return None
    if noun.dep_ not in ("conj", "dobj") or noun.head.pos_ not in ("VERB", "AUX") or noun.i < v.i:
        return None
    speaker = verb_speaker(ctx, noun.head)
    if not valid_speaker(ctx, speaker, in_quote(ctx.quotes, v.idx) is not None, True):
        return None
    region = span_chars(ctx.doc, v.i + 1, noun.right_edge.i)
    return Candidate(
        head=v, words=v.text, speaker=speaker, region=region, frame=span_chars(ctx.doc, v.i, v.i)
    )


def complement(ctx: Context, v: Token, entry: dict, speaker: Token, inside: bool):
    """The content region right of a cue (or the previous sentence for 'this was stated').

    Returns (region or None, demonstrative), or None when the cue is not an attribution.
    """
    rights = [c for c in v.children if c.i > v.i]
    region = None
    demonstrative = False
    passive = child(v, "nsubjpass") is not None and not entry.get("object_speaker")
    ccomp = next((c for c in rights if c.dep_ in ("ccomp",)), None)
    if ccomp is None and entry.get("addressee"):
        # "assured residents that …" parsed with the clause hanging on the listener
        for obj in (c for c in rights if c.dep_ in ("dobj", "dative")):
            ccomp = next(
                (k for k in obj.rights if k.dep_ in ("acl", "relcl", "ccomp") and child(k, "mark")),
                None,
            )
    if ccomp is None and not passive:
        # "said on 5ced that …", "said in a statement on Saturday that …": the parser hung the clause on
        # the adverbial in between, but a cue, a subject and a that-clause still make a claim.
        that = detached_that(v)
        if that is not None:
            return ctx.right_region(that, v), False
    dobj = next((c for c in rights if c.dep_ == "dobj"), None)
    # "told reporters" names the listener; "told a different story" is what was said
    told = dobj is not None and dobj.lemma_.lower() in entry.get("content_objects", ())
    if entry.get("addressee") and not told:
        dobj = None
    if passive:
        subj = child(v, "nsubjpass")
        if subj.lower_ in ctx.lex.demonstratives:
            region, demonstrative = (None if inside else ctx.previous_sentence(v)), True
        elif ccomp is not None:
            region = ctx.right_region(ccomp.left_edge, v)
        elif entry.get("needs_predicate") and not entry.get("object_alone") and not passive_predicate(v):
            return None  # "a meeting was called by X": convened, not named
        else:
            region = span_chars(ctx.doc, subj.left_edge.i, np_end(subj))
    elif ccomp is not None:
        inner_subj = child(ccomp, "nsubj")
        inner = ctx.lex.verb(ccomp.lemma_) or {}
        if (
            ctx.is_verb_cue(ccomp)
            and (not negated(ccomp) or inner.get("negatable"))
            and inner_subj is not None
            and inner_subj.lower_ in PERSONAL
            and ccomp.left_edge.i == inner_subj.i
        ):
            # "said he believed ...": one claim, carried by the inner cue.
            ctx.override[ccomp.i] = (speaker, f"{v.text} {inner_subj.text}")
            return None
        if relays_a_quote(ctx, ccomp, inner_subj):
            return None  # "reporters stated the spokesman added: “…”": the spokesman's words only
        region = ctx.right_region(clause_start(ccomp, inner_subj), v)
    elif dobj is not None and any(c.dep_ == "acl" and c.pos_ == "VERB" for c in dobj.children):
        region = ctx.right_region(dobj.left_edge, v)  # headline style: "X says ISIL not defeated"
    elif dobj is not None and dobj.lower_ in ctx.lex.demonstratives:
        region, demonstrative = (None if inside else ctx.previous_sentence(v)), True
    elif start := prep_object(ctx, rights, entry):
        # "warned of a new offensive": the prepositional object is the claim
        region = ctx.right_region(start, v)
    elif entry.get("infinitive") and any(c.dep_ == "xcomp" for c in rights) and not inside:
        # "urged X to act", "is promising to pay": the object and the infinitive are the claim
        x = next(c for c in rights if c.dep_ == "xcomp")
        obj = next((c for c in rights if c.dep_ in ("dobj", "nsubj") and c.i < x.i), None)
        region = ctx.right_region((obj or x).left_edge, v)
        if region is not None and v.dep_ == "relcl":  # "a man who claims to be X told …": X only
            region = (region[0], min(region[1], x.right_edge.idx + len(x.right_edge)))
    elif entry.get("needs_predicate"):
        # "called the statement a pretext": an object plus what it is called, however parsed.
        objs = [c for c in rights if c.dep_ in ("dobj", "oprd") and c.i != speaker.i]
        predicate = (
            len(objs) > 1
            or any(
                t.dep_ in ("appos", "attr", "oprd", "xcomp") or (t.dep_ == "prep" and t.lower_ == "as")
                for o in objs
                for t in o.subtree
                if t.i != o.i
            )
            or any(c.dep_ == "prep" and c.lower_ == "as" and child(c, "pobj") is not None for c in rights)
        )
        as_preps = [
            c for c in rights if c.dep_ == "prep" and c.lower_ == "as" and child(c, "pobj") is not None
        ]
        # "dubbed as a 'farce' comments of …": parsed with the object inside the as-phrase
        if not (objs and predicate) and not (as_preps and child(as_preps[0], "pobj").i > as_preps[0].i + 1):
            if not (objs and entry.get("object_alone")):
                return None  # "dismissed the charges" is a rejection; "called the ambassador" is not
            as_preps = []
        # "dismissed as a sham the appearance of …": a predicate before its object opens the content
        first = min([o.left_edge for o in objs[:1]] + as_preps, key=lambda t: t.i)
        region = ctx.right_region(first, v)
    elif dobj is not None and (entry.get("np_object") or told) and dobj.i != speaker.i:
        if any(c.dep_ == "nummod" for c in dobj.children) or any(
            c.dep_ in ("prep", "dative") and c.lower_ in entry.get("not_with_prep", ()) for c in rights
        ):
            return None  # "claiming 298 lives", "denied visas to the staff": acts, not speech
        region = ctx.right_region(dobj.left_edge, v)
    elif (gap := gapped_object_prep(v, entry, dobj, rights)) is not None:
        region = ctx.right_region(gap, v)  # "men London accuses of jetting to …": the charge is the claim
    else:
        q = ctx.after_frame_quote(v)
        if q is not None:
            region = (q.open_at, q.outer_end)
    return region, demonstrative


def clause_start(ccomp: Token, subj: Token | None) -> Token:
    """'said on Tuesday it had …': a date the parser put in the clause, before its subject, is the
    cue's time, not the claim."""
    start = ccomp.left_edge
    for c in ccomp.children:
        if subj is None or c.i > subj.i or c.left_edge.i != start.i:
            continue
        if c.dep_ in ("prep", "npadvmod") and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
            start = ccomp.doc[c.right_edge.i + 1]
    return start


def passive_predicate(v: Token) -> bool:
    """'was called a farce', 'was described as a provocation': what the subject was called."""
    return any(
        c.dep_ in ("oprd", "attr", "xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ == "as")
        for c in v.children
    )


def gapped_object_prep(v: Token, entry: dict, dobj: Token | None, rights: list[Token]) -> Token | None:
    """'the men whom the police accuse of …': a relative clause whose gap is the cue's object; the
    prepositional phrase after it is what was said about the object."""
    if v.dep_ != "relcl" or dobj is not None or not entry.get("np_object") or child(v, "nsubj") is None:
        return None
    prep = next((c for c in rights if c.dep_ == "prep"), None)
    if prep is None or not any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        return None
    return prep


# What may stand between a cue and its "that": when, where and in what ("on Friday", "in a statement").
ADVERBIAL_POS = frozenset({"ADP", "NOUN", "PROPN", "NUM", "DET", "ADJ", "ADV", "X", "SYM"})
# An odd token the tagger calls a verb still fills a nominal slot ("on 5ced"): its role decides.
NOMINAL_DEPS = frozenset({"pobj", "npadvmod", "compound", "nummod", "amod", "det", "poss", "nmod", "appos"})
MAX_ADVERBIAL = 8


def detached_that(v: Token) -> Token | None:
    """The word after a "that" opening a clause a few adverbial words after the cue, with a verb after it."""
    sent_end = v.sent.end
    for tok in v.doc[v.i + 1 : min(sent_end, v.i + 2 + MAX_ADVERBIAL)]:
        if tok.lower_ == "that" and tok.i > v.i + 1:
            rest = v.doc[tok.i + 1 : sent_end]
            return v.doc[tok.i + 1] if any(t.pos_ in ("VERB", "AUX") for t in rest) else None
        gerund = tok.tag_ == "VBG" and tok.dep_ == "pcomp"  # "claimed without giving proof that …"
        if tok.pos_ not in ADVERBIAL_POS and tok.dep_ not in NOMINAL_DEPS and tok.text != "," and not gerund:
            return None
    return None


def prep_object(ctx: Context, rights: list[Token], entry: dict) -> Token | None:
    """Where the claim opens after a preposition ('warned of …'); 'called … on Monday' is a date, not
    content. 'called for witnesses to come forward': the parser makes the for-clause an advcl."""
    preps = entry.get("prep_object", ())
    for c in rights:
        p = child(c, "pobj", "pcomp") if c.dep_ == "prep" and c.lower_ in preps else None
        if p is not None and p.ent_type_ not in ctx.lex.non_source_entities:
            return p.left_edge
        mark = child(c, "mark") if c.dep_ == "advcl" else None
        if mark is not None and mark.lower_ in preps and mark.i + 1 < c.i:
            return ctx.doc[mark.i + 1]
    return None


WH_TAGS = frozenset({"WRB", "WP", "WDT"})


def indirect_question(v: Token) -> bool:
    """'asked why the plan failed', 'asked whether …': a reported question, not only '“…?” he asked'."""
    c = child(v, "ccomp")
    wh = c is not None and c.left_edge.tag_ in WH_TAGS
    return wh or (c is not None and any(m.dep_ == "mark" and m.lower_ in _QUESTION_MARKS for m in c.children))


def hypothetical(v: Token) -> bool:
    """A cue under a conditional modal with an if-clause: what someone would say, not what they said."""
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in _CONDITIONAL_MODALS for c in v.children)
    # the if-clause may hang on the complement, however parsed ("would conclude X “amounts to …” if …")
    clauses = [*v.children, *(g for c in v.children if c.dep_ in ("ccomp", "conj") for g in c.children)]
    return modal and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in c.children)
        for c in clauses
    )


def relays_a_quote(ctx: Context, ccomp: Token, inner_subj: Token | None) -> bool:
    """Is the complement a whole attribution of a direct quote ('the spokesman added: “…”')?"""
    if inner_subj is None or not ctx.is_verb_cue(ccomp) or ccomp.left_edge.i != inner_subj.left_edge.i:
        return False
    entry = ctx.lex.verb(ccomp.lemma_) or {}
    if entry.get("quote_only") or child(ccomp, "dobj") is not None:
        return False  # "said the crews will continue work, “…”": not a frame of its own
    q = ctx.after_frame_quote(ccomp)
    return q is not None and valid_speaker(ctx, inner_subj, False, True)
