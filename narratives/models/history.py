"""Every analyst action, kept so each change has an author, a time and a visible history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .actors import Actor
from .claims import Claim
from .events import Event, Position
from .sources import Article


class Correction(models.Model):
    """One analyst action, kept so every change has an author, a time and a visible history."""

    class Action(models.TextChoices):
        CREATE = "create", "Added"
        EDIT = "edit", "Edited"
        REVIEW = "review", "Reviewed"
        DELETE = "delete", "Deleted"
        MERGE = "merge", "Merged"
        SPLIT = "split", "Split"
        REEXTRACT = "reextract", "Re-extracted"

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True, help_text="field: [before, after]")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"


class DecisionQuerySet(models.QuerySet):
    def agreement(self, event: Event, *, last: int = 100) -> tuple[int, int]:
        """(agreed, total) over the last ``last`` decisions on the event: how often the machine was kept."""
        agreed = list(
            self.filter(event=event).order_by("-created_at", "-id").values_list("agreed", flat=True)[:last]
        )
        return sum(agreed), len(agreed)


class Decision(models.Model):
    """An analyst's decision on a machine placement from the review queue: what the machine said, what the
    analyst chose. The agreement rate is read from these; the decided claims are labelled examples."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="decisions")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    machine_position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["event", "-created_at"], name="decision_event_recent_idx")]

    def __str__(self) -> str:
        return f"{'Agreed' if self.agreed else 'Corrected'}: claim {self.claim_id}"
