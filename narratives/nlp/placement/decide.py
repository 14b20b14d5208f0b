"""From position scores to a decision: the best position, its confidence, and whether it is assigned or
only suggested. Shared by the classifier and by the learned models' choice of their own weight, so both
decide the same way."""

from __future__ import annotations

from collections.abc import Mapping

NONE = ""  # the class of "about the event, no position"
STANCE_REVIEW = 0.5  # below this confidence the position is only suggested
INTENT_DISCOUNT = 0.6  # an announced action ("will expel staff") is seldom a position on the dispute


def decide(scores: Mapping[str, float], *, tentative: bool, intent: bool = False) -> tuple[str | None, float]:
    """The definitions' best position and its confidence (margin over the second, and strength)."""
    ranked = sorted(((s, v) for s, v in scores.items() if v > 0), key=lambda kv: kv[1], reverse=True)
    if not ranked:
        return None, 0.0
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = (top - second) / top
    strength = min(1.0, top / 0.3)
    conf = 0.25 + 0.35 * margin + 0.35 * strength
    if tentative:
        conf *= 0.85
    if intent:
        conf *= INTENT_DISCOUNT
    return best, round(min(0.95, conf), 2)


def definitions_distribution(scores: Mapping[str, float], *, tentative: bool) -> dict[str, float]:
    """The definitions' decision as a distribution: the best position at its confidence, the rest on NONE;
    a blend with weight 0 on the model then decides exactly as the definitions alone."""
    stance, conf = decide(scores, tentative=tentative)
    return {stance: conf, NONE: 1.0 - conf} if stance is not None else {NONE: 1.0}


def decide_blend(blended: Mapping[str, float], *, intent: bool) -> tuple[str | None, float, bool]:
    """A blend's best position (None when it has none), its confidence, and whether it is assigned: it must
    outweigh NONE and reach STANCE_REVIEW, else it is only suggested (as the definitions' weak ones are)."""
    positions = {k: v for k, v in blended.items() if k != NONE and v > 0}
    if not positions:
        return None, 0.0, False
    best = max(positions, key=positions.get)
    conf = round(min(0.95, positions[best] * (INTENT_DISCOUNT if intent else 1.0)), 2)
    return best, conf, positions[best] >= blended.get(NONE, 0.0) and conf >= STANCE_REVIEW


def assigned(scores: Mapping[str, float], *, tentative: bool, intent: bool) -> str | None:
    """The position the definitions alone assign (None when none, or only suggested)."""
    stance, conf = decide(scores, tentative=tentative, intent=intent)
    return stance if conf >= STANCE_REVIEW else None


def assigned_blend(blended: Mapping[str, float], *, intent: bool) -> str | None:
    """The position a blend assigns (None when NONE wins, or only suggested)."""
    stance, _, confident = decide_blend(blended, intent=intent)
    return stance if confident else None
