"""Hostile text never becomes markup: a payload suite in every text field an article or an analyst can fill,
rendered on every page (walked from the resolver), the admin, search, the SVG charts and the exports.

Assertions are on the rendered HTML: tests/security_fixtures.py's scanner parses each page and reports any
inline script, event-handler attribute, javascript: URL, payload <img>/<iframe>/<style>, or a payload marker
inside a tag. One Playwright check browses the same pages and confirms no dialog fires.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from django.test import Client
from django.urls import reverse
from security_fixtures import (
    FORMULAS,
    PAYLOADS,
    QUERY_PAYLOADS,
    admin_urls,
    build_world,
    concrete_urls,
    scan_html,
)

from narratives.models import Actor, Claim, Correction

CHROMIUM = shutil.which("chromium")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def hostile(db):
    return build_world(hostile=True)


@pytest.fixture
def staff_admin(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-root-1")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_clean(response, where):
    assert response.status_code < 500, (where, response.status_code)
    html = response.content.decode()
    findings = scan_html(html)
    assert findings == [], (where, findings[:5])
    return html


def body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8-sig")


def pages(world):
    return [(name, url) for name, url in concrete_urls(world) if name not in ("logout", "event_export")]


def test_the_payloads_really_are_rendered(hostile, analyst):
    """Guards the scan below against passing on pages that never show the payload."""
    client = logged_in(analyst)
    html = client.get(reverse("article_detail", args=[hostile.article.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;xss-01&quot;)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(&#x27;xss-03&#x27;)&gt;" in html
    # The scanner itself finds a payload when it is not escaped.
    assert scan_html(f"<p>{PAYLOADS[1]}</p>")
    assert scan_html(f'<p title="{PAYLOADS[6]}">x</p>')
    assert scan_html(f"<a href='{PAYLOADS[4]}'>x</a>")
    assert scan_html(f"<svg><text>{PAYLOADS[3]}</text></svg>")


@pytest.mark.parametrize("role", ["analyst", "viewer", "staff_admin"])
def test_no_page_renders_a_payload_unescaped(hostile, role, request):
    client = logged_in(request.getfixturevalue(role))
    rendered = 0
    for name, url in pages(hostile):
        for headers in ({}, HTMX):
            response = client.get(url, **headers)
            assert response.status_code < 500, (name, response.status_code)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                assert_clean(response, (role, name, headers))
                rendered += 1
    assert rendered >= 10


def test_event_cards_and_svg_charts_escape_the_payloads(hostile, analyst):
    client = logged_in(analyst)
    html = assert_clean(client.get(reverse("event_detail", args=[hostile.event.slug])), "event")
    assert "<svg" in html and "claim-card" in html
    # Event title, side, speaker and the figure's subject (drawn in a chart) all carry payloads.
    assert html.count("xss-") >= 5
    for name in ("outlet_detail", "actor_detail"):
        arg = hostile.outlet.slug if name == "outlet_detail" else hostile.actor.pk
        assert_clean(client.get(reverse(name, args=[arg])), name)


@pytest.mark.parametrize("query", QUERY_PAYLOADS)
def test_search_queries_are_escaped(hostile, analyst, query):
    client = logged_in(analyst)
    for headers in ({}, HTMX):
        assert_clean(client.get(reverse("search"), {"q": query}, **headers), ("search", query))
        assert_clean(client.get(reverse("actor_search"), {"q": query[:100]}, **headers), ("actors", query))
    assert_clean(
        client.get(reverse("event_detail", args=[hostile.event.slug]), {"speaker": query}), "event filter"
    )


def test_claim_and_actor_edits_with_payloads_stay_escaped(hostile, analyst):
    client = logged_in(analyst)
    claim = hostile.claims[0]
    name, alias, role = PAYLOADS[1][:200], PAYLOADS[6][:200], PAYLOADS[2][:200]
    response = client.post(
        reverse("actor_edit", args=[hostile.actor.pk]),
        {"name": name, "kind": "person", "role": role, "description": PAYLOADS[3], "aliases": alias},
    )
    assert response.status_code in (200, 302)
    hostile.actor.refresh_from_db()
    assert hostile.actor.name == name and hostile.actor.role == role
    response = client.post(
        reverse("claim_speaker", args=[claim.pk]),
        {"new_name": PAYLOADS[9][:200], "new_kind": "person", "new_role": PAYLOADS[10][:200]},
    )
    assert response.status_code in (200, 302)
    assert Actor.objects.filter(name=PAYLOADS[9][:200]).exists()
    text = hostile.article.text
    quote = "twelve trucks crossed"
    start = text.index(quote)
    response = client.post(
        reverse("claim_add", args=[hostile.article.pk]),
        {
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "speaker_mention": PAYLOADS[7],
            "cue": PAYLOADS[0][:40],
            "new_name": PAYLOADS[11][:200],
            "new_kind": "person",
            "kind": "indirect",
        },
    )
    assert response.status_code in (200, 302)
    assert Correction.objects.count() >= 3  # every edit is logged, and the log is rendered too
    for page_name, page_url in pages(hostile):
        for headers in ({}, HTMX):
            response = client.get(page_url, **headers)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                assert_clean(response, (page_name, headers))


def test_admin_pages_escape_the_payloads(hostile, staff_admin):
    client = logged_in(staff_admin)
    for url in admin_urls():
        response = client.get(url)
        if response.status_code == 200:
            assert_clean(response, url)
    for model in ("claim", "actor", "article", "outlet"):
        response = client.get(reverse(f"admin:narratives_{model}_changelist"), {"q": PAYLOADS[1]})
        assert response.status_code == 200
        assert_clean(response, (model, "admin search"))


def test_csv_export_neutralises_formulas_and_json_is_not_html(hostile, viewer):
    client = logged_in(viewer)
    response = client.get(reverse("event_export", args=[hostile.event.slug, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(body(response))))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) > 1
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    # The formulas are kept, as text.
    for formula in FORMULAS[:2]:
        assert "'" + formula in cells
    response = client.get(reverse("event_export", args=[hostile.event.slug, "json"]))
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(body(response))
    assert data["event"]["title"] == hostile.event.title  # the payload is data, intact, served as JSON


def test_csv_export_neutralises_every_formula_prefix(db, viewer):
    world = build_world()
    article = world.article
    for formula in FORMULAS:
        article.text += f" Ola Ren said {formula}."
    article.save()
    for formula in FORMULAS:
        start = article.text.index(formula)
        Claim.objects.create(
            article=article,
            speaker=world.actor,
            content=formula,
            start=start,
            end=start + len(formula),
            event=world.event,
            position=world.position,
        )
    response = logged_in(viewer).get(reverse("event_export", args=[world.event.slug, "csv"]))
    cells = [cell for row in csv.reader(io.StringIO(body(response))) for cell in row]
    for formula in FORMULAS:
        assert "'" + formula in cells and formula not in cells


# --- in a real browser -----------------------------------------------------------------------------


@pytest.fixture
def browser_page(monkeypatch):
    if CHROMIUM is None:
        pytest.skip("No Chromium (shutil.which('chromium') is None): install Debian's chromium to run it.")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_dialog_fires_in_a_browser(live_server, browser_page, django_user_model):
    from django.contrib.auth.models import Group

    world = build_world(hostile=True)
    user = django_user_model.objects.create_user("eve", password="pw-eve-12345")
    user.groups.add(Group.objects.get(name="analysts"))
    page = browser_page
    dialogs, errors, csp = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("input[name=username]", "eve")
    page.fill("input[name=password]", "pw-eve-12345")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    probe = logged_in(user)
    urls = [url for _name, url in pages(world) if probe.get(url).status_code == 200]
    assert len(urls) >= 10
    urls.append(f"{reverse('search')}?q={PAYLOADS[1]}")
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        # Hover and focus everything a payload could have hooked onto.
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
    # htmx ran under the CSP: a filter change swaps the cards in place.
    page.goto(f"{live_server.url}{reverse('event_detail', args=[world.event.slug])}")
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("document.querySelectorAll('head style').length") == 0
    page.wait_for_timeout(300)
    assert dialogs == [], dialogs
    assert errors == [], errors
    assert csp == [], csp
