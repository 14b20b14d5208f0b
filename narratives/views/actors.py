"""Actor pages: the profile with claims by event and position, and the analyst's edit, merge and split."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .. import services
from ..forms import ActorDirectoryForm, ActorEditForm, ActorFilterForm, ActorMergeForm
from ..models import Actor, Claim, Event
from .common import analyst_required, history_entries, is_analyst, render_page
from .grouping import PositionGroup

log = logging.getLogger(__name__)

TEMPLATE = "narratives/actor_detail.html"
PER_PAGE = 30


def _actor(pk: int) -> Actor:
    return get_object_or_404(
        Actor.objects.select_related("side", "organization", "merged_into").prefetch_related("aliases"), pk=pk
    )


def actor_context(request, actor: Actor, *, edit_form=None, merge_form=None, edit_open: bool = False) -> dict:
    form = ActorFilterForm(request.GET, events=Event.objects.spoken_about_by(actor))
    claims = list(Claim.objects.by_speaker(actor, **form.filters()))
    groups: dict = {}
    for claim in claims:
        by_position = groups.setdefault(claim.event_id, (claim.event, {}))[1]
        by_position.setdefault(claim.position_id, PositionGroup(claim.position)).claims.append(claim)
    # Claims no event claimed go last.
    event_groups = sorted(
        ((event, list(positions.values())) for event, positions in groups.values()),
        key=lambda g: g[0] is None,
    )
    can_edit = is_analyst(request.user)
    merge = services.merge_record(actor) if actor.merged_into_id else None
    context = {
        "actor": actor,
        "form": form,
        "event_groups": event_groups,
        "claim_count": len(claims),
        "members": actor.members.active().select_related("side"),
        "merged_actors": actor.merged_actors.all(),
        "can_edit": can_edit,
        "history": history_entries(services.actor_history(actor)),
        "merge": merge,
        "edit_open": edit_open or edit_form is not None,
    }
    if can_edit and not actor.merged_into_id:
        context["edit_form"] = edit_form or ActorEditForm(actor=actor)
        context["merge_form"] = merge_form or ActorMergeForm(actor=actor)
    return context


@login_required
def actor_list(request):
    """The actors directory: search, side and kind filters, claim counts, sortable, paginated."""
    form = ActorDirectoryForm(request.GET)
    params = form.params()
    page = Paginator(Actor.objects.directory(**params), PER_PAGE).get_page(request.GET.get("page"))
    sort = params.get("sort", "name")
    context = {
        "form": form,
        "page": page,
        "filtered": bool(set(params) - {"sort"}),
        # A column header sorts by it; clicked again, the other way round.
        "name_sort": form.query(sort="-name" if sort == "name" else "name", page=None),
        "claims_sort": form.query(sort="-claims" if sort == "claims" else "claims", page=None),
        "sort": sort,
        "prev_query": form.query(page=page.previous_page_number()) if page.has_previous() else "",
        "next_query": form.query(page=page.next_page_number()) if page.has_next() else "",
    }
    return render_page(request, "narratives/actor_list.html", context, partial="actor-list")


@login_required
def actor_detail(request, pk: int):
    actor = _actor(pk)
    return render_page(request, TEMPLATE, actor_context(request, actor), partial="actor-claims")


@analyst_required
def actor_edit(request, pk: int):
    """GET: the edit form (a fragment for htmx, else the page with it open). POST: save and log."""
    actor = _actor(pk)
    if actor.merged_into_id:
        messages.error(request, "A merged actor cannot be edited; split it first.")
        return redirect(actor)
    if request.method == "POST":
        form = ActorEditForm(request.POST, actor=actor)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction = services.update_actor(
                    actor=actor,
                    user=request.user,
                    aliases=data["aliases"],
                    version=data["version"],
                    **{name: data[name] for name in services.ACTOR_FIELDS},
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "stale":
                    form.refuse_stale(exc)
                elif hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, "Actor saved." if correction else "Nothing changed.")
                if request.htmx:
                    return HttpResponseClientRedirect(actor.get_absolute_url())
                return redirect(actor)
        context = actor_context(request, actor, edit_form=form)
        return render_page(request, TEMPLATE, context, partial="actor-edit")
    context = actor_context(request, actor, edit_open=True)
    return render_page(request, TEMPLATE, context, partial="actor-edit")


@require_POST
@analyst_required
def actor_merge(request, pk: int):
    """Fold this actor into the chosen one; the page of the one that remains opens, with an undo."""
    actor = _actor(pk)
    form = ActorMergeForm(request.POST, actor=actor)
    if form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.merge_actors(source=actor, target=target, user=request.user)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Merged {actor.name} into {target.name}. Open {actor.name}’s page to split them again.",
            )
            if request.htmx:
                return HttpResponseClientRedirect(target.get_absolute_url())
            return redirect(target)
    context = actor_context(request, actor, merge_form=form)
    return render_page(request, TEMPLATE, context, partial="actor-merge")


@require_POST
@analyst_required
def actor_split(request, pk: int):
    """Undo a merge: this (merged) actor comes back with the aliases and claims it had."""
    actor = _actor(pk)
    try:
        services.split_actor(actor=actor, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{actor.name} is a separate actor again.")
    if request.htmx:
        return HttpResponseClientRedirect(actor.get_absolute_url())
    return redirect(actor)
