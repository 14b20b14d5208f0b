"""Who speaks: sides, actors and the names they go by."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from . import search
from .common import NONE_SLUG, LiveClaimCountQuerySet, Origin
from .events import Event


class Side(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    color = models.CharField(max_length=7, default="#6b7280", help_text="Display colour, #rrggbb.")
    terms = models.JSONField(
        default=list, blank=True, help_text="Nationality and place words that point at this side."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(color__regex=r"^#[0-9a-fA-F]{6}$"), name="side_color_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class ActorQuerySet(LiveClaimCountQuerySet):
    def active(self):
        return self.filter(merged_into__isnull=True)

    def autocomplete(self, q: str, *, exclude=None, limit: int = 12) -> list:
        """Active actors whose name or an alias contains ``q``; names that start with it first."""
        q = " ".join(q.split())
        if not q:
            return []
        qs = self.active().select_related("side", "organization")
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        matches = qs.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).distinct().order_by("name")
        found = list(matches[: limit * 3])
        found.sort(key=lambda a: (not a.name.lower().startswith(q.lower()), a.name.lower()))
        return found[:limit]

    def search(self, q: str, *, side: str = "", event: str = ""):
        """Active actors whose name, role or an alias holds every word of ``q``, by name."""
        qs = self.active().select_related("side", "organization")
        if side:
            qs = qs.filter(side__slug=side)
        if event:
            claims = self.model.claims.rel.related_model.objects.live()
            qs = qs.filter(pk__in=claims.filter(event__slug=event).values("speaker_id"))
        aliases = self.model.aliases.rel.related_model.objects
        for term in search.terms_of(q):
            named = aliases.filter(name__icontains=term).values("actor_id")
            qs = qs.filter(Q(name__icontains=term) | Q(role__icontains=term) | Q(pk__in=named))
        return qs.order_by("name", "pk")

    def directory(self, *, q: str = "", side: str = "", kind: str = "", sort: str = "name"):
        """Active actors for the directory, each with its live-claim count (``claim_count``): ``q`` as in
        search, ``side`` a slug (NONE_SLUG: no side), ``sort`` one of DIRECTORY_ORDER."""
        qs = self.search(q) if q else self.active().select_related("side", "organization")
        if side == NONE_SLUG:
            qs = qs.filter(side__isnull=True)
        elif side:
            qs = qs.filter(side__slug=side)
        if kind:
            qs = qs.filter(kind=kind)
        return qs.with_live_claim_count().order_by(*DIRECTORY_ORDER.get(sort, DIRECTORY_ORDER["name"]))


# The directory's sort orders; names and pk break ties so pages never overlap.
DIRECTORY_ORDER = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "claims": ("-claim_count", "name", "pk"),
    "-claims": ("claim_count", "name", "pk"),
}


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"
        COUNTRY = "country", "Country"

    name = models.CharField(max_length=200, help_text="Canonical name.")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=200, blank=True, help_text="Role or title.")
    organization = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation this actor speaks for.",
    )
    side = models.ForeignKey(Side, on_delete=models.SET_NULL, null=True, blank=True, related_name="actors")
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.ANALYST)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_actors"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="actor_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        # As Article.save: the speaker's side is copied onto its claims for the event page's index.
        if not adding and (kwargs.get("update_fields") is None or "side" in kwargs["update_fields"]):
            stale = self.claims.stale_copies(side_id=self.side_id)
            # Their events' pages counted them under the old side (models/tallies.py).
            Event.objects.filter(pk__in=stale.values("event_id")).claims_changed()
            stale.update(side_id=self.side_id)

    def get_absolute_url(self) -> str:
        return reverse("actor_detail", args=[self.pk])


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="The name as it appears in text.")
    normalized = models.CharField(max_length=200, unique=True, help_text="Lookup key; see nlp.registry.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"

    def __str__(self) -> str:
        return self.name
