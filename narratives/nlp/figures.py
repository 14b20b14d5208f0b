"""Figures: counts and percentages with their unit, subject, exact offsets and source.

A figure is a number (digits or words, "a couple thousand" -> 2000) that counts something: it modifies a
noun ("1,720 US troops") or is a percentage ("98% of the territory"). Dates, years, durations, ordinals,
multipliers ("three times as many"), adjectival compounds ("a two-year campaign", "70-nation") and
document numbers ("Resolution 2170") are left out, as are anaphoric counts ("the two men").
Vague amounts keep their nominal value and repeat the wording in ``subject``; a bound ("more than 2,000",
"under 3,000") or a range ("a few hundred": 200-500) is kept beside it, marked approximate. The words that
make a number vague are data (``data/figures/vague.json``). A single thing ("just one element") is no
figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from .amounts import MULTIPLIERS, WORD_VALUES, number_value, read_amount, single_thing
from .doctext import doc_text
from .lexicon import word_set
from .types import ExtractedFigure, Quantity

# The word lists are data: narratives/data/lexicon/figures.json says what each one is for.
NOT_COUNTS = word_set("figures", "not_counts")  # a date, a duration, a ratio or a rank: no count
DOCUMENT_WORDS = word_set("figures", "document_words") | {"#"}
PERCENT_WORDS = word_set("figures", "percent_words") | {"%"}
VAGUE = word_set("figures", "vague")
ANAPHORIC_DETERMINERS = word_set("figures", "anaphoric_determiners")
_OR_COMPARATIVES = word_set("figures", "or_comparatives")
_SUBJECT_PREPOSITIONS = word_set("figures", "subject_prepositions")
_NUMBER_NOUNS = word_set("figures", "number_nouns")
_TAKES_ARTICLE = word_set("figures", "takes_article")
_INDEFINITE = word_set("determiners", "indefinite_articles")
# the number words a run can start with, as the hashes of spaCy's LOWER array
_NUMBER_WORD_IDS = np.array([hash_string(w) for w in {*MULTIPLIERS, *_NUMBER_NOUNS}], dtype=np.uint64)
_CLAUSE_DEPS = frozenset(
    {"xcomp", "acomp", "prep", "pcomp", "aux", "auxpass", "agent", "attr", "dobj", "pobj"}
)
_LEADING_DEPS = frozenset({"advcl", "prep", "npadvmod", "advmod", "mark", "cc", "punct", "intj", "dep"})


def _is_number_token(tok: Token) -> bool:
    low = tok.lower_
    if low in MULTIPLIERS or low in _NUMBER_NOUNS:
        return True
    if low in _INDEFINITE:
        return False
    return tok.like_num and not re.fullmatch(r"\d+(?:st|nd|rd|th)", low)


def _number_candidates(doc: Doc | Span) -> list[int]:
    """Positions (within ``doc``) of the tokens that can be numbers, read from the token arrays: a run
    starts only at one of them, so the other tokens are never walked in Python."""
    whole, offset = (doc, 0) if isinstance(doc, Doc) else (doc.doc, doc.start)
    arr = whole.to_array([LIKE_NUM, LOWER])[offset : offset + len(doc)]
    mask = arr[:, 0].astype(bool) | np.isin(arr[:, 1], _NUMBER_WORD_IDS)
    return np.flatnonzero(mask).tolist()


def _number_runs(doc: Doc | Span) -> list[list[Token]]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    candidates = _number_candidates(doc)
    n, next_candidate = len(doc), 0
    k = candidates[0] if candidates else n
    while k < n:
        tok = doc[k]
        if _is_number_token(tok) or (current and tok.is_space):
            current.append(tok)
            k += 1
            continue
        joined = tok.text == "-" and not tok.whitespace_ and tok.i + 1 < len(tok.doc)
        if current and joined and not current[-1].whitespace_ and tok.doc[tok.i + 1].lower_ in WORD_VALUES:
            current.append(tok)  # "twenty-five"
            k += 1
            continue
        if current:
            runs.append([t for t in current if not t.is_space])
        current = []
        # outside a run nothing happens until the next token that can be a number
        while next_candidate < len(candidates) and candidates[next_candidate] <= k:
            next_candidate += 1
        k = candidates[next_candidate] if next_candidate < len(candidates) else n
    if current:
        runs.append([t for t in current if not t.is_space])
    # a leading "a"/"an" belongs to "a couple thousand", "a thousand"
    out = []
    for run in runs:
        first = run[0]
        if first.i > 0 and first.doc[first.i - 1].lower_ in _INDEFINITE and first.lower_ in _TAKES_ARTICLE:
            run = [first.doc[first.i - 1], *run]
        out.append(run)
    return out


def _head_noun(run: Sequence[Token]) -> Token | None:
    """The noun a number run counts: its syntactic head, or the percent sign/word after it."""
    last = run[-1]
    doc = last.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in PERCENT_WORDS:
        return nxt
    for tok in run:
        head = tok.head
        if head not in run and head.pos_ in {"NOUN", "PROPN"} and head.i > tok.i:
            return head
    return _counted_by_subject(run)


COUNT_NOUNS = word_set("figures", "count_nouns")


def _counted_by_subject(run: Sequence[Token]) -> Token | None:
    """ "the fighters' numbers fell to 3,000" / "the number of troops rose to 2,000" -> fighters / troops."""
    top = run[-1]
    # Token objects are views made on access, so "is" never matches: compare positions.
    while top.head in run and top.head.i != top.i:
        top = top.head
    prep = top.head
    if top.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in {"VERB", "AUX"}:
        return None
    subject = next((c for c in prep.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.lower_ not in COUNT_NOUNS:
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is None:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return owner


def _excluded(run: Sequence[Token], noun: Token | None) -> bool:
    doc = run[0].doc
    percent = noun is not None and noun.lower_ in PERCENT_WORDS
    if any(t.ent_type_ in {"DATE", "TIME", "ORDINAL", "MONEY"} for t in run) and not percent:
        return True
    first, last = run[0], run[-1]
    if (
        len(run) == 1
        and re.fullmatch(r"(1[89]|20)\d\d", first.text)
        and (noun is None or noun.lower_ not in PERCENT_WORDS)
    ):
        return True  # a year
    prev = doc[first.i - 1] if first.i > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in DOCUMENT_WORDS:
        return True
    if (
        prev is not None
        and prev.lower_ in ANAPHORIC_DETERMINERS
        and not (noun is not None and noun.lower_ in PERCENT_WORDS)
    ):
        return True
    # the character after the run is "-" (``doc.text`` would rebuild the whole text for every run)
    if not last.whitespace_ and last.i + 1 < len(doc) and doc[last.i + 1].text.startswith("-"):
        return True  # "a two-year campaign", "a 70-nation coalition"
    return noun is None or noun.lower_ in NOT_COUNTS


def _unit_and_subject(run: Sequence[Token], noun: Token) -> tuple[str, str]:
    doc = noun.doc
    if noun.lower_ in PERCENT_WORDS:
        unit = "percent"
        after = noun
        if noun.lower_ == "per" and noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "cent":
            after = doc[noun.i + 1]
        of = next((c for c in after.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None and after.i + 1 < len(doc) and doc[after.i + 1].lower_ == "of":
            of = doc[after.i + 1]
        if of is not None:
            objects = [c for c in of.children if c.dep_ == "pobj"]
            if objects:
                sub = objects[0].subtree
                tokens = list(sub)
                return unit, doc[tokens[0].i : tokens[-1].i + 1].text
        return unit, ""
    unit = noun.lower_
    if noun.i < run[0].i:  # counted through "the militants' numbers": the noun phrase as written
        return unit, noun.text
    left = [
        c for c in noun.lefts if c.dep_ in {"compound", "amod", "nmod"} and c not in run and c.i > run[-1].i
    ]
    right = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ in _SUBJECT_PREPOSITIONS]
    start = min([noun.i, *(t.i for c in left for t in c.subtree)])
    end = max([noun.i, *(t.i for c in right for t in c.subtree)])
    return unit, doc[start : end + 1].text


def _wording(run: Sequence[Token]) -> str:
    """The vague wording around a number ("a couple thousand", "more than 70"), or "" if exact."""
    doc = run[0].doc
    start = run[0].i
    while start > 0 and (
        doc[start - 1].lower_ in VAGUE
        or (doc[start - 1].lower_ == "to" and start > 1 and doc[start - 2].lower_ == "up")
    ):
        start -= 1
    end = run[-1].i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "or" and doc[end + 1].lower_ in _OR_COMPARATIVES:
        end += 2
    words = {t.lower_ for t in doc[start:end]}
    if words & (VAGUE - _INDEFINITE) or end > run[-1].i + 1:
        return doc[start:end].text
    return ""


def _clause_span(noun: Token) -> tuple[int, int]:
    """Character span of the clause that states the figure (or of its noun phrase when there is none)."""
    doc = noun.doc
    verb = noun
    while verb.dep_ != "ROOT" and verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ in _CLAUSE_DEPS and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        tokens = list(noun.subtree)
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    subtree = list(verb.subtree)
    lo, hi = subtree[0].i, subtree[-1].i
    # drop leading adverbials ("According to X's report,", "Though ...,") that precede the subject
    for child in verb.children:
        if child.i < verb.i and child.dep_ in _LEADING_DEPS and all(t.i < noun.i for t in child.subtree):
            child_start = min(t.i for t in child.subtree)
            child_end = max(t.i for t in child.subtree)
            if child_end >= lo and child_start <= lo + 1:
                lo = child_end + 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    # stop at a clause-level comma after the figure ("..., three times as many as reported")
    noun_end = max(t.i for t in noun.subtree)
    for tok in doc[noun_end + 1 : hi + 1]:
        if tok.is_punct and tok.text in {",", ";", "—", "–", ":"} and tok.head.i in (verb.i, noun.i):
            hi = tok.i - 1
            break
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _source(noun: Token) -> str | None:
    """ "According to X('s report), ..." in the figure's sentence -> X."""
    sent = noun.sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objects = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if not objects:
                continue
            obj = objects[0]
            owner = next((c for c in obj.children if c.dep_ == "poss"), None)
            target = owner if owner is not None else obj
            tokens = [t for t in target.subtree if t.dep_ not in {"case", "det"} or t.i > target.i]
            tokens = [t for t in tokens if t.dep_ != "case"]
            if tokens:
                return tok.doc[tokens[0].i : tokens[-1].i + 1].text.strip()
    return None


def _text_length(doc: Doc) -> int:
    """``len(doc.text)`` without joining every token's text."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _quantities(doc: Doc, start_char: int = 0, end_char: int | None = None):
    """(run, noun, value, unit, subject) for every figure whose number lies in [start_char, end_char)."""
    length = _text_length(doc)
    end_char = length if end_char is None else end_char
    region = (
        doc
        if start_char == 0 and end_char >= length
        else doc.char_span(start_char, end_char, alignment_mode="expand")
    )
    if region is None:
        return
    for run in _number_runs(region):
        if run[0].idx < start_char or run[-1].idx + len(run[-1].text) > end_char:
            continue
        noun = _head_noun(run)
        if _excluded(run, noun):
            continue
        value = number_value(run)
        if value is None or single_thing(run, value):
            continue
        unit, subject = _unit_and_subject(run, noun)
        wording = _wording(run)
        if wording:
            subject = f'{subject} ("{wording}")'.strip()
        yield run, noun, read_amount(run, value), unit, subject


def all_quantities(doc: Doc) -> list:
    """Every figure of the document, read once and shared by :func:`quantity_in` and :func:`find_figures`
    (reading each claim's range again cost as much as reading the document)."""
    return list(_quantities(doc))


def quantity_in(doc: Doc, start_char: int, end_char: int, found: list | None = None) -> Quantity | None:
    """The first figure stated inside a character range (a claim's content), if any; ``found`` is
    :func:`all_quantities` of the document, when the caller has it."""
    if found is None:
        found = _quantities(doc, start_char, end_char)
    for run, _noun, reading, unit, subject in found:
        if run[0].idx >= start_char and run[-1].idx + len(run[-1].text) <= end_char:
            return Quantity(value=reading.value, unit=unit, subject=subject)
    return None


def find_figures(
    doc: Doc, claim_spans: Sequence[tuple[int, int]], found: list | None = None
) -> list[ExtractedFigure]:
    """Every figure in the text; those inside a claim span carry its index, the others are the narrator's."""
    figures: list[ExtractedFigure] = []
    text = doc_text(doc)
    for run, noun, reading, unit, subject in _quantities(doc) if found is None else found:
        at = run[0].idx
        claim_index = next((i for i, (s, e) in enumerate(claim_spans) if s <= at < e), None)
        start, end = _clause_span(noun)
        start, end = min(start, at), max(end, run[-1].idx + len(run[-1].text))
        if claim_index is not None:
            cs, ce = claim_spans[claim_index]
            start, end = max(start, cs), min(end, ce)
        figures.append(
            ExtractedFigure(
                content=text[start:end],
                start=start,
                end=end,
                value=reading.value,
                unit=unit,
                subject=subject,
                source=_source(noun) if claim_index is None else None,
                claim_index=claim_index,
                low=reading.low,
                high=reading.high,
                approximate=reading.approximate,
            )
        )
    return figures
