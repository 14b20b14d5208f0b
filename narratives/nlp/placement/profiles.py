"""What the classifier knows of each event and position, built once per Knowledge: embedded texts and
their polarity (from the definitions' titles, descriptions and examples)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..types import EventEntry
from .lexical import StemBag, StemIndex
from .polarity import polarity

TOP = 2  # a position's score: the mean of its best TOP matches
LEXICAL = 0.3  # share of shared word stems in a claim's similarity to a position's texts


@dataclass(frozen=True)
class PositionProfile:
    slug: str
    opposite: str | None
    texts: tuple[str, ...]  # description and examples
    vectors: np.ndarray  # one row per text
    signs: np.ndarray  # polarity of each text (+1 / -1)
    words: np.ndarray  # each text's word stems over the event's ``stems`` (names and words embeddings blur)
    rejects: float = 0.0  # share of its texts that reject something ("the charges are baseless")


@dataclass(frozen=True)
class EventProfile:
    slug: str
    texts: tuple[str, ...]
    vectors: np.ndarray  # title, description, position descriptions and examples
    positions: tuple[PositionProfile, ...]
    stems: StemIndex  # the word stems of all its positions' texts


def description_clauses(description: str) -> list[str]:
    """A description's clauses (split at ':', ';' and ','), each read for topic and polarity on its own:
    "Russia had nothing to do with it: the accusations are unfounded, a provocation"."""
    parts = [p.strip() for p in re.split(r"[:;]\s+|\s+-\s+", description)]
    return [p for p in parts if len(p.split()) >= 2] or ([description] if description.strip() else [])


def _position_texts(position) -> tuple[str, ...]:
    texts = description_clauses(position.description) + list(position.examples)
    return tuple(t for t in texts if t.strip())


def build_profiles(events: tuple[EventEntry, ...], embedder) -> dict[str, EventProfile]:
    profiles: dict[str, EventProfile] = {}
    for event in events:
        positions = []
        all_texts = [t for t in (event.title, event.description) if t]
        texts_of = [_position_texts(position) for position in event.positions]
        stems = StemIndex([t for texts in texts_of for t in texts])
        start = 0
        for position, texts in zip(event.positions, texts_of, strict=True):
            all_texts += texts
            vectors = embedder.embed(list(texts)) if texts else np.zeros((0, 1), dtype=np.float32)
            read = [polarity(t) for t in texts]
            signs = np.array([p.sign for p in read], dtype=np.float32)
            words = stems.rows[start : start + len(texts)]
            start += len(texts)
            rejects = sum(p.rejection or p.denial_cue for p in read) / max(len(read), 1)
            positions.append(
                PositionProfile(position.slug, position.opposite, texts, vectors, signs, words, rejects)
            )
        vectors = embedder.embed(all_texts) if all_texts else np.zeros((0, 1), dtype=np.float32)
        profiles[event.slug] = EventProfile(event.slug, tuple(all_texts), vectors, tuple(positions), stems)
    return profiles


def topic_similarities(vectors: np.ndarray, profile: EventProfile, top: int = 3) -> np.ndarray:
    """For each row of ``vectors``, the mean of its ``top`` best cosine similarities with the event's profile
    texts; one product for all rows (it runs for every claim)."""
    n = len(profile.texts)
    if not n:
        return np.zeros(len(vectors), dtype=np.float32)
    sims = profile.vectors @ vectors.T  # (profile texts, rows)
    k = min(top, n)
    best = np.partition(sims, n - k, axis=0)[n - k :] if n > k else sims
    return best.sum(axis=0) / k


def position_votes(
    vector: np.ndarray, sign: int, profile: EventProfile, words: StemBag | None = None
) -> dict[str, float]:
    """Each position's best match by topic; a match of the other polarity votes for the opposite. ``words``
    is the claim's ``stem_bag``: shared stems are LEXICAL of the similarity.

    Returns position slug -> similarity of the best supporting text (0 when none)."""
    votes: dict[str, list[float]] = {}
    lexical = profile.stems.vector(words) if words is not None else None
    for position in profile.positions:
        if not len(position.texts):
            continue
        sims = position.vectors @ vector
        if lexical is not None:
            sims = (1 - LEXICAL) * sims + LEXICAL * (position.words @ lexical)
        for sim, text_sign in zip(sims, position.signs, strict=True):
            target = position.slug if text_sign == sign else position.opposite
            if target is None:
                continue
            votes.setdefault(target, []).append(float(sim))
    return {t: float(np.mean(sorted(v)[-TOP:])) for t, v in votes.items()}


def rejection_votes(profile: EventProfile) -> dict[str, float]:
    """Positions whose definition rejects something, each with its share of the event's rejecting texts:
    where a bare rejection ("This is a farce") lands when its words match no position by topic."""
    total = sum(p.rejects for p in profile.positions)
    return {p.slug: p.rejects / total for p in profile.positions if p.rejects} if total else {}
