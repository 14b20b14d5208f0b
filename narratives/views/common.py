"""Helpers shared by the pages: the analysts-only check, htmx-aware rendering, bylines, history lines."""

from __future__ import annotations

import functools
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from ..models import Actor, Side

log = logging.getLogger(__name__)

UNATTRIBUTED_COLOR = "#6b7280"


def is_analyst(user) -> bool:
    """May upload and, later, correct: superusers and members of the analysts group."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.NARRATIVES_ANALYSTS_GROUP).exists()


def analyst_required(view):
    """The one check for analysts' pages and writes. Anonymous: to the login page. Others: 403."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_analyst(request.user):
            raise PermissionDenied("This is for members of the analysts group.")
        return view(request, *args, **kwargs)

    return wrapped


def render_page(request, template: str, context: dict, *, partial: str | None = None, status: int = 200):
    """The full page, or only ``partial`` when htmx asks (history restores always get the full page)."""
    context.setdefault("can_upload", is_analyst(request.user))
    name = template
    if partial and request.htmx and not request.htmx.history_restore_request:
        name = f"{template}#{partial}"
    response = render(request, name, context, status=status)
    # The same URL answers full page or fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@dataclass
class SideCount:
    side: Side | None
    count: int

    @property
    def name(self) -> str:
        return self.side.name if self.side else "Unattributed"

    @property
    def color(self) -> str:
        return self.side.color if self.side else UNATTRIBUTED_COLOR


def side_counts(claims) -> list[SideCount]:
    """Claims per speaker side, largest first; claims without a sided speaker count as unattributed."""
    counts: Counter = Counter()
    sides: dict = {}
    for claim in claims:
        side = claim.speaker.side if claim.speaker_id and claim.speaker.side_id else None
        key = side.pk if side else None
        sides[key] = side
        counts[key] += 1
    return sorted(
        (SideCount(sides[key], n) for key, n in counts.items()),
        key=lambda sc: (sc.side is None, -sc.count, sc.name),
    )


def describe_speaker(actor: Actor | None) -> str:
    """Role and organisation for a byline, without repeating an organisation the role already names."""
    if actor is None:
        return ""
    parts = [actor.role] if actor.role else []
    org = actor.organization.name if actor.organization_id else ""
    if org and org != actor.name and org.casefold() not in actor.role.casefold():
        parts.append(org)
    return ", ".join(parts)


@dataclass
class HistoryEntry:
    correction: object  # a Correction
    lines: list


def history_entries(corrections) -> list[HistoryEntry]:
    """Corrections with the lines a person reads, for the history lists of the article and actor pages."""
    from ..services import describe_changes

    return [HistoryEntry(c, describe_changes(c)) for c in corrections]
