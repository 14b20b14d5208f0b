"""Headers, the deployment checklist, secrets, and the login rate limit.

Production settings are only read at start-up, so the checks that need DEBUG=0 run in a subprocess with
the environment a deployment would set.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from security_fixtures import build_world, concrete_urls, scan_html

ROOT = Path(__file__).resolve().parent.parent
STATIC_JS = sorted((ROOT / "static").rglob("*.js"))


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_", "SECURE_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="parallax.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        DJANGO_SETTINGS_MODULE="narratives.settings",
        # Each test collects its own static files: production pages need the hashed manifest.
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def run_manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# --- the deployment checklist ----------------------------------------------------------------------


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    result = run_manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output and "security.W" not in output


def test_check_deploy_catches_a_weak_production_setup(tmp_path):
    """The test above can fail: the same check, with plain-HTTP cookies and no HSTS, does warn."""
    env = production_env(tmp_path, SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


@pytest.mark.parametrize("key", [None, "django-insecure-parallax-local-development-only"])
def test_production_refuses_to_start_with_the_default_secret_key(tmp_path, key):
    env = production_env(tmp_path)
    if key is None:
        env.pop("SECRET_KEY")
    else:
        env["SECRET_KEY"] = key
    result = run_manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="parallax.example.org")
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "status": secure.status_code, "headers": dict(secure.headers),
    "cookies": {k: dict(v) for k, v in secure.cookies.items()},
    "session_secure": settings.SESSION_COOKIE_SECURE, "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE, "debug": settings.DEBUG,
}))
"""


def test_production_headers_and_cookies(tmp_path):
    env = production_env(tmp_path)
    assert run_manage(env, "collectstatic", "--noinput").returncode == 0
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["debug"] is False
    # Plain HTTP is redirected to HTTPS.
    assert data["plain_status"] == 301 and data["plain_location"].startswith("https://")
    assert data["status"] == 200
    headers = {k.lower(): v for k, v in data["headers"].items()}
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "script-src 'self'" in headers["content-security-policy"]
    csrf = data["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True and csrf["samesite"] == "Lax"
    assert data["session_secure"] is True and data["session_httponly"] is True and data["csrf_secure"] is True


# --- Content-Security-Policy -----------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_csp_allows_no_inline_script_and_no_eval(client):
    directives = csp_directives(client.get(reverse("login")))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    # <style> elements only from our files; style attributes (hex side colours) are the one inline allowance.
    assert directives["style-src-elem"] == ["'self'"]
    assert directives["style-src-attr"] == ["'unsafe-inline'"]
    flat = " ".join(" ".join(v) for v in directives.values())
    assert "unsafe-eval" not in flat and "*" not in flat.split()
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]


@pytest.fixture
def world(db):
    return build_world()


def test_every_page_is_free_of_inline_script_and_carries_the_csp(world, analyst, django_user_model):
    """Walks every URL pattern as an analyst, full page and htmx fragment."""
    client = Client()
    client.force_login(analyst)
    checked = 0
    for name, url in concrete_urls(world):
        if name == "logout":
            continue
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert "Content-Security-Policy" in response, name
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            assert scan_html(html) == [], (name, headers)
            checked += 1
            if "<html" in html:
                # htmx must not inject its indicator <style> (the CSP would block it) nor eval.
                assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false' in html, name
                assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', html), name
    assert checked >= 20


def test_static_scripts_use_no_eval():
    assert STATIC_JS
    for path in STATIC_JS:
        source = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]|\.innerHTML\s*=", source), path


def test_the_404_and_403_pages_carry_the_csp_too(viewer_client):
    response = viewer_client.get("/no-such-page/")
    assert response.status_code == 404 and "Content-Security-Policy" in response
    response = viewer_client.get(reverse("article_new"))
    assert response.status_code == 403 and "script-src 'self'" in response["Content-Security-Policy"]


# --- secrets ---------------------------------------------------------------------------------------

SECRET_NAME = re.compile(r"(SECRET|SECRET_KEY|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY)$")


def test_secrets_come_only_from_the_environment():
    """Every setting named like a secret is read from os.environ; the one literal is the refused default."""
    tree = ast.parse((ROOT / "narratives" / "settings.py").read_text())
    checked = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and SECRET_NAME.search(target.id):
                checked.append(target.id)
                if target.id == "INSECURE_DEFAULT_SECRET_KEY":
                    continue
                source = ast.unparse(node.value)
                assert "os.environ" in source or "env_" in source, f"{target.id} = {source}"
    assert "SECRET_KEY" in checked
    # And the database password, if any, is part of DATABASE_URL, never written in settings.
    assert "PASSWORD" not in json.dumps(settings.DATABASES["default"].get("OPTIONS", {}))


def test_compose_requires_the_secret_key_from_the_environment():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["web"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # The database's password is a local one; the database is reachable only inside the compose network.
    assert "ports" not in compose["services"]["db"]


# --- login rate limit ------------------------------------------------------------------------------


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create_user("pat", password="pw-right-1")


def attempt(client, password, username="pat", url=None, addr="10.0.0.7"):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_locks_out_after_the_failure_limit(db, person):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    assert 3 <= limit <= 10
    for _ in range(limit - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200 and not logged_in(client)
    response = attempt(client, "wrong")
    assert response.status_code == 429
    # Locked: even the right password is refused now, and the page says why.
    response = attempt(client, "pw-right-1")
    assert response.status_code == 429 and not logged_in(client)
    assert "Too many failed logins" in response.content.decode()


def test_the_lockout_is_per_username_and_address(db, person, django_user_model):
    django_user_model.objects.create_user("quinn", password="pw-quinn-1")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "pw-right-1").status_code == 429
    # The same person from another address, and a colleague from the same one, are not locked out.
    assert attempt(Client(), "pw-right-1", addr="10.0.0.8").status_code == 302
    other = Client()
    assert attempt(other, "pw-quinn-1", username="quinn").status_code == 302 and logged_in(other)


def test_a_success_resets_the_count_and_the_lockout_ends_after_the_cool_off(db, person):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        attempt(client, "wrong")
    assert attempt(client, "pw-right-1").status_code == 302
    client.logout()
    for _ in range(limit - 1):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, "wrong").status_code == 429
    # After the cool-off the pair may try again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1))
    assert attempt(client, "pw-right-1").status_code == 302 and logged_in(client)


def test_the_admin_login_is_rate_limited_too(db, person):
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", url=url)
    assert attempt(client, "pw-right-1", url=url).status_code == 429
    assert not logged_in(client)


def test_authenticate_without_a_request_still_works_for_commands(db, person):
    from django.contrib.auth import authenticate

    assert authenticate(username="pat", password="pw-right-1") == person
    assert authenticate(username="pat", password="wrong") is None


def test_database_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
