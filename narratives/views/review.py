"""The review queue: machine placements the classifier was unsure of, least confident first.

Keyboard triage (static/narratives/review.js): j/k move, 1-9 choose a position, 0 no position, x not about
this event, Enter keeps the suggestion. Each choice is one POST; with htmx the queue answers with its list,
without JavaScript the buttons post the same form and the page reloads.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms.review import DecisionForm, ReviewPageForm
from ..models import Claim, Decision, Event
from ..services.review import decide
from .common import analyst_required, describe_speaker, render_page

TEMPLATE = "narratives/review.html"
PER_PAGE = 25


def queue_context(event: Event, *, page: int = 1, notice: str = "", error: str = "") -> dict:
    positions = list(event.positions.all())
    claims = Paginator(Claim.objects.to_review(event), PER_PAGE).get_page(page)
    for claim in claims.object_list:
        claim.speaker_detail = describe_speaker(claim.speaker)
    agreed, total = Decision.objects.agreement(event)
    return {
        "event": event,
        "positions": positions,
        "keys": [(str(i), p) for i, p in enumerate(positions[:9], 1)],
        "claims": claims,
        "agreed": agreed,
        "decided": total,
        "agreement": round(100 * agreed / total) if total else None,
        "notice": notice,
        "error": error,
    }


@analyst_required
def review_queue(request, slug: str):
    event = get_object_or_404(Event.objects.prefetch_related("positions"), slug=slug)
    page = ReviewPageForm(request.GET).page_number()
    return render_page(request, TEMPLATE, queue_context(event, page=page), partial="queue")


@require_POST
@analyst_required
def review_decide(request, slug: str, pk: int):
    event = get_object_or_404(Event.objects.prefetch_related("positions"), slug=slug)
    claim = get_object_or_404(Claim, pk=pk, event=event)
    form = DecisionForm(request.POST, event=event)
    notice = error = ""
    if form.is_valid():
        try:
            decision = decide(claim=claim, user=request.user, choice=form.cleaned_data["choice"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            notice = "Kept the suggestion." if decision.agreed else "Corrected."
    else:
        error = "Choose one of the buttons."
    page = ReviewPageForm(request.GET).page_number()
    if request.htmx:
        context = queue_context(event, page=page, notice=notice, error=error)
        return render_page(request, TEMPLATE, context, partial="queue")
    if error:
        return render_page(request, TEMPLATE, queue_context(event, page=page, error=error))
    return redirect(f"{reverse('review_queue', args=[event.slug])}?page={page}")
