"""Who said what: claims, and the queries the event page, exports and panels read them with."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce

from . import search
from .actors import Actor, Side
from .common import NONE_SLUG, Origin
from .events import Event, Position
from .search import union_all
from .sources import Article, Outlet
from .tallies import TallyQuerySet

# Newest first, undated last. COALESCE rather than NULLS LAST: SQLite cannot index NULLS LAST, and the
# index below must hold this very expression for both databases to walk it in order.
UNDATED = Coalesce(F("published"), Value(date.min))
COMPARISON_ORDER = (
    UNDATED.desc(),
    F("article_id").asc(),
    F("start").asc(),
    F("id").asc(),
)


class ClaimQuerySet(TallyQuerySet):
    def live(self):
        """Claims an analyst has not rejected."""
        return self.filter(rejected=False)

    def stale_copies(self, **values):
        """Claims whose copied column differs from ``values`` (NULL-aware), so updates skip rows in step."""
        qs = self
        for name, value in values.items():
            qs = qs.filter(**{f"{name}__isnull": False}) if value is None else qs.exclude(**{name: value})
        return qs

    def filtered(
        self,
        event: Event,
        *,
        side: str = "",
        outlet: str = "",
        actor: int | None = None,
        kind: str = "",
        position: str = "",
        date_from=None,
        date_to=None,
        reviewed: bool = False,
    ):
        """Live claims of ``event`` narrowed by the comparison page's filters (slugs; NONE_SLUG for none)."""
        qs = self.live().filter(event=event)
        if side == NONE_SLUG:
            qs = qs.filter(side__isnull=True)
        elif side:
            qs = qs.filter(side__slug=side)
        if outlet:
            qs = qs.filter(article__outlet__slug=outlet)
        if actor:
            qs = qs.filter(speaker_id=actor)
        if kind:
            qs = qs.filter(kind=kind)
        if position == NONE_SLUG:
            qs = qs.filter(position__isnull=True)
        elif position:
            qs = qs.filter(position__slug=position)
        if date_from:
            qs = qs.filter(published__gte=date_from)
        if date_to:
            qs = qs.filter(published__lte=date_to)
        if reviewed:
            qs = qs.filter(reviewed_at__isnull=False)
        return qs

    def for_comparison(
        self, event: Event, *, page: int = 1, per_group: int | None = None, groups=(), **filters
    ):
        """What the side-by-side cards show (claims, their figures: two queries), optionally filtered.

        With ``per_group``, only page ``page`` of each (side id, position id) pair in ``groups`` (from
        comparison_counts): one more query, run when this is called, fetches their ids. Each group is a
        LIMITed walk of claim_live_comparison_idx, so the page costs the same whatever the number of claims.
        """
        selected = self.filtered(event, **filters)
        if per_group:
            offset = (page - 1) * per_group
            parts = [
                selected.filter(side_id=side_id, position_id=position_id)
                .order_by(*COMPARISON_ORDER)
                .values_list("pk", flat=True)[offset : offset + per_group]
                for side_id, position_id in groups
            ]
            selected = self.filter(pk__in=union_all(parts))
        return (
            selected.select_related(
                "side", "speaker__organization", "article__outlet", "position", "reviewed_by"
            )
            .prefetch_related(
                Prefetch(
                    "figures",
                    # Figure through the reverse relation: figures.py imports this module, not the other way.
                    queryset=self.model.figures.rel.related_model.objects.order_by("start").only(
                        "id", "claim_id", "value", "low", "high", "approximate", "unit", "subject", "content"
                    ),
                )
            )
            .order_by(*COMPARISON_ORDER)
        )

    def comparison(self, event: Event, *, page: int, per_group: int, **filters) -> tuple[list[dict], list]:
        """The event page's read: the (side, position) group counts, and page ``page`` of each group's cards.

        The counts (one query, none while cached), the ids (one), the cards and their figures (two), whatever
        the claims.
        """
        counts = self.comparison_counts(event, **filters)
        groups = [(row["side_id"], row["position_id"]) for row in counts]
        claims = list(self.for_comparison(event, page=page, per_group=per_group, groups=groups, **filters))
        return counts, claims

    def per_day_by_side(self, event: Event, **filters):
        """Claim counts per publication day and speaker side (undated articles under None), one query."""
        return (
            self.filtered(event, **filters)
            .values("published", "side__slug", "side__name", "side__color")
            .annotate(n=Count("id"))
            .order_by("published", "side__name")
        )

    def quotes_to_compare(self, event: Event, *, limit: int = 3000, **filters):
        """(id, content, speaker, outlet) of the newest ``limit`` claims, for nlp.similar; one query.

        A LIMITed walk of the comparison order, so an event of 100k claims costs what one of 3k does.
        """
        return (
            self.filtered(event, **filters)
            .exclude(fingerprint="")
            .order_by(*COMPARISON_ORDER)
            .values_list("pk", "content", "speaker_id", "article__outlet_id")[:limit]
        )

    def search(self, q: str, *, side: str = "", event: str = ""):
        """Live claims whose content, speaker (name or alias) or outlet matches every word of ``q`` (names by
        the start of a word), best first; ``headline`` marks the hits in the content (PostgreSQL)."""
        qs = self.live().select_related(
            "side", "speaker__side", "speaker__organization", "article__outlet", "event", "position"
        )
        if side:
            qs = qs.filter(side__slug=side)
        if event:
            qs = qs.filter(event__slug=event)
        names = {"actors": Actor.objects, "outlets": Outlet.objects}
        if search.is_postgres():
            query, vector = search.content_query(q), search.claim_vector()
            ids = search.match_ids(qs.annotate(search=vector), q, query, names)
            return (
                qs.filter(pk__in=search.among(ids))
                .annotate(
                    rank=SearchRank(vector, query),
                    headline=SearchHeadline(
                        "content",
                        query,
                        config="english",
                        start_sel=search.START,
                        stop_sel=search.STOP,
                        highlight_all=True,
                    ),
                )
                .order_by("-rank", F("article__published").desc(nulls_last=True), "pk")
            )
        qs = qs.filter(search.matching(q, lambda t: Q(content__icontains=t), **names))
        return qs.order_by(F("article__published").desc(nulls_last=True), "pk")

    def by_speaker(self, actor, *, event=None):
        """An actor's live claims for the actor page, by event, position and newest article first."""
        qs = self.live().filter(speaker=actor)
        if event is not None:
            qs = qs.filter(event=event)
        return qs.select_related("article__outlet", "event", "position").order_by(
            "event__start_date", "event__title", "position__order", "-article__published", "start"
        )

    def from_outlet(self, outlet):
        """An outlet's live claims for its page, newest article first."""
        return (
            self.live()
            .filter(article__outlet=outlet)
            .select_related("speaker__side", "speaker__organization", "article", "event", "position")
            .order_by(F("article__published").desc(nulls_last=True), "-article_id", "start", "pk")
        )

    def side_counts(self):
        """Live claims per speaker side (name and colour; None for unattributed), most first, one query."""
        return (
            self.live()
            .values("side__name", "side__color")
            .annotate(n=Count("id"))
            .order_by("-n", "side__name")
        )

    def labelled(self):
        """Claims whose event or position an analyst set or confirmed: the classifier's labelled examples.

        Reviewed claims (confirmed as they are), and claims whose event or position an analyst changed or
        that an analyst added; claims an analyst only gave another speaker are not labels of their place.
        """
        placed = Q(corrections__changes__has_key="event") | Q(corrections__changes__has_key="position")
        return (
            self.live()
            .filter(origin=Origin.ANALYST)
            .filter(Q(reviewed_at__isnull=False) | placed | Q(corrections__action="create"))
            .distinct()
            .order_by("pk")
        )

    def to_review(self, event: Event):
        """Machine-placed claims of the event that await an analyst: least confident first."""
        return (
            self.live()
            .filter(event=event, origin=Origin.MACHINE, reviewed_at__isnull=True, needs_review=True)
            .select_related("speaker__side", "article__outlet", "position")
            .order_by("confidence", "pk")
        )

    def side_counts_by_event(self):
        """Live claims per event and speaker side, counted by the database (not by loading claims)."""
        return (
            self.live()
            .filter(event__isnull=False)
            .values("event_id", "side__name", "side__slug", "side__color")
            .annotate(n=Count("id"))
            .order_by()
        )


def SET_NULL_WITH_SIDE(collector, field, sub_objs, using):
    """on_delete for Claim.speaker: a deleted speaker's claims lose the side copied from it too."""
    # Side first: sub_objs may be a lazy "speaker = X" queryset, which matches nothing once speaker is NULL.
    collector.add_field_update(field.model._meta.get_field("side"), None, sub_objs)
    collector.add_field_update(field, None, sub_objs)


SET_NULL_WITH_SIDE.lazy_sub_objs = True
_UNKNOWN = object()  # a claim's stored event, when it was not loaded


class Claim(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Reported speech"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Actor, on_delete=SET_NULL_WITH_SIDE, null=True, blank=True, related_name="claims"
    )
    # Copies of speaker.side and article.published, so the event page reads one index in column order
    # instead of ranking every claim through two joins. Kept in step by Claim/Actor/Article.save and by
    # the bulk writes (store_extraction, merge/split, synthetic); tests check each path.
    side = models.ForeignKey(Side, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    published = models.DateField(null=True, blank=True)
    # An unnamed source ("a US official") has no actor to copy a side from: the side its description
    # gives is kept here, marked as inferred, and shown so.
    side_inferred = models.BooleanField(default=False)
    speaker_mention = models.CharField(max_length=300, blank=True, help_text="The speaker as written.")
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=100, blank=True, help_text="The reporting cue as written.")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.INDIRECT)
    content = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of content in Article.text.")
    end = models.PositiveIntegerField()
    sentence = models.TextField(blank=True)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims")
    position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    confidence = models.FloatField(default=0.5)
    # The classifier was not sure enough: the position is its suggestion, listed on the review queue until
    # an analyst decides (services/review.py).
    needs_review = models.BooleanField(default=False)
    # Compared in Python (nlp.similar), never looked up: no index, whose upkeep every insert would pay.
    fingerprint = models.CharField(max_length=64, blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MACHINE)
    # An analyst's deletion is kept as a tombstone so re-extraction does not bring the claim back.
    rejected = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        indexes = [
            models.Index(fields=["event", "position"], name="claim_event_position_idx"),
            models.Index(fields=["speaker", "event"], name="claim_speaker_event_idx"),
            # The event page filters live claims by these; 0003_scale_indexes adds GIN search on PostgreSQL.
            # Kind is only ever filtered within an event (claim_live_event_kind_idx): no index of its own.
            models.Index(
                fields=["event", "kind"], condition=Q(rejected=False), name="claim_live_event_kind_idx"
            ),
            models.Index(
                fields=["event", "speaker"], condition=Q(rejected=False), name="claim_live_event_speaker_idx"
            ),
            models.Index(
                fields=["event", "article"], condition=Q(rejected=False), name="claim_live_event_article_idx"
            ),
            # The review queue, least confident first, stays an index walk however many claims are placed.
            models.Index(
                fields=["event", "confidence"],
                condition=Q(needs_review=True, rejected=False, reviewed_at__isnull=True),
                name="claim_to_review_idx",
            ),
            # The event page's group counts, after a write: an index-only scan of three small columns (19 ms
            # at 100k claims, against 50 ms reading the table; the index below is too wide to be chosen).
            models.Index(
                fields=["event", "side", "position"], condition=Q(rejected=False), name="claim_live_group_idx"
            ),
            # One (side, position) group of the event page, in display order: a LIMITed walk per group.
            # The INCLUDEd columns (PostgreSQL only) let the filtered counts run as index-only scans.
            models.Index(
                F("event"),
                F("side"),
                F("position"),
                UNDATED.desc(),
                F("article"),
                F("start"),
                F("id"),
                include=["kind", "published", "reviewed_at", "speaker"],
                condition=Q(rejected=False),
                name="claim_live_comparison_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=["direct", "indirect"]), name="claim_kind_valid"),
            models.CheckConstraint(condition=Q(origin__in=["machine", "analyst"]), name="claim_origin_valid"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="claim_confidence_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_mention or '?'}: {self.content[:60]}"

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        stored = getattr(self, "_stored_event_id", None if self._state.adding else _UNKNOWN)
        if self._state.adding:
            self.fill_copies()
        elif fields is None or "speaker" in fields:
            self._copy_side()
            if fields is not None:
                kwargs["update_fields"] = {*fields, "side", "side_inferred"}
        super().save(*args, **kwargs)
        # The event page caches its counts by event (models/tallies.py): the event the claim
        # left and the one it is on now must count again. Unknown before: every event.
        events = Event.objects.all()
        if stored is not _UNKNOWN:
            events = events.filter(pk__in={stored, self.event_id} - {None})
        events.claims_changed()
        self._stored_event_id = self.event_id

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#claim-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        claim = super().from_db(db, field_names, values)
        claim._stored_event_id = claim.__dict__.get("event_id", _UNKNOWN)  # deferred: unknown
        return claim

    def delete(self, *args, **kwargs):
        event_id = self.event_id
        deleted = super().delete(*args, **kwargs)
        Event.objects.filter(pk=event_id).claims_changed()
        return deleted

    def _copy_side(self) -> None:
        """The speaker's side; with no speaker, a side inferred from an unnamed source's description stays."""
        if self.speaker_id:
            self.side_id, self.side_inferred = self.speaker.side_id, False
        elif not self.side_inferred:
            self.side_id = None

    def fill_copies(self) -> None:
        """Set the side and date copied from speaker and article (bulk_create does not call save)."""
        self._copy_side()
        self.published = self.article.published

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
