"""Amounts: the value of a run of number tokens, and how exact it is (a bound, a range, approximate)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from .lexicon import word_set, word_table

# The number words are data: narratives/data/lexicon/figures.json.
WORD_VALUES: dict[str, int] = word_table("figures", "word_values")
MULTIPLIERS: dict[str, int] = word_table("figures", "multipliers")
_INDEFINITE = word_set("determiners", "indefinite_articles")
_REPLACES_ARTICLE = word_set("figures", "replaces_article")  # "a couple" is 2
_RANGE_QUANTIFIERS = word_set("figures", "range_quantifiers")  # "a few hundred"
_APPROXIMATE_NUMBERS = word_set("figures", "approximate_numbers")


def number_value(tokens: Sequence[Token]) -> float | None:
    """Value of a run of number tokens: "1,720", "1.5 million", "a couple thousand", "twenty-five"."""
    total = 0.0
    current: float | None = None
    for tok in tokens:
        low = tok.lower_.replace("\u00a0", "")
        if not low or low == "-":
            continue
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", low):
            value = float(low.replace(",", ""))
            current = value if current is None else current + value
        elif "-" in low and all(p in WORD_VALUES for p in low.split("-")):
            value = float(sum(WORD_VALUES[p] for p in low.split("-")))
            current = value if current is None else current + value
        elif low in MULTIPLIERS:
            current = (current if current is not None else 1.0) * MULTIPLIERS[low]
            if MULTIPLIERS[low] >= 1000:
                total += current
                current = None
        elif low in WORD_VALUES:
            if current is not None and low in _INDEFINITE:
                continue
            if current == 1 and low in _REPLACES_ARTICLE:
                current = float(WORD_VALUES[low])  # "a couple", "a dozen"
            else:
                current = float(WORD_VALUES[low]) if current is None else current + WORD_VALUES[low]
        else:
            return None
    if current is not None:
        total += current
    return total if (total or any(t.lower_ == "zero" or t.text == "0" for t in tokens)) else None


@cache
def vague_lexicon() -> dict:
    path = Path(__file__).resolve().parent.parent / "data" / "figures" / "vague.json"
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reading:
    """How exact a stated number is: its nominal value, a bound or range, and whether it is approximate."""

    value: float
    low: float | None = None
    high: float | None = None
    approximate: bool = False


def _words_before(doc: Doc, i: int, n: int) -> str:
    return " ".join(t.lower_ for t in doc[max(0, i - n) : i])


class _WordsBefore:
    """``_words_before(doc, i, n)`` for one token ``i`` and any ``n``, each joined once: a number is
    compared with some thirty phrases of one to four words."""

    __slots__ = ("doc", "i", "joined")

    def __init__(self, doc: Doc, i: int) -> None:
        self.doc, self.i, self.joined = doc, i, {}

    def __call__(self, n: int) -> str:
        found = self.joined.get(n)
        if found is None:
            found = self.joined[n] = _words_before(self.doc, self.i, n)
        return found


def _phrase_before(words: _WordsBefore, phrases: list[str]) -> str:
    """The longest of ``phrases`` that ends right before the token ``words`` looks back from."""
    for phrase in sorted(phrases, key=len, reverse=True):
        size = len(phrase.split())
        if words.i >= size and words(size) == phrase:
            return phrase
    return ""


def read_amount(run: Sequence[Token], value: float) -> Reading:
    """The number's bound, range and vagueness from the words around it ("more than", "a few hundred")."""
    lexicon = vague_lexicon()
    doc = run[0].doc
    start = run[0].i
    if start > 0 and doc[start - 1].lower_ in _INDEFINITE and run[0].lower_ in lexicon["quantifier_ranges"]:
        start -= 1
    before = _WordsBefore(doc, start)
    # A quantifier word before the number stands for a range: "a few hundred", "several thousand".
    for quantifier, (lo, hi) in lexicon["quantifier_ranges"].items():
        words = run[0].i >= 1 and before(len(quantifier.split()))
        if words == quantifier and quantifier.split()[-1] in _RANGE_QUANTIFIERS:
            scale = value if value >= 10 else 1.0
            low, high = lo * scale, hi * scale
            nominal = (3 if quantifier != "couple" else 2) * scale
            return Reading(nominal, low, high, True)
    # A run that is only a plural multiplier: "hundreds of", "thousands".
    plural = " ".join(t.lower_ for t in run)
    if plural in lexicon["quantifier_ranges"]:
        lo, hi = lexicon["quantifier_ranges"][plural]
        return Reading(value, float(lo), float(hi), True)
    # "2,000 troops or more": the phrase may follow the counted noun.
    after = " " + " ".join(t.lower_ for t in doc[run[-1].i + 1 : run[-1].i + 5])
    if _phrase_before(before, lexicon["lower_bound"]) or any(f" {p}" in after for p in lexicon["or_more"]):
        return Reading(value, low=value, approximate=True)
    if _phrase_before(before, lexicon["upper_bound"]) or any(f" {p}" in after for p in lexicon["or_less"]):
        return Reading(value, high=value, approximate=True)
    if _phrase_before(before, lexicon["approximate"]) or any(t.lower_ in _APPROXIMATE_NUMBERS for t in run):
        return Reading(value, approximate=True)
    return Reading(value)


def single_thing(run: Sequence[Token], value: float) -> bool:
    """ "one element", "a unit": a count of one written as a word states no figure."""
    return value == 1 and all(not t.text[:1].isdigit() for t in run)
