"""Parallax data model, one module per domain.

Who (actors: Side, Actor) said what (claims: Claim; figures: Figure), where (sources: Outlet, Article),
about what (events: Event, Position); history keeps every analyst's Correction.
"""

from .actors import Actor, ActorAlias, ActorQuerySet, Side
from .claims import COMPARISON_ORDER, SET_NULL_WITH_SIDE, UNDATED, Claim, ClaimQuerySet
from .common import NONE_SLUG, LiveClaimCountQuerySet, Origin
from .events import Event, EventQuerySet, Position, PositionQuerySet
from .figures import Figure, FigureQuerySet
from .history import Correction, Decision, DecisionQuerySet
from .search import union_all
from .sources import Article, ArticleQuerySet, Outlet

__all__ = [
    "COMPARISON_ORDER",
    "NONE_SLUG",
    "SET_NULL_WITH_SIDE",
    "UNDATED",
    "Actor",
    "ActorAlias",
    "ActorQuerySet",
    "Article",
    "ArticleQuerySet",
    "Claim",
    "ClaimQuerySet",
    "Correction",
    "Decision",
    "DecisionQuerySet",
    "Event",
    "EventQuerySet",
    "Figure",
    "FigureQuerySet",
    "LiveClaimCountQuerySet",
    "Origin",
    "Outlet",
    "Position",
    "PositionQuerySet",
    "Side",
    "union_all",
]
