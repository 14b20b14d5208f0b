"""Learning from analysts: a per-event model fitted on labelled claims, blended into the classifier.

Features of a claim: its content embedding, the same embedding signed by the claim's polarity (so a
learned direction can tell "is defeated" from "is not defeated"), hashed word stems and stem pairs with
words in a negation's scope marked, and the polarity itself. The model is a ridge classifier (closed
form, numpy only): one fit of 1,000 claims takes well under a second.

API for the Django side::

    labelled = [LabelledClaim(content, sentence, event_slug_or_None, position_slug_or_None), ...]
    models = fit_event_models(labelled)            # {event slug: EventModel}, only reviewed claims
    blob = models["slug"].to_bytes(); EventModel.from_bytes(blob)   # store per event
    Classifier(knowledge, models=models)           # re-score unreviewed claims only
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..lexicon import word_set
from .polarity import polarity, stance_lexicon, words_of
from .semantic import DIM, get_embedder

HASH_DIM = 512
SIDE_DIM = 32
PRIOR_SCALE = 5.0  # weight of the definitions' scores among the learned features
RIDGE = 0.1
FULL_WEIGHT_AT = 50  # labels at which the model weighs as much as the definitions
NONE = ""  # the class of "about the event, no position"


class LabelledClaim(NamedTuple):
    content: str
    sentence: str
    event: str | None
    position: str | None
    side: str | None = None  # the speaker's side (SideEntry.name), when known


_NEGATION_BREAKS = frozenset(",.;:!?") | word_set("terms", "negation_breaks")


def _hashed(content: str) -> np.ndarray:
    lex = stance_lexicon()
    out = np.zeros(HASH_DIM, dtype=np.float32)
    words = words_of(content)
    negated = False
    previous = ""
    for i, word in enumerate(words):
        if word in _NEGATION_BREAKS:
            negated, previous = False, ""
            continue
        if lex.negators.at(words, i) and not lex.not_negating.at(words, i):
            negated = True
        feature = ("NOT_" if negated else "") + word
        for key in (feature, f"{previous} {feature}" if previous else ""):
            if key:
                h = zlib.crc32(key.encode())
                out[h % HASH_DIM] += 1.0 if (h >> 20) & 1 else -1.0
        previous = word
    norm = np.linalg.norm(out)
    return out / norm if norm else out


def _side(side: str | None) -> np.ndarray:
    """The speaker's side, hashed: within one event, who speaks says much about the position taken."""
    out = np.zeros(SIDE_DIM, dtype=np.float32)
    if side:
        out[zlib.crc32(side.lower().encode()) % SIDE_DIM] = 1.0
    return out


def features(
    content: str, sentence: str, vector: np.ndarray, sign: int | None = None, side: str | None = None
) -> np.ndarray:
    pol = polarity(content, sentence)
    sign = pol.sign if sign is None else sign
    extra = np.array([sign, float(pol.denial_cue), float(pol.rejection), float(pol.tentative), 1.0])
    return np.concatenate([vector, sign * vector, _hashed(content), extra, _side(side)]).astype(np.float32)


def _ridge(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ridge weights for every column of y at once (dual form when there are fewer rows than features)."""
    n, d = x.shape
    if n < d:
        return x.T @ np.linalg.solve(x @ x.T + RIDGE * np.eye(n, dtype=x.dtype), y)
    return np.linalg.solve(x.T @ x + RIDGE * np.eye(d, dtype=x.dtype), x.T @ y)


@dataclass
class EventModel:
    event: str
    classes: tuple[str, ...]  # position slugs and NONE
    stance_weights: np.ndarray | None  # (features, classes)
    member_weights: np.ndarray | None  # (features, 1): is a claim about this event?
    n_labels: int

    @property
    def weight(self) -> float:
        return self.n_labels / (self.n_labels + FULL_WEIGHT_AT)

    def stance_probabilities(
        self, content, sentence, vector, sign=None, side=None, prior=None
    ) -> dict[str, float]:
        if self.stance_weights is None:
            return {}
        x = features(content, sentence, vector, sign, side)
        raw = np.concatenate([x, _prior_vector(prior or {}, self.classes)]) @ self.stance_weights
        e = np.exp(8.0 * (raw - raw.max()))
        return dict(zip(self.classes, (e / e.sum()).tolist(), strict=True))

    def blend(
        self, scores: Mapping[str, float], *, content, sentence, vector, sign=None, side=None
    ) -> dict[str, float]:
        """Definition-based position scores and this model's probabilities, as one distribution over the
        positions and NONE (no position); the definitions' scores count as probabilities against a
        NONE mass of 0.3."""
        prior = _distribution(scores)
        probs = self.stance_probabilities(content, sentence, vector, sign, side, prior)
        if not probs:  # one class labelled so far: the definitions decide, and nothing found is no position
            return dict(scores) or {NONE: 1.0}
        a = self.weight
        keys = set(prior) | set(probs)
        return {k: (1 - a) * prior.get(k, 0.0) + a * probs.get(k, 0.0) for k in keys}

    def event_blend(self, score: float, *, content, sentence, vector, side=None) -> float:
        if self.member_weights is None:
            return score
        raw = float(
            _topic(features(content, sentence, vector, None, side)[None, :])[0] @ self.member_weights[:, 0]
        )
        p = 1.0 / (1.0 + np.exp(-4.0 * raw))
        return (1 - self.weight) * score + self.weight * 2.0 * p

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        empty = np.zeros((0, 0), dtype=np.float32)
        np.savez_compressed(
            buf,
            event=np.array(self.event),
            classes=np.array(self.classes),
            stance=self.stance_weights if self.stance_weights is not None else empty,
            member=self.member_weights if self.member_weights is not None else empty,
            n=np.array(self.n_labels),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> EventModel:
        data = np.load(io.BytesIO(blob), allow_pickle=False)
        stance, member = data["stance"], data["member"]
        return cls(
            str(data["event"]),
            tuple(str(c) for c in data["classes"]),
            stance if stance.size else None,
            member if member.size else None,
            int(data["n"]),
        )


def _topic(x: np.ndarray) -> np.ndarray:
    """The membership features: the content's embedding and the speaker's side (topic, not polarity)."""
    return np.hstack([x[:, :DIM], x[:, -SIDE_DIM:]])


def _distribution(scores: Mapping[str, float]) -> dict[str, float]:
    """Definition-based scores as probabilities over the positions and NONE (a NONE mass of 0.3)."""
    total = sum(max(v, 0.0) for v in scores.values()) + 0.3
    out = {s: max(v, 0.0) / total for s, v in scores.items()}
    out[NONE] = 0.3 / total
    return out


def _prior_vector(prior: Mapping[str, float], classes: tuple[str, ...]) -> np.ndarray:
    return PRIOR_SCALE * np.array([prior.get(k, 0.0) for k in classes], dtype=np.float32)


def _matrix(claims: list[LabelledClaim], embedder) -> np.ndarray:
    vectors = embedder.embed([c.content for c in claims])
    rows = [features(c.content, c.sentence, v, None, c.side) for c, v in zip(claims, vectors, strict=True)]
    return np.stack(rows)


def fit_event_model(
    labelled: Iterable[LabelledClaim], event: str, embedder=None, prior=None
) -> EventModel | None:
    """Fit ``event``'s model from reviewed claims (any event: other events' claims are negatives for
    membership). None when no claim is labelled with ``event``."""
    return fit_event_models(labelled, embedder, only=event, prior=prior).get(event)


def fit_event_models(
    labelled: Iterable[LabelledClaim],
    embedder=None,
    *,
    only: str | None = None,
    prior: Callable[[str, list[str], list[str]], list[Mapping[str, float]]] | None = None,
) -> dict[str, EventModel]:
    """``prior(event, contents, sentences)``: the definitions' position scores per claim
    (``Classifier(knowledge).position_scores``), which the model then learns when to trust."""
    claims = [LabelledClaim(*c) for c in labelled if c[0]]
    events = sorted({c.event for c in claims if c.event and (only is None or c.event == only)})
    if not events:
        return {}
    embedder = embedder or get_embedder()
    x = _matrix(claims, embedder)
    models: dict[str, EventModel] = {}
    member_of = {e: np.array([c.event == e for c in claims]) for e in events}
    split = [e for e in events if 0 < member_of[e].sum() < len(claims)]
    members = {}
    if split:  # one solve for every event's membership
        y = np.stack([np.where(member_of[e], 1.0, -1.0) for e in split], axis=1).astype(np.float32)
        weights = _ridge(_topic(x), y)
        members = {e: weights[:, [k]] for k, e in enumerate(split)}
    for event in events:
        mine = member_of[event]
        rows = [c for c in claims if c.event == event]
        classes = tuple(sorted({c.position or NONE for c in rows}))
        stance = None
        if len(classes) > 1:
            y = np.array([[1.0 if (c.position or NONE) == k else 0.0 for k in classes] for c in rows])
            given = prior(event, [c.content for c in rows], [c.sentence for c in rows]) if prior else []
            priors = [_prior_vector(_distribution(p), classes) for p in given] or [
                _prior_vector({}, classes) for _ in rows
            ]
            stance = _ridge(np.hstack([x[mine], np.stack(priors)]), y.astype(np.float32))
        models[event] = EventModel(event, classes, stance, members.get(event), len(rows))
    return models
