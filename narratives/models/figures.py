"""Numbers stated in articles: counts and percentages, with unit, subject and who gave them."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import RowNumber

from .claims import Claim
from .common import Origin
from .events import Event
from .sources import Article

# Filters about the claim itself, not its article: a narrator's figure matches none of them.
CLAIM_FILTERS = {"side", "actor", "kind", "position", "reviewed"}


class FigureQuerySet(models.QuerySet):
    def for_event(self, event: Event, **filters):
        """Figures in the articles behind the event's (filtered) claims; figures tied to another event's
        claim are left out. A filter on who or what (side, speaker, kind, position, reviewed) keeps only the
        figures of the claims it selects, as the columns show them."""
        selected = Claim.objects.filtered(event, **filters)
        qs = self.filter(article_id__in=selected.values("article_id"))
        if set(filters) & CLAIM_FILTERS:
            return qs.filter(claim__in=selected.values("pk"))
        return qs.filter(Q(claim__isnull=True) | Q(claim__event=event))

    def subject_summary(self, event: Event, *, limit: int = 200, **filters):
        """Per (subject, unit): how many figures, the lowest and the highest; most stated first, one query."""
        return (
            self.for_event(event, **filters)
            .values("subject", "unit")
            .annotate(n=Count("id"), low=Min("value"), high=Max("value"))
            .order_by("-n", "subject", "unit")[:limit]
        )

    def for_subjects(self, event: Event, subjects, *, per_subject: int = 12, **filters):
        """The latest ``per_subject`` figures of each subject with source, outlet and side, two queries
        (ids first, as in ClaimQuerySet.for_comparison)."""
        latest = (F("article__published").desc(nulls_last=True), F("id").desc())
        ranked = (
            self.for_event(event, **filters)
            .filter(subject__in=list(subjects))
            .annotate(rank=Window(RowNumber(), partition_by=[F("subject")], order_by=list(latest)))
            .filter(rank__lte=per_subject)
            .values_list("pk", flat=True)
        )
        return (
            self.filter(pk__in=list(ranked))
            .select_related("article__outlet", "claim__speaker__side")
            .order_by("subject", F("article__published").asc(nulls_last=True), "value")
        )


class Figure(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures")
    value = models.FloatField(help_text='The nominal value: 2,000 for "more than 2,000".')
    low = models.FloatField(null=True, blank=True, help_text="A lower bound, or the bottom of a range.")
    high = models.FloatField(null=True, blank=True, help_text="An upper bound, or the top of a range.")
    approximate = models.BooleanField(default=False, help_text="About, at least, up to, a few…")
    unit = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    content = models.TextField(help_text="The exact text.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    source = models.CharField(max_length=300, blank=True, help_text="Who states it; empty for the narrator.")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MACHINE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["subject"], name="figure_subject_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="figure_span_not_empty"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def amount(self) -> str:
        """The value as stated: "2,000", "≈ 2,000" (about), "≥ 2,000", "≤ 3,000" (bounds), "200–500"."""
        return describe_amount(self.value, low=self.low, high=self.high, approximate=self.approximate)


def format_number(value: float) -> str:
    """1720.0 -> '1,720'; 2.5 -> '2.5'."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def describe_amount(value: float, *, low=None, high=None, approximate: bool = False) -> str:
    if low is not None and high is not None and low != high:
        return f"{format_number(low)}–{format_number(high)}"
    if low is not None:
        return f"≥ {format_number(low)}"
    if high is not None:
        return f"≤ {format_number(high)}"
    return f"≈ {format_number(value)}" if approximate else format_number(value)
