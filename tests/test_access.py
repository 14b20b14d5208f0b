"""Who may do what: every URL pattern of narratives/urls.py, with each role and each method.

The URL list comes from the resolver (tests/security_fixtures.py), so a new page is walked without editing
this file. The rules are the same for every URL:
- anonymous: a redirect to the login page, whatever the method, and nothing changes;
- viewer: reads, never writes: every answer is 2xx/3xx/403/405 (never 5xx), the database is unchanged after
  every method on every URL, and no page a viewer gets offers a write form;
- analyst and staff admin: every page opens; no answer is a 5xx;
- CSRF: every POST without a token is refused (403) and changes nothing; with the token in the header htmx
  sends, it is not refused.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from security_fixtures import admin_urls, app_patterns, build_world, concrete_urls, snapshot

from narratives.models import Claim

METHODS = ("get", "post", "put", "patch", "delete")
SESSION_URLS = {"login", "logout"}  # change who is logged in: tested on their own below

# Pages that exist only to write: a viewer must be refused even their GET.
WRITE_PAGES = {
    "article_new",
    "article_outlets",
    "manage_events",
    "event_new",
    "event_edit",
    "position_new",
    "position_edit",
    "event_reclassify",
    "review_queue",
    "actor_edit",
    "claim_add",
    "claim_classify",
}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def staff_admin(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-root-1")


def walk(world):
    return [(name, url) for name, url in concrete_urls(world) if name not in SESSION_URLS]


def login_path(response) -> str:
    return urlsplit(response["Location"]).path


def client_for(user, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def write_controls(html: str) -> list[str]:
    """Forms that post (other than logging out) and htmx attributes that write."""
    found = []
    for form in re.finditer(r"<form\b[^>]*>", html):
        tag = form.group(0)
        if re.search(r'method="post"', tag, re.I) and "/accounts/logout/" not in tag:
            found.append(tag[:120])
    found += re.findall(r"\bhx-(?:post|put|patch|delete)=\"[^\"]*\"", html)
    return found


def test_the_walk_covers_every_url_pattern(world):
    names = {name for name, _ in app_patterns()}
    assert {name for name, _ in concrete_urls(world)} == names
    assert names >= WRITE_PAGES, f"stale names in WRITE_PAGES: {WRITE_PAGES - names}"
    assert len(names) >= 20


@pytest.mark.parametrize("method", METHODS)
def test_anonymous_is_sent_to_the_login_page_everywhere(world, method):
    client = client_for(None)
    before = snapshot()
    for name, url in walk(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (name, method, response.status_code)
        assert login_path(response) == reverse("login"), (name, method, response["Location"])
    assert snapshot() == before


def test_anonymous_sees_the_login_page_and_nothing_else(world):
    client = client_for(None)
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.event.title not in html and world.actor.name not in html
    # Logging out anonymously is harmless and still lands on the login page.
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and login_path(response) == reverse("login")


def test_anonymous_admin_goes_to_the_admin_login(world):
    client = client_for(None)
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert login_path(response) in (reverse("admin:login"), reverse("login")), url


@pytest.mark.parametrize("method", METHODS)
def test_viewer_reads_but_never_writes(world, viewer, method):
    client = client_for(viewer)
    before = snapshot()
    for name, url in walk(world):
        response = getattr(client, method)(url)
        status = response.status_code
        assert status < 500, (name, method, status)
        assert status in (200, 302, 403, 405), (name, method, status)
        if name in WRITE_PAGES:
            assert status in (403, 405), (name, method, status)
        if status == 302:
            assert login_path(response) != reverse("login"), (name, method, "viewer sent to log in again")
        if status == 200 and response.get("Content-Type", "").startswith("text/html"):
            controls = write_controls(response.content.decode())
            assert not controls, (name, method, controls)
        assert snapshot() == before, (name, method, "a viewer's request changed the database")


def test_viewer_gets_every_read_page(world, viewer):
    client = client_for(viewer)
    for name, url in walk(world):
        if name in WRITE_PAGES:
            continue
        response = client.get(url)
        # A read page opens; a write endpoint only refuses the method or the role.
        assert response.status_code in (200, 403, 405), (name, response.status_code)
        if response.status_code == 403:
            assert name not in {"home", "event_detail", "article_detail", "search", "outlet_detail"}


def test_viewer_can_export_but_the_export_is_read_only(world, viewer):
    client = client_for(viewer)
    response = client.get(reverse("event_export", args=[world.event.slug, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    # Exporting gives the viewer nothing to write with: the edit endpoints stay closed.
    claim = world.claims[0]
    for name in ("claim_review", "claim_delete", "claim_speaker"):
        assert client.post(reverse(name, args=[claim.pk]), {"speaker": world.org.pk}).status_code == 403
    claim.refresh_from_db()
    assert claim.reviewed_by is None and not claim.rejected and claim.speaker == world.actor


def test_viewer_cannot_upload_edit_merge_or_reclassify(world, viewer, django_user_model):
    client = client_for(viewer)
    other = world.org
    before = snapshot()
    attempts = [
        ("article_new", [], {"text": "Ola Ren said the bridge was mined.", "outlet": "River Post"}),
        ("actor_edit", [world.actor.pk], {"name": "Renamed", "kind": "person"}),
        ("actor_merge", [world.actor.pk], {"target": other.pk}),
        ("actor_split", [world.actor.pk], {}),
        ("event_reclassify", [world.event.slug], {"confirm": "1"}),
        ("event_edit", [world.event.slug], {"title": "Renamed", "slug": world.event.slug}),
        ("claim_classify", [world.claims[0].pk], {"kind": "direct"}),
        ("claim_add", [world.article.pk], {"quote": "the bridge is held", "start": 0, "end": 5}),
        ("article_extract", [world.article.pk], {}),
    ]
    for name, args, data in attempts:
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 403, (name, response.status_code)
    assert snapshot() == before


def test_a_user_in_no_group_is_a_reader_too(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-nobody-1")
    client = client_for(nobody)
    assert client.get(reverse("event_detail", args=[world.event.slug])).status_code == 200
    assert client.get(reverse("article_new")).status_code == 403


@pytest.mark.parametrize("role", ["analyst", "staff_admin"])
def test_analysts_and_admins_open_every_page_without_a_server_error(world, role, request):
    user = request.getfixturevalue(role)
    for method in METHODS:
        client = client_for(user)
        for name, url in walk(world):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (role, name, method, response.status_code)
            assert response.status_code != 403, (role, name, method)
            if response.status_code == 302:
                assert login_path(response) != reverse("login"), (role, name, method)


def test_analyst_gets_every_write_page(world, analyst):
    client = client_for(analyst)
    for name, url in walk(world):
        if name in WRITE_PAGES:
            assert client.get(url).status_code == 200, name


def test_only_staff_open_the_admin(world, analyst, staff_admin, rf):
    analyst_client = client_for(analyst)
    admin_client = client_for(staff_admin)
    request = rf.get("/admin/")
    request.user = staff_admin
    for url, model_admin, kind in admin_urls(with_views=True):
        response = analyst_client.get(url)
        assert response.status_code == 302 and login_path(response) == reverse("admin:login"), url
        # Read-only admins (the correction log, django-axes' attempts) refuse "add" even to a superuser.
        allowed = kind != "add" or model_admin.has_add_permission(request)
        assert admin_client.get(url).status_code == (200 if allowed else 403), url


def test_analysts_group_is_what_grants_writing(world, viewer):
    client = client_for(viewer)
    url = reverse("claim_review", args=[world.claims[0].pk])
    assert client.post(url).status_code == 403
    viewer.groups.add(Group.objects.get(name="analysts"))
    assert client.post(url).status_code in (200, 302)
    assert Claim.objects.get(pk=world.claims[0].pk).reviewed_by == viewer


# --- CSRF ------------------------------------------------------------------------------------------


def test_every_post_without_a_csrf_token_is_refused(world, analyst):
    client = client_for(analyst, enforce_csrf_checks=True)
    before = snapshot()
    for name, url in walk(world):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, {"kind": "direct"}, **headers)
            assert response.status_code == 403, (name, headers, response.status_code)
    assert snapshot() == before
    # The login form is protected too.
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("login"), {"username": "ana", "password": "x"}).status_code == 403


def test_a_wrong_csrf_token_is_refused(world, analyst):
    client = client_for(analyst, enforce_csrf_checks=True)
    client.get(reverse("home"))
    url = reverse("claim_review", args=[world.claims[0].pk])
    response = client.post(url, HTTP_X_CSRFTOKEN="x" * 64, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert Claim.objects.get(pk=world.claims[0].pk).reviewed_by is None


def test_htmx_posts_with_the_page_token_pass(world, analyst):
    client = client_for(analyst, enforce_csrf_checks=True)
    page = client.get(reverse("article_detail", args=[world.article.pk]))
    # The token htmx sends is the one base.html puts in hx-headers on <body>.
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.content.decode()).group(1)
    url = reverse("claim_review", args=[world.claims[0].pk])
    response = client.post(url, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 302)
    assert Claim.objects.get(pk=world.claims[0].pk).reviewed_by == analyst
