"""Learning from analysts: a per-event model fitted on labelled claims, blended into the classifier.

Features of a claim: its content embedding, the same embedding signed by the claim's polarity (so a
learned direction can tell "is defeated" from "is not defeated"), hashed word stems and stem pairs with
words in a negation's scope marked, and the polarity itself. The model is a ridge classifier (closed
form, numpy only): one fit of 1,000 claims takes well under a second.

How much the model counts against the definitions is chosen from the labels themselves: each labelled
claim is predicted by the model fitted without its article (closed form), and a blend weight is kept only
if its decisions beat the definitions' clearly on those held-out claims; otherwise the weight is 0 and the
definitions decide alone, so labels never make placement worse than no labels.

API for the Django side::

    labelled = [LabelledClaim(content, sentence, event_or_None, position_or_None, side, article), ...]
    models = fit_event_models(labelled, prior=Classifier(knowledge, models={}).position_scores)
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
from .decide import NONE, assigned, assigned_blend, definitions_distribution
from .polarity import polarity, stance_lexicon, words_of
from .semantic import DIM, get_embedder

HASH_DIM = 512
SIDE_DIM = 32
PRIOR_SCALE = 5.0  # weight of the definitions' scores among the learned features
RIDGE = 0.1  # event membership
STANCE_RIDGE = 1.0  # positions: ~1,100 features on ~100 labels, at 0.1 the fit all but interpolates them
FULL_WEIGHT_AT = 50  # labels at which the membership model weighs as much as the definitions
SURE = 2.0  # a weight's gain on held-out labels must be this many deviations above none (one-sided ~2%)
BLENDS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # the stance blend weights tried on held-out labels


class LabelledClaim(NamedTuple):
    content: str
    sentence: str
    event: str | None
    position: str | None
    side: str | None = None  # the speaker's side (SideEntry.name), when known
    group: object = None  # the claim's article: its claims are held out together when weighing the model


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


def _ridge_held_out(x: np.ndarray, y: np.ndarray, groups: list) -> tuple[np.ndarray, np.ndarray]:
    """Ridge weights, and each row's prediction by the model fitted without its group (its article: claims
    of one article share words and sentences, so holding out one claim at a time flatters the model).
    Closed form: with G the inverse of the regularised Gram matrix and alpha = G y, a group S's held-out
    residual is solve(G_SS, alpha_S)."""
    g = np.linalg.inv(x @ x.T + STANCE_RIDGE * np.eye(len(x)))
    alpha = g @ y
    held_out = np.empty_like(y)
    members: dict[object, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(i if group is None else group, []).append(i)
    for rows in members.values():
        held_out[rows] = y[rows] - np.linalg.solve(g[np.ix_(rows, rows)], alpha[rows])
    return (x.T @ alpha).astype(np.float32), held_out


def _choose_blend(
    rows: list[LabelledClaim],
    classes: tuple[str, ...],
    given: list[Mapping[str, float]],
    held_out: np.ndarray,
) -> float:
    """The blend weight whose decisions beat the definitions' most on the labels, each claim scored by the
    model that did not see its article; 0 (the definitions alone) unless the gain is clear: among the claims
    where the two decide differently, wins minus losses must exceed SURE standard deviations (a sign test),
    since a few articles' labels are a noisy judge."""
    probs = _probabilities(held_out)
    pols = [polarity(c.content, c.sentence) for c in rows]
    truth = [c.position or None for c in rows]
    alone = [assigned(p, tentative=q.tentative, intent=q.intent) for p, q in zip(given, pols, strict=True)]
    best, best_gain = 0.0, 0.0
    groups = [k if c.group is None else c.group for k, c in enumerate(rows)]
    for a in BLENDS[1:]:
        gains: dict[object, int] = {}
        for k, (pol, scores) in enumerate(zip(pols, given, strict=True)):
            alone_k = definitions_distribution(scores, tentative=pol.tentative)
            mixed = _mix(alone_k, dict(zip(classes, probs[k], strict=True)), a)
            guess = assigned_blend(mixed, intent=pol.intent)
            change = int(guess == truth[k]) - int(alone[k] == truth[k])
            gains[groups[k]] = gains.get(groups[k], 0) + change
        gain = sum(gains.values())
        spread = sum(g * g for g in gains.values()) ** 0.5
        if gain > SURE * spread and gain > best_gain:
            best, best_gain = a, gain
    return best


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
    # the model's weight in the position blend, chosen on held-out labels (None: a blob from before)
    stance_blend: float | None = None

    @property
    def weight(self) -> float:
        return self.n_labels / (self.n_labels + FULL_WEIGHT_AT)

    @property
    def stance_weight(self) -> float:
        return self.weight if self.stance_blend is None else self.stance_blend

    def stance_probabilities(
        self, content, sentence, vector, sign=None, side=None, prior=None
    ) -> dict[str, float]:
        if self.stance_weights is None:
            return {}
        x = features(content, sentence, vector, sign, side)
        raw = np.concatenate([x, _prior_vector(prior or {}, self.classes)]) @ self.stance_weights
        return dict(zip(self.classes, _probabilities(raw).tolist(), strict=True))

    def blend(
        self, scores: Mapping[str, float], *, content, sentence, vector, sign=None, side=None, tentative=False
    ) -> dict[str, float]:
        """The definitions' decision and this model's probabilities, as one distribution over the
        positions and NONE (no position)."""
        alone = definitions_distribution(scores, tentative=tentative)
        probs = self.stance_probabilities(content, sentence, vector, sign, side, _distribution(scores))
        if not probs:  # one class labelled so far: the definitions decide
            return alone
        return _mix(alone, probs, self.stance_weight)

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
            blend=np.array(-1.0 if self.stance_blend is None else self.stance_blend),
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
            float(data["blend"]) if "blend" in data and float(data["blend"]) >= 0 else None,
        )


def _mix(prior: Mapping[str, float], probs: Mapping[str, float], a: float) -> dict[str, float]:
    keys = set(prior) | set(probs)
    return {k: (1 - a) * prior.get(k, 0.0) + a * probs.get(k, 0.0) for k in keys}


def _probabilities(raw: np.ndarray) -> np.ndarray:
    e = np.exp(8.0 * (raw - raw.max(axis=-1, keepdims=True)))
    return e / e.sum(axis=-1, keepdims=True)


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
        stance, blend = None, None
        if len(classes) > 1:
            y = np.array([[1.0 if (c.position or NONE) == k else 0.0 for k in classes] for c in rows])
            given = prior(event, [c.content for c in rows], [c.sentence for c in rows]) if prior else []
            priors = [_prior_vector(_distribution(p), classes) for p in given] or [
                _prior_vector({}, classes) for _ in rows
            ]
            x_event = np.hstack([x[mine], np.stack(priors)]).astype(np.float64)
            stance, held_out = _ridge_held_out(x_event, y, [c.group for c in rows])
            if given:  # with the definitions to compare with, held-out labels choose the model's weight
                blend = _choose_blend(rows, classes, given, held_out)
        models[event] = EventModel(event, classes, stance, members.get(event), len(rows), blend)
    return models
