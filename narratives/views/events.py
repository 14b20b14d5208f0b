"""Reading pages: the event list, the side-by-side comparison, outlets."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404

from ..forms import EventFilterForm
from ..models import Article, Claim, Event, Outlet, Position, Side
from .common import UNATTRIBUTED_COLOR, SideCount, _render, describe_speaker, side_counts

log = logging.getLogger(__name__)

# --- the comparison: pure grouping, tested on its own -------------------------


@dataclass
class PositionGroup:
    position: Position | None
    claims: list[Claim] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.position.label if self.position else "No position assigned"


@dataclass
class Column:
    side: Side | None
    groups: list[PositionGroup]
    count: int

    @property
    def name(self) -> str:
        return self.side.name if self.side else "Unattributed"

    @property
    def color(self) -> str:
        return self.side.color if self.side else UNATTRIBUTED_COLOR


def comparison_columns(claims: list[Claim]) -> list[Column]:
    """One column per speaker side, most claims first; inside, one group per position in the event's order."""
    by_side: dict = {}
    for claim in claims:
        side = claim.speaker.side if claim.speaker_id and claim.speaker.side_id else None
        by_side.setdefault(side.pk if side else None, (side, []))[1].append(claim)

    def position_key(group: PositionGroup):
        p = group.position
        return (p is None, p.order if p else 0, p.slug if p else "")

    columns = []
    for side, side_claims in by_side.values():
        groups: dict = {}
        for claim in side_claims:
            groups.setdefault(claim.position_id, PositionGroup(claim.position)).claims.append(claim)
        columns.append(Column(side, sorted(groups.values(), key=position_key), len(side_claims)))
    return sorted(columns, key=lambda c: (c.side is None, -c.count, c.name))


def stack_columns(columns: list[Column], max_tracks: int = 4) -> list[list[Column]]:
    """At most ``max_tracks`` tracks side by side; the smallest sides share the last, one under another."""
    if len(columns) <= max_tracks:
        return [[c] for c in columns]
    return [[c] for c in columns[: max_tracks - 1]] + [columns[max_tracks - 1 :]]


# --- article text with its claims highlighted ------------------------------------


@login_required
def home(request):
    events = list(Event.objects.with_side_counts())
    for event in events:
        event.side_counts = side_counts(event.live_claims)
    articles = Article.objects.with_counts()[:8]
    return _render(
        request, "narratives/home.html", {"events": events, "articles": articles}, partial="event-list"
    )


@login_required
def event_detail(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    form = EventFilterForm(request.GET, event=event)
    claims = list(Claim.objects.for_comparison(event, **form.filters()))
    for claim in claims:
        claim.speaker_detail = describe_speaker(claim.speaker)
    columns = comparison_columns(claims)
    context = {
        "event": event,
        "form": form,
        "columns": columns,
        "tracks": stack_columns(columns),
        "claim_count": len(claims),
    }
    return _render(request, "narratives/event_detail.html", context, partial="comparison")


@login_required
def outlet_detail(request, slug: str):
    outlet = get_object_or_404(Outlet, slug=slug)
    page = Paginator(outlet.articles.with_counts().order_by("-published", "-created_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    speakers = (
        Claim.objects.live()
        .filter(article__outlet=outlet)
        .values("speaker__side__name", "speaker__side__color")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__side__name")
    )
    sides = [
        SideCount(Side(name=row["speaker__side__name"], color=row["speaker__side__color"]), row["n"])
        if row["speaker__side__name"]
        else SideCount(None, row["n"])
        for row in speakers
    ]
    context = {"outlet": outlet, "page": page, "side_counts": sides}
    return _render(request, "narratives/outlet_detail.html", context, partial="outlet-articles")
