"""Every analyst action, kept so each change has an author, a time and a visible history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .actors import Actor
from .claims import Claim
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
