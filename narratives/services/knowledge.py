"""The database's knowledge as the plain snapshot the pipeline reads."""

from __future__ import annotations

from ..models import Actor, Event, Side
from ..nlp import types as nlp_types
from .definitions import event_entries


def load_knowledge() -> nlp_types.Knowledge:
    """The database's sides, actors, events and positions as plain data for the pipeline."""
    sides = tuple(
        nlp_types.SideEntry(name=s.name, slug=s.slug, terms=tuple(s.terms or ()))
        for s in Side.objects.order_by("name")
    )
    actors = tuple(
        nlp_types.ActorEntry(
            name=a.name,
            kind=a.kind,
            aliases=tuple(alias.name for alias in a.aliases.all()),
            role=a.role,
            organization=a.organization.name if a.organization else None,
            side=a.side.name if a.side else None,
            pk=a.pk,
        )
        for a in Actor.objects.active().select_related("organization", "side").prefetch_related("aliases")
    )
    events = event_entries()
    # Each event's model, fitted on the worker from its analysts' labels (services/learning.py).
    event_models = tuple(
        (slug, bytes(blob))
        for slug, blob in Event.objects.exclude(learned_model=None).values_list("slug", "learned_model")
    )
    return nlp_types.Knowledge(sides=sides, actors=actors, events=events, event_models=event_models)
