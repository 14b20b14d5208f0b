"""The server side of the load test: the private PostgreSQL cluster, manage.py, and gunicorn."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg2

from loadtest.common import BIN, HOST, PG_CLUSTER, PG_PORT, READER, REPO, UPLOADER, log

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
