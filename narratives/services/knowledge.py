"""The database's knowledge as the plain snapshot the pipeline reads."""

from __future__ import annotations

from collections import defaultdict

from ..models import Actor, ActorAlias, Event, Side
from ..nlp import types as nlp_types
from .definitions import event_entries


def load_knowledge() -> nlp_types.Knowledge:
    """The database's sides, actors, events and positions as plain data for the pipeline."""
    sides = tuple(
        nlp_types.SideEntry(name=s.name, slug=s.slug, terms=tuple(s.terms or ()))
        for s in Side.objects.order_by("name")
    )
    # Plain rows, not model instances: a worker reads this before every article, and it grows with actors.
    aliases = defaultdict(list)
    for actor_id, name in ActorAlias.objects.order_by("name", "pk").values_list("actor_id", "name"):
        aliases[actor_id].append(name)
    rows = Actor.objects.active().order_by("name", "pk")
    rows = rows.values_list("pk", "name", "kind", "role", "organization__name", "side__name")
    actors = tuple(
        nlp_types.ActorEntry(
            name=name,
            kind=kind,
            aliases=tuple(aliases[pk]),
            role=role,
            organization=organization,
            side=side,
            pk=pk,
        )
        for pk, name, kind, role, organization, side in rows
    )
    events = event_entries()
    # Each event's model, fitted on the worker from its analysts' labels (services/learning.py).
    event_models = tuple(
        (slug, bytes(blob))
        for slug, blob in Event.objects.exclude(learned_model=None).values_list("slug", "learned_model")
    )
    return nlp_types.Knowledge(sides=sides, actors=actors, events=events, event_models=event_models)
