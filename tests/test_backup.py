"""Backup and restore (docs/backup.md): the demo data survives a round trip.

dumpdata -> a fresh database (migrated from nothing) -> loaddata, with the exact commands the document
gives; then counts of every table and a sample of claims (text, offsets, speaker, event, position) are
compared. On PostgreSQL the pg_dump / pg_restore path is round-tripped as well.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from narratives.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Correction,
    Event,
    Figure,
    Outlet,
    Position,
    Side,
)

ROOT = Path(__file__).resolve().parent.parent
MODELS = (Side, Event, Position, Outlet, Actor, ActorAlias, Article, Claim, Figure, Correction)
# The tables docs/backup.md leaves out: rebuilt by migrate, or transient.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]

# Printed by a fresh process pointed at the restored database.
REPORT = """
import json, django
django.setup()
from django.contrib.auth.models import User
from django.apps import apps
from narratives.models import Claim
NAMES = "Side Event Position Outlet Actor ActorAlias Article Claim Figure Correction".split()
MODELS = [apps.get_model("narratives", name) for name in NAMES]
counts = {m.__name__: m.objects.count() for m in MODELS}
counts["User"] = User.objects.count()
claims = {}
for c in Claim.objects.select_related("article", "speaker", "event", "position").order_by("pk"):
    claims[c.pk] = [c.article.title, c.content, c.start, c.end, c.kind, c.origin,
                    c.speaker.name if c.speaker else None, c.event.slug if c.event else None,
                    c.position.slug if c.position else None, c.article.text[c.start:c.end]]
groups = sorted(User.objects.get(username="ana").groups.values_list("name", flat=True))
print(json.dumps({"counts": counts, "claims": claims, "groups": groups}))
"""


def snapshot() -> dict:
    from django.contrib.auth.models import User

    result = local_report()
    result["counts"]["User"] = User.objects.count()
    return result


def local_report() -> dict:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    claims = {}
    for c in Claim.objects.select_related("article", "speaker", "event", "position").order_by("pk"):
        claims[str(c.pk)] = [
            c.article.title,
            c.content,
            c.start,
            c.end,
            c.kind,
            c.origin,
            c.speaker.name if c.speaker else None,
            c.event.slug if c.event else None,
            c.position.slug if c.position else None,
            c.article.text[c.start : c.end],
        ]
    return {"counts": counts, "claims": claims}


def run(args, env, **kwargs):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def clean_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="narratives.settings", DEBUG="1")
    return env


def restored_report(database_url: str) -> dict:
    out = run([sys.executable, "-c", REPORT], clean_env(database_url))
    return json.loads(out.strip().splitlines()[-1])


def assert_same(original: dict, restored: dict):
    assert restored["counts"] == original["counts"]
    assert original["counts"]["Claim"] > 50, "the demo data should be there to round-trip"
    # Every claim, and an explicit sample of them, field by field.
    assert restored["claims"] == original["claims"]
    keys = sorted(original["claims"], key=int)
    for key in keys[:: max(1, len(keys) // 12)]:
        assert restored["claims"][key] == original["claims"][key]
        assert original["claims"][key][1] == original["claims"][key][-1]  # content sits at its offsets
    assert restored["groups"] == ["analysts"]


@pytest.fixture
def demo_with_corrections(demo, analyst):
    """The demo data plus an analyst's correction, so the log and the user's groups round-trip too."""
    claim = Claim.objects.order_by("pk").first()
    Correction.objects.create(claim=claim, article=claim.article, user=analyst, action="review", changes={})
    return snapshot()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dumpdata_loaddata_round_trip_into_a_fresh_database(demo_with_corrections, tmp_path):
    original = demo_with_corrections
    dump = tmp_path / "parallax-backup.json.gz"
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        output=str(dump),
        verbosity=0,
    )
    assert dump.stat().st_size > 10_000
    fresh = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    env = clean_env(fresh)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([sys.executable, "manage.py", "loaddata", str(dump), "-v", "0"], env)
    assert_same(original, restored_report(fresh))


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or shutil.which("pg_dump") is None,
    reason="needs DATABASE_URL=postgres://... and pg_dump",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_pg_restore_round_trip(demo_with_corrections, tmp_path):
    original = demo_with_corrections
    params = connection.get_connection_params()
    host, port = params.get("host") or "127.0.0.1", str(params.get("port") or 5432)
    user, source = params.get("user") or "postgres", params.get("database") or params.get("dbname")
    target = f"parallax_restore_{uuid.uuid4().hex[:8]}"
    pg = ["-h", host, "-p", port, "-U", user]
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    dump = tmp_path / "parallax.dump"
    run(["pg_dump", *pg, "-Fc", "-f", str(dump), source], env)
    run(["createdb", *pg, target], env)
    try:
        run(["pg_restore", *pg, "--no-owner", "-d", target, str(dump)], env)
        url = f"postgres://{user}@{host}:{port}/{target}"
        assert_same(original, restored_report(url))
    finally:
        connection.close()
        subprocess.run(["dropdb", *pg, "--if-exists", target], env=env, capture_output=True)
