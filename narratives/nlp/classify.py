"""Assign a claim to an event and a position, from data only (Event.terms, Position.cue_terms).

Term syntax (one term per line, as typed in the admin textarea)
----------------------------------------------------------------
``withdraw troops``
    Words in sequence, case-insensitive, matched on word stems of both the surface words and their
    lemmas: ``withdraw troop`` also matches "withdrew troops" and "withdrawing the troops" is *not*
    matched (words must be adjacent; use ``..`` for a gap).
``ISIS``
    A word written in capitals (two letters or more) matches only that exact capitalised word, so
    ``IS`` (the group) never matches the verb "is" and ``US`` never matches "us".
``liberat*``
    A trailing ``*`` matches any word starting with the prefix (liberate, liberated, liberation).
``=defeated``
    A leading ``=`` matches that exact word form only ("defeated", not "defeat" or "defeating").
``no .. reason*``
    ``..`` allows up to three words in between ("no more reasons", "no legal reason").
``# troops``
    ``#`` matches a number, in digits or words ("2,000 troops", "a couple thousand troops").
``premature | 2.5``
    An optional weight after ``|`` (default 1). Event terms may have negative weights: topics that
    mark a claim as *not* about the event ("ceasefire | -1.5"). A weight of 0 makes a neutral phrase
    that masks the shorter terms inside it ("to defeat | 0" keeps "defeat" from counting).

How a claim is scored
---------------------
* Event: the terms and cue terms found in the claim's content count fully, those in the rest of its
  sentence at 0.4, in the rest of its paragraph at 0.15; the previous claim's event gets a small bonus
  (quotes run on). The best event above a threshold wins; claims about none of the events get none.
* Position: the cue terms of the chosen event's positions found in the content. A cue term that is
  grammatically negated ("is not defeated", "has not yet been defeated") counts for the position's
  ``opposite``. Cues after a contrast ("..., but in general it is over") weigh more. Content that
  only points back ("This is good news") takes the stance of the sentence before it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .registry import skeleton
from .types import EventEntry, Knowledge

NEGATORS = frozenset({"not", "no", "never", "n't", "without", "nor", "neither", "cannot", "hardly", "nobody"})
# Distancing adverbs flip a cue like a negation: "supposedly liberated", "so-called victory".
HEDGES = frozenset({"supposedly", "allegedly", "purportedly", "ostensibly"})
CONTRAST = frozenset({"but", "however", "although", "though", "whereas", "nevertheless"})
# Auxiliaries and adverbs that may stand between a negator or modal and the word it scopes over.
_AUX_ADVERBS = """be is are was were been being have has had do does did yet still finally fully completely
really actually already ever necessarily entirely totally truly definitely officially just even quite only now
soon also probably likely eventually"""
AUX_ADVERBS = frozenset(_AUX_ADVERBS.split())
MODALS = frozenset({"can", "could", "may", "might", "would", "should", "must"})
# Possibility modals keep a weakened cue ("could regroup" warns); ability/obligation ones drop it
# ("can only be defeated", "people can come back" assert nothing about the event).
POSSIBILITY = frozenset({"could", "may", "might", "would"})
# Reporting words inside a claim introduce someone else's claim: cues after them are not the speaker's.
REPORTING = re.compile(r"^(?:announc|claim|statement|declar|said$|say|report|assert|insist|allege)")
NESTED_DISCOUNT = 0.3
MODAL_DISCOUNT = 0.4
ANAPHORS = frozenset({"this", "that", "it", "these", "those", "such"})
_NUMBER_WORDS = """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions dozen dozens couple"""
NUMBER_WORDS = frozenset(_NUMBER_WORDS.split())
EVENT_THRESHOLD = 0.9
SENTENCE_WEIGHT = 0.4
PARAGRAPH_WEIGHT = 0.15
PREVIOUS_BONUS = 0.5
CUE_EVENT_WEIGHT = 0.5  # a position cue is also (weaker) evidence for its event
CONTRAST_BOOST = 1.5
STANCE_THRESHOLD = 0.5

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\d[\d,.]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)*|n['’]t|[.,;:!?()\[\]]|(?<=\s)[–—-](?=\s)|--"
)
_ACCENTS = str.maketrans({"’": "'", "‘": "'"})


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_ACCENTS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """A small suffix stripper: enough to equate defeat/defeated/defeats, troop/troops, liberate/liberated."""
    w = _fold(word)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif (len(w) > 4 and w.endswith("ed")) or (len(w) > 3 and w.endswith("es") and w[-3] in "sxz"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # stopped -> stopp -> stop
    return w


class Tok(NamedTuple):
    surface: str
    low: str
    stem: str
    number: bool
    negator: bool
    boundary: bool


_NUMERIC = re.compile(r"[\d,.]+")


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Tok, ...]:
    toks: list[Tok] = []
    for m in _TOKEN.finditer(text or ""):
        s = m.group(0).translate(_ACCENTS)
        low = _fold(s)
        boundary = not s[0].isalnum()
        if low.endswith("n't") and low != "n't":
            base = low[:-3]
            toks.append(Tok(s[:-3], base, stem(base), False, False, False))
            toks.append(Tok("n't", "n't", "not", False, True, False))
            continue
        number = bool(_NUMERIC.fullmatch(low)) or low in NUMBER_WORDS
        toks.append(Tok(s, low, stem(low) if not boundary else low, number, low in NEGATORS, boundary))
    return tuple(toks)


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


class TermIndex:
    """Terms indexed by their first word, so matching costs a dict lookup per token, not a scan."""

    def __init__(self, terms: Sequence[Term]):
        self.keyed: dict[tuple[str, str], list[Term]] = {}
        self.scanned: list[Term] = []  # terms starting with a short prefix
        self.numeric: list[Term] = []  # terms starting with a number
        for term in terms:
            kind, value = term.parts[0]
            if kind == PREFIX and len(value) >= 3:
                self.keyed.setdefault((PREFIX, value[:3]), []).append(term)
            elif kind == NUMBER:
                self.numeric.append(term)
            elif kind in (STEM, EXACT, CAPS):
                self.keyed.setdefault((kind, value), []).append(term)
            elif kind == PROPER:
                stem_value, skel = value.split("\t")
                self.keyed.setdefault((STEM, stem_value), []).append(term)
                self.keyed.setdefault((PROPER, skel), []).append(term)
            else:
                self.scanned.append(term)

    def candidates(self, tok: Tok) -> list[Term]:
        if tok.boundary:
            return []
        found = [
            *self.keyed.get((STEM, tok.stem), ()),
            *self.keyed.get((EXACT, tok.low), ()),
            *self.keyed.get((CAPS, tok.surface.replace(".", "")), ()),
        ]
        found += self.keyed.get((PREFIX, tok.low[:3]), ())
        if tok.surface[:1].isupper() and len(tok.surface) >= 6:
            found += self.keyed.get((PROPER, skeleton(tok.surface)), ())
        if tok.number:
            found += self.numeric
        return found + self.scanned


def find_hits(terms: Sequence[Term] | TermIndex, toks: Sequence[Tok]) -> list[Hit]:
    """All term matches, the longest winning where matches overlap (so weight-0 phrases mask)."""
    index = terms if isinstance(terms, TermIndex) else TermIndex(terms)
    raw: list[tuple[int, int, Term]] = []
    for i, tok in enumerate(toks):
        for term in dict.fromkeys(index.candidates(tok)):
            end = _match_at(term.parts, toks, i)
            if end is not None and end > i:
                raw.append((i, end, term))
    raw.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: dict[tuple[str, bool], list[tuple[int, int]]] = {}
    contrast_at = max((j for j, t in enumerate(toks) if t.low in CONTRAST and j > 0), default=-1)
    reporting_at = min((j for j, t in enumerate(toks) if REPORTING.match(t.low)), default=len(toks))
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


@dataclass
class Classification:
    event: str | None
    stance: str | None
    confidence: float


class EventClassifier:
    """Classify claims against the events and positions of a Knowledge snapshot (patterns built once)."""

    def __init__(self, knowledge: Knowledge):
        self.events: dict[str, EventEntry] = {e.slug: e for e in knowledge.events}
        self.opposite: dict[str, str | None] = {}
        self.position_event: dict[str, str] = {}
        terms: list[Term] = []
        for event in knowledge.events:
            for line in event.terms:
                if (term := parse_term(line, event=event.slug)) is not None:
                    terms.append(term)
            for position in event.positions:
                self.opposite[position.slug] = position.opposite
                self.position_event[position.slug] = event.slug
                for line in position.cue_terms:
                    if (term := parse_term(line, event=event.slug, position=position.slug)) is not None:
                        terms.append(term)
        self.terms = tuple(terms)
        self.index = TermIndex(self.terms)
        self._cache: dict[str, list[Hit]] = {}  # paragraphs recur for every claim in them

    # --- scoring -------------------------------------------------------------

    def _event_scores(self, hits: Sequence[Hit], factor: float, scores: dict[str, float]) -> None:
        seen: set[tuple[str, str | None]] = set()
        for hit in hits:
            key = (hit.term.text, hit.term.position)
            if key in seen:
                continue
            seen.add(key)
            weight = (
                hit.term.weight if hit.term.position is None else max(hit.term.weight, 0) * CUE_EVENT_WEIGHT
            )
            scores[hit.term.event] = scores.get(hit.term.event, 0.0) + weight * factor

    def _stance_scores(self, hits: Sequence[Hit], event: str) -> dict[str, float]:
        best: dict[tuple[str, str], float] = {}  # each term counts once, at its strongest
        for hit in hits:
            position = hit.term.position
            if position is None or hit.term.event != event:
                continue
            if hit.negated and hit.term.weight > 0:
                position = self.opposite.get(position)
                if position is None:
                    continue
            weight = hit.term.weight * (CONTRAST_BOOST if hit.after_contrast else 1.0)
            if hit.nested:
                weight *= NESTED_DISCOUNT
            if hit.modal in POSSIBILITY:
                weight *= MODAL_DISCOUNT
            elif hit.modal:
                continue
            key = (hit.term.text, position)
            best[key] = (
                max(best.get(key, weight), weight) if weight > 0 else min(best.get(key, weight), weight)
            )
        scores: dict[str, float] = {}
        for (_, position), weight in best.items():
            scores[position] = scores.get(position, 0.0) + weight
        return scores

    @staticmethod
    def _best(scores: dict[str, float]) -> tuple[str | None, float, float]:
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] <= 0:
            return None, 0.0, 0.0
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return ranked[0][0], ranked[0][1], second

    def _hits(self, text: str, lemmas: Sequence[str] = ()) -> list[Hit]:
        hits = self._cache.get(text)
        if hits is None:
            hits = find_hits(self.index, tokenize(text))
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[text] = hits
        hits = list(hits)
        if lemmas:
            have = {(h.term.text, h.term.position) for h in hits}
            lemma_hits = find_hits(self.index, tokenize(" ".join(lemmas)))
            hits += [h for h in lemma_hits if (h.term.text, h.term.position) not in have]
        return hits

    def classify(
        self,
        *,
        content: str,
        content_lemmas: Sequence[str] = (),
        sentence: str = "",
        paragraph: str = "",
        previous_event: str | None = None,
        previous_stance: str | None = None,
    ) -> Classification:
        content_hits = self._hits(content, content_lemmas)
        # context terms are those not already in the narrower scope (sentence and paragraph hits are cached:
        # every claim in them shares the work)
        inner = {_key(h) for h in content_hits}
        sentence_hits = [h for h in self._hits(sentence) if _key(h) not in inner] if sentence else []
        inner |= {_key(h) for h in sentence_hits}
        paragraph_hits = [h for h in self._hits(paragraph) if _key(h) not in inner] if paragraph else []

        own: dict[str, float] = {}
        self._event_scores(content_hits, 1.0, own)
        scores = dict(own)
        self._event_scores(sentence_hits, SENTENCE_WEIGHT, scores)
        self._event_scores(paragraph_hits, PARAGRAPH_WEIGHT, scores)
        if previous_event in self.events:
            scores[previous_event] = scores.get(previous_event, 0.0) + PREVIOUS_BONUS
        event, top, second = self._best(scores)
        if own and max(own.values()) <= 0 and min(own.values()) < 0:
            # the content's own words are about another topic (ceasefire, aid, Al-Qaeda...)
            return Classification(None, None, 0.6)
        # content without topic words of its own is placed by its context alone, at a lower bar
        threshold = EVENT_THRESHOLD if content_hits else EVENT_THRESHOLD / 3
        if event is None or top < threshold:
            if previous_event in self.events and not content_hits:
                # a run-on quote with no topic words of its own stays with the previous claim's event
                event, top, second = previous_event, EVENT_THRESHOLD, 0.0
            else:
                return Classification(None, None, _confidence(top, second, EVENT_THRESHOLD, inverse=True))

        stance_scores = self._stance_scores(content_hits, event)
        if not stance_scores and _points_back(content):
            previous = _previous_sentence(paragraph, sentence, content)
            stance_scores = self._stance_scores(self._hits(previous), event)
            if not stance_scores and previous_stance and event == previous_event:
                stance_scores = {previous_stance: STANCE_THRESHOLD}
        elif not stance_scores and len([t for t in tokenize(content) if not t.boundary]) <= 4:
            # a bare noun phrase ("voiced skepticism about [the announcement]"): the cue carries the stance
            stance_scores = self._stance_scores(sentence_hits, event)
        stance, s_top, s_second = self._best(stance_scores)
        if stance is not None and (s_top == s_second or s_top < STANCE_THRESHOLD):
            stance = None  # a tie, or only discounted (nested) cues, is no stance
        confidence = _confidence(top, second, EVENT_THRESHOLD)
        if stance is not None:
            confidence = min(confidence, _confidence(s_top, s_second, 1.0))
        return Classification(event, stance, confidence)


def _key(hit: Hit) -> tuple[str, str | None]:
    return hit.term.text, hit.term.position


def _without(text: str, part: str) -> str:
    if not text or not part:
        return text or ""
    idx = text.find(part)
    if idx < 0:
        return text
    return text[:idx] + " . " + text[idx + len(part) :]


def _points_back(content: str) -> bool:
    """Content whose subject is a demonstrative pronoun ("This is great news", "That was the goal")."""
    words = [t.low for t in tokenize(content) if not t.boundary]
    while words and words[0] in {"and", "but", "so", "clearly", "indeed", "of", "course"}:
        words = words[1:]
    if not words or words[0] not in ANAPHORS:
        return False
    copula = len(words) >= 2 and words[1] in {"is", "was", "'s", "are", "were", "would", "will"}
    return copula or len(words) <= 3  # "This information" (was confirmed by ...)


def _previous_sentence(paragraph: str, sentence: str, content: str) -> str:
    anchor = paragraph.find(sentence) if sentence else -1
    if anchor < 0:
        anchor = paragraph.find(content)
    before = paragraph[: max(anchor, 0)]
    pieces = [p for p in re.split(r"(?<=[.!?])[\"”’]?\s+", before) if p.strip()]
    return pieces[-1] if pieces else ""


def _confidence(top: float, second: float, threshold: float, *, inverse: bool = False) -> float:
    if inverse:  # confidence that there is no event
        return round(max(0.3, min(0.95, 1.0 - top / (2 * threshold))), 2)
    margin = (top - second) / max(top, 1e-9)
    strength = min(1.0, top / (2 * threshold))
    return round(max(0.2, min(0.95, 0.4 + 0.3 * margin + 0.25 * strength)), 2)
