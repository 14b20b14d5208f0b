"""Journeys in a real browser (Playwright, Debian's chromium) on the demo data: edit forms saved unchanged
change nothing; a stale save is refused and says why; search by a speaker; the event page's filters and the
export. Screenshots at 1440 and 390 px go to test-output/journeys/ (gitignored)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser_fixtures import CHROMIUM, OUTPUT, log_in, screenshot, wait_until

pytest_plugins = ["browser_fixtures"]  # fixtures: browser, new_page, browser_page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found (shutil.which('chromium') is None)."),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVENT = "russian-pullout"


def shot(page, name: str, *, narrow: bool = True) -> None:
    """The page at 1440 px and, with ``narrow``, at 390 px (a phone), then back."""
    screenshot(page, "journeys", f"{name}-1440")
    if narrow:
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "journeys", f"{name}-390")
        page.set_viewport_size(size)


def _analyst(django_user_model, name: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(name, password=f"pw-{name}-analyst-1")
    user.groups.add(Group.objects.get_or_create(name="analysts")[0])
    return user


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def test_edit_forms_saved_unchanged_leave_every_row_unchanged(
    live_server, demo, django_user_model, browser_page
):
    from narratives.models import Actor, Claim, Event, Position

    _analyst(django_user_model, "una")
    page, base = browser_page, live_server.url
    event = Event.objects.get(slug=EVENT)
    position = Position.objects.filter(event=event).order_by("pk").first()
    actor = Actor.objects.get(name="Igor Konashenkov")
    claim = Claim.objects.live().filter(event=event, position__isnull=False).order_by("pk").first()
    before = {
        "event": _row(Event, event.pk),
        "position": _row(Position, position.pk),
        "actor": (_row(Actor, actor.pk), sorted(actor.aliases.values_list("name", flat=True))),
        "claim": _row(Claim, claim.pk),
    }
    assert before["event"]["start_date"] is not None  # the date input must send it back (ISO)
    log_in(page, live_server, "una", "pw-una-analyst-1", f"/manage/events/{EVENT}/")

    page.click("text=Save event")
    page.locator(".message", has_text="Nothing changed.").wait_for()
    page.goto(f"{base}/manage/events/{EVENT}/positions/{position.pk}/")
    page.click("text=Save position")
    page.locator(".message", has_text="Nothing changed.").wait_for()
    page.goto(f"{base}/actors/{actor.pk}/edit/")
    page.click("text=Save actor")
    page.locator(".message", has_text="Nothing changed.").wait_for()
    page.goto(f"{base}/claims/{claim.pk}/")
    page.locator(f"#classify-{claim.pk} button[type=submit]").click()
    page.locator("#article-body .message", has_text="Nothing changed.").wait_for()

    after = {
        "event": _row(Event, event.pk),
        "position": _row(Position, position.pk),
        "actor": (_row(Actor, actor.pk), sorted(actor.aliases.values_list("name", flat=True))),
        "claim": _row(Claim, claim.pk),
    }
    assert after == before


def test_a_stale_save_is_refused_and_shows_the_current_values(live_server, demo, django_user_model, new_page):
    from narratives.models import Claim, Event
    from narratives.services import events as event_services

    _analyst(django_user_model, "ana")
    _analyst(django_user_model, "bob")
    claim = Claim.objects.live().filter(event__slug=EVENT, kind="direct").order_by("pk").first()
    ana, bob = new_page(), new_page()
    log_in(ana, live_server, "ana", "pw-ana-analyst-1", f"/claims/{claim.pk}/")
    log_in(bob, live_server, "bob", "pw-bob-analyst-1", f"/claims/{claim.pk}/")

    # Bob saves first; Ana's form was built before his save.
    bob.select_option(f"#classify-{claim.pk} select[name=kind]", "indirect")
    bob.locator(f"#classify-{claim.pk} button[type=submit]").click()
    bob.locator("#article-body .message", has_text="Claim corrected.").wait_for()
    ana.select_option(f"#classify-{claim.pk} select[name=position]", "")
    ana.locator(f"#classify-{claim.pk} button[type=submit]").click()
    refusal = ana.locator(f"#classify-{claim.pk} .form-errors", has_text="was changed by bob")
    refusal.wait_for()
    assert "Reported speech" in refusal.inner_text()  # the current kind, Bob's
    refusal.scroll_into_view_if_needed()
    shot(ana, "stale-claim")
    claim.refresh_from_db()
    assert claim.kind == "indirect" and claim.position_id is not None  # Bob's save stands, Ana's did not land

    # One stale page and a write in between, on the event editor (no htmx needed to see it either).
    event = Event.objects.get(slug=EVENT)
    ana.goto(f"{live_server.url}/manage/events/{EVENT}/")
    event_services.save_event(event=event, values={"title": "Pullout, as Bob renamed it"})
    ana.fill("#id_description", "Mine")
    ana.click("text=Save event")
    ana.locator(".form-errors", has_text="Pullout, as Bob renamed it").wait_for()
    shot(ana, "stale-event")
    event.refresh_from_db()
    assert event.title == "Pullout, as Bob renamed it" and event.description != "Mine"


def test_search_by_speaker_then_the_actors_directory(live_server, demo, django_user_model, browser_page):
    from narratives.models import Claim

    django_user_model.objects.create_user("vera", password="pw-vera-viewer-1")
    page, base = browser_page, live_server.url
    log_in(page, live_server, "vera", "pw-vera-viewer-1", "/search/")
    page.fill("#id_q", "Konash")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"q=Konash"))
    results = page.locator(".result--claim")
    results.first.wait_for()
    expected = Claim.objects.search("Konash").count()
    assert expected > 0 and "Igor Konashenkov" in results.first.inner_text()
    first = results.first.inner_text()
    assert "Russia" in first and ("No event" in first or "Russian" in first or "ISIS" in first)
    shot(page, "search-konash")

    page.goto(f"{base}/actors/")
    page.fill("#id_q", "Konash")
    page.locator("#actor-list tbody tr", has_text="Igor Konashenkov").wait_for()
    wait_until(page, "document.querySelectorAll('#actor-list tbody tr').length === 1")
    page.fill("#id_q", "")
    page.select_option("#id_sort", "claims")
    page.wait_for_url(re.compile(r"sort=claims"))
    page.locator("#actor-list").wait_for()
    shot(page, "actors")


def _card_ids(page) -> set[int]:
    hrefs = page.eval_on_selector_all(
        "#comparison a.claim-card__link", "els => els.map(e => e.getAttribute('href'))"
    )
    return {int(re.search(r"#claim-(\d+)", h).group(1)) for h in hrefs}


def test_filters_by_keyboard_and_a_filtered_export(live_server, demo, django_user_model, browser_page):
    from narratives.models import Claim, Event

    django_user_model.objects.create_user("vic", password="pw-vic-viewer-1")
    page = browser_page
    event = Event.objects.get(slug=EVENT)
    log_in(page, live_server, "vic", "pw-vic-viewer-1", f"/events/{EVENT}/")
    shot(page, "event-page")

    # Through the side list by keyboard: whatever the order the answers come in, the page ends up showing
    # the side that is selected, never an earlier one (and never "0 claims").
    panel_requests: list[str] = []
    page.on("request", lambda r: panel_requests.append(r.url) if "/panels/" in r.url else None)
    page.focus("#id_side")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    # Settled: no request in flight, and the address bar holds the side the list shows.
    wait_until(
        page,
        """() => {
            const side = document.querySelector('#id_side').value;
            return side && !document.querySelector('.htmx-request')
                && new URLSearchParams(location.search).get('side') === side
                && document.querySelector('.comparison__summary').textContent.includes('filtered');
        }""",
    )
    side = page.eval_on_selector("#id_side", "el => el.value")
    assert side
    expected = Claim.objects.filtered(event, side=side).count()
    summary = page.locator(".comparison__summary").inner_text()
    assert summary.startswith(f"{expected} claim") and expected > 0

    # The panels (timeline, figures, same words) loaded with the same filters.
    page.locator("div.analysis#analysis").wait_for()
    assert panel_requests and f"side={side}" in panel_requests[-1]

    # The export link exports what is shown.
    link = page.locator('#comparison a[href*="export.csv"]')
    assert f"side={side}" in link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    path = OUTPUT / "journeys" / f"export-{side}.csv"
    download_info.value.save_as(str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    exported = {int(r["claim_id"]) for r in rows}
    assert len(exported) == expected and _card_ids(page) <= exported
    assert set(Claim.objects.filtered(event, side=side).values_list("pk", flat=True)) == exported
    shot(page, "event-filtered")
