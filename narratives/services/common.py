"""What every correction shares: the "not given" sentinel, JSON-safe values and the log row."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
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


# --- optimistic locking: each edit form carries the row's updated_at; a stale save is refused --------------


def _shown(row: models.Model, name: str) -> str:
    """A field's current value as the analyst reads it."""
    field = row._meta.get_field(name)
    value = getattr(row, name)
    if field.choices:
        value = getattr(row, f"get_{name}_display")()
    elif isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    text = str(value) if value not in (None, "") else "none"
    return text if len(text) <= 120 else text[:119] + "…"


def stale_error(row: models.Model, *, fields: tuple[str, ...]) -> ValidationError:
    """Who changed ``row`` and when (when known), and what it holds now."""
    who = ""
    if isinstance(row, Claim | Actor):
        last = Correction.objects.filter(**{row._meta.model_name: row}).select_related("user").first()
        # Only a correction logged with this save names its author (a re-extraction logs none).
        if last and last.user and abs((last.created_at - row.updated_at).total_seconds()) < 5:
            who = f" by {last.user.get_username()}"
    when = f"{row.updated_at.day} {row.updated_at:%b %Y, %H:%M:%S} UTC"
    now = "; ".join(f"{row._meta.get_field(f).verbose_name}: {_shown(row, f)}" for f in fields)
    kind = row._meta.verbose_name
    error = ValidationError(
        f"This {kind} was changed{who} at {when}, after you opened it, so your changes were not saved. "
        f"It now reads: {now}. Check it, then save again to replace it with your version.",
        code="stale",
    )
    error.current = row  # the form shows the refusal and takes the current version
    return error


M = TypeVar("M", bound=models.Model)


def lock_row(row: M, *, version: datetime | None, fields: tuple[str, ...]) -> M:
    """The row as stored, locked until the transaction ends; refused (code "stale") when it was saved after
    ``version``, the updated_at the analyst's form was built from. ``version=None`` does not check."""
    current = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if version is not None and current.updated_at != version:
        raise stale_error(current, fields=fields)
    return current
