"""Term matching for the classifier: tokens, stems, the term syntax (see ``classify``) and negation scope."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .lemmas import lemma
from .lexicon import word_list, word_set
from .memo import BoundedMemo
from .names import drop_marks, skeleton

# The word lists are data: narratives/data/lexicon/terms.json says what each one is for.
NEGATORS = word_set("terms", "negators")
HEDGES = word_set("terms", "hedges")  # "supposedly liberated" flips a cue like a negation
CONTRAST = word_set("terms", "contrast")
AUX_ADVERBS = word_set("terms", "aux_adverbs")  # may stand between a negator or modal and its word
MODALS = word_set("terms", "modals")
# "could regroup" warns; ability and obligation modals assert nothing ("can only be defeated")
POSSIBILITY = word_set("terms", "possibility")
# Reporting words inside a claim introduce someone else's claim; "word*" is a prefix, "said" a whole word.
_REPORTING = (
    re.escape(w[:-1]) if w.endswith("*") else re.escape(w) + "$" for w in word_list("terms", "reporting")
)
REPORTING = re.compile(f"^(?:{'|'.join(_REPORTING)})")


@lru_cache(maxsize=50_000)  # words recur; bounded as new names keep coming
def _reporting(low: str) -> bool:
    return REPORTING.match(low) is not None


NESTED_DISCOUNT = 0.3
MODAL_DISCOUNT = 0.4
ANAPHORS = word_set("terms", "anaphors")
NUMBER_WORDS = word_set("terms", "number_words")

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\d[\d,.]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)*|n['’]t|[.,;:!?()\[\]]|(?<=\s)[–—-](?=\s)|--"
)
_ACCENTS = str.maketrans({"’": "'", "‘": "'"})


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    return drop_marks(unicodedata.normalize("NFKD", word.translate(_ACCENTS))).lower()


def stem(word: str) -> str:
    """The word's key for matching: spaCy's lemma of the folded word out of context (``lemmas.lemma``), so
    defeat/defeated/defeats, troop/troops and withdraw/withdrew meet while derivations stay apart."""
    return lemma(_fold(word))


class Tok(NamedTuple):
    surface: str
    low: str
    stem: str
    number: bool
    negator: bool
    boundary: bool


_NUMERIC = re.compile(r"[\d,.]+")
_NOT = Tok("n't", "n't", "not", False, True, False)


@lru_cache(maxsize=50_000)  # bounded: the vocabulary of news recurs, new names keep coming
def _word_tokens(word: str) -> tuple[Tok, ...]:
    """The tokens of one matched word: the word, or a verb's base and "n't"."""
    s = word.translate(_ACCENTS)
    low = _fold(s)
    boundary = not s[0].isalnum()
    if low.endswith("n't") and low != "n't":
        base = low[:-3]
        return Tok(s[:-3], base, stem(base), False, False, False), _NOT
    number = bool(_NUMERIC.fullmatch(low)) or low in NUMBER_WORDS
    return (Tok(s, low, stem(low) if not boundary else low, number, low in NEGATORS, boundary),)


def tokenize(text: str, words: dict[str, tuple[Tok, ...]] | None = None) -> tuple[Tok, ...]:
    """``words`` memoises the tokens of each word form: pass one dict per document, where words recur. Not a
    global cache: new names and numbers keep coming, so it would only grow."""
    words = {} if words is None else words
    toks: list[Tok] = []
    for word in _TOKEN.findall(text or ""):
        found = words.get(word)
        if found is None:
            found = words[word] = _word_tokens(word)
        toks += found
    return tuple(toks)


def tokenize_spans(
    text: str, words: dict[str, tuple[Tok, ...]]
) -> tuple[tuple[Tok, ...], list[int], list[int]]:
    """:func:`tokenize` with each token's character span (that of the word it comes from)."""
    toks: list[Tok] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text or ""):
        word = match.group()
        found = words.get(word)
        if found is None:
            found = words[word] = _word_tokens(word)
        toks += found
        starts += [match.start()] * len(found)
        ends += [match.end()] * len(found)
    return tuple(toks), starts, ends


# --- terms ------------------------------------------------------------------

GAP, NUMBER, PREFIX, EXACT, CAPS, STEM, PROPER = "gap", "number", "prefix", "exact", "caps", "stem", "proper"


@dataclass(frozen=True)
class Term:
    text: str
    parts: tuple[tuple[str, str], ...]  # (kind, value)
    weight: float
    event: str
    position: str | None  # None for an event term
    self_negated: bool  # the term contains its own negation ("not true")


def parse_term(line: str, *, event: str, position: str | None = None) -> Term | None:
    """One line of a terms textarea -> Term (None for a blank or unreadable line)."""
    raw = (line or "").strip()
    if not raw:
        return None
    weight = 1.0
    if "|" in raw:
        raw, _, w = raw.rpartition("|")
        raw = raw.strip()
        try:
            weight = float(w.strip())
        except ValueError:
            return None
    parts: list[tuple[str, str]] = []
    for word in raw.split():
        if word == "..":
            parts.append((GAP, ""))
        elif word == "#":
            parts.append((NUMBER, ""))
        elif word.startswith("="):
            parts.extend((EXACT, t.low) for t in tokenize(word[1:]) if not t.boundary)
        elif word.endswith("*") and len(word) > 1:
            parts.extend((STEM, t.stem) for t in tokenize(word[:-1])[:-1])
            last = tokenize(word[:-1])
            if last:
                parts.append((PREFIX, last[-1].low))
        else:
            letters = re.sub(r"[^A-Za-z]", "", word)
            caps = len(letters) >= 2 and letters.isupper()
            for t in tokenize(word):
                if t.boundary:
                    continue
                if caps:
                    parts.append((CAPS, t.surface.replace(".", "")))
                elif t.surface[:1].isupper() and len(t.surface) >= 6:
                    # a proper name: also match its transliteration variants (Hmeimim / Khmeimim)
                    parts.append((PROPER, f"{t.stem}\t{skeleton(t.surface)}"))
                else:
                    parts.append((STEM, t.stem))
    while parts and parts[0][0] == GAP:
        parts.pop(0)
    while parts and parts[-1][0] == GAP:
        parts.pop()
    if not parts:
        return None
    self_negated = any(kind in (STEM, EXACT) and value in NEGATORS | {"not"} for kind, value in parts)
    return Term(line.strip(), tuple(parts), weight, event, position, self_negated)


def term_errors(lines: Sequence[str]) -> list[str]:
    """Human-readable problems in a terms textarea (for form validation); blank lines are fine."""
    errors = []
    for number, line in enumerate(lines, start=1):
        if line.strip() and parse_term(line, event="check") is None:
            errors.append(
                f"line {number}: cannot read {line.strip()!r} (expected 'words' or 'words | weight')"
            )
    return errors


def _part_matches(kind: str, value: str, tok: Tok) -> bool:
    if tok.boundary:
        return False
    if kind == STEM:
        return tok.stem == value
    if kind == PREFIX:
        return tok.low.startswith(value)
    if kind == EXACT:
        return tok.low == value
    if kind == CAPS:
        return tok.surface.replace(".", "") == value
    if kind == PROPER:
        stem_value, skel = value.split("\t")
        return tok.stem == stem_value or (
            tok.surface[:1].isupper() and len(tok.surface) >= 6 and skeleton(tok.surface) == skel
        )
    return False


def _match_at(parts: tuple[tuple[str, str], ...], toks: Sequence[Tok], i: int) -> int | None:
    """End index (exclusive) of a match of ``parts`` starting at token i, or None."""
    if not parts:
        return i
    kind, value = parts[0]
    if kind == GAP:
        for skip in range(0, 4):
            j = i + skip
            if j > len(toks) or any(t.boundary for t in toks[i:j]):
                break
            end = _match_at(parts[1:], toks, j)
            if end is not None:
                return end
        return None
    if i >= len(toks):
        return None
    if kind == NUMBER:
        j = i
        while j < len(toks) and toks[j].number:
            j += 1
        return _match_at(parts[1:], toks, j) if j > i else None
    if not _part_matches(kind, value, toks[i]):
        return None
    return _match_at(parts[1:], toks, i + 1)


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int
    negated: bool
    after_contrast: bool
    modal: str | None = None  # the modal verb in scope ("can only be defeated": not an assertion)
    nested: bool = False  # after a reporting word inside the claim: someone else's claim


def _scope(toks: Sequence[Tok], start: int, term: Term) -> tuple[bool, str | None]:
    """(negated, modal) for a match: negators and modals directly before it, across auxiliaries/adverbs only.

    "is not defeated", "has not yet been finally defeated" are negated; "don't show ... being withdrawn"
    is not (the negation is on "show"); "not only" is no negation.
    """
    negators = 0
    modal: str | None = None
    j = start - 1
    while j >= 0 and j >= start - 6:
        tok = toks[j]
        if (tok.negator and not (j + 1 < len(toks) and toks[j + 1].low == "only")) or tok.low in HEDGES:
            negators += 1
        elif tok.low == "from" and j > 0 and toks[j - 1].low == "far":  # "far from defeated"
            negators += 1
            j -= 1
        elif tok.low in MODALS:
            modal = tok.low
        elif tok.low not in AUX_ADVERBS:
            break
        j -= 1
    return (negators % 2 == 1 and not term.self_negated), modal


SEEN_TOKENS = 50_000
# first-word kinds whose index key is the very test of _part_matches (a name: by stem or by skeleton)
_FOUND_BY_KEY = frozenset({STEM, EXACT, CAPS, PROPER})


class TermIndex:
    """Terms indexed by their first word, so matching costs a dict lookup per token, not a scan."""

    def __init__(self, terms: Sequence[Term]):
        # one dict per kind of first word, keyed by plain strings (their hashes are cached, tuples' are not)
        self.keyed: dict[str, dict[str, list[Term]]] = {
            kind: {} for kind in (STEM, EXACT, CAPS, PREFIX, PROPER)
        }
        self.scanned: list[Term] = []  # terms starting with a short prefix
        self.numeric: list[Term] = []  # terms starting with a number
        for term in terms:
            kind, value = term.parts[0]
            if kind == PREFIX and len(value) >= 3:
                self.keyed[PREFIX].setdefault(value[:3], []).append(term)
            elif kind == NUMBER:
                self.numeric.append(term)
            elif kind in (STEM, EXACT, CAPS):
                self.keyed[kind].setdefault(value, []).append(term)
            elif kind == PROPER:
                stem_value, skel = value.split("\t")
                self.keyed[STEM].setdefault(stem_value, []).append(term)
                self.keyed[PROPER].setdefault(skel, []).append(term)
            else:
                self.scanned.append(term)
        # Each list without repeats (a term typed twice), so only a proper name, which sits in two lists,
        # can come up twice for one token.
        for lists in self.keyed.values():
            for value, listed in lists.items():
                lists[value] = list(dict.fromkeys(listed))
        self.scanned = list(dict.fromkeys(self.scanned))
        self.numeric = list(dict.fromkeys(self.numeric))
        self._seen = BoundedMemo(self._starts, SEEN_TOKENS)  # words recur: each one looked up once

    def starts(self, tok: Tok) -> list[tuple[Term, tuple[tuple[str, str], ...], int]]:
        """Terms that may start at ``tok``, once each, in a fixed order (it decides between equally long
        matches), as (term, parts left to match, tokens already matched): a first word found by its stem,
        exact form, capitals or name is known to match, so matching goes on from the next token."""
        return self._seen(tok)

    def _starts(self, tok: Tok) -> list[tuple[Term, tuple[tuple[str, str], ...], int]]:
        return [
            (term, term.parts[1:], 1) if term.parts[0][0] in _FOUND_BY_KEY else (term, term.parts, 0)
            for term in self._candidates(tok)
        ]

    def _candidates(self, tok: Tok) -> list[Term]:
        if tok.boundary:
            return []
        keyed = self.keyed
        found = [
            *keyed[STEM].get(tok.stem, ()),
            *keyed[EXACT].get(tok.low, ()),
            *keyed[CAPS].get(tok.surface.replace(".", ""), ()),
            *keyed[PREFIX].get(tok.low[:3], ()),
        ]
        proper = ()
        if keyed[PROPER] and tok.surface[:1].isupper() and len(tok.surface) >= 6:
            proper = keyed[PROPER].get(skeleton(tok.surface), ())
        found += proper
        if tok.number:
            found += self.numeric
        found += self.scanned
        return list(dict.fromkeys(found)) if proper else found


def find_hits(terms: Sequence[Term] | TermIndex, toks: Sequence[Tok]) -> list[Hit]:
    """All term matches, the longest winning where matches overlap (so weight-0 phrases mask)."""
    index = terms if isinstance(terms, TermIndex) else TermIndex(terms)
    return hits_of(raw_matches(index, toks), toks)


def raw_matches(index: TermIndex, toks: Sequence[Tok]) -> list[tuple[int, int, Term]]:
    """(start, end, term) of every match, by start and then the index's order of candidates."""
    raw: list[tuple[int, int, Term]] = []
    starts = index.starts
    for i, tok in enumerate(toks):
        if tok.boundary:
            continue  # no term starts at punctuation
        for term, parts, matched in starts(tok):
            end = _match_at(parts, toks, i + matched)
            if end is not None and end > i:
                raw.append((i, end, term))
    return raw


def hits_of(raw: list[tuple[int, int, Term]], toks: Sequence[Tok]) -> list[Hit]:
    """The hits of :func:`raw_matches` in ``toks``: overlaps resolved, each read with its scope."""
    if not raw:
        return []
    raw = sorted(raw, key=lambda h: (-(h[1] - h[0]), h[0]))  # a copy: a paragraph's raw list is shared
    taken: dict[tuple[str, bool], list[tuple[int, int]]] = {}
    contrast_at = max((j for j, t in enumerate(toks) if t.low in CONTRAST and j > 0), default=-1)
    reporting_at = next((j for j, t in enumerate(toks) if _reporting(t.low)), len(toks))
    hits: list[Hit] = []
    for start, end, term in raw:
        # within one event's terms (or its cues) a longer match masks the shorter ones it overlaps
        spans = taken.setdefault((term.event, term.position is None), [])
        if any(start < e and s < end and (s, e) != (start, end) for s, e in spans):
            continue
        if (start, end) in spans and term.position is None:
            continue  # spelling variants of one event term ("Hmeimim", "Khmeimim") count once
        spans.append((start, end))
        if term.weight == 0:
            continue
        negated, modal = _scope(toks, start, term)
        after_contrast = contrast_at >= 0 and start > contrast_at
        hits.append(Hit(term, start, end, negated, after_contrast, modal, start > reporting_at))
    return hits
