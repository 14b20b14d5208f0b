"""Shared helpers for the benchmarks: Django set-up on a chosen database, throwaway databases, bench texts.

Every benchmark prints its figures as lines starting with ``RESULT``; ``bench/run.py`` collects them.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "narratives" / "data" / "corpus"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def result(line: str) -> None:
    print(f"RESULT {line}", flush=True)


def note(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


def setup_django(database_url: str) -> None:
    """Point Django at ``database_url`` (before settings load) and switch off per-query logging."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "narratives.settings")
    os.environ.pop("CELERY_BROKER_URL", None)  # extraction runs in this process
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django
    from django.conf import settings

    django.setup()
    # DEBUG stays as configured for templates, but recording every SQL query would grow memory and cost time.
    from django.db import connections

    for conn in connections.all():
        conn.force_debug_cursor = False
    settings.DEBUG = False


# --- throwaway databases ---------------------------------------------------------------


def _pg_connect(dbname: str | None = None):
    from urllib.parse import urlparse

    import psycopg2

    u = urlparse(PG_ADMIN_URL)
    return psycopg2.connect(
        host=u.hostname or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        dbname=dbname or (u.path.lstrip("/") or "postgres"),
        connect_timeout=5,
    )


def pg_available() -> str:
    """Empty when PostgreSQL answers, else the reason it does not."""
    try:
        _pg_connect().close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not available", reported as such
        return str(exc).strip().splitlines()[0]
    return ""


def pg_create(prefix: str = "parallax_bench") -> tuple[str, str]:
    from urllib.parse import urlparse

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    conn = _pg_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return name, urlparse(PG_ADMIN_URL)._replace(path=f"/{name}").geturl()


def pg_copy(source: str, name: str) -> None:
    """A copy of database ``source`` (which must have no open connection) named ``name``."""
    conn = _pg_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    conn.close()


def pg_drop(name: str) -> None:
    conn = _pg_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def migrate_and_load_reference() -> None:
    """Schema plus the demo sides, outlets, actors and events (not the articles), as knowledge."""
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from narratives.services import demo

    with transaction.atomic():
        demo._load_reference(demo.DemoSummary(), refresh=False)


# --- texts ---------------------------------------------------------------------------


def corpus_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def bench_articles(words: int, *, seed: int = 7, article_words: int = 800) -> list[dict]:
    """About ``words`` words of news text: the sample corpus's paragraphs recombined into new ~800-word
    articles (real reporting style), alternating with synthetic wire copy (varied names and numbers)."""
    from datetime import date

    from bench import synthetic

    rng = random.Random(seed)
    paragraphs = corpus_paragraphs()
    actors = synthetic.make_actors(rng, 150)
    articles, total, serial = [], 0, 0
    while total < words:
        if serial % 2 == 0:
            chosen, size = [], 0
            while size < article_words:
                p = rng.choice(paragraphs)
                chosen.append(p)
                size += len(p.split())
            text = "\n\n".join(chosen)
            title = f"Recombined report {serial}"
        else:
            art = synthetic.make_article(
                rng,
                serial=serial,
                claims=article_words // 45,
                actors=actors,
                outlets=5,
                topics=[0, 1, 2],
                start=date(2031, 1, 1),
            )
            text, title = art.text, art.title
        articles.append(
            {
                "title": title,
                "outlet": f"Bench Outlet {serial % 5}",
                "published": "2031-01-02",
                "url": f"https://bench.example/{seed}/{serial}",
                "text": text,
            }
        )
        total += len(text.split())
        serial += 1
    return articles


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[94]


def rss_mb(pid: int | None = None) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20
