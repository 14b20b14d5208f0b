"""Learning from analysts: an event's labelled claims re-score the claims nobody reviewed.

A claim an analyst set, confirmed or reviewed is ``origin=analyst``; re-classification never touches those,
so a reviewed claim never changes. The worker runs this after each review-queue decision.
"""

from __future__ import annotations

from ..models import Claim
from . import reclassify


def relearn_event(*, event_id: int) -> int:
    """Re-score the machine claims of the articles that speak of the event; how many claims moved."""
    article_ids = list(
        Claim.objects.filter(event_id=event_id).order_by().values_list("article_id", flat=True).distinct()
    )
    if not article_ids:
        return 0
    return reclassify.apply(user=None, article_ids=article_ids)
