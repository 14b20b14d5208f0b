"""What claims are about: events and the positions taken on them."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .common import LiveClaimCountQuerySet


class EventQuerySet(LiveClaimCountQuerySet):
    def for_index(self):
        """Events with their positions for the index page; side counts: Claim.side_counts_by_event."""
        return self.prefetch_related("positions")

    def spoken_about_by(self, actor):
        """The events an actor's live claims are about."""
        return self.filter(claims__speaker=actor, claims__rejected=False).distinct()

    def claims_changed(self) -> int:
        """Give these events a new claims_version: what was cached under the old one is never read again.

        Every write of claims calls this in its own transaction, so the version commits with the claims.
        """
        return self.update(claims_version=uuid.uuid4())


class Event(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    terms = models.JSONField(default=list, blank=True, help_text="Terms that place a claim in this event.")
    # What the classifier learned from this event's labelled claims (nlp.placement.learn.EventModel bytes),
    # refitted on the worker after analysts' decisions.
    learned_model = models.BinaryField(null=True, blank=True, editable=False)
    learned_labels = models.PositiveIntegerField(default=0, editable=False)
    learned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Renewed whenever a claim of this event is written (EventQuerySet.claims_changed): the event page caches
    # its group counts under it. Random, not a counter, so a rolled-back or restored number never comes back.
    claims_version = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="event_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.slug])


class PositionQuerySet(LiveClaimCountQuerySet):
    pass


class Position(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="positions")
    slug = models.SlugField(max_length=100)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cue_terms = models.JSONField(default=list, blank=True)
    examples = models.JSONField(
        default=list,
        blank=True,
        help_text="Sentences that hold this position; the classifier reads them.",
    )
    opposite = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The position a negated cue term flips to.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    # The edit form's version: a save from a stale page is refused (services.events.save_position).
    updated_at = models.DateTimeField(auto_now=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="position_unique_per_event")]

    def __str__(self) -> str:
        return self.label
