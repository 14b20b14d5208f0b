"""Faults: the database goes away or the disk fills up. Requests fail cleanly (a plain 503 page, never a
traceback), nothing is half-written, and the app recovers by itself when the database is back.

The dropped connection is simulated with Django's execute_wrapper (every query raises what psycopg2 or
sqlite3 raise then); on PostgreSQL a second test kills the live server's real connection. A PostgreSQL
restart under load is in `make loadtest FAULTS=1` (loadtest/run.py).
"""

from __future__ import annotations

import errno
import os

import psycopg2
import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from security_fixtures import build_world

from narratives.models import Actor, Article, Claim, Figure, Outlet
from narratives.security import storage_problem

STORY = "Ola Ren said the bridge was closed at dawn. Ivo Brand said the bridge stayed open."


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Article, Claim, Figure, Actor, Outlet)}


class FailingDatabase:
    """An execute wrapper: every statement (or those matching ``when``) raises ``error``."""

    def __init__(self, error: BaseException, when=lambda sql: True):
        self.error = error
        self.when = when
        self.raised = 0

    def __call__(self, execute, sql, params, many, context):
        if self.when(sql):
            self.raised += 1
            raise self.error
        return execute(sql, params, many, context)


def quiet_client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
        InterfaceError("connection already closed"),
    ],
)
def test_a_lost_database_is_a_503_page_then_the_app_recovers(world, analyst, error):
    client = quiet_client(analyst)
    url = reverse("event_detail", args=[world.event.slug])
    assert client.get(url).status_code == 200
    failing = FailingDatabase(error)
    with connection.execute_wrapper(failing):
        response = client.get(url)
    assert failing.raised >= 1
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "not reachable right now" in html and "Traceback" not in html and str(error) not in html
    assert "Content-Security-Policy" in response
    # The database is back: the same client, same process, no restart.
    assert client.get(url).status_code == 200


def test_a_lost_database_during_a_write_changes_nothing(world, analyst):
    client = quiet_client(analyst)
    claim = world.claims[0]
    failing = FailingDatabase(
        OperationalError("terminating connection due to administrator command"),
        when=lambda sql: sql.lstrip().upper().startswith(("UPDATE", "INSERT")),
    )
    with connection.execute_wrapper(failing):
        response = client.post(reverse("claim_review", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 503 and failing.raised >= 1
    claim.refresh_from_db()
    assert claim.reviewed_by is None
    assert client.post(reverse("claim_review", args=[claim.pk])).status_code in (200, 302)
    claim.refresh_from_db()
    assert claim.reviewed_by == analyst


def test_a_full_disk_outside_the_upload_is_a_503_that_says_so(world, analyst):
    client = quiet_client(analyst)
    failing = FailingDatabase(
        OperationalError("database or disk is full"),
        when=lambda sql: sql.lstrip().upper().startswith(("UPDATE", "INSERT")),
    )
    with connection.execute_wrapper(failing):
        response = client.post(reverse("claim_review", args=[world.claims[0].pk]))
    assert response.status_code == 503
    assert "storage is full" in response.content.decode()


def test_other_errors_stay_a_plain_500(world, analyst, monkeypatch):
    client = quiet_client(analyst)
    from narratives.views import events

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(events, "render_page", broken)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "ZeroDivisionError" not in html


def test_storage_problem_reads_the_cause_chain():
    assert "storage is full" in storage_problem(OSError(errno.ENOSPC, "No space left on device"))
    wrapped = OperationalError("could not write")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert "storage is full" in storage_problem(wrapped)
    assert storage_problem(OSError(errno.EACCES, "denied")) is None
    assert storage_problem(ValueError("x")) is None


# --- disk full while saving an upload --------------------------------------------------------------

DISK_FULL = [
    OSError(errno.ENOSPC, "No space left on device"),
    OperationalError("database or disk is full"),
    OperationalError('could not extend file "base/16384/2619": No space left on device'),
]


@pytest.mark.parametrize("table", ["narratives_article", "narratives_claim", "narratives_outlet"])
@pytest.mark.parametrize("error", DISK_FULL, ids=["ENOSPC", "sqlite-full", "pg-full"])
def test_disk_full_while_saving_an_upload_leaves_no_partial_rows(world, analyst_client, table, error, caplog):
    before = row_counts()
    outlets = Outlet.objects.count()
    failing = FailingDatabase(
        error, when=lambda sql: sql.lstrip().upper().startswith("INSERT") and table in sql
    )
    with connection.execute_wrapper(failing):
        response = analyst_client.post(
            reverse("article_new"), {"text": STORY, "outlet": "Brand New Outlet", "title": "Dawn"}
        )
    assert failing.raised == 1, "the write path never reached the failing table"
    assert response.status_code == 200  # the form again, with the message: not a 500
    html = response.content.decode()
    assert "storage is full, so nothing was saved" in html  # the message names the cause
    assert row_counts() == before and Outlet.objects.count() == outlets
    assert "No space left on device" in caplog.text or "disk is full" in caplog.text  # logged for the admin
    # Space is back: the same upload goes through whole.
    response = analyst_client.post(reverse("article_new"), {"text": STORY, "outlet": "Brand New Outlet"})
    assert response.status_code == 302
    article = Article.objects.exclude(pk=world.article.pk).get()
    assert article.outlet.name == "Brand New Outlet" and Claim.objects.filter(article=article).exists()


# --- a real dropped connection (PostgreSQL) --------------------------------------------------------


def kill_backend(pid: int) -> None:
    """Terminate one PostgreSQL backend from a separate connection, as a server restart would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    killer = psycopg2.connect(**params)
    try:
        killer.autocommit = True
        with killer.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cur.fetchone()[0] is True
    finally:
        killer.close()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs DATABASE_URL=postgres://..."
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("health_checks", [True, False])
def test_a_killed_postgres_connection_recovers_without_a_restart(
    django_user_model, health_checks, monkeypatch
):
    """Requests go through Django's real WSGI handler, as under gunicorn, so the persistent connection
    (CONN_MAX_AGE) outlives a request; it is killed between two requests.

    With CONN_HEALTH_CHECKS (the setting) the next request notices and reconnects: no error at all.
    Without, that request fails cleanly (503) and the one after it works.
    """
    from django.contrib.auth.models import Group
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 60)
    user = django_user_model.objects.create_user("kim", password="pw-kim-12345")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    connection.close()  # reconnect under the patched settings
    handler = WSGIHandler()

    def get(path):
        environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
        status = []
        body = b"".join(handler(environ, lambda s, h, *a: status.append(int(s.split()[0]))))
        return status[0], body.decode()

    assert get("/")[0] == 200
    assert connection.connection is not None, "the connection should persist across requests"
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    kill_backend(pid)
    status, body = get("/")
    if health_checks:
        assert status == 200
    else:
        assert status == 503 and "not reachable right now" in body and "Traceback" not in body
        assert get("/")[0] == 200
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        assert cur.fetchone()[0] != pid
