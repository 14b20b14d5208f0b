"""Polarity from grammar: does a text assert its proposition, or deny / doubt / reject it? Pure code.

Static embeddings match topic, not polarity ("ISIS has been defeated" and "ISIS is not defeated yet" are
near twins), so the classifier compares a claim with a position's examples by topic and then uses the
polarity of both: same polarity supports that position, opposite polarity supports its ``opposite``.

Polarity of a text, read from the words of ``narratives/data/lexicon/stance.json``:

* the focus is the main clause: after the last contrast ("..., but it is over"), after the comma of a
  leading concession ("Although ..., the group is beaten");
* negators in the focus flip it ("has not been defeated", "nothing to do with"), except fixed phrases that
  do not negate ("no doubt", "not only");
* rejection words assert that a proposition is false ("the accusations are baseless", "a provocation");
* a denial or doubt cue before the content in its sentence ("denied that X", "voiced skepticism about X")
  and a distancing hedge ("the so-called victory") flip it too;
* possibility modals and conditionals make it tentative (lower confidence), not negative;
* an announced action ("will expel", "is ready to help") is intent: it asserts nothing on the dispute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from ..lexicon import lexicon_file, word_set
from ..terms import tokenize

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "stance.json"


@dataclass(frozen=True)
class WordList:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, words: list[str]) -> WordList:
        single = [w for w in words if " " not in w]
        return cls(
            frozenset(w for w in single if not w.endswith("*")),
            tuple(w[:-1] for w in single if w.endswith("*")),
            tuple(tuple(w.split()) for w in words if " " in w),
        )

    @cached_property
    def _first_words(self) -> frozenset[str]:
        return frozenset(phrase[0] for phrase in self.phrases)

    def at(self, words: tuple[str, ...], i: int) -> int:
        """Length of the entry matching at word i (0 when none)."""
        w = words[i]
        if w in self._first_words:  # most words start no phrase: skip the scan
            for phrase in self.phrases:
                if phrase[0] == w and words[i : i + len(phrase)] == phrase:
                    return len(phrase)
        if w in self.exact:
            return 1
        return 1 if self.prefixes and w.startswith(self.prefixes) else 0


@dataclass(frozen=True)
class StanceLexicon:
    negators: WordList
    not_negating: WordList
    rejection: WordList
    denial_cues: WordList
    hedges: WordList
    possibility: WordList
    contrast: WordList
    leading_contrast: WordList
    conditional: WordList
    denial_nouns: WordList
    intent: WordList


@cache
def stance_lexicon(path: str | None = None) -> StanceLexicon:
    data = lexicon_file("stance") if path is None else json.loads(Path(path).read_text(encoding="utf-8"))
    return StanceLexicon(
        **{name: WordList.of(data.get(name, [])) for name in StanceLexicon.__dataclass_fields__}
    )


@dataclass(frozen=True)
class Polarity:
    sign: int  # +1 asserts, -1 denies / doubts / rejects
    negations: int  # negators in the focus
    rejection: bool
    denial_cue: bool  # a denial or doubt cue governs the content
    tentative: bool  # possibility modal or conditional
    contrast: bool  # the focus follows a contrast
    focus: str  # the words the polarity was read from
    intent: bool = False  # announces an action to come ("will expel", "is ready to help"), asserting nothing


@lru_cache(maxsize=4096)  # bounded: a document's sentences recur across its claims, and in fitting
def words_of(text: str) -> tuple[str, ...]:
    return tuple(t.low for t in tokenize(text))


def focus_words(words: tuple[str, ...], lex: StanceLexicon) -> tuple[tuple[str, ...], bool]:
    """The main clause's words, and whether a contrast was skipped to find it."""
    if words and lex.leading_contrast.at(words, 0) and "," in words:
        rest = words[words.index(",") + 1 :]
        if len(rest) >= 3:
            return rest, True
    cut = -1
    for i in range(1, len(words) - 2):
        if lex.contrast.at(words, i) and words[i] not in lex.leading_contrast.exact:
            cut = i
    if cut > 0:
        return words[cut + 1 :], True
    return words, False


_CLAUSE_BREAKS = frozenset(",;:") | word_set("stance", "clause_breaks")


def _clauses(words: tuple[str, ...], lex: StanceLexicon) -> list[tuple[str, ...]]:
    out, current = [], []
    for word in words:
        if word in _CLAUSE_BREAKS and current:
            out.append(tuple(current))
            current = []
        elif word not in _CLAUSE_BREAKS:
            current.append(word)
    if current:
        out.append(tuple(current))
    return out


def _count(words: tuple[str, ...], wanted: WordList, skip: WordList | None = None) -> int:
    if skip is None and not wanted.phrases:  # each word matches alone: no scan with a cursor needed
        exact, prefixes = wanted.exact, wanted.prefixes
        if not prefixes:
            return sum(1 for w in words if w in exact)
        return sum(1 for w in words if w in exact or w.startswith(prefixes))
    found = i = 0
    while i < len(words):
        if skip is not None and (n := skip.at(words, i)):
            i += n
            continue
        n = wanted.at(words, i)
        found += bool(n)
        i += max(n, 1)
    return found


def polarity(content: str, sentence: str = "", lex: StanceLexicon | None = None) -> Polarity:
    """The polarity of ``content``; ``sentence`` (its sentence) supplies the cue before it."""
    lex = lex or stance_lexicon()
    words = words_of(content)
    focus, contrast = focus_words(words, lex)
    # negation is read clause by clause: "X did not take part, so we cannot accept it" is one denial
    clauses = [list(c) for c in _clauses(focus, lex)]
    negations = sum(_count(tuple(c), lex.negators, lex.not_negating) % 2 for c in clauses)
    rejection = _count(focus, lex.rejection) > 0
    if rejection and _count(focus, lex.denial_nouns):
        rejection = False  # "the denials are absurd" rejects a denial: it affirms
    hedged = _count(focus, lex.hedges) > 0
    # a denial cue inside the content governing a that-clause: "(they) disagree with Moscow that X"
    denial = any(
        lex.denial_cues.at(focus, i)
        and "that" in focus[i + 1 : i + 6]
        and not _count(focus[max(0, i - 3) : i], lex.negators)  # "no doubt that", "did not deny that"
        for i in range(len(focus) - 2)
    )
    if sentence and content and not denial:
        at = sentence.find(content[:40])
        if at > 0:
            before = words_of(sentence[:at])[-8:]
            denial = _count(before, lex.denial_cues) > 0
            if denial and _count(before, lex.negators, lex.not_negating) % 2:
                denial = False  # "did not deny that ..."
            hedged = hedged or _count(before[-2:], lex.hedges) > 0
    # Any one marker denies: "nothing to do with it, the claims are unfounded" is one denial, not two.
    negative = negations > 0 or rejection or denial or hedged
    tentative = _count(focus, lex.possibility) > 0 or _count(focus[:2], lex.conditional) > 0
    sign = -1 if negative else 1
    intent = sign > 0 and _count(focus, lex.intent) > 0
    return Polarity(sign, negations, rejection, denial, tentative, contrast, " ".join(focus), intent)
