"""What every correction shares: the "not given" sentinel, JSON-safe values and the log row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from ..models import Actor, Article, Claim, Correction

# Sentinel for "not given": None is a real value (clear the speaker, the event...).
UNSET: Any = object()


def _value(value: Any) -> Any:
    """A JSON-safe record of a field value; rows keep their label for the history."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, models.Model) or isinstance(b, models.Model):
        return getattr(a, "pk", None) == getattr(b, "pk", None) and type(a) is type(b)
    return a == b


def _log(
    *,
    user: AbstractBaseUser,
    action: str,
    changes: dict,
    claim: Claim | None = None,
    actor: Actor | None = None,
    article: Article | None = None,
) -> Correction:
    return Correction.objects.create(
        user=user, action=action, changes=changes, claim=claim, actor=actor, article=article
    )
