"""Reading pages: the event list, the side-by-side comparison, outlets."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from ..forms import EventFilterForm
from ..models import Article, Claim, Event, Outlet, Side
from .common import SideCount, describe_speaker, render_page
from .grouping import comparison_columns, position_matrix, stack_columns

log = logging.getLogger(__name__)

# Cards per (side, position) group and page: the page's cost does not depend on the number of claims.
PER_GROUP = 6
MAX_PAGE = 10_000

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
    return render_page(
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
    counts, claims = Claim.objects.comparison(event, page=page, per_group=PER_GROUP, **filters)
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
        return render_page(request, "narratives/event_detail.html", context, partial="more")
    return render_page(request, "narratives/event_detail.html", context, partial="comparison")


@login_required
def outlet_detail(request, slug: str):
    outlet = get_object_or_404(Outlet, slug=slug)
    page = Paginator(outlet.articles.with_counts().order_by("-published", "-created_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    claims = Paginator(Claim.objects.from_outlet(outlet), 20).get_page(request.GET.get("claims_page"))
    for claim in claims.object_list:
        claim.speaker_detail = describe_speaker(claim.speaker)
    sides = [
        SideCount(Side(name=row["side__name"], color=row["side__color"]), row["n"])
        if row["side__name"]
        else SideCount(None, row["n"])
        for row in Claim.objects.filter(article__outlet=outlet).side_counts()
    ]
    context = {"outlet": outlet, "page": page, "claims": claims, "side_counts": sides}
    partial = (
        "outlet-claims" if request.htmx and request.htmx.target == "outlet-claims" else "outlet-articles"
    )
    return render_page(request, "narratives/outlet_detail.html", context, partial=partial)
