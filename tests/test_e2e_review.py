"""The review queue in a real browser: keyboard triage, one htmx request per decision."""

from __future__ import annotations

import pytest
from browser_fixtures import CHROMIUM, log_in, screenshot, wait_until

pytest_plugins = ["browser_fixtures"]  # fixtures: browser, new_page, browser_page

# A person presses the next key once the list has been swapped in and a row holds the focus again; a key
# pressed in between (a loaded machine stretches it) reaches no row.
SETTLED = (
    "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    " && !!document.activeElement && !!document.activeElement.closest('[data-review-item]')"
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="No Chromium found (shutil.which('chromium') is None)."),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_keyboard_triage_decides_each_claim_with_one_request(
    live_server, demo, django_user_model, browser_page, monkeypatch
):
    from django.contrib.auth.models import Group

    from narratives.models import Claim, Decision, Event, Origin

    user = django_user_model.objects.create_user("tia", password="pw-tia-analyst-1")
    user.groups.add(Group.objects.get(name="analysts"))
    event = Event.objects.get(slug="russian-pullout")
    asserts, doubts = (
        event.positions.get(slug="asserts-withdrawal"),
        event.positions.get(slug="doubts-withdrawal"),
    )
    # Three unsure placements to triage, least confident first (and nothing else on the queue).
    Claim.objects.filter(event=event).update(needs_review=False)
    claims = list(
        Claim.objects.filter(event=event, origin=Origin.MACHINE, position=asserts).order_by("pk")[:3]
    )
    for confidence, claim in zip((0.1, 0.2, 0.3), claims, strict=True):
        Claim.objects.filter(pk=claim.pk).update(needs_review=True, confidence=confidence)
    # Re-scoring after each decision (tested in test_review_queue.py) would take the rest off the queue.
    monkeypatch.setattr("narratives.services.queue.enqueue_relearn", lambda event_id: True)
    page = browser_page
    requests = []
    page.on(
        "request", lambda r: requests.append(r.url) if "/review/" in r.url and r.method == "POST" else None
    )
    log_in(page, live_server, "tia", "pw-tia-analyst-1", "/events/russian-pullout/review/")
    screenshot(page, "review", "01-queue")

    wait_until(page, SETTLED)
    page.keyboard.press("2")  # the first claim: the second position (doubts the withdrawal)
    page.locator(".review__notice", has_text="Corrected.").wait_for()
    wait_until(page, SETTLED)
    page.keyboard.press("Enter")  # the next one: keep the suggestion
    page.locator(".review__notice", has_text="Kept the suggestion.").wait_for()
    wait_until(page, SETTLED)
    page.keyboard.press("x")  # the last: not about this event
    page.locator(".review__list", has_text="Nothing to review").wait_for()
    screenshot(page, "review", "02-done")

    first, second, third = (Claim.objects.get(pk=c.pk) for c in claims)
    assert first.position == doubts and first.is_reviewed
    assert second.position == asserts and second.is_reviewed
    assert third.event is None and third.is_reviewed
    assert len(requests) == 3
    assert list(Decision.objects.order_by("pk").values_list("agreed", flat=True)) == [False, True, False]
    assert "33%" in page.locator(".review__stats").inner_text()
