"""Benchmark 5: throughput of real Celery workers on PostgreSQL and Redis, with one worker process and with
two, against import_articles in one process, all on the same articles.

Each configuration runs in a child process of its own with a throwaway PostgreSQL database and its own queue
on a Redis database no one else uses (BENCH_REDIS_URL, default db 14). Articles go in as uploads do
(``services.ingest_article``: stored pending, the task queued on commit); the clock runs from the first
enqueue to the last article done or failed. The workers (``celery -A narratives worker --pool=prefork
--concurrency=N``, as docker-compose.yml starts them) first extract a few warm-up articles, so model loading
is not counted, and are stopped with their whole process group at the end, also on failure or timeout.

Usage: python -m bench.workers   (BENCH_WORKER_ARTICLES, default 1000; BENCH_WORKER_TIMEOUT per run, s)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import REPO, note, pg_available, pg_create, pg_drop, result, setup_django

ARTICLES = int(os.environ.get("BENCH_WORKER_ARTICLES", "1000"))
WARM_UP = 2  # articles per worker process (of two at most), extracted before the clock starts
BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
TIMEOUT = float(os.environ.get("BENCH_WORKER_TIMEOUT", str(max(300, ARTICLES * 1.5))))
SEED = 23


def die_with_parent() -> None:
    """In a child, before exec: SIGTERM when the parent dies, so no worker outlives a killed bench (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def texts(count: int, seed: int) -> list[dict]:
    from bench.common import bench_articles

    return bench_articles(count * 1500, seed=seed)[:count]  # articles are 300-1,300 words


# --- one configuration, in a child process -----------------------------------------------


class Workers:
    """``celery worker`` in a session of its own, so stopping it stops its pool processes too."""

    def __init__(self, concurrency: int, url: str, queue: str, log: Path):
        self.log = log
        env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": queue}
        command = [sys.executable, "-m", "celery", "-A", "narratives", "worker", "--pool=prefork"]
        command += [f"--concurrency={concurrency}", "-Q", queue, "-n", f"{queue}@%h", "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )

    def check(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"the worker exited ({self.proc.returncode}): {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # warm shutdown: the main process and its pool
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def use_broker(queue: str) -> None:
    """This process queues to ``queue`` on the bench's Redis (setup_django leaves Celery eager)."""
    from narratives.celery import app

    app.conf.update(broker_url=BROKER, task_always_eager=False, task_default_queue=queue)


def upload(articles: list[dict]) -> list[int]:
    from datetime import date

    from narratives.services import ingest_article

    ids = []
    for a in articles:
        r = ingest_article(
            text=a["text"],
            outlet_name=a["outlet"],
            title=a["title"],
            published=date.fromisoformat(a["published"]),
            url=a["url"],
        )
        assert r.created and r.queued, (r.created, r.queued)
        ids.append(r.article.pk)
    return ids


def wait_done(ids: list[int], workers: Workers, deadline: float) -> dict[str, int]:
    """Poll until none of ``ids`` is pending or processing; the count per status."""
    from django.db.models import Count

    from narratives.models import Article

    while True:
        rows = Article.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("id")).order_by()
        counts = dict(rows)
        if not counts.get(Article.Status.PENDING) and not counts.get(Article.Status.PROCESSING):
            return counts
        workers.check()
        if time.monotonic() > deadline:
            raise TimeoutError(f"not finished after {TIMEOUT:.0f} s: {counts}")
        time.sleep(0.25)


def measure(concurrency: int, tmp: Path) -> dict:
    """One configuration on a fresh database: workers (``concurrency`` >= 1) or import_articles (0)."""
    from bench.common import migrate_and_load_reference

    name, url = pg_create("parallax_bench_workers")
    workers = None
    queue = f"parallax-bench-{uuid.uuid4().hex[:10]}"
    try:
        setup_django(url)
        migrate_and_load_reference()
        warm, timed = texts(WARM_UP * 2, SEED + 1), texts(ARTICLES, SEED)
        words = sum(len(a["text"].split()) for a in timed)
        if concurrency == 0:
            return {"words": words, **import_in_process(warm, timed, tmp)}
        use_broker(queue)
        workers = Workers(concurrency, url, queue, tmp / f"worker-{concurrency}.log")
        deadline = time.monotonic() + TIMEOUT
        wait_done(upload(warm), workers, deadline)  # also waits for the workers to start
        from django.db.models import Max

        from narratives.models import Article

        started = time.time()
        ids = upload(timed)
        counts = wait_done(ids, workers, deadline)
        # The last article's own commit time, not the poll that saw it.
        last = Article.objects.filter(pk__in=ids).aggregate(last=Max("updated_at"))["last"]
        # Articles/s in the first and the last quarter: a rate that falls means a cost growing with the data.
        ends = sorted(
            t.timestamp() for t in Article.objects.filter(pk__in=ids).values_list("updated_at", flat=True)
        )
        q = len(ends) // 4
        quarters = [q / (ends[q - 1] - started), q / (ends[-1] - ends[-q - 1])] if q > 1 else []
        failed = Article.objects.filter(pk__in=ids, status=Article.Status.FAILED)
        errors = list(failed.values_list("error", flat=True)[:3])
        return {
            "words": words,
            "seconds": last.timestamp() - started,
            "done": counts.get(Article.Status.DONE, 0),
            "failed": counts.get(Article.Status.FAILED, 0),
            "errors": errors,
            "quarters": [round(r, 2) for r in quarters],
        }
    finally:
        if workers is not None:
            workers.stop()
            clear_queue(queue)
        from django.db import connections

        connections.close_all()
        pg_drop(name)


def import_in_process(warm: list[dict], timed: list[dict], tmp: Path) -> dict:
    from io import StringIO

    from django.core.management import call_command

    from narratives.models import Article

    paths = []
    for label, articles in (("warm", warm), ("timed", timed)):
        paths.append(tmp / f"{label}.jsonl")
        paths[-1].write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    call_command("import_articles", str(paths[0]), "--no-progress", stdout=StringIO())  # loads the models
    before = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    started = time.perf_counter()
    call_command("import_articles", str(paths[1]), "--no-progress", stdout=StringIO())
    seconds = time.perf_counter() - started
    statuses = list(Article.objects.filter(pk__gt=before).values_list("status", flat=True))
    done = statuses.count(Article.Status.DONE)
    return {"seconds": seconds, "done": done, "failed": len(statuses) - done, "errors": []}


def clear_queue(queue: str) -> None:
    try:
        import redis

        redis.Redis.from_url(BROKER).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
    except Exception as exc:  # noqa: BLE001 - best effort: the bench's own Redis database
        note(f"could not delete the queue {queue}: {exc}")


def child(concurrency: int) -> None:
    # A TERM (from the parent, or the parent's death) unwinds through measure's finally: workers stopped,
    # database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        print("MEASURE " + json.dumps(measure(concurrency, Path(tmp))), flush=True)


# --- the bench: three configurations, one line ---------------------------------------------


def run_child(concurrency: int) -> dict:
    """Measure one configuration in a child process; its stderr passes through."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.workers", "child", str(concurrency)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT + 300)  # + set-up and warm-up
    except subprocess.TimeoutExpired:
        proc.terminate()  # its finally stops the workers and drops the database
        proc.communicate(timeout=60)
        raise
    found = [line[len("MEASURE ") :] for line in out.splitlines() if line.startswith("MEASURE ")]
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"configuration {concurrency} failed ({proc.returncode})")
    return json.loads(found[0])


def rate(m: dict) -> str:
    return f"{m['done'] / m['seconds']:.2f} articles/s ({m['words'] / m['seconds']:,.0f} words/s)"


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "child":
        child(int(sys.argv[2]))
        return
    reason = pg_available()
    if reason:
        result(f"workers: n/a, PostgreSQL not reachable ({reason})")
        return
    runs = {}
    for concurrency in (1, 2, 0):
        load = os.getloadavg()[0]
        runs[concurrency] = m = run_child(concurrency)
        note(f"concurrency {concurrency}: {m} (load average before: {load:.1f})")
    one, two, single = runs[1], runs[2], runs[0]
    failed = sum(m["failed"] for m in runs.values())
    errors = [e for m in runs.values() for e in m["errors"]]
    ratio = (two["done"] / two["seconds"]) / (one["done"] / one["seconds"])
    result(
        f"workers (Celery prefork, PostgreSQL + Redis): 1 process {rate(one)}, 2 processes {rate(two)}: "
        f"ratio 2p/1p {ratio:.2f}; single-process import_articles {rate(single)}; "
        f"{ARTICLES:,} articles, {one['words']:,} words each run; "
        + (f"{failed} FAILED ({errors[0][:200]})" if failed else "0 failed")
    )


if __name__ == "__main__":
    main()
