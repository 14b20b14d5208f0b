"""Token helpers shared by the attribution modules, the Candidate each cue family returns, and RawClaim."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import load_lexicon, word_set
from .quotes import Quote

DIRECT, INDIRECT = "direct", "indirect"
PERSONAL = load_lexicon().personal()  # pronouns that can stand for a speaker
_AGENT_NOUNS = load_lexicon().agent_nouns
SOFT_TAIL = " \t\n\r\u00a0,.;:…–—-"
LEAD = " \t\n\r\u00a0,.;:–—-"
NP_BREAKS = frozenset(',;:()[]—–"“”„«»')
_OWNER_PREPOSITIONS = word_set("cues", "function_words", "owner_prepositions")  # the statement by X
_OWNER_THROUGH = word_set("cues", "function_words", "owner_through")  # the statement on X's website
_READER_VERBS = word_set("cues", "function_words", "reader_verbs")  # a report seen by X is not X's


@dataclass(frozen=True)
class RawClaim:
    start: int
    end: int
    kind: str
    cue: str
    cue_start: int | None
    speaker_start: int | None  # the mention as written
    speaker_end: int | None
    speaker_token: int | None  # head token of the mention, for coref
    mention_kind: str  # name | pronoun | description | none
    sent_start: int
    sent_end: int
    origin: str = "verb"
    speaker_text: str = ""  # mention text when it is not a span of the doc's tokens


@dataclass
class Candidate:
    """One cue found by a cue family, before the resolver merges families and cuts frames."""

    head: Token  # the cue word ("said", "according", "claim")
    words: str  # the cue as reported ("told reporters", "did not rule out")
    speaker: Token | None  # head token of the speaker mention
    region: tuple[int, int] | None  # content region in characters
    frame: tuple[int, int]  # character span of the cue frame, for cutting other regions
    origin: str = "verb"  # the family: verb | light | noun | according
    relay: bool = False  # a conduit ("TASS reported"), dropped when it frames another attribution
    demonstrative: bool = False  # "this was stated by X": the content is the previous sentence
    side: str = "right"  # where the content lies relative to the cue
    relay_of: Candidate | None = None  # the attribution this cue only relays
    more: tuple[tuple[int, int], ...] = ()  # a second quote the cue splits off ("A," he said, "B.")


def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def span_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last])


def in_quote(quotes: list[Quote], pos: int) -> Quote | None:
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


TEMPORAL = frozenset({"DATE", "TIME"})  # entity labels of the trained pipeline


def np_end(tok: Token) -> int:
    """Right edge of a noun phrase, leaving out clauses hanging off it."""
    last = tok.i
    for c in tok.rights:
        if c.dep_ == "punct":
            continue
        if c.dep_ in ("relcl", "acl", "ccomp", "advcl", "cc", "parataxis", "conj"):
            break
        if c.dep_ == "prep" and any(p.ent_type_ in TEMPORAL for p in c.children if p.dep_ == "pobj"):
            break  # "the watchdog on Thursday confirmed": a time adjunct the parser hung on the subject
        if c.dep_ == "prep" and c.lower_ != "of" and tok.doc[c.i - 1].text == ",":
            break  # "the mayor, in a post on Facebook, said": a parenthetical adjunct, not the speaker
        edge = c.right_edge.i
        # "the head of the laboratory, who said …": a relative clause deeper in the phrase ends it too
        clauses = [t.left_edge.i for t in c.subtree if t.dep_ == "relcl" and t.left_edge.i > tok.i]
        if clauses:
            edge = min(clauses) - 1
            while edge > tok.i and tok.doc[edge].is_punct:
                edge -= 1
        last = max(last, edge)
    return last


def mention_bounds(tok: Token) -> tuple[int, int]:
    """Token bounds of the speaker noun phrase headed by ``tok``."""
    if tok.lower_ in PERSONAL:
        return tok.i, tok.i
    first = tok.left_edge.i
    for k in range(tok.i - 1, first - 1, -1):
        if tok.doc[k].text in NP_BREAKS or "\n" in tok.doc[k].text:
            first = k + 1
            break
    while first < tok.i and (tok.doc[first].is_punct or tok.doc[first].dep_ in ("cc", "preconj")):
        first += 1
    last = np_end(tok)
    while last > tok.i and tok.doc[last].is_punct:
        if tok.doc[last].text == ")" and "(" in tok.doc[first:last].text:
            break  # keep "(SDF)" whole
        last -= 1
    if tok.ent_type_:
        # An entity split by the parser ("al - Assad" as three objects) is kept whole.
        doc = tok.doc
        k = tok.i
        # but never over the speaker's own verb ("The Navy Confirms …" tagged as one title-case entity)
        while k > 0 and doc[k].ent_iob_ == "I" and doc[k - 1].i != tok.head.i:
            k -= 1
        m = tok.i
        while m + 1 < len(doc) and doc[m + 1].ent_iob_ == "I" and m + 1 != tok.head.i:
            m += 1
        first, last = min(first, k), max(last, m)
    return first, last


def owner(noun: Token) -> Token | None:
    """Who a statement-like noun belongs to: possessor, 'by/from/of X', or an 'issued by X' clause."""
    best = None
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in _OWNER_PREPOSITIONS:
            p = child(c, "pobj")
            if p is not None and (
                p.pos_ == "PROPN"
                or p.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or p.lemma_.lower() in _AGENT_NOUNS  # "the statement from the ministry"
            ):
                best = best or p
        if c.dep_ == "prep" and c.lower_ in _OWNER_THROUGH:
            p = child(c, "pobj")
            if p is not None:
                inner = owner(p)
                best = best or inner
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() not in _READER_VERBS:
            agent = child(c, "agent")
            if agent is not None and child(agent, "pobj") is not None:
                best = best or child(agent, "pobj")
    if best is None:
        for c in noun.lefts:
            if c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
                best = c
    return best
