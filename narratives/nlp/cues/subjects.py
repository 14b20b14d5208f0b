"""Who speaks for a cue: subjects, inverted and detached subjects, passive agents, relative clauses."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicon import word_set
from ..quotes import QUOTE_MARKS
from ..regions import Context
from ..syntax import (
    PERSONAL,
    child,
    np_end,
    owner,
)

_QUOTED_GROUP_PRONOUNS = word_set("cues", "function_words", "quoted_group_pronouns")
_RELATIVE_PRONOUNS = word_set("cues", "function_words", "relative_pronouns")


def valid_speaker(ctx: Context, tok: Token | None, inside_quote: bool, any_noun: bool = False) -> bool:
    if tok is None:
        return False
    low = tok.lower_
    # "The US accused": an acronym the tagger calls a name is not the pronoun "us"
    if low in ctx.lex.non_speakers and not (tok.pos_ == "PROPN" and tok.text.isupper() and len(low) > 1):
        return False
    if tok.dep_ == "aux":
        return True  # only ``modal_name`` yields one: a name the tagger took for a modal
    if tok.pos_ == "PRON":
        return low in PERSONAL and not (inside_quote and low in _QUOTED_GROUP_PRONOUNS)
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") or tok.pos_ == "PROPN":
        return True
    if any_noun and tok.pos_ == "NOUN" and not tok.ent_type_:
        return True  # "the governor said": a strong reporting verb makes its subject a source
    return tok.lemma_.lower() in ctx.lex.agent_nouns or tok.lower_ in ctx.lex.agent_nouns


def verb_speaker(ctx: Context, v: Token, depth: int = 0) -> Token | None:
    entry = ctx.lex.verb(v.lemma_) or {}
    if v.i in ctx.override:
        return ctx.override[v.i][0]
    passive = child(v, "nsubjpass", "auxpass") is not None
    if entry.get("object_speaker"):
        if passive:
            return child(v, "nsubjpass")
        obj = child(v, "dobj")
        if obj is not None:
            return obj
        for c in v.children:
            if c.dep_ in ("ccomp", "xcomp") and child(c, "nsubj") is not None:
                return child(c, "nsubj")
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    subj = min(subjects, key=lambda c: abs(c.i - v.i)) if subjects else None
    if subj is None:
        inverted = (
            inverted_subject(ctx, v) or detached_subject(ctx, v) or name_before(ctx, v) or modal_name(v)
        )
        if inverted is not None:
            return inverted
    if subj is not None:
        if subj.lower_ in _RELATIVE_PRONOUNS and v.dep_ == "relcl":
            return person_head(ctx, v.head) if subj.lower_ == "who" else v.head
        if subj.lemma_.lower() in ctx.lex.document_nouns:
            return owner(subj) or subj
        return subj
    if passive:
        agent = child(v, "agent")
        if agent is not None and child(agent, "pobj") is not None:
            return child(agent, "pobj")
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ctx.lex.passive_sources:
                p = child(c, "pobj")
                if p is not None and (p.pos_ == "PROPN" or p.ent_type_):
                    return p
        return None
    if depth > 3 or v.head.i == v.i:
        return None
    head = v.head
    if v.dep_ == "acl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in v.children):
        return None  # "in order to accuse", "a plan to blame": the noun is a purpose, not a speaker
    if v.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        if head.lemma_.lower() in ctx.lex.document_nouns:
            return owner(head)
        return head
    if v.dep_ == "pcomp" and head.dep_ == "prep":
        # "quoted X as saying", "responded by saying": the verb the preposition hangs on.
        if head.lower_ == "with" or head.head.pos_ not in ("VERB", "AUX"):
            return None
        return verb_speaker(ctx, head.head, depth + 1)
    if v.dep_ == "acomp":
        return verb_speaker(ctx, head, depth + 1)  # "X is convinced that"
    if v.dep_ == "conj" and head.dep_ == "ccomp" and ctx.is_verb_cue(head.head):
        # "told CNN that A and warned that B": spaCy hangs 'warned' on A; it belongs to 'told'
        return verb_speaker(ctx, head.head, depth + 1)
    if v.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl") and head.pos_ in ("VERB", "AUX"):
        if child(head, "nsubjpass", "auxpass") is not None and child(head, "nsubj") is None:
            return None  # a passive clause's agent did not utter this verb
        return verb_speaker(ctx, head, depth + 1)
    return None


def inverted_subject(ctx: Context, v: Token) -> Token | None:
    """', claimed the ministry in a statement.': spaCy makes the inverted subject an object."""
    if v.i == 0 or not (ctx.doc[v.i - 1].text == "," or ctx.doc[v.i - 1].text in QUOTE_MARKS):
        return None
    obj = child(v, "dobj")
    if obj is None or obj.left_edge.i != v.i + 1:
        return None
    named = obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    titled = obj.lemma_.lower() in ctx.lex.agent_nouns or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in obj.children
    )
    return obj if named or titled else None


def detached_subject(ctx: Context, v: Token) -> Token | None:
    """'Pahon, asked about the figures, said: …' parsed with Pahon under the inserted clause."""
    for c in v.lefts:
        if c.dep_ not in ("ccomp", "advcl") or c.tag_ not in ("VBN", "VBG", "VBD"):
            continue
        s = child(c, "nsubj", "nsubjpass")
        if s is not None and s.i < c.i and s.i + 1 < len(ctx.doc) and ctx.doc[np_end(s) + 1].text == ",":
            return s
    return None


def name_before(ctx: Context, v: Token) -> Token | None:
    """'…, days after the minister, X, said …': the parser lost the subject; a person named right
    before the verb's comma is the one who speaks."""
    if v.i < 2 or ctx.doc[v.i - 1].text != "," or v.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    name = ctx.doc[v.i - 2]
    return name if name.ent_type_ == "PERSON" and name.pos_ == "PROPN" else None


def modal_name(v: Token) -> Token | None:
    """'May said …', 'Will said …': a modal takes a bare verb, so a capitalised "modal" right before a
    past or third-person verb is a name the tagger misread, and the verb's subject."""
    if v.tag_ not in ("VBD", "VBZ") or v.i == 0:
        return None
    prev = v.doc[v.i - 1]
    if prev.head.i != v.i or prev.dep_ != "aux" or not prev.text[:1].isupper() or prev.text.isupper():
        return None
    return prev


def person_head(ctx: Context, noun: Token) -> Token:
    """'the head of the water laboratory, who said': 'who' is the head, not the laboratory."""
    if noun.lemma_.lower() in ctx.lex.descriptions or noun.ent_type_ == "PERSON":
        return noun
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in ctx.lex.descriptions:
        return prep.head
    return noun
