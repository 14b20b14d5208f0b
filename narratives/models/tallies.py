"""What the event page reads from all of an event's claims, cached under the event's claims_version.

The group counts and the outlets and speakers its filters offer are the page's only reads whose cost grows
with the event's claims. Every write of claims renews the event's claims_version in its own transaction
(EventQuerySet.claims_changed), and the page loads the event row anyway, so a change shows at once in every
process and, between changes, the page reads these from Django's cache. Names are never cached: they are
read by id on every view, so a renamed outlet or speaker shows at once too.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import models
from django.db.models import Count

from .actors import Actor
from .events import Event
from .sources import Outlet

# The key changes with every write in the app; the expiry only bounds what a write outside it (a shell, raw
# SQL) could leave stale.
SECONDS = 600


def cache_key(event: Event, name: str, **params) -> str:
    wanted = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()
    return f"{name}:{event.pk}:{event.claims_version}:{wanted}"


class TallyQuerySet(models.QuerySet):
    """For ClaimQuerySet (``filtered``, ``live``). Call these on the manager: a key knows only the event and
    the filters, not what the queryset was narrowed to."""

    def comparison_counts(self, event: Event, **filters) -> list[dict]:
        """Live claims per (side id, position id) group of ``event``, as rows {side_id, position_id, n}.

        Counting reads every claim of the event: an index-only scan of claim_live_group_idx after a write
        (20 ms at 100k claims), none until the next.
        """

        def count() -> list[dict]:
            # Names stay out: joining Side and Position first would carry wide rows through the aggregate.
            grouped = self.filtered(event, **filters).values("side_id", "position_id")
            return list(grouped.annotate(n=Count("*")).order_by())  # *: claim_live_group_idx has no id

        return cache.get_or_set(cache_key(event, "comparison-counts:v1", **filters), count, SECONDS)

    def filter_choices(self, event: Event) -> tuple[list[tuple], list[tuple]]:
        """(outlet id, slug, name) by name and (speaker id, name) by name, of the event's live claims.

        Finding which outlets have claims walks each outlet's articles (6 ms at 100k claims on a busy
        machine, 0.3 at 1k): that is done after a write, and the ids kept; two queries either way.
        """
        key = cache_key(event, "filter-choices:v1")
        ids = cache.get(key)
        live = self.live().filter(event=event)
        cached = ids is not None
        outlets = Outlet.objects.filter(pk__in=ids[0] if cached else live.values("article__outlet_id"))
        speakers = Actor.objects.filter(pk__in=ids[1] if cached else live.values("speaker_id"))
        found = (
            list(outlets.order_by("name").values_list("pk", "slug", "name")),
            list(speakers.order_by("name").values_list("pk", "name")),
        )
        if not cached:
            cache.set(key, tuple([row[0] for row in rows] for rows in found), SECONDS)
        return found
