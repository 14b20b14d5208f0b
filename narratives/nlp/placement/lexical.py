"""The lexical share of a claim's similarity to a position's texts: the cosine of their bags of word stems.

Exact, not hashed: a bag of stems hashed into a few hundred buckets made unrelated stems collide, and the
collisions alone moved a set's stance accuracy by several points (docs/attribution.md). Two texts with no
stem in common score 0. An event's position texts are numbered over their own stems once (``StemIndex``);
a claim's bag is computed once and becomes one vector per event.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..lexicon import word_set
from ..terms import tokenize

STOP = word_set("terms", "hash_stop_words")

StemBag = Mapping[str, float]


def stem_bag(text: str) -> dict[str, float]:
    """The text's word stems (function words and punctuation left out), counted, scaled to unit length."""
    counts = Counter(tok.stem for tok in tokenize(text) if not tok.boundary and tok.low not in STOP)
    norm = math.sqrt(sum(c * c for c in counts.values()))
    return {s: c / norm for s, c in counts.items()} if norm else {}


class StemIndex:
    """The stems of a set of texts, numbered: each text a row of unit length over them."""

    __slots__ = ("rows", "stems")

    def __init__(self, texts: Sequence[str]) -> None:
        bags = [stem_bag(t) for t in texts]
        self.stems: dict[str, int] = {}
        for bag in bags:
            for stem in bag:
                self.stems.setdefault(stem, len(self.stems))
        self.rows = np.zeros((len(bags), len(self.stems)), dtype=np.float32)
        for row, bag in enumerate(bags):
            for stem, value in bag.items():
                self.rows[row, self.stems[stem]] = value

    def vector(self, bag: StemBag) -> np.ndarray:
        """A claim's bag over these stems: a stem no text has adds nothing to a product, but it counted in
        the bag's length, so ``rows @ vector`` is the exact cosine."""
        out = np.zeros(len(self.stems), dtype=np.float32)
        for stem, value in bag.items():
            k = self.stems.get(stem)
            if k is not None:
                out[k] = value
        return out
