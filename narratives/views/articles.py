"""The article page (text, highlighted claims) and the upload form."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, Claim
from .common import (
    UNATTRIBUTED_COLOR,
    describe_speaker,
    history_entries,
    is_analyst,
    render_page,
    side_counts,
)

log = logging.getLogger(__name__)


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


def _as_listed(claims: list[Claim], claim: Claim) -> Claim:
    """The claim as the page lists it (with its byline); the given one when the list lacks it (deleted)."""
    found = next((c for c in claims if c.pk == claim.pk), claim)
    if not hasattr(found, "speaker_detail"):
        found.speaker_detail = describe_speaker(found.speaker)
    return found


def article_context(
    request,
    article: Article,
    *,
    open_claim: Claim | None = None,
    only_claim: Claim | None = None,
    speaker_form=None,
    classify_form=None,
    add_form=None,
    add_open: bool = False,
    notice: str = "",
    deleted: Claim | None = None,
) -> dict:
    """Everything the article page and its fragments show; the open claim carries its correction forms.

    ``only_claim`` is the claim a margin fragment renders (it may be one the live list no longer holds).
    """
    from ..forms import ClaimAddForm, ClaimClassifyForm, ClaimSpeakerForm

    article = Article.objects.select_related("outlet", "uploaded_by").get(pk=article.pk)
    claims = list(
        article.claims.live()
        .select_related("speaker__side", "speaker__organization", "event", "position", "reviewed_by")
        .order_by("start", "pk")
    )
    for claim in claims:
        claim.speaker_detail = describe_speaker(claim.speaker)
    figures = list(article.figures.order_by("start", "pk"))
    can_edit = is_analyst(request.user)
    context = {
        "article": article,
        "claims": claims,
        "figures": figures,
        "body": highlight_claims(article.text, claims),
        "side_counts": side_counts(claims),
        "can_edit": can_edit,
        "can_upload": can_edit,
        "running": article.status in (Article.Status.PENDING, Article.Status.PROCESSING),
        "notice": notice,
        "deleted": deleted,
        "add_open": add_open or add_form is not None,
        "history": history_entries(article.corrections.select_related("user", "claim")[:40]),
    }
    if can_edit:
        context["add_form"] = add_form or ClaimAddForm(article=article)
    if open_claim is not None:
        opened = _as_listed(claims, open_claim)
        context["open_claim_id"] = opened.pk
        context["claim_history"] = history_entries(opened.corrections.select_related("user"))
        if can_edit:
            context["speaker_form"] = speaker_form or ClaimSpeakerForm(
                initial={"speaker": opened.speaker_id}, claim=opened
            )
            context["classify_form"] = classify_form or ClaimClassifyForm(claim=opened)
    if only_claim is not None:
        context["claim"] = _as_listed(claims, only_claim)
    return context


@login_required
def article_detail(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    context = article_context(request, article)
    return render_page(request, "narratives/article_detail.html", context, partial="article-body")


# The upload form (article_new) lives in views/upload.py.
