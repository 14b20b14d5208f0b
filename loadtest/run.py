"""``make loadtest``: a bounded load test of the production stack on loopback.

gunicorn (gunicorn.conf.py, 2 workers) on a PostgreSQL database of its own (created, migrated, demo data
loaded, users made), then for LOAD_SECONDS (60): LOAD_READERS (50) threads reading event, article and search
pages (full pages and htmx fragments) as a viewer, and LOAD_UPLOADERS (5) threads uploading fresh articles
as an analyst. Reports requests/s, p50/p95/p99, the error count and whether every acknowledged upload
(a 302 to its article) exists afterwards, whole, with its claims extracted.

FAULTS=1 adds a fault phase: PostgreSQL is restarted a third of the way in. Requests in the gap must fail
cleanly (503 page, never a 500) and the same gunicorn workers must serve again afterwards, without a
restart. The restart uses a private PostgreSQL cluster (LOAD_PG_CLUSTER, default "parallaxload" on port
LOAD_PG_PORT 5499), created on first use, so other users of the machine's main cluster are not disturbed.

Traffic goes only to 127.0.0.1. Every loop stops at its deadline; the server is stopped at the end.
Exit status: 0 when the targets hold (0 errors, 0 lost uploads; in the fault phase, no 500s and recovery).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import psycopg2

if __package__ in (None, ""):  # run as `python loadtest/run.py` (the Makefile): make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest.clients import Results, reader, session, uploader  # noqa: E402
from loadtest.common import (  # noqa: E402
    FAULT_GRACE,
    FAULTS,
    HOST,
    OUT,
    PG_CLUSTER,
    PG_URL,
    READER,
    READERS,
    SECONDS,
    UPLOADER,
    UPLOADERS,
    log,
)
from loadtest.report import pct, report, verify_uploads  # noqa: E402
from loadtest.server import (  # noqa: E402
    MAKE_USERS,
    admin_connect,
    manage,
    pg_version,
    private_cluster,
    restart_cluster,
    start_server,
)


def main() -> int:
    tmp = Path(os.environ.get("LOAD_TMP", "/tmp")) / f"parallax-load-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    admin_url = private_cluster() if FAULTS else PG_URL
    db_name = f"parallax_load_{os.getpid()}"
    with closing(admin_connect(admin_url)) as conn, conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        cur.execute(f'CREATE DATABASE "{db_name}"')
    db_url = admin_url.rsplit("/", 1)[0] + f"/{db_name}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DATABASE_URL=db_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        # Plain HTTP on loopback: no TLS here, so no HTTPS redirect nor HTTPS-only cookies.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
    )
    server = None
    try:
        log(f"database {db_name}: migrate, load_demo, users, collectstatic")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        manage(env, "shell", "-c", MAKE_USERS)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        with closing(admin_connect(db_url)) as conn, conn.cursor() as cur:
            cur.execute("SELECT slug FROM narratives_event")
            events = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT id FROM narratives_article")
            articles = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT count(*) FROM narratives_article")
            articles_before = cur.fetchone()[0]
        targets = {"events": events, "articles": articles}
        server = start_server(env, tmp)
        workers = server.worker_pids()
        log(f"gunicorn pid {server.proc.pid}, workers {sorted(workers)}, at {server.url}")
        # Warm-up: each worker loads spaCy on its first upload; that one-off cost is not the steady state.
        readers_cookies = session(server.url, *READER)
        uploaders_cookies = session(server.url, *UPLOADER)
        warm = Results()
        warmers = [
            threading.Thread(target=uploader, args=(server.url, uploaders_cookies, warm, 0.0, None, i))
            for i in range(4)
        ]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join()
        log(f"warm-up: {len(warm.uploads)} uploads, statuses {Counter(s.status for s in warm.samples)}")
        for reason, n in warm.refusals.items():
            log(f"warm-up upload refused x{n}: {reason}")
        # One reader alone first: how fast a page is on this machine right now, without queueing.
        alone = Results()
        reader(server.url, readers_cookies, targets, alone, 0.0, time.perf_counter() + 10, 7)
        times = [x.seconds for x in alone.samples]
        log(
            f"one reader alone, 10 s: {len(times)} pages, "
            f"p50 {pct(times, 50):.0f} ms, p95 {pct(times, 95):.0f} ms"
        )
        log(
            f"load: {READERS} readers, {UPLOADERS} uploaders, {SECONDS:.0f} s"
            + (" + a PostgreSQL restart" if FAULTS else "")
        )
        results = Results()
        t0 = time.perf_counter()
        deadline = t0 + SECONDS
        threads = [
            threading.Thread(
                target=reader, args=(server.url, readers_cookies, targets, results, t0, deadline, i)
            )
            for i in range(READERS)
        ] + [
            threading.Thread(
                target=uploader, args=(server.url, uploaders_cookies, results, t0, deadline, 1000 + i)
            )
            for i in range(UPLOADERS)
        ]
        for thread in threads:
            thread.start()
        fault_window = None
        if FAULTS:
            time.sleep(SECONDS / 3)
            down = time.perf_counter() - t0
            took = restart_cluster()
            log(f"PostgreSQL restarted at t={down:.1f}s, took {took:.1f}s")
            # Answers given during the restart, and in the few seconds after it, may fail (cleanly).
            fault_window = (down, down + took + FAULT_GRACE)
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - t0
        summary = report(results, elapsed, fault_window)
        lost = verify_uploads(db_url, results)
        with closing(admin_connect(db_url)) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM narratives_article")
            stored = cur.fetchone()[0] - articles_before - len(warm.uploads)
        same_workers = server.worker_pids() == workers and server.proc.poll() is None
        print()
        print(f"machine: {os.cpu_count()} cores, shared with other work (numbers are indicative only)")
        print(
            f"duration {elapsed:.1f} s, {summary['requests']} requests, "
            f"{summary['requests'] / elapsed:.1f} req/s"
        )
        print(
            "errors (non-2xx/3xx or no answer"
            + (", outside the fault window" if FAULTS else "")
            + f"): {summary['errors']}"
        )
        print(
            f"uploads acknowledged {len(results.uploads)}, "
            f"refused with a message {len(results.refused_uploads)}, "
            f"new articles in the database {stored}, lost {lost}"
        )
        for reason, n in results.refusals.items():
            print(f"upload refused x{n}: {reason}")
        ok = summary["errors"] == 0 and lost == 0 and stored == len(results.uploads)
        if FAULTS:
            statuses = dict(sorted(summary["fault_statuses"].items()))
            tail = sorted((s for s in results.samples if s.at > fault_window[1]), key=lambda s: s.at)
            recovered = bool(tail) and all(0 < s.status < 400 for s in tail[-50:])
            print(f"fault window {fault_window[0]:.1f}-{fault_window[1]:.1f} s: statuses {statuses}")
            print(f"500 responses: {summary['500s']} (a database outage must be a 503)")
            print(
                f"recovered after the restart: {recovered}; same gunicorn workers throughout: {same_workers}"
            )
            ok = ok and summary["500s"] == 0 and recovered and same_workers
        print("RESULT", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if server:
            server.stop()
        try:
            with closing(admin_connect(admin_url)) as conn, conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        except psycopg2.Error as exc:
            log(f"could not drop {db_name}: {exc}")
        if FAULTS:  # the private cluster only runs for the fault phase
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), PG_CLUSTER, "stop"],
                capture_output=True,
            )
        if server and server.log_path.exists():
            OUT.mkdir(parents=True, exist_ok=True)
            shutil.copy(server.log_path, OUT / "gunicorn.log")
            log(f"server log: {OUT / 'gunicorn.log'}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
