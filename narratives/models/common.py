"""What the model's domains share: provenance, the "none" filter value, the live-claim count."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q


class Origin(models.TextChoices):
    MACHINE = "machine", "Machine"
    ANALYST = "analyst", "Analyst"


# Sentinel filter value: claims without a sided speaker, or without a position.
NONE_SLUG = "_none"


class LiveClaimCountQuerySet(models.QuerySet):
    """For models with a ``claims`` relation: how many claims an analyst has not rejected, one JOIN."""

    def with_live_claim_count(self, name: str = "claim_count"):
        return self.annotate(**{name: Count("claims", filter=Q(claims__rejected=False), distinct=True)})
