"""Benchmark 3: server time (p50, p95) and query count of /events/<slug>/ at 1k, 10k and 100k claims on
PostgreSQL, measured in-process with Django's test Client, and the search page at the largest size.

One event holds every claim (the worst case). The corpus grows size by size in one database, and after each
smaller size a copy is kept (CREATE DATABASE ... TEMPLATE); the timed requests then go round the sizes, one
request each per round, every size on a connection of its own. A burst of load from another process so
lands on every size alike, and the ratio of the largest size to the smallest holds on a busy machine.

The page caches its group counts until a claim of the event changes (models/tallies.py), so
the timed requests read them cached; "after a claim change" times the first request after the event's
claims_version was renewed, which counts them again. All databases are dropped at the end.
"""

from __future__ import annotations

import os
import statistics
import time

from bench.common import note, percentiles, pg_available, pg_copy, pg_create, pg_drop, result, setup_django

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
CLAIMS_PER_ARTICLE = 10
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
CHANGED_REQUESTS = int(os.environ.get("BENCH_CHANGED_REQUESTS", "7"))
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGE_BUDGET", "60"))  # per size; a slow page gets fewer samples
P50_TARGET, P95_TARGET = 60.0, 150.0
RATIO_TARGET = 1.25  # p50 at the largest size over p50 at the smallest (issue 15)
MAX_KIB = 100
SLUG = "synthetic-withdrawal"


def _p50_p95(times: list[float]) -> tuple[float, float]:
    return percentiles(times) if len(times) > 1 else (times[0], times[0])


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def captured(client, url: str) -> tuple[int, int]:
    """The query count and the response size of one GET of url."""
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # Each request clears the query log at its start, which would hide the queries from the capture.
    request_started.disconnect(reset_queries)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        request_started.connect(reset_queries)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)  # len now: the log is a view that later requests clear


class Databases:
    """One connection per database (size), swapped in as Django's default for that size's requests."""

    def __init__(self) -> None:
        from django.db import connections

        self.connections = connections
        self.wrappers: dict[int, object] = {}

    def add(self, size: int, name: str) -> None:
        from django.db.utils import load_backend

        settings = {**self.connections["default"].settings_dict, "NAME": name, "CONN_MAX_AGE": None}
        wrapper = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
        wrapper.force_debug_cursor = False
        self.wrappers[size] = wrapper

    def use(self, size: int) -> None:
        self.connections["default"] = self.wrappers[size]
        self.connections["default"].ensure_connection()  # a reconnect is never timed

    def close(self) -> None:
        for wrapper in self.wrappers.values():
            wrapper.close()


def build(main: str, databases: Databases, client) -> dict[int, dict]:
    """Grow the corpus size by size; a copy of the database for each size but the last. Per size: the
    claims, and the query count and response size of the first request after they were written."""
    from django.db import connection, connections

    from bench import synthetic
    from narratives.models import Claim

    first: dict[int, dict] = {}
    url = f"/events/{SLUG}/"
    built = 0
    for i, size in enumerate(SIZES):
        started = time.perf_counter()
        synthetic.generate(
            articles=(size - built) // CLAIMS_PER_ARTICLE, claims_per_article=CLAIMS_PER_ARTICLE, events=1
        )
        built = Claim.objects.count()
        with connection.cursor() as cur:
            # What autovacuum does on a live database soon after a bulk import (PostgreSQL 13+ vacuums on
            # inserts): fresh statistics, and a visibility map, without which the group counts cannot be
            # index-only scans and read every claim's heap row instead.
            cur.execute("VACUUM ANALYZE")
        note(f"{built} claims built in {time.perf_counter() - started:.1f} s")
        queries, size_bytes = captured(client, url)
        first[size] = {"claims": built, "size": size_bytes, "changed_queries": queries}
        name = main
        if i < len(SIZES) - 1:
            name = f"{main}_{size}"
            connections.close_all()  # a template database must have no other connection
            pg_copy(main, name)
        databases.add(size, name)
    return first


def sample(databases: Databases, client, url: str, *, changed: bool = False) -> dict[int, list[float]]:
    """Round after round, one timed GET per size, the order turned each round. ``changed``: renew the
    event's claims_version before each (untimed), so every request counts the groups again."""
    from narratives.models import Event

    times: dict[int, list[float]] = {size: [] for size in databases.wrappers}
    order = list(times)
    for size in order:  # each connection opened, and the counts cached, before any timing
        databases.use(size)
        client.get(url)
    deadline = time.monotonic() + BUDGET_SECONDS * len(times)
    for n in range(CHANGED_REQUESTS if changed else REQUESTS):
        if n and time.monotonic() > deadline:
            break
        for size in order if n % 2 == 0 else reversed(order):
            databases.use(size)
            if changed:
                Event.objects.filter(slug=SLUG).claims_changed()
            times[size].append(timed_get(client, url))
    return times


def run(main: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-pass-1")
    client = Client()
    client.force_login(user)  # before the copies: its session is in every database
    databases = Databases()
    try:
        first = build(main, databases, client)
        url = reverse("event_detail", args=[SLUG])
        cached = sample(databases, client, url)
        changed = sample(databases, client, url, changed=True)
        counts = {}
        for size in SIZES:
            databases.use(size)
            client.get(url)
            counts[size] = captured(client, url)[0], first[size]["changed_queries"]
        report(first, cached, changed, counts)
        try:
            search = reverse("search")
        except NoReverseMatch:
            result("search page: n/a (no view named 'search' yet)")
            return
        databases.use(max(SIZES))
        search_url = f"{search}?q=withdrawn+troops"
        queries, _ = captured(client, search_url)
        times = [timed_get(client, search_url) for _ in range(REQUESTS)]
        p50, p95 = _p50_p95(times)
        claims = first[max(SIZES)]["claims"]
        result(
            f"search page, {claims:,} claims (PostgreSQL): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"{queries} queries"
        )
    finally:
        databases.close()


def report(first: dict, cached: dict, changed: dict, counts: dict) -> None:
    for size in SIZES:
        p50, p95 = _p50_p95(cached[size])
        fresh = statistics.median(changed[size])
        warm, cold = counts[size]
        targets = ""
        if size == max(SIZES):
            verdict = "OK" if p50 <= P50_TARGET and p95 <= P95_TARGET else "ABOVE TARGET"
            targets = f" (targets p50 <= {P50_TARGET:.0f}, p95 <= {P95_TARGET:.0f}) {verdict}"
        result(
            f"event page, {first[size]['claims']:,} claims (PostgreSQL): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"{warm} queries, {first[size]['size'] / 1024:.0f} KiB, {len(cached[size])} requests; "
            f"after a claim change p50 {fresh:.0f} ms, {cold} queries{targets}"
        )
    smallest, largest = min(SIZES), max(SIZES)
    if largest != smallest:
        ratio = statistics.median(cached[largest]) / statistics.median(cached[smallest])
        ratio_changed = statistics.median(changed[largest]) / statistics.median(changed[smallest])
        verdict = "OK" if ratio <= RATIO_TARGET else "ABOVE TARGET"
        result(
            f"event page p50 at {largest:,} / at {smallest:,} claims: {ratio:.2f}x "
            f"(target <= {RATIO_TARGET:.2f}x) {verdict}; after a claim change {ratio_changed:.2f}x"
        )
    largest_kib = max(first[size]["size"] for size in SIZES) / 1024
    verdict = "OK" if largest_kib < MAX_KIB else "TOO LARGE"
    result(f"event page HTML at most {largest_kib:.0f} KiB across sizes (target < {MAX_KIB} KiB) {verdict}")
    same = len({warm for warm, _ in counts.values()}) == 1 and len({cold for _, cold in counts.values()}) == 1
    result(
        "event page query count across sizes: "
        + ", ".join(f"{n:,}: {warm} ({cold} after a change)" for n, (warm, cold) in counts.items())
        + (" identical OK" if same else " NOT CONSTANT")
    )


def main() -> None:
    reason = pg_available()
    if reason:
        result(f"event page: n/a, PostgreSQL not reachable ({reason})")
        return
    name, url = pg_create()
    note(f"PostgreSQL bench database {name}")
    try:
        setup_django(url)
        run(name)
    finally:
        from django.db import connections

        connections.close_all()
        for size in SIZES[:-1]:
            pg_drop(f"{name}_{size}")
        pg_drop(name)


if __name__ == "__main__":
    main()
