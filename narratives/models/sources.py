"""Where claims come from: outlets and their articles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from . import search
from .common import LiveClaimCountQuerySet
from .events import Event


class Outlet(models.Model):
    class Affiliation(models.TextChoices):
        STATE = "state", "State-controlled"
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)
    country = models.CharField(max_length=100, blank=True)
    affiliation = models.CharField(max_length=10, choices=Affiliation.choices, default=Affiliation.UNKNOWN)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "outlet"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outlet_detail", args=[self.slug])

    @property
    def is_state_controlled(self) -> bool:
        return self.affiliation == self.Affiliation.STATE


class ArticleQuerySet(LiveClaimCountQuerySet):
    def with_counts(self):
        """Articles with their outlet and live-claim count, for lists."""
        return self.select_related("outlet").with_live_claim_count()

    def search(self, q: str, *, side: str = "", event: str = ""):
        """Articles whose title or text matches ``q``, newest first, optionally those with claims of a side
        or an event; ``headline`` holds marked fragments (PostgreSQL)."""
        qs = self.select_related("outlet")
        if event or side:
            claims = self.model.claims.rel.related_model.objects.live()
            if event:
                claims = claims.filter(event__slug=event)
            if side:
                claims = claims.filter(side__slug=side)
            qs = qs.filter(pk__in=claims.values("article_id"))
        by_outlet = {"outlets": Outlet.objects, "outlet": "outlet"}
        if search.is_postgres():
            query = search.content_query(q)
            # Title and text through the GIN index (websearch query or word prefixes), or the outlet's name.
            vectors = qs.annotate(search=search.article_vector())
            ids = search.match_ids(vectors, q, query, by_outlet, by_index=True)
            return (
                qs.filter(pk__in=search.among(ids))
                .annotate(
                    headline=SearchHeadline(
                        "text",
                        query,
                        config="english",
                        start_sel=search.START,
                        stop_sel=search.STOP,
                        max_words=30,
                        min_words=12,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    ),
                )
                # No ts_rank here: it would rebuild the vector of every matching article's whole text.
                .order_by(F("published").desc(nulls_last=True), "pk")
            )
        text = lambda term: Q(title__icontains=term) | Q(text__icontains=term)  # noqa: E731
        qs = qs.filter(search.matching(q, text, **by_outlet))
        return qs.order_by(F("published").desc(nulls_last=True), "pk")


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles", null=True, blank=True
    )
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    text = models.TextField(help_text="The full text exactly as ingested.")
    text_hash = models.CharField(max_length=64, unique=True, help_text="sha256 of the normalised text.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(blank=True)
    extractor_version = models.CharField(max_length=40, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-created_at"]
        indexes = [
            models.Index(fields=["published"], name="article_published_idx"),
            models.Index(fields=["outlet", "-published"], name="article_outlet_published_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty")]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        adding = self._state.adding  # a new article has no claims to update yet
        super().save(*args, **kwargs)
        # Claims carry a copy of the date for the event page's index. Every write path (forms, admin,
        # services) saves here; the UPDATE touches no row unless the date changed.
        fields = kwargs.get("update_fields")
        if not adding and (fields is None or "published" in fields):
            self.claims.stale_copies(published=self.published).update(published=self.published)
        # The event page caches its counts under a date or outlet filter by event: count those again.
        if not adding and (fields is None or {"published", "outlet"} & set(fields)):
            Event.objects.filter(pk__in=self.claims.values("event_id")).claims_changed()

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        from ..intake.metadata import is_caption

        # The first line that is not a photo's caption or credit stands in for a missing headline.
        lines = [line.strip() for line in self.text.strip().splitlines() if line.strip()]
        first = next((line for line in lines if not is_caption(line)), lines[0] if lines else "")
        return (first[:90] + "…") if len(first) > 90 else first
