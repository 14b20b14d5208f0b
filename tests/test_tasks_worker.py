"""Background extraction with a real Celery worker on the local Redis: upload to done, killed worker.

The worker tests run against their own database (PostgreSQL when DATABASE_URL points at it, else a SQLite
file), because the worker is another process and cannot see pytest's test transaction. They skip, saying
so, when Redis is not reachable.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parent.parent


# --- a real worker on Redis ------------------------------------------------------------------

BROKER = os.environ.get("PARALLAX_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def redis_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable(BROKER), reason=f"Redis is not reachable at {BROKER}: the real-worker tests skip"
)


class Stack:
    """A database of its own, a unique queue on the local Redis, and worker processes on them."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.queue = f"parallax-test-{uuid.uuid4().hex[:10]}"
        url = os.environ.get("DATABASE_URL", "")
        self.pg = url.startswith(("postgres://", "postgresql://"))
        if self.pg:
            import psycopg2

            self.pg_dsn = urlparse(url)
            self.dbname = f"parallax_worker_{uuid.uuid4().hex[:10]}"
            self._pg_admin(f'CREATE DATABASE "{self.dbname}"')
            self.url = self.pg_dsn._replace(path=f"/{self.dbname}").geturl()
            self._psycopg2 = psycopg2
        else:
            self.sqlite_path = tmp / "worker.sqlite3"
            self.url = f"sqlite:///{self.sqlite_path}"
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "CELERY_BROKER_URL": BROKER,
            "CELERY_QUEUE": self.queue,
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")]),
            "CONN_MAX_AGE": "0",
        }
        self.workers: list[subprocess.Popen] = []
        self.manage("migrate", "--noinput", "-v", "0")

    def _pg_admin(self, sql: str) -> None:
        import psycopg2

        conn = psycopg2.connect(
            host=self.pg_dsn.hostname,
            port=self.pg_dsn.port or 5432,
            user=self.pg_dsn.username or "postgres",
            password=self.pg_dsn.password,
            dbname="postgres",
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql)
        conn.close()

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def query(self, sql: str, params=()):
        if self.pg:
            d = self.pg_dsn
            conn = self._psycopg2.connect(
                host=d.hostname,
                port=d.port or 5432,
                user=d.username or "postgres",
                password=d.password,
                dbname=self.dbname,
            )
        else:
            import sqlite3

            conn = sqlite3.connect(self.sqlite_path, timeout=20)
            sql = sql.replace("%s", "?")
        try:
            cur = conn.cursor()
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            conn.close()

    def status(self, article_id: int) -> tuple[str, str]:
        return tuple(
            self.query("SELECT status, error FROM narratives_article WHERE id = %s", (article_id,))[0]
        )

    def count(self, table: str, article_id: int) -> int:
        return self.query(f"SELECT count(*) FROM narratives_{table} WHERE article_id = %s", (article_id,))[0][
            0
        ]

    def start_worker(self, app: str = "narratives", extra_env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "w")  # noqa: SIM115 - closed with the stack
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{len(self.workers)}@%h",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env={**self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_path = log.name
        self.workers.append(proc)
        return proc

    def stop_worker(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the worker's own session: its main process and pool
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def wait_for(self, article_id: int, states: set[str], timeout: float = 90) -> tuple[str, str]:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            state = self.status(article_id)
            if not seen or seen[-1] != state[0]:
                seen.append(state[0])
            if state[0] in states:
                return state
            time.sleep(0.2)
        logs = "\n".join(Path(w.log_path).read_text()[-2000:] for w in self.workers)
        raise AssertionError(f"article {article_id} stuck; states seen {seen}\n{logs}")

    def close(self) -> None:
        for proc in self.workers:
            self.stop_worker(proc)
        try:
            import redis

            client = redis.Redis.from_url(BROKER)
            client.delete(
                self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}"
            )
        except Exception:  # noqa: BLE001 - best-effort cleanup of our own queue key
            pass
        if self.pg:
            self._pg_admin(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


@pytest.fixture
def stack(tmp_path):
    s = Stack(tmp_path)
    yield s
    s.close()


UPLOAD = """
from narratives.services import ingest_article
r = ingest_article(text={text!r}, outlet_name="Lakeside Wire", title="Worker test")
print(r.article.pk, r.article.status, r.queued)
"""

ARTICLE = (
    "NORDGRAD, 3 May — “The convoy has left the border zone and the soldiers are coming home,” "
    "Defence Minister Anna Varga told reporters on Tuesday. Opposition leader Karim Haddad said that "
    "at least 400 troops remained at the forward bases."
)


def upload(stack: Stack, text: str) -> int:
    pk, status, queued = stack.python(UPLOAD.format(text=text)).split()[-3:]
    assert (status, queued) == ("pending", "True")
    return int(pk)


@needs_redis
def test_real_worker_takes_an_upload_from_pending_to_done(stack):
    stack.start_worker()
    pk = upload(stack, ARTICLE)
    assert stack.status(pk)[0] in {"pending", "processing"}
    status, error = stack.wait_for(pk, {"done", "failed"})
    assert (status, error) == ("done", "")
    assert stack.count("claim", pk) >= 1


@needs_redis
def test_killed_worker_leaves_failed_retryable_article_without_partial_rows(stack):
    marker = stack.tmp / "in-store.txt"
    crashing = stack.start_worker("celery_crash_app", {"PARALLAX_TEST_MARKER": str(marker)})
    actors_before = stack.query("SELECT count(*) FROM narratives_actor")[0][0]
    pk = upload(stack, ARTICLE.replace("Tuesday", "Wednesday"))

    deadline = time.monotonic() + 90
    while not marker.exists() and time.monotonic() < deadline:
        assert crashing.poll() is None, Path(crashing.log_path).read_text()[-3000:]
        time.sleep(0.1)
    assert marker.exists(), Path(crashing.log_path).read_text()[-3000:]
    pool_pid, uncommitted = map(int, marker.read_text().split())
    assert uncommitted >= 1  # there were claim rows in flight for the kill to roll back
    os.kill(pool_pid, signal.SIGKILL)

    status, error = stack.wait_for(pk, {"failed", "done"}, timeout=60)
    assert status == "failed"
    assert "worker process died" in error
    assert stack.count("claim", pk) == 0
    assert stack.count("figure", pk) == 0
    assert stack.query("SELECT count(*) FROM narratives_actor")[0][0] == actors_before
    stack.stop_worker(crashing)

    # An analyst retries; a healthy worker finishes the job.
    stack.start_worker()
    stack.python(
        "from narratives.models import Article; from narratives.services import retry_extraction; "
        f"retry_extraction(article=Article.objects.get(pk={pk}))"
    )
    status, error = stack.wait_for(pk, {"done", "failed"})
    assert (status, error) == ("done", "")
    assert stack.count("claim", pk) >= 1
