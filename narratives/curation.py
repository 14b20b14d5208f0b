"""An analyst's corrections: keyword-only, typed, atomic services that log every change as a Correction.

A claim an analyst touches becomes ``origin=analyst``, which ``services.store_extraction`` never replaces
(and whose span blocks a machine claim over the same words), so re-extraction keeps every correction.
A deletion is a tombstone (``rejected=True``) for the same reason. Permission checks live in the views.

``Correction.changes`` holds ``field: [before, after]``. Foreign keys are stored as ``{"id", "label"}`` so
the history stays readable after a row is renamed or gone. A merge stores what moved, so a split undoes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import Actor, ActorAlias, Article, Claim, Correction, Event, Origin, Position, Side
from .nlp.fingerprint import fingerprint

# Sentinel for "not given": None is a real value (clear the speaker, the event...).
UNSET: Any = object()

CLAIM_FIELDS = ("speaker", "event", "position", "kind")
ACTOR_FIELDS = ("name", "kind", "role", "organization", "side", "description")


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


# --- claims --------------------------------------------------------------------------------


@transaction.atomic
def correct_claim(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    speaker: Actor | None = UNSET,
    event: Event | None = UNSET,
    position: Position | None = UNSET,
    kind: str = UNSET,
) -> Correction | None:
    """Change any of speaker, event, position and kind; the logged Correction, or None if nothing changed.

    A new event without a position clears a position that belongs to another event.
    """
    wanted = {"speaker": speaker, "event": event, "position": position, "kind": kind}
    new_event = claim.event if event is UNSET else event
    if (
        position is UNSET
        and claim.position_id
        and (new_event is None or claim.position.event_id != new_event.pk)
    ):
        wanted["position"] = None
    new_position = wanted["position"] if wanted["position"] is not UNSET else claim.position
    if new_position is not None and (new_event is None or new_position.event_id != new_event.pk):
        raise ValidationError({"position": "This position belongs to another event."})
    if kind is not UNSET and kind not in Claim.Kind.values:
        raise ValidationError({"kind": "Unknown kind."})
    if speaker not in (UNSET, None) and speaker.merged_into_id:
        raise ValidationError({"speaker": "This actor was merged into another one; pick that one."})

    changes = {}
    for name, value in wanted.items():
        if value is UNSET:
            continue
        before = getattr(claim, name)
        if not _same(before, value):
            changes[name] = [_value(before), _value(value)]
            setattr(claim, name, value)
    if not changes:
        return None
    if claim.origin != Origin.ANALYST:
        changes["origin"] = [claim.origin, Origin.ANALYST]
        claim.origin = Origin.ANALYST
    if "speaker" in changes and speaker is not None and not claim.speaker_mention:
        claim.speaker_mention = speaker.name[:300]
    claim.save()
    return _log(user=user, action=Correction.Action.EDIT, changes=changes, claim=claim, article=claim.article)


@transaction.atomic
def reject_claim(*, claim: Claim, user: AbstractBaseUser) -> Correction:
    """Delete a claim as a tombstone: hidden everywhere, and re-extraction does not bring it back."""
    if claim.rejected:
        raise ValidationError("This claim is already deleted.")
    changes = {"rejected": [False, True]}
    if claim.origin != Origin.ANALYST:
        changes["origin"] = [claim.origin, Origin.ANALYST]
    Claim.objects.filter(pk=claim.pk).update(rejected=True, origin=Origin.ANALYST, updated_at=timezone.now())
    claim.rejected, claim.origin = True, Origin.ANALYST
    return _log(
        user=user, action=Correction.Action.DELETE, changes=changes, claim=claim, article=claim.article
    )


@transaction.atomic
def restore_claim(*, claim: Claim, user: AbstractBaseUser) -> Correction:
    """Undo a deletion. The claim stays an analyst's, so re-extraction still leaves it alone."""
    if not claim.rejected:
        raise ValidationError("This claim is not deleted.")
    Claim.objects.filter(pk=claim.pk).update(rejected=False, updated_at=timezone.now())
    claim.rejected = False
    return _log(
        user=user,
        action=Correction.Action.EDIT,
        changes={"rejected": [True, False]},
        claim=claim,
        article=claim.article,
    )


@transaction.atomic
def review_claim(*, claim: Claim, user: AbstractBaseUser) -> Correction:
    """Mark a claim checked. It becomes the analyst's, so a re-extraction cannot drop the review."""
    now = timezone.now()
    changes = {
        "reviewed_by": [_value(claim.reviewed_by), _value(user)],
        "reviewed_at": [claim.reviewed_at.isoformat() if claim.reviewed_at else None, now.isoformat()],
    }
    if claim.origin != Origin.ANALYST:
        changes["origin"] = [claim.origin, Origin.ANALYST]
    claim.reviewed_by, claim.reviewed_at, claim.origin = user, now, Origin.ANALYST
    claim.save(update_fields=["reviewed_by", "reviewed_at", "origin", "updated_at"])
    return _log(
        user=user, action=Correction.Action.REVIEW, changes=changes, claim=claim, article=claim.article
    )


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*\n|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or run of sentences) that holds text[start:end]: a plain-text cut, no parser needed."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


def display_offset_map(text: str) -> list[int]:
    """Map offsets in the text as a browser shows it (CRLF and CR read as LF) to offsets in ``text``."""
    mapping, i = [], 0
    while i < len(text):
        mapping.append(i)
        i += 2 if text.startswith("\r\n", i) else 1
    mapping.append(len(text))
    return mapping


def _squash(s: str) -> str:
    return " ".join(s.split())


def locate_span(
    *, text: str, quote: str, start: int | None = None, end: int | None = None
) -> tuple[int, int]:
    """Validate a selection against the article text and return its offsets, trimmed of outer blank space.

    The browser's offsets (code points, line ends read as LF) win when the text there matches ``quote``;
    otherwise ``quote`` must occur exactly once in the text.
    """
    quote_key = _squash(quote)
    if not quote_key:
        raise ValidationError({"quote": "Select the words of the claim."})
    span = None
    if start is not None and end is not None:
        mapping = display_offset_map(text)
        if 0 <= start < end < len(mapping):
            s, e = mapping[start], mapping[end]
            if _squash(text[s:e]) == quote_key:
                span = (s, e)
    if span is None:
        pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()))
        found = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if not found:
            raise ValidationError({"quote": "These words are not in the article text."})
        if len(found) > 1:
            raise ValidationError(
                {"quote": f"These words occur {len(found)} times in the article; select the one you mean."}
            )
        span = found[0]
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@transaction.atomic
def add_claim(
    *,
    article: Article,
    user: AbstractBaseUser,
    start: int,
    end: int,
    speaker: Actor | None = None,
    speaker_mention: str = "",
    cue: str = "",
    kind: str = Claim.Kind.INDIRECT,
    event: Event | None = None,
    position: Position | None = None,
) -> Claim:
    """Add a claim the machine missed, over article.text[start:end] (validate with ``locate_span``)."""
    if not (0 <= start < end <= len(article.text)) or not article.text[start:end].strip():
        raise ValidationError({"quote": "The selection is outside the article text."})
    if position is not None and (event is None or position.event_id != event.pk):
        raise ValidationError({"position": "This position belongs to another event."})
    if kind not in Claim.Kind.values:
        raise ValidationError({"kind": "Unknown kind."})
    if article.claims.live().filter(start=start, end=end).exists():
        raise ValidationError({"quote": "These exact words are already a claim."})
    content = article.text[start:end]
    mention = speaker_mention.strip() or (speaker.name if speaker else "")
    claim = Claim.objects.create(
        article=article,
        speaker=speaker,
        speaker_mention=mention[:300],
        cue=cue.strip()[:100],
        kind=kind,
        content=content,
        start=start,
        end=end,
        sentence=sentence_around(article.text, start, end),
        event=event,
        position=position,
        confidence=1.0,
        fingerprint=fingerprint(content)[:64],
        origin=Origin.ANALYST,
    )
    changes = {
        "content": [None, content],
        "start": [None, start],
        "end": [None, end],
        "speaker": [None, _value(speaker)],
        "kind": [None, kind],
        "event": [None, _value(event)],
        "position": [None, _value(position)],
    }
    _log(user=user, action=Correction.Action.CREATE, changes=changes, claim=claim, article=article)
    return claim


# --- actors ----------------------------------------------------------------------------------


def _alias_key(name: str) -> str:
    from .nlp.registry import normalize_name

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
    **fields: Any,
) -> Correction | None:
    """Edit an actor's fields (``ACTOR_FIELDS``) and, when given, replace its aliases."""
    unknown = set(fields) - set(ACTOR_FIELDS)
    if unknown:
        raise TypeError(f"update_actor() got unexpected fields: {', '.join(sorted(unknown))}")
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
    Claim.objects.filter(pk__in=moved["claims"]).update(speaker=target, updated_at=timezone.now())
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
            speaker=actor, updated_at=timezone.now()
        ),
        "members": Actor.objects.filter(pk__in=moved["members"], organization=target).update(
            organization=actor
        ),
        "merged_actors": Actor.objects.filter(pk__in=moved["merged_actors"], merged_into=target).update(
            merged_into=actor
        ),
    }
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


# --- history -----------------------------------------------------------------------------------


@dataclass
class ChangeLine:
    field: str
    before: str
    after: str


FIELD_LABELS = {"reviewed_by": "reviewed by", "reviewed_at": "reviewed at", "merged_into": "merged into"}


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict) and "label" in value:
        return str(value["label"])
    if isinstance(value, list):
        return (
            ", ".join(_show(v) for v in value)
            if all(not isinstance(v, int) for v in value)
            else (f"{len(value)} row{'s' if len(value) != 1 else ''}")
        )
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def describe_changes(correction: Correction) -> list[ChangeLine]:
    """The change as lines a person reads: field, before, after."""
    return [
        ChangeLine(FIELD_LABELS.get(name, name.replace("_", " ")), _show(pair[0]), _show(pair[1]))
        for name, pair in (correction.changes or {}).items()
        if isinstance(pair, list) and len(pair) == 2 and name not in ("reviewed_at", "merge")
    ]
