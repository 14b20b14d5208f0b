"""Pages. Each view parses its input with a form, asks a QuerySet method or a service, and renders.

With htmx, a view answers with the inline partial of its page that the request swaps in.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django_htmx.http import HttpResponseClientRedirect

from .forms import ActorFilterForm, ArticleUploadForm, EventFilterForm
from .models import Actor, Article, Claim, Event, Outlet, Position, Side
from .services import ingest_article

log = logging.getLogger(__name__)

UNATTRIBUTED_COLOR = "#6b7280"


# --- helpers --------------------------------------------------------------------


def is_analyst(user) -> bool:
    """May upload and, later, correct: superusers and members of the analysts group."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.NARRATIVES_ANALYSTS_GROUP).exists()


def _render(request, template: str, context: dict, *, partial: str | None = None, status: int = 200):
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


def highlight_claims(text: str, claims: list[Claim]) -> SafeString:
    """Article text as HTML: every piece escaped, each claim span wrapped in a <mark> anchored at #claim-<pk>.

    Overlapping spans are clipped to where the previous one ends; a claim left with no characters still
    gets an empty anchor so its link lands in the right place.
    """
    parts: list[str] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.pk)):
        start = min(max(claim.start, cursor), len(text))
        end = min(claim.end, len(text))
        parts.append(escape(text[cursor:start]))
        side = claim.speaker.side if claim.speaker_id and claim.speaker.side_id else None
        color = side.color if side else UNATTRIBUTED_COLOR
        if end <= start:
            parts.append(format_html('<span class="claim-anchor" id="claim-{}"></span>', claim.pk))
            cursor = start
            continue
        speaker = claim.speaker.name if claim.speaker_id else (claim.speaker_mention or "unknown speaker")
        parts.append(
            format_html(
                '<mark class="claim-span" id="claim-{}" style="--side: {}" title="{}">{}</mark>',
                claim.pk,
                color,
                f"{speaker} · {side.name if side else 'unattributed'}",
                text[start:end],
            )
        )
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


# --- pages ----------------------------------------------------------------------


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
def article_detail(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("outlet", "uploaded_by"), pk=pk)
    claims = list(
        article.claims.live()
        .select_related("speaker__side", "speaker__organization", "event", "position")
        .order_by("start", "pk")
    )
    figures = list(article.figures.order_by("start", "pk"))
    context = {
        "article": article,
        "claims": claims,
        "figures": figures,
        "body": highlight_claims(article.text, claims),
        "side_counts": side_counts(claims),
    }
    return _render(request, "narratives/article_detail.html", context, partial="article-body")


def _summary_lines(result) -> list[str]:
    summary = result.summary
    if summary is None:
        return []
    lines = summary.describe()
    placed = sum(sum(c.values()) for c in summary.by_event.values())
    if summary.added == 0:
        lines.append("No attributed claims were found in this article.")
    elif placed < summary.added:
        unplaced = summary.added - placed
        lines.append(f"{unplaced} claim{'s' if unplaced != 1 else ''} not tied to a known event.")
    if summary.figures:
        lines.append(f"{summary.figures} figure{'s' if summary.figures != 1 else ''} found.")
    return lines


@login_required
def article_new(request):
    if not is_analyst(request.user):
        raise PermissionDenied("Uploading articles is for members of the analysts group.")
    if request.method == "POST":
        form = ArticleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = ingest_article(
                    text=data["article_text"],
                    outlet_name=data["outlet"],
                    title=data["title"],
                    published=data["published"],
                    url=data["url"],
                    uploaded_by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except Exception:
                # Extraction runs before anything is written, so a failure leaves no rows behind.
                log.exception("Extraction failed during upload")
                form.add_error(
                    None, "Extraction failed on this text; nothing was stored. The error is logged."
                )
            else:
                article = result.article
                if result.created:
                    lines = format_html_join("", "<li>{}</li>", ((line,) for line in _summary_lines(result)))
                    messages.success(
                        request,
                        format_html(
                            'Stored “{}”.<ul class="message__lines">{}</ul>', article.display_title, lines
                        ),
                    )
                else:
                    messages.warning(
                        request,
                        format_html(
                            'This text is already in Parallax as <a href="{}">{}</a>. '
                            "Nothing new was stored.",
                            article.get_absolute_url(),
                            article.display_title,
                        ),
                    )
                if request.htmx:
                    return HttpResponseClientRedirect(article.get_absolute_url())
                return redirect(article)
    else:
        form = ArticleUploadForm()
    context = {"form": form, "outlet_names": Outlet.objects.values_list("name", flat=True)}
    return _render(request, "narratives/article_new.html", context, partial="upload-form")


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
