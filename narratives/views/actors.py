"""Actor pages."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from ..forms import ActorFilterForm
from ..models import Actor, Claim, Event
from .common import _render
from .events import PositionGroup

log = logging.getLogger(__name__)


@login_required
def actor_detail(request, pk: int):
    actor = get_object_or_404(
        Actor.objects.select_related("side", "organization", "merged_into").prefetch_related("aliases"), pk=pk
    )
    claims_qs = Claim.objects.live().filter(speaker=actor)
    form = ActorFilterForm(request.GET, events=Event.objects.filter(claims__in=claims_qs).distinct())
    claims = list(
        claims_qs.filter(**form.filters())
        .select_related("article__outlet", "event", "position")
        .order_by("event__start_date", "event__title", "position__order", "-article__published", "start")
    )
    groups: dict = {}
    for claim in claims:
        by_position = groups.setdefault(claim.event_id, (claim.event, {}))[1]
        by_position.setdefault(claim.position_id, PositionGroup(claim.position)).claims.append(claim)
    # Claims no event claimed go last.
    event_groups = sorted(
        ((event, list(positions.values())) for event, positions in groups.values()),
        key=lambda g: g[0] is None,
    )
    members = actor.members.active().select_related("side")
    context = {
        "actor": actor,
        "form": form,
        "event_groups": event_groups,
        "claim_count": len(claims),
        "members": members,
    }
    return _render(request, "narratives/actor_detail.html", context, partial="actor-claims")
