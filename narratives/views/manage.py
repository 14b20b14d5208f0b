"""Event editing for analysts: events, their positions and terms; then re-classify with a preview.

Saving terms changes how new articles are classified at once. Existing claims move only when the analyst
confirms the preview, which counts what would change; analyst claims never move (narratives/reclassify.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ..forms import EventForm, PositionForm
from ..models import Event, Position
from ..services import events as events_service
from ..services import reclassify as reclassify_service
from .common import analyst_required, render_page

PREVIEW_ROWS = 50


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@analyst_required
def event_list(request):
    events = (
        Event.objects.annotate(position_count=Count("positions", distinct=True))
        .with_live_claim_count()
        .order_by("start_date", "title")
    )
    return render_page(request, "narratives/manage_events.html", {"events": events}, partial="event-table")


@analyst_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str | None = None):
    event = get_object_or_404(Event, slug=slug) if slug else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        created = event is None
        try:
            saved, changed = events_service.save_event(
                event=event, values=form.cleaned_data, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            form.refuse_stale(exc)
            event = exc.current  # the form's instance holds the refused values
        else:
            if created or "terms" in changed:
                messages.success(request, f"Saved “{saved.title}”. Check what re-classifying would change.")
                return _go(request, reverse("event_reclassify", args=[saved.slug]))
            messages.success(request, f"Saved “{saved.title}”." if changed else "Nothing changed.")
            return _go(request, reverse("event_edit", args=[saved.slug]))
    context = {
        "form": form,
        "event": event,
        "positions": event.positions.select_related("opposite").with_live_claim_count() if event else [],
    }
    return render_page(request, "narratives/event_form.html", context, partial="event-form")


@analyst_required
@require_http_methods(["GET", "POST"])
def position_edit(request, slug: str, pk: int | None = None):
    event = get_object_or_404(Event, slug=slug)
    position = get_object_or_404(Position, pk=pk, event=event) if pk else None
    form = PositionForm(request.POST or None, instance=position, event=event)
    if request.method == "POST" and form.is_valid():
        created = position is None
        try:
            saved, changed = events_service.save_position(
                event=event, position=position, values=form.cleaned_data, version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            form.refuse_stale(exc)
            position = exc.current
        else:
            if created or {"cue_terms", "examples", "description", "opposite", "slug"} & set(changed):
                messages.success(request, f"Saved “{saved.label}”. Check what re-classifying would change.")
                return _go(request, reverse("event_reclassify", args=[event.slug]))
            messages.success(request, f"Saved “{saved.label}”." if changed else "Nothing changed.")
            return _go(request, reverse("event_edit", args=[event.slug]))
    context = {"form": form, "event": event, "position": position}
    return render_page(request, "narratives/position_form.html", context, partial="position-form")


@analyst_required
@require_http_methods(["GET", "POST"])
def reclassify(request, slug: str):
    """GET: what re-classifying the machine claims would change. POST: do it (recomputed, not replayed)."""
    event = get_object_or_404(Event, slug=slug)
    if request.method == "POST":
        changed = reclassify_service.apply(user=request.user)
        if changed:
            messages.success(
                request,
                format_html(
                    "Re-classified {} claim{}. Each change is in the claim's history.",
                    changed,
                    "" if changed == 1 else "s",
                ),
            )
        else:
            messages.info(request, "Nothing to change: every claim already sits where the terms put it.")
        return _go(request, event.get_absolute_url())
    preview = reclassify_service.preview()
    touching = preview.touching(event)
    context = {
        "event": event,
        "preview": preview,
        "moves": preview.moves(),
        "touching": touching,
        "rows": [
            {
                "change": c,
                "old": preview.place(c.old_event, c.old_position),
                "new": preview.place(c.new_event, c.new_position),
            }
            for c in (touching or preview.changes)[:PREVIEW_ROWS]
        ],
    }
    return render_page(request, "narratives/reclassify.html", context, partial="reclassify-preview")
