"""The load test's figures: percentiles, the report, and the check that every upload survived."""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import closing

from loadtest.clients import Results, Sample
from loadtest.common import log
from loadtest.server import admin_connect

# --- the report ------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(results: Results, seconds: float, fault_window: tuple[float, float] | None) -> dict:
    samples = results.samples
    by_kind = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    print()
    print(f"{'kind':<12}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    rows = sorted(by_kind.items()) + [("all", samples)]
    for kind, group in rows:
        times = [s.seconds for s in group]
        errors = sum(1 for s in group if s.status == 0 or s.status >= 400)
        print(
            f"{kind:<12}{len(group):>9}{len(group) / seconds:>8.1f}{pct(times, 50):>9.0f}"
            f"{pct(times, 95):>9.0f}{pct(times, 99):>9.0f}{errors:>8}"
        )
    statuses = Counter(s.status for s in samples)
    print(f"statuses: {dict(sorted(statuses.items()))}")

    # A request belongs to the fault window if its answer came while PostgreSQL was down or coming back.
    def in_window(s: Sample) -> bool:
        return bool(fault_window) and fault_window[0] <= s.at + s.seconds <= fault_window[1]

    outside = [s for s in samples if not in_window(s)]
    inside = [s for s in samples if in_window(s)]
    failed = [s.at + s.seconds for s in samples if s.status == 0 or s.status >= 400]
    if failed:
        print(f"failed answers between t={min(failed):.1f} s and t={max(failed):.1f} s")
    return {
        "requests": len(samples),
        "errors": sum(1 for s in outside if s.status == 0 or s.status >= 400),
        "fault_statuses": Counter(s.status for s in inside),
        "500s": sum(1 for s in samples if s.status == 500),
    }


def verify_uploads(db_url: str, results: Results) -> int:
    """Every acknowledged upload exists, whole: its row with the title, extracted, with claims."""
    lost = 0
    with closing(admin_connect(db_url)) as conn, conn.cursor() as cur:
        for pk, title in results.uploads.items():
            cur.execute(
                "SELECT a.title, a.status, count(c.id) FROM narratives_article a "
                "LEFT JOIN narratives_claim c ON c.article_id = a.id WHERE a.id = %s GROUP BY a.id",
                [pk],
            )
            row = cur.fetchone()
            if row is None or row[0] != title or row[1] != "done" or row[2] == 0:
                lost += 1
                log(f"acknowledged upload {pk} {title!r} is missing or incomplete: {row}")
        # Refused uploads (a form error answered 200) must have left nothing behind either.
        for title in results.refused_uploads:
            cur.execute("SELECT count(*) FROM narratives_article WHERE title = %s", [title])
            if cur.fetchone()[0]:
                log(f"refused upload {title!r} was stored anyway")
                lost += 1
    return lost
