"""Reading pages: the event list, the side-by-side comparison, outlets."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404

from ..forms import EventFilterForm
from ..models import NONE_SLUG, Article, Claim, Event, Outlet, Position, Side
from .common import UNATTRIBUTED_COLOR, SideCount, _render, describe_speaker

log = logging.getLogger(__name__)

# Cards per (side, position) group and page: the page's cost does not depend on the number of claims.
PER_GROUP = 6
MAX_PAGE = 10_000

# --- the comparison: pure grouping, tested on its own -------------------------


@dataclass
class PositionGroup:
    position: Position | None
    claims: list[Claim] = field(default_factory=list)
    total: int = 0
    # Set by the view: query strings of the group's next and previous pages, when there are any.
    more_query: str = ""
    prev_query: str = ""

    @property
    def label(self) -> str:
        return self.position.label if self.position else "No position assigned"

    @property
    def slug(self) -> str:
        return self.position.slug if self.position else NONE_SLUG

    @property
    def count(self) -> int:
        return max(self.total, len(self.claims))


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

    @property
    def slug(self) -> str:
        return self.side.slug if self.side else NONE_SLUG


def _position_key(group: PositionGroup):
    p = group.position
    return (p is None, p.order if p else 0, p.slug if p else "")


def comparison_columns(
    claims: list[Claim],
    counts: list[dict] | None = None,
    *,
    sides: dict | None = None,
    positions: dict | None = None,
) -> list[Column]:
    """One column per speaker side, most claims first; inside, one group per position in the event's order.

    ``counts`` (rows of ClaimQuerySet.comparison_counts: side id, position id, n) give the columns, groups
    and totals when the claims are only one page of each group; ``sides`` and ``positions`` (by id) name
    them. Without counts everything is counted from ``claims``.
    """
    sides, positions = sides or {}, positions or {}
    found: dict = {}  # side id -> Side (None: unattributed), in first-seen order
    groups: dict = {}
    for row in counts or ():
        side_id, position_id = row["side_id"], row["position_id"]
        found.setdefault(side_id, sides.get(side_id))
        groups[side_id, position_id] = PositionGroup(positions.get(position_id), total=row["n"])
    for claim in claims:
        side_id = claim.side_id
        if side_id not in found:
            found[side_id] = claim.side if side_id else None
        key = (side_id, claim.position_id)
        groups.setdefault(key, PositionGroup(claim.position)).claims.append(claim)

    columns = []
    for side_id, side in found.items():
        side_groups = sorted((g for (s, _), g in groups.items() if s == side_id), key=_position_key)
        columns.append(Column(side or None, side_groups, sum(g.count for g in side_groups)))
    return sorted(columns, key=lambda c: (c.side is None, -c.count, c.name))


@dataclass
class MatrixRow:
    label: str
    slug: str
    cells: list[tuple[Column, int, str]]


def position_matrix(columns: list[Column], link=lambda side, position: "") -> list[MatrixRow]:
    """Positions down, sides across, claim counts inside: who holds which position, at a glance."""
    groups: dict = {}
    for column in columns:
        for group in column.groups:
            groups.setdefault(group.slug, group)
    rows = []
    for group in sorted(groups.values(), key=_position_key):
        counts = {c.slug: next((g.count for g in c.groups if g.slug == group.slug), 0) for c in columns}
        cells = [(c, counts[c.slug], link(c.slug, group.slug)) for c in columns]
        rows.append(MatrixRow(group.label, group.slug, cells))
    return rows


def stack_columns(columns: list[Column], max_tracks: int = 4) -> list[list[Column]]:
    """At most ``max_tracks`` tracks side by side; the smallest sides share the last, one under another."""
    if len(columns) <= max_tracks:
        return [[c] for c in columns]
    return [[c] for c in columns[: max_tracks - 1]] + [columns[max_tracks - 1 :]]


# --- views -----------------------------------------------------------------------------------


@login_required
def home(request):
    events = list(Event.objects.for_index())
    counts: dict = defaultdict(list)
    for row in Claim.objects.side_counts_by_event():
        side = None
        if row["side__slug"]:
            side = Side(
                name=row["side__name"],
                slug=row["side__slug"],
                color=row["side__color"],
            )
        counts[row["event_id"]].append(SideCount(side, row["n"]))
    for event in events:
        event.side_counts = sorted(counts[event.pk], key=lambda sc: (sc.side is None, -sc.count, sc.name))
        event.claim_count = sum(sc.count for sc in event.side_counts)
    articles = Article.objects.with_counts()[:8]
    return _render(
        request, "narratives/home.html", {"events": events, "articles": articles}, partial="event-list"
    )


def _page_number(request) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@login_required
def event_detail(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    form = EventFilterForm(request.GET, event=event)
    filters = form.filters()
    page = _page_number(request)
    counts = list(Claim.objects.comparison_counts(event, **filters))
    groups = [(row["side_id"], row["position_id"]) for row in counts]
    claims = list(
        Claim.objects.for_comparison(event, page=page, per_group=PER_GROUP, groups=groups, **filters)
    )
    for claim in claims:
        claim.speaker_detail = describe_speaker(claim.speaker)
    columns = comparison_columns(claims, counts, sides=form.sides, positions=form.positions)
    for column in columns:
        for group in column.groups:
            where = {"side": column.slug, "position": group.slug}
            if group.count > page * PER_GROUP:
                group.more_query = form.query(**where, page=page + 1)
            if page > 1:
                group.prev_query = form.query(**where, page=page - 1 if page > 2 else None)
    context = {
        "event": event,
        "form": form,
        "columns": columns,
        "tracks": stack_columns(columns),
        "matrix": position_matrix(columns, lambda side, position: form.query(side=side, position=position)),
        "claim_count": sum(c.count for c in columns),
        "page": page,
        "per_group": PER_GROUP,
        "first_shown": (page - 1) * PER_GROUP + 1,
        "last_shown": page * PER_GROUP,
        "query": form.query(),
    }
    # "Load more" on one group: only the next cards of that group (the URL filters side and position).
    if request.htmx and (request.htmx.target or "").startswith("more-"):
        context["column"] = columns[0] if columns else None
        context["group"] = columns[0].groups[0] if columns and columns[0].groups else None
        context["focus_first"] = True
        return _render(request, "narratives/event_detail.html", context, partial="more")
    return _render(request, "narratives/event_detail.html", context, partial="comparison")


@login_required
def outlet_detail(request, slug: str):
    outlet = get_object_or_404(Outlet, slug=slug)
    page = Paginator(outlet.articles.with_counts().order_by("-published", "-created_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    claims = Paginator(
        Claim.objects.live()
        .filter(article__outlet=outlet)
        .select_related("speaker__side", "speaker__organization", "article", "event", "position")
        .order_by(F("article__published").desc(nulls_last=True), "-article_id", "start", "pk"),
        20,
    ).get_page(request.GET.get("claims_page"))
    for claim in claims.object_list:
        claim.speaker_detail = describe_speaker(claim.speaker)
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
    context = {"outlet": outlet, "page": page, "claims": claims, "side_counts": sides}
    partial = (
        "outlet-claims" if request.htmx and request.htmx.target == "outlet-claims" else "outlet-articles"
    )
    return _render(request, "narratives/outlet_detail.html", context, partial=partial)
