"""The database's knowledge as the plain snapshot the pipeline reads."""

from __future__ import annotations

from ..models import Actor, Event, Side
from ..nlp import types as nlp_types


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
    events = tuple(
        nlp_types.EventEntry(
            slug=e.slug,
            title=e.title,
            terms=tuple(e.terms or ()),
            positions=tuple(
                nlp_types.PositionEntry(
                    slug=p.slug,
                    label=p.label,
                    cue_terms=tuple(p.cue_terms or ()),
                    opposite=p.opposite.slug if p.opposite else None,
                )
                for p in e.positions.all()
            ),
        )
        for e in Event.objects.prefetch_related("positions__opposite")
    )
    return nlp_types.Knowledge(sides=sides, actors=actors, events=events)
