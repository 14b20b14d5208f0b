"""Benchmark 3: server time (p50, p95) and query count of /events/<slug>/ at 1k, 10k and 100k claims on
PostgreSQL, measured in-process with Django's test Client, and the search page at the largest size.

The bench database is built by make_synthetic (one event holding every claim: the worst case) and dropped.
"""

from __future__ import annotations

import os
import time

from bench.common import note, percentiles, pg_available, pg_create, pg_drop, result, setup_django

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
CLAIMS_PER_ARTICLE = 10
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
BUDGET_SECONDS = float(os.environ.get("BENCH_PAGE_BUDGET", "60"))  # per size; a slow page gets fewer samples
P50_TARGET, P95_TARGET = 60.0, 150.0


def sample(client, url: str) -> tuple[list[float], int, int]:
    """Server times in ms of GET url, the query count of one request, and the response size."""
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
    query_count = len(queries)  # read now: captured_queries is a view on the log, which later requests clear
    assert response.status_code == 200, (url, response.status_code)
    size = len(response.content)
    times: list[float] = []
    deadline = time.monotonic() + BUDGET_SECONDS
    while len(times) < REQUESTS and (not times or time.monotonic() < deadline):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, query_count, size


def run() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from bench import synthetic
    from narratives.models import Claim, Event

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-pass-1")
    client = Client()
    client.force_login(user)
    counts = {}
    built = 0
    for size in SIZES:
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
        event = Event.objects.get(slug="synthetic-withdrawal")
        url = reverse("event_detail", args=[event.slug])
        times, queries, size_bytes = sample(client, url)
        p50, p95 = percentiles(times) if len(times) > 1 else (times[0], times[0])
        counts[size] = queries
        targets = ""
        if size == max(SIZES):
            verdict = "OK" if p50 <= P50_TARGET and p95 <= P95_TARGET else "ABOVE TARGET"
            targets = f" (targets p50 <= {P50_TARGET:.0f}, p95 <= {P95_TARGET:.0f}) {verdict}"
        result(
            f"event page, {built:,} claims (PostgreSQL): p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"{queries} queries, {size_bytes / 1024:.0f} KiB, {len(times)} requests{targets}"
        )
    same = len(set(counts.values())) == 1
    result(
        "event page query count across sizes: "
        + ", ".join(f"{n:,}: {q}" for n, q in counts.items())
        + (" identical OK" if same else " NOT CONSTANT")
    )
    try:
        search = reverse("search")
    except NoReverseMatch:
        result("search page: n/a (no view named 'search' yet)")
        return
    times, queries, _ = sample(client, f"{search}?q=withdrawn+troops")
    p50, p95 = percentiles(times) if len(times) > 1 else (times[0], times[0])
    result(
        f"search page, {built:,} claims (PostgreSQL): p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} queries"
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
        run()
    finally:
        from django.db import connections

        connections.close_all()
        pg_drop(name)


if __name__ == "__main__":
    main()
