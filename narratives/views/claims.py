"""The article workbench: claim details, inline corrections, added claims, re-extraction.

Every write is a POST (CSRF-protected) that only analysts may make; viewers get 403. With htmx a write
answers with the article body (text, margin, history) so the highlight colours and lists follow the change;
without it, the browser is redirected to the claim's page. A form that fails comes back with its errors and
status 200.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ActorSearchForm, ClaimAddForm, ClaimClassifyForm, ClaimSpeakerForm
from ..models import Article, Claim, Origin
from ..services import retry_extraction
from .articles import article_context
from .common import analyst_required, is_analyst, render_page

log = logging.getLogger(__name__)

TEMPLATE = "narratives/article_detail.html"


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article", "event", "position", "speaker"), pk=pk)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _refuse(form, exc: ValidationError) -> None:
    """A stale save shows what the claim holds now; other refusals just say why."""
    if getattr(exc, "code", None) == "stale":
        form.refuse_stale(exc)
    else:
        form.add_error(None, _error_text(exc))


def _article_page(request, article: Article, *, status: int = 200, **extra):
    """The article page, or its body when htmx asks; ``extra`` reaches article_context."""
    context = article_context(request, article, **extra)
    return render_page(request, TEMPLATE, context, partial="article-body", status=status)


def _done(request, article: Article, claim: Claim | None, text: str):
    """After a successful write: the fresh body for htmx, else a redirect to where the analyst was."""
    if request.htmx:
        return _article_page(request, article, open_claim=claim, notice=text)
    messages.success(request, text)
    if claim is not None and not claim.rejected:
        return redirect(f"{reverse('claim_detail', args=[claim.pk])}#margin-claim-{claim.pk}")
    return redirect(article)


# --- reading --------------------------------------------------------------------------------


@login_required
def claim_detail(request, pk: int):
    """A claim's details and, for analysts, its correction forms: a margin card for htmx, else the page."""
    claim = _claim(pk)
    if request.htmx and request.GET.get("view") == "item":
        context = article_context(request, claim.article, open_claim=None, only_claim=claim)
        return render_page(request, TEMPLATE, context, partial="claim-item")
    context = article_context(request, claim.article, open_claim=claim, only_claim=claim)
    return render_page(request, TEMPLATE, context, partial="claim-card")


@login_required
def actor_search(request):
    """The speaker autocomplete: radio options for htmx, a page of results (with a form to pick) otherwise."""
    form = ActorSearchForm(request.GET)
    results = form.results()
    context = {
        "form": form,
        "results": results,
        "field": (form.cleaned_data.get("field") if form.is_valid() else "") or "speaker",
        "for_claim": form.cleaned_data.get("claim") if form.is_valid() else None,
        "for_merge": form.cleaned_data.get("merge") if form.is_valid() else None,
        "can_edit": is_analyst(request.user),
    }
    # Radios to pick from inside a correction form; a list of profile links on the plain search page.
    context["pick"] = bool(
        context["can_edit"]
        and (context["for_claim"] or context["for_merge"] or (request.htmx and not request.GET.get("list")))
    )
    return render_page(request, "narratives/actor_search.html", context, partial="actor-options")


# --- claim corrections ---------------------------------------------------------------------------


@require_POST
@analyst_required
def claim_speaker(request, pk: int):
    claim = _claim(pk)
    form = ClaimSpeakerForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            with transaction.atomic():
                speaker = form.cleaned_data["speaker"]
                if new := form.new_actor_data():
                    speaker = services.create_actor(user=request.user, **new)
                services.correct_claim(
                    claim=claim, user=request.user, speaker=speaker, version=form.cleaned_data["version"]
                )
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            return _done(request, claim.article, claim, f"Speaker set to {speaker.name}.")
    return _article_page(request, claim.article, open_claim=claim, speaker_form=form)


@analyst_required
def claim_classify(request, pk: int):
    """GET: the event/position/kind form (``?event=`` limits the positions, for htmx). POST: save."""
    claim = _claim(pk)
    if request.method == "POST":
        form = ClaimClassifyForm(request.POST, claim=claim)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = services.correct_claim(
                    claim=claim,
                    user=request.user,
                    event=data["event"],
                    position=data["position"],
                    kind=data["kind"],
                    version=data["version"],
                )
            except ValidationError as exc:
                _refuse(form, exc)
            else:
                text = "Claim corrected." if correction else "Nothing changed."
                return _done(request, claim.article, claim, text)
        return _article_page(request, claim.article, open_claim=claim, classify_form=form)
    initial = {
        "event": request.GET.get("event") or None,
        "position": None,
        "kind": request.GET.get("kind") or claim.kind,
    }
    if request.GET.get("version"):
        # Picking an event redraws the form: it keeps the version the analyst's page was built from.
        initial["version"] = request.GET["version"]
    form = (
        ClaimClassifyForm(claim=claim, initial=initial)
        if "event" in request.GET
        else ClaimClassifyForm(claim=claim)
    )
    context = article_context(request, claim.article, open_claim=claim, only_claim=claim, classify_form=form)
    return render_page(request, TEMPLATE, context, partial="classify-form")


@require_POST
@analyst_required
def claim_review(request, pk: int):
    claim = _claim(pk)
    services.review_claim(claim=claim, user=request.user)
    return _done(request, claim.article, claim, "Marked as reviewed.")


@require_POST
@analyst_required
def claim_delete(request, pk: int):
    claim = _claim(pk)
    try:
        services.reject_claim(claim=claim, user=request.user)
    except ValidationError as exc:
        return _article_page(request, claim.article, notice=_error_text(exc))
    if request.htmx:
        return _article_page(request, claim.article, deleted=claim)
    messages.success(request, "Claim deleted. It stays deleted when the article is extracted again.")
    return redirect(claim.article)


@require_POST
@analyst_required
def claim_restore(request, pk: int):
    claim = _claim(pk)
    try:
        services.restore_claim(claim=claim, user=request.user)
    except ValidationError as exc:
        return _article_page(request, claim.article, notice=_error_text(exc))
    return _done(request, claim.article, claim, "Claim restored.")


@analyst_required
def claim_add(request, pk: int):
    """Add a missed claim. curation.js fills quote/start/end; the form checks them against the text."""
    article = get_object_or_404(Article, pk=pk)
    if request.method == "POST":
        form = ClaimAddForm(request.POST, article=article)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    speaker = data["speaker"]
                    if new := form.new_actor_data():
                        speaker = services.create_actor(user=request.user, **new)
                    claim = services.add_claim(
                        article=article,
                        user=request.user,
                        start=data["start"],
                        end=data["end"],
                        speaker=speaker,
                        speaker_mention=data["speaker_mention"],
                        cue=data["cue"],
                        kind=data["kind"],
                        event=data["event"],
                        position=data["position"],
                    )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                return _done(request, article, claim, "Claim added.")
        return _article_page(request, article, add_form=form)
    fields = (
        "quote",
        "start",
        "end",
        "speaker",
        "speaker_mention",
        "cue",
        "kind",
        "event",
        "new_name",
        "new_role",
    )
    form = ClaimAddForm(article=article, initial={k: request.GET[k] for k in fields if request.GET.get(k)})
    context = article_context(request, article, add_form=form, add_open=True)
    return render_page(request, TEMPLATE, context, partial="add-claim")


# --- re-extraction --------------------------------------------------------------------------------


@require_POST
@analyst_required
def article_extract(request, pk: int):
    """Run extraction again (now when eager, on a worker with a broker). Analyst claims are kept."""
    article = get_object_or_404(Article, pk=pk)
    try:
        article = retry_extraction(article=article, user=request.user)
    except ValidationError as exc:
        notice = _error_text(exc)
    else:
        if article.status == Article.Status.DONE:
            kept = article.claims.filter(origin=Origin.ANALYST).count()
            found = article.claims.filter(origin=Origin.MACHINE).count()
            notice = (
                f"Extracted again: {found} machine claim{'s' if found != 1 else ''}; {kept} of yours kept."
            )
        elif article.status == Article.Status.FAILED:
            notice = "Extraction failed; see the error above."
        else:
            notice = "Extraction queued."
    if request.htmx:
        return _article_page(request, article, notice=notice)
    messages.info(request, notice)
    return redirect(article)


@login_required
def article_status(request, pk: int):
    """Polled while extraction runs: the status bar until it ends, then the whole body (retargeted)."""
    article = get_object_or_404(Article, pk=pk)
    if not request.htmx:
        return _article_page(request, article)
    running = article.status in (Article.Status.PENDING, Article.Status.PROCESSING)
    context = article_context(request, article)
    if running:
        return render_page(request, TEMPLATE, context, partial="extraction-status")
    response = render_page(request, TEMPLATE, context, partial="article-body")
    response["HX-Retarget"] = "#article-body"
    response["HX-Reswap"] = "outerHTML"
    return response
