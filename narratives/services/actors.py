"""Actors: names registered as aliases; an analyst's create, edit (with aliases), merge and split (undo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Actor, ActorAlias, Claim, Correction, Event, Origin, Side
from .common import _log, _same, _value, lock_row

ACTOR_FIELDS = ("name", "kind", "role", "organization", "side", "description")


def add_alias(*, actor: Actor, name: str) -> ActorAlias | None:
    """Register a name for an actor unless the normalised key already belongs to someone."""
    from ..nlp.registry import normalize_name

    key = normalize_name(name)[:200]
    if not key:
        return None
    alias, _ = ActorAlias.objects.get_or_create(normalized=key, defaults={"actor": actor, "name": name[:200]})
    return alias


def _alias_key(name: str) -> str:
    from ..nlp.registry import normalize_name

    return normalize_name(name)[:200]


def alias_conflicts(*, actor: Actor | None, names: list[str]) -> list[str]:
    """Names whose lookup key already belongs to another actor."""
    taken = []
    for name in names:
        owner = ActorAlias.objects.filter(normalized=_alias_key(name)).exclude(actor=actor).first()
        if owner is not None and _alias_key(name):
            taken.append(f"{name} ({owner.actor.name})")
    return taken


@transaction.atomic
def create_actor(
    *,
    user: AbstractBaseUser,
    name: str,
    kind: str = Actor.Kind.PERSON,
    role: str = "",
    side: Side | None = None,
    organization: Actor | None = None,
) -> Actor:
    """A new actor an analyst names, with its name as the first alias so extraction finds it next time."""
    name = " ".join(name.split())[:200]
    if not name:
        raise ValidationError({"name": "Give the actor a name."})
    if Actor.objects.active().filter(name__iexact=name).exists():
        raise ValidationError({"name": "An actor with this name exists; pick it instead."})
    if conflicts := alias_conflicts(actor=None, names=[name]):
        raise ValidationError({"name": f"This name is already an alias of another actor: {conflicts[0]}."})
    actor = Actor.objects.create(
        name=name,
        kind=kind,
        role=role.strip()[:200],
        side=side,
        organization=organization,
        origin=Origin.ANALYST,
    )
    ActorAlias.objects.create(actor=actor, name=name, normalized=_alias_key(name))
    _log(
        user=user,
        action=Correction.Action.CREATE,
        actor=actor,
        changes={
            f: [None, _value(getattr(actor, f))] for f in ("name", "kind", "role", "side", "organization")
        },
    )
    return actor


@transaction.atomic
def update_actor(
    *,
    actor: Actor,
    user: AbstractBaseUser,
    aliases: list[str] | None = None,
    version: datetime | None = None,
    **fields: Any,
) -> Correction | None:
    """Edit an actor's fields (``ACTOR_FIELDS``) and, when given, replace its aliases. ``version``: the
    actor's updated_at the analyst saw; an actor saved since is refused (ValidationError, code "stale")."""
    unknown = set(fields) - set(ACTOR_FIELDS)
    if unknown:
        raise TypeError(f"update_actor() got unexpected fields: {', '.join(sorted(unknown))}")
    if version is not None:
        lock_row(actor, version=version, fields=ACTOR_FIELDS)  # the same row as loaded, unless refused
    if actor.merged_into_id:
        raise ValidationError("A merged actor cannot be edited; split it first.")
    if (org := fields.get("organization")) is not None and (org.pk == actor.pk or org.merged_into_id):
        raise ValidationError({"organization": "Pick another, active actor as the organisation."})
    changes = {}
    for name, value in fields.items():
        before = getattr(actor, name)
        if not _same(before, value):
            changes[name] = [_value(before), _value(value)]
            setattr(actor, name, value)
    if aliases is not None:
        wanted = list(dict.fromkeys(" ".join(a.split())[:200] for a in aliases if a.strip()))
        if conflicts := alias_conflicts(actor=actor, names=wanted):
            raise ValidationError({"aliases": f"Already used by another actor: {', '.join(conflicts)}."})
        before = list(actor.aliases.order_by("name").values_list("name", flat=True))
        keys = {_alias_key(a): a for a in wanted if _alias_key(a)}
        if sorted(keys.values()) != sorted(before):
            actor.aliases.exclude(normalized__in=keys).delete()
            for key, name in keys.items():
                ActorAlias.objects.update_or_create(normalized=key, defaults={"actor": actor, "name": name})
            changes["aliases"] = [before, sorted(keys.values())]
    if not changes:
        return None
    if actor.origin != Origin.ANALYST:
        changes["origin"] = [actor.origin, Origin.ANALYST]
        actor.origin = Origin.ANALYST
    actor.save()
    return _log(user=user, action=Correction.Action.EDIT, changes=changes, actor=actor)


@transaction.atomic
def merge_actors(*, source: Actor, target: Actor, user: AbstractBaseUser) -> Correction:
    """Fold ``source`` into ``target``: its aliases, claims, members and earlier merges move to ``target``.

    The Correction (on ``target``) lists every moved row, which is what ``split_actor`` puts back.
    """
    source = Actor.objects.select_for_update().get(pk=source.pk)
    target = Actor.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError({"target": "An actor cannot be merged into itself."})
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError({"target": "Both actors must be active (not merged already)."})
    if target.organization_id == source.pk:
        raise ValidationError(
            {"target": f"{target.name} speaks for {source.name}; merge the other way round."}
        )
    moved = {
        "aliases": list(source.aliases.values_list("pk", flat=True)),
        "claims": list(source.claims.values_list("pk", flat=True)),
        "members": list(source.members.values_list("pk", flat=True)),
        "merged_actors": list(source.merged_actors.values_list("pk", flat=True)),
    }
    ActorAlias.objects.filter(pk__in=moved["aliases"]).update(actor=target)
    Claim.objects.filter(pk__in=moved["claims"]).update(
        speaker=target, side=target.side_id, updated_at=timezone.now()
    )
    # The moved claims may change side, and the speaker filter's counts change: their events count again.
    _claims_changed(moved["claims"])
    Actor.objects.filter(pk__in=moved["members"]).update(organization=target)
    Actor.objects.filter(pk__in=moved["merged_actors"]).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    changes = {
        "source": [_value(source), None],
        "merged_into": [None, _value(target)],
        **{name: [ids, []] for name, ids in moved.items()},
    }
    return _log(user=user, action=Correction.Action.MERGE, changes=changes, actor=target)


def _claims_changed(claim_ids: list[int]) -> None:
    Event.objects.filter(pk__in=Claim.objects.filter(pk__in=claim_ids).values("event_id")).claims_changed()


def merge_record(actor: Actor) -> Correction | None:
    """The merge that folded ``actor`` (a merged actor) into its current target, if it is logged."""
    if not actor.merged_into_id:
        return None
    for correction in Correction.objects.filter(
        actor_id=actor.merged_into_id, action=Correction.Action.MERGE
    ):
        source = (correction.changes.get("source") or [None])[0] or {}
        if source.get("id") == actor.pk:
            return correction
    return None


@transaction.atomic
def split_actor(*, actor: Actor, user: AbstractBaseUser) -> Correction:
    """Undo the merge of ``actor``: re-activate it and give back the aliases and claims that moved.

    Rows the analyst has moved again since (a claim given to a third speaker, say) stay where they are.
    """
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    merge = merge_record(actor)
    if merge is None:
        raise ValidationError("This actor is not merged, or its merge was not logged.")
    target = actor.merged_into
    moved = {
        name: merge.changes.get(name, [[], []])[0]
        for name in ("aliases", "claims", "members", "merged_actors")
    }
    restored = {
        "aliases": ActorAlias.objects.filter(pk__in=moved["aliases"], actor=target).update(actor=actor),
        "claims": Claim.objects.filter(pk__in=moved["claims"], speaker=target).update(
            speaker=actor, side=actor.side_id, updated_at=timezone.now()
        ),
        "members": Actor.objects.filter(pk__in=moved["members"], organization=target).update(
            organization=actor
        ),
        "merged_actors": Actor.objects.filter(pk__in=moved["merged_actors"], merged_into=target).update(
            merged_into=actor
        ),
    }
    _claims_changed(moved["claims"])
    actor.merged_into = None
    actor.save(update_fields=["merged_into", "updated_at"])
    changes = {
        "merged_into": [_value(target), None],
        "merge": [merge.pk, None],
        "source": [None, _value(actor)],
        **{name: [[], moved[name]] for name in moved},
        "restored": [None, restored],
    }
    return _log(user=user, action=Correction.Action.SPLIT, changes=changes, actor=target)
