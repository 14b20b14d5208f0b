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
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg2

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only, by design
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
READERS = int(os.environ.get("LOAD_READERS", "50"))
UPLOADERS = int(os.environ.get("LOAD_UPLOADERS", "5"))
FAULTS = os.environ.get("FAULTS", "0") not in ("", "0", "no", "false")
PG_URL = os.environ.get("LOAD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_CLUSTER = os.environ.get("LOAD_PG_CLUSTER", "parallaxload")
PG_PORT = int(os.environ.get("LOAD_PG_PORT", "5499"))
REQUEST_TIMEOUT = float(os.environ.get("LOAD_REQUEST_TIMEOUT", "120"))  # gunicorn's own timeout
SEARCHES = ["troops", "withdrawal", "Russia", "ISIS defeated", "Putin", "Pentagon", "Hmeimim", "base"]
OUT = REPO / "test-output" / "loadtest"
FAULT_GRACE = float(os.environ.get("LOAD_FAULT_GRACE", "5"))  # seconds after the restart
READER = ("loadreader", "load-reader-pass-1")
UPLOADER = ("loaduploader", "load-uploader-pass-1")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --- the server ------------------------------------------------------------------------------------


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def private_cluster() -> str:
    """A PostgreSQL cluster of our own for the fault phase, started; returns its URL."""
    version = pg_version()
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    if not any(line.split()[:2] == [version, PG_CLUSTER] for line in clusters.splitlines()):
        log(f"creating PostgreSQL cluster {version}/{PG_CLUSTER} on port {PG_PORT}")
        subprocess.run(
            ["pg_createcluster", version, PG_CLUSTER, "--port", str(PG_PORT), "--", "--auth=trust"],
            check=True,
            capture_output=True,
        )
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, PG_CLUSTER, "start"], capture_output=True
    )
    return f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres"


def restart_cluster() -> float:
    started = time.perf_counter()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), PG_CLUSTER, "restart"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def admin_connect(url: str):
    conn = psycopg2.connect(url, connect_timeout=5)
    conn.autocommit = True
    return conn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


MAKE_USERS = f"""
from django.contrib.auth.models import Group, User
for (name, password), group in [({READER!r}, "viewers"), ({UPLOADER!r}, "analysts")]:
    user, _ = User.objects.get_or_create(username=name)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=group))
"""


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log_path: Path

    def worker_pids(self) -> set[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return {int(p) for p in out.split()}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_server(env, tmp: Path) -> Server:
    port = free_port()
    log_path = tmp / "gunicorn.log"
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "narratives.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=REPO,
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": "2"},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://{HOST}:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/accounts/login/", timeout=2).status_code == 200:
                return Server(proc, url, log_path)
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"gunicorn did not start:\n{log_path.read_text()[-3000:]}")


# --- the clients -----------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (timeout, connection error)
    seconds: float
    at: float


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    uploads: dict[int, str] = field(default_factory=dict)  # acknowledged: article pk -> title
    refused_uploads: list[str] = field(default_factory=list)
    refusals: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login(client: httpx.Client, username: str, password: str) -> None:
    page = client.get("/accounts/login/")
    token = TOKEN.search(page.text).group(1)
    response = client.post(
        "/accounts/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {username} failed: {response.status_code}")


def timed(client: httpx.Client, results: Results, kind: str, t0: float, method: str, url: str, **kw):
    started = time.perf_counter()
    try:
        response = client.request(method, url, **kw)
        status = response.status_code
    except httpx.HTTPError:
        response, status = None, 0
    results.add(Sample(kind, status, time.perf_counter() - started, started - t0))
    return response


def session(base: str, username: str, password: str) -> httpx.Cookies:
    """Log in once per role and share the session: 50 logins would be 50 slow password hashes."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        login(client, username, password)
        return httpx.Cookies(client.cookies)


def reader(base, cookies, targets, results: Results, t0: float, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, cookies=cookies) as client:
        while time.perf_counter() < deadline:
            roll = rng.random()
            if roll < 0.35:
                slug = rng.choice(targets["events"])
                headers = {"HX-Request": "true"} if rng.random() < 0.3 else {}
                params = {"kind": "direct"} if headers else {}
                timed(client, results, "event", t0, "GET", f"/events/{slug}/", params=params, headers=headers)
            elif roll < 0.7:
                timed(client, results, "article", t0, "GET", f"/articles/{rng.choice(targets['articles'])}/")
            else:
                timed(client, results, "search", t0, "GET", "/search/", params={"q": rng.choice(SEARCHES)})


SPEAKERS = ["Pentagon spokesman Eric Pahon", "Russian Defence Minister Sergei Shoigu", "Vladimir Putin"]
CLAIMS = [
    "the withdrawal of Russian troops from Syria was proceeding on schedule",
    "there was no evidence that Russian forces were leaving Syria",
    "the Islamic State group had been defeated in Syria",
    "American troops would stay in Syria as long as they were needed",
]


def article_text(rng: random.Random, nonce: str) -> str:
    lines = [f"Load test dispatch {nonce}", ""]
    for _ in range(rng.randint(4, 8)):
        lines.append(f"{rng.choice(SPEAKERS)} said on {nonce[:4]} that {rng.choice(CLAIMS)}.")
    lines.append(f"Reference {nonce}.")
    return "\n".join(lines)


def upload_one(client: httpx.Client, results: Results, t0: float, rng: random.Random) -> None:
    form = timed(client, results, "upload-form", t0, "GET", "/articles/new/")
    if form is None or form.status_code != 200:
        time.sleep(0.5)
        return
    nonce = secrets.token_hex(8)
    title = f"Load {nonce}"
    data = {
        "csrfmiddlewaretoken": TOKEN.search(form.text).group(1),
        "title": title,
        "outlet": "Load Test Wire",
        "text": article_text(rng, nonce),
    }
    response = timed(client, results, "upload", t0, "POST", "/articles/new/", data=data)
    if response is not None and response.status_code == 302:
        match = re.match(r"/articles/(\d+)/", response.headers["location"])
        with results.lock:
            results.uploads[int(match.group(1))] = title
    elif response is not None and response.status_code == 200:
        alert = re.search(r'class="form-errors" role="alert">(.*?)</div>', response.text, re.S)
        reason = re.sub(r"<[^>]+>|\s+", " ", alert.group(1)).strip() if alert else "no message"
        with results.lock:
            results.refused_uploads.append(title)
            results.refusals[reason] += 1


def uploader(base, cookies, results: Results, t0: float, deadline: float | None, seed: int) -> None:
    """Uploads until the deadline; with none, exactly one upload (the warm-up)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT, cookies=cookies) as client:
        upload_one(client, results, t0, rng)
        while deadline is not None and time.perf_counter() < deadline:
            upload_one(client, results, t0, rng)


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
