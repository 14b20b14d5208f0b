"""Learning from analysts: each event's model is fitted on its labelled claims, then the claims nobody
reviewed are re-scored with it.

A label is a claim whose event or position an analyst set or confirmed (``ClaimQuerySet.labelled``); the
other events' labels are the negatives that teach what is *not* about this event. The model is stored on
the event, so every process reads it with the knowledge snapshot instead of fitting it again. Reviewed
claims are ``origin=analyst`` and re-classification never touches them. The worker runs this after each
review-queue decision.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Claim, Event
from . import reclassify
from .knowledge import load_knowledge


def labelled_claims() -> list:
    from ..nlp.classify import LabelledClaim

    rows = Claim.objects.labelled().values_list(
        "content", "sentence", "event__slug", "position__slug", "side__name", "article_id"
    )
    return [LabelledClaim(*row) for row in rows]


def fit_event(*, event_id: int) -> int:
    """Fit and store the event's model from the labels as they are now; how many labels it learned from."""
    from ..nlp.classify import EventClassifier, fit_event_model

    event = Event.objects.get(pk=event_id)
    labels = labelled_claims()
    # The model learns on top of what the definitions already say (the prior), not from scratch.
    definitions = EventClassifier(load_knowledge(), models={})
    model = fit_event_model(labels, event.slug, prior=definitions.position_scores)
    with transaction.atomic():
        Event.objects.filter(pk=event_id).update(
            learned_model=model.to_bytes() if model else None,
            learned_labels=model.n_labels if model else 0,
            learned_at=timezone.now(),
        )
    return model.n_labels if model else 0


def relearn_event(*, event_id: int) -> int:
    """Fit the event's model, then re-score the machine claims of the articles that speak of the event;
    how many claims moved."""
    fit_event(event_id=event_id)
    article_ids = list(
        Claim.objects.filter(event_id=event_id).order_by().values_list("article_id", flat=True).distinct()
    )
    if not article_ids:
        return 0
    return reclassify.apply(user=None, article_ids=article_ids)
