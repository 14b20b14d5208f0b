"""Claim corrections: speaker, event, position, kind; review; tombstone delete; claims the machine missed."""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Actor, Article, Claim, Correction, Event, Origin, Position
from ..nlp.fingerprint import fingerprint
from .common import UNSET, _log, _same, _value, lock_row

CLAIM_FIELDS = ("speaker", "event", "position", "kind")

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
    version: datetime | None = None,
) -> Correction | None:
    """Change any of speaker, event, position and kind; the logged Correction, or None if nothing changed.

    A new event without a position clears a position that belongs to another event. ``version``: the
    claim's updated_at the analyst saw; a claim saved since is refused (ValidationError, code "stale").
    """
    if version is not None:
        lock_row(claim, version=version, fields=CLAIM_FIELDS)  # the same row as loaded, unless refused
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
    Event.objects.filter(pk=claim.event_id).claims_changed()  # the event page counts it no more
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
    Event.objects.filter(pk=claim.event_id).claims_changed()
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
