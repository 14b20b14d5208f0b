"""No Docker engine runs here, so run the very commands docker-compose.yml and the Dockerfile name."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
BIN = Path(sys.executable).parent
REDIS = ("127.0.0.1", 6379)


def compose_env(tmp_path, service="web"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    for key, value in COMPOSE["services"][service]["environment"].items():
        env[key] = re.sub(r"\$\{\w+:[-?]([^}]*)\}", r"\1", str(value))
    # The compose hosts (db, redis) do not exist here; everything else is as compose sets it.
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        CELERY_BROKER_URL=f"redis://{REDIS[0]}:{REDIS[1]}/15",
        SECRET_KEY="a-test-secret-key-that-is-long-and-random-enough-1234567890",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        PATH=f"{BIN}:{env['PATH']}",
    )
    return env


def web_commands():
    command = COMPOSE["services"]["web"]["command"]
    inner = shlex.split(command)[2] if command.startswith("sh -c") else command
    return [shlex.split(part) for part in inner.split("&&")]


def test_compose_shape():
    db, web = COMPOSE["services"]["db"], COMPOSE["services"]["web"]
    assert "healthcheck" in db and any("pgdata" in v for v in db["volumes"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    worker = COMPOSE["services"]["worker"]
    assert worker["build"] == web["build"] and "healthcheck" in COMPOSE["services"]["redis"]
    assert worker["environment"]["CELERY_BROKER_URL"] == web["environment"]["CELERY_BROKER_URL"]
    assert web["environment"]["DEBUG"] == "0"
    assert [c[:3] for c in web_commands()] == [
        ["python", "manage.py", "migrate"],
        ["gunicorn", "narratives.wsgi:application", "--config"],
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_web_service_commands_serve_the_app(tmp_path):
    env = compose_env(tmp_path)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "python manage.py collectstatic --noinput" in dockerfile
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env={**env, "DEBUG": "0"},
        check=True,
        capture_output=True,
    )
    migrate, gunicorn = web_commands()
    subprocess.run([sys.executable, *migrate[1:]], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), *gunicorn[1:]],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as resp:
                    body = resp.read().decode()
                    assert resp.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        assert body and "Parallax" in body, proc.stdout.read1().decode() if body is None else body[:500]
        # whitenoise serves the hashed static files in production.
        css = re.search(r'href="(/static/[^"]+\.css)"', body).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=2) as resp:
            assert resp.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_production_refuses_the_default_secret_key(tmp_path):
    env = compose_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_worker_service_command_starts_a_worker(tmp_path):
    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError:
        pytest.skip(f"no Redis at {REDIS[0]}:{REDIS[1]}: the worker command is not exercised here")
    env = compose_env(tmp_path, "worker")
    subprocess.run(
        [sys.executable, "manage.py", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    command = shlex.split(COMPOSE["services"]["worker"]["command"])
    assert command[0] == "celery"
    proc = subprocess.Popen(
        [str(BIN / "celery"), *command[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        output, deadline = b"", time.monotonic() + 90
        while b"ready." not in output and time.monotonic() < deadline and proc.poll() is None:
            output += proc.stdout.read1(4096)
        assert b"ready." in output, output.decode(errors="replace")[-2000:]
        assert b"narratives.extract_article" in output  # the extraction task is registered
    finally:
        proc.terminate()
        proc.wait(timeout=30)
