"""Near-identical quotes: the same words credited to different speakers or outlets, with their similarity.

Outlets re-punctuate, drop a word or two, or translate a quote slightly differently, so exact fingerprints
miss many repeats. Quotes are compared on their normalised content words (``fingerprint_words``) with
rapidfuzz; only pairs that share a run of words are compared at all, so the cost grows with the number of
quotes, not with its square.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .fingerprint import fingerprint_words

THRESHOLD = 82  # rapidfuzz ratio (0-100) on the normalised words
MIN_WORDS = 5  # shorter quotes ("This is great news") only match exactly: near-misses are chance
SHINGLE = 3  # quotes that share no run of three content words are not compared
MAX_BUCKET = 50  # a run of words shared by more quotes than this is boilerplate, not a repeat


@dataclass(frozen=True)
class Quote:
    key: Hashable  # a claim id
    text: str
    speaker: Hashable | None
    outlet: Hashable | None


@dataclass
class SimilarGroup:
    keys: list  # claim ids, in input order
    similarity: dict  # claim id -> its best score (0-100) against another member of the group

    @property
    def lowest(self) -> int:
        return min(self.similarity.values())


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def similar_groups(quotes: Iterable[Quote], *, threshold: int = THRESHOLD) -> list[SimilarGroup]:
    """Groups of quotes at least ``threshold`` similar, that more than one speaker or outlet stated.

    The largest groups first; within a group, the input order (callers pass newest first).
    """
    items = [q for q in quotes]
    words = [fingerprint_words(q.text) for q in items]
    texts = [" ".join(w) for w in words]
    buckets: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, w in enumerate(words):
        if len(w) >= MIN_WORDS:
            for shingle in _shingles(w):
                buckets[shingle].append(i)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, float] = {}
    # The same words exactly (the fingerprint's match) count whatever their length.
    same: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        if text:
            same[text].append(i)
    for members in same.values():
        for i in members[1:]:
            best[i] = best[members[0]] = 100
            parent[root(i)] = root(members[0])
    compared: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if (a, b) in compared:
                    continue
                compared.add((a, b))
                score = fuzz.ratio(texts[a], texts[b], score_cutoff=threshold)
                if score:
                    best[a], best[b] = max(best.get(a, 0), score), max(best.get(b, 0), score)
                    parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in best:
        groups[root(i)].append(i)
    out = []
    for members in groups.values():
        members.sort()
        speakers = {items[i].speaker for i in members}
        outlets = {items[i].outlet for i in members}
        if len(speakers) < 2 and len(outlets) < 2:
            continue
        out.append(
            SimilarGroup(
                keys=[items[i].key for i in members],
                similarity={items[i].key: round(best[i]) for i in members},
            )
        )
    return sorted(out, key=lambda g: (-len(g.keys), -g.lowest))
