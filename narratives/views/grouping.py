"""The comparison's pure grouping: claims into side columns and position groups, and the position matrix.

No queries and no request: the event and actor pages pass claims and counts in, and tests call these alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import NONE_SLUG, Claim, Position, Side
from .common import UNATTRIBUTED_COLOR


@dataclass
class PositionGroup:
    position: Position | None
    claims: list[Claim] = field(default_factory=list)
    total: int = 0
    # Set by the view: query strings of the group's next and previous pages, when there are any.
    more_query: str = ""
    prev_query: str = ""

    @property
    def label(self) -> str:
        return self.position.label if self.position else "No position assigned"

    @property
    def slug(self) -> str:
        return self.position.slug if self.position else NONE_SLUG

    @property
    def count(self) -> int:
        return max(self.total, len(self.claims))


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

    @property
    def slug(self) -> str:
        return self.side.slug if self.side else NONE_SLUG


def _position_key(group: PositionGroup):
    p = group.position
    return (p is None, p.order if p else 0, p.slug if p else "")


def comparison_columns(
    claims: list[Claim],
    counts: list[dict] | None = None,
    *,
    sides: dict | None = None,
    positions: dict | None = None,
) -> list[Column]:
    """One column per speaker side, most claims first; inside, one group per position in the event's order.

    ``counts`` (rows of TallyQuerySet.comparison_counts: side id, position id, n) give the columns, groups
    and totals when the claims are only one page of each group; ``sides`` and ``positions`` (by id) name
    them. Without counts everything is counted from ``claims``.
    """
    sides, positions = sides or {}, positions or {}
    found: dict = {}  # side id -> Side (None: unattributed), in first-seen order
    groups: dict = {}
    for row in counts or ():
        side_id, position_id = row["side_id"], row["position_id"]
        found.setdefault(side_id, sides.get(side_id))
        groups[side_id, position_id] = PositionGroup(positions.get(position_id), total=row["n"])
    for claim in claims:
        side_id = claim.side_id
        if side_id not in found:
            found[side_id] = claim.side if side_id else None
        key = (side_id, claim.position_id)
        groups.setdefault(key, PositionGroup(claim.position)).claims.append(claim)

    columns = []
    for side_id, side in found.items():
        side_groups = sorted((g for (s, _), g in groups.items() if s == side_id), key=_position_key)
        columns.append(Column(side or None, side_groups, sum(g.count for g in side_groups)))
    return sorted(columns, key=lambda c: (c.side is None, -c.count, c.name))


@dataclass
class MatrixRow:
    label: str
    slug: str
    cells: list[tuple[Column, int, str]]


def position_matrix(columns: list[Column], link=lambda side, position: "") -> list[MatrixRow]:
    """Positions down, sides across, claim counts inside: who holds which position, at a glance."""
    groups: dict = {}
    for column in columns:
        for group in column.groups:
            groups.setdefault(group.slug, group)
    rows = []
    for group in sorted(groups.values(), key=_position_key):
        counts = {c.slug: next((g.count for g in c.groups if g.slug == group.slug), 0) for c in columns}
        cells = [(c, counts[c.slug], link(c.slug, group.slug)) for c in columns]
        rows.append(MatrixRow(group.label, group.slug, cells))
    return rows


def stack_columns(columns: list[Column], max_tracks: int = 4) -> list[list[Column]]:
    """At most ``max_tracks`` tracks side by side; the smallest sides share the last, one under another."""
    if len(columns) <= max_tracks:
        return [[c] for c in columns]
    return [[c] for c in columns[: max_tracks - 1]] + [columns[max_tracks - 1 :]]
