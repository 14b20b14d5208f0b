"""The analyst's day in a real browser (Playwright, Debian's chromium) against the live server and demo data.

1 log in; 2 upload an article; 3 see its claims on the event page in the right side's column; 4 correct a
claim's speaker; 5 see the correction survive a re-extraction; 6 export the event as CSV.
Screenshots of every step go to test-output/e2e/ (gitignored).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser_fixtures import CHROMIUM, OUTPUT, log_in, screenshot, wait_until

pytest_plugins = ["browser_fixtures"]  # fixtures: browser_page
SHOTS = OUTPUT / "e2e"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="No Chromium found (shutil.which('chromium') is None): install Debian's chromium to run the "
        "Playwright analyst's-day test; .ci/run does.",
    ),
]

# Our own short article: an attributed claim by a known actor (the Pentagon's Eric Pahon) about a demo event.
ARTICLE = """Washington doubts Moscow's drawdown

Pentagon spokesman Eric Pahon said on Thursday that the United States had seen no meaningful reduction of \
Russian forces in Syria since the Kremlin announced its pullout.

"We have not seen any evidence that Russian troops are leaving," Pahon told reporters at a briefing.

Russian Defence Minister Sergei Shoigu said the withdrawal of the Russian contingent from Syria was \
proceeding on schedule and that the first units had already returned home.
"""
QUOTE = "We have not seen any evidence that Russian troops are leaving"
EVENT = "russian-pullout"


def shot(page, name: str) -> None:
    screenshot(page, "e2e", name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_analysts_day(live_server, demo, django_user_model, browser_page):
    from django.contrib.auth.models import Group

    from narratives.models import Article, Claim

    user = django_user_model.objects.create_user("daisy", password="pw-daisy-analyst-1")
    user.groups.add(Group.objects.get_or_create(name="analysts")[0])
    page = browser_page
    base = live_server.url

    # 1. Log in.
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "daisy")
    page.fill("#id_password", "pw-daisy-analyst-1")
    shot(page, "01-login")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator(".site-user__name").inner_text() == "daisy"

    # 2. Upload a new article through the form.
    page.click("text=Upload article")
    page.fill("#id_title", "Washington doubts Moscow's drawdown")
    page.fill("#id_outlet", "Harbour Gazette")
    # Newer than the demo articles, so its cards lead their groups (six a group on first load).
    page.fill("#id_published", "2017-12-20")
    page.fill("#id_text", ARTICLE)
    shot(page, "02a-upload-form")
    page.click("text=Upload and extract claims")
    # The first extraction in this process loads spaCy and the embeddings: slow on a busy 2-core machine.
    page.wait_for_url(re.compile(r"/articles/\d+/$"), timeout=120_000)
    article = Article.objects.get(title="Washington doubts Moscow's drawdown")
    assert article.status == Article.Status.DONE and article.uploaded_by == user
    quote_claim = article.claims.get(content=QUOTE)
    assert quote_claim.speaker.name == "Eric Pahon"
    assert page.locator(f"#claim-{quote_claim.pk}").is_visible()
    shot(page, "02b-article")

    # 3. Its claims are on the event page, in the column of the speaker's side.
    page.goto(f"{base}/events/{EVENT}/")
    us_column = page.locator('section.column[aria-labelledby="col-united-states"]')
    ru_column = page.locator('section.column[aria-labelledby="col-russia"]')
    card = us_column.locator("li.claim-card", has_text=QUOTE)
    assert card.count() == 1
    assert ru_column.locator("li.claim-card", has_text=QUOTE).count() == 0
    assert ru_column.locator("li.claim-card", has_text="proceeding on schedule").count() == 1
    card.scroll_into_view_if_needed()
    shot(page, "03-event-page")

    # 4. Correct one claim's speaker, inline on the article page (htmx autocomplete).
    card.locator(f'a[href$="#claim-{quote_claim.pk}"]').first.click()
    page.wait_for_url(re.compile(rf"/articles/{article.pk}/#claim-{quote_claim.pk}$"))
    page.locator(f"#margin-claim-{quote_claim.pk} a.margin-item__link").click()
    card_open = page.locator(f"#margin-claim-{quote_claim.pk}.margin-item--open")
    card_open.wait_for()
    card_open.locator("input[type=search]").fill("Manning")
    option = card_open.locator(".actor-option", has_text="Robert Manning")
    option.wait_for()
    option.locator("input[type=radio]").check()
    shot(page, "04a-speaker-search")
    card_open.locator("button", has_text="Set speaker").click()
    page.locator("#article-body .message", has_text="Speaker set to Robert Manning.").wait_for()
    quote_claim.refresh_from_db()
    assert quote_claim.speaker.name == "Robert Manning" and quote_claim.origin == "analyst"
    assert page.locator(".history__item", has_text="Robert Manning").first.is_visible()
    shot(page, "04b-corrected")

    # 5. The correction survives a re-extraction.
    page.click("text=Re-run extraction")
    page.locator("#article-body .message", has_text="Extracted again").wait_for()
    quote_claim.refresh_from_db()
    assert quote_claim.speaker.name == "Robert Manning"
    assert Claim.objects.filter(article=article, content=QUOTE, rejected=False).count() == 1
    speaker = page.locator(f"#margin-claim-{quote_claim.pk} .margin-item__speaker")
    assert speaker.inner_text() == "Robert Manning"
    shot(page, "05-after-reextraction")

    # 6. Export the event as CSV, from the link on the event page.
    page.goto(f"{base}/events/{EVENT}/")
    shot(page, "06a-event-before-export")
    link = page.locator('a[href*="export.csv"]').first
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = SHOTS / "06-russian-pullout.csv"
    download.save_as(str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    ours = [row for row in rows if QUOTE in " ".join(row.values())]
    assert len(ours) == 1
    assert "Robert Manning" in ours[0].values()  # the export carries the corrected speaker
    assert any("Sergei Shoigu" in row.values() for row in rows)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_add_a_missed_claim_by_selecting_text(live_server, django_user_model, browser_page):
    """curation.js turns a selection into the right offsets, past CRLF line ends and an emoji."""
    from django.contrib.auth.models import Group

    from narratives.models import Actor, Article, Claim, Correction, Outlet

    user = django_user_model.objects.create_user("eli", password="pw-eli-analyst-1")
    user.groups.add(Group.objects.get_or_create(name="analysts")[0])
    Actor.objects.create(name="Nadia Farrow", role="harbour spokeswoman")
    text = (
        "Ferry row 🚢 deepens\r\n\r\n"
        "Nobody was sure the ferry would sail again by June.\r\n"
        "Nadia Farrow told the council that the ferry would sail again by June."
    )
    article = Article.objects.create(
        outlet=Outlet.objects.create(name="Bay Courier", slug="bay-courier"),
        title="Ferry row",
        text=text,
        text_hash="e" * 64,
        status=Article.Status.DONE,
    )
    page = browser_page
    log_in(page, live_server, "eli", "pw-eli-analyst-1", f"/articles/{article.pk}/")

    wanted = "the ferry would sail again by June"
    page.evaluate(
        """(wanted) => {
            const el = document.querySelector('#article-text');
            const node = el.firstChild;
            const at = node.textContent.lastIndexOf(wanted);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + wanted.length);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
        }""",
        wanted,
    )
    page.locator(".selection-button").click()
    form = page.locator("#add-claim-form")
    assert form.locator("textarea[name=quote]").input_value() == wanted
    form.locator("#add-speaker-q").fill("Farrow")
    form.locator(".actor-option", has_text="Nadia Farrow").locator("input").check()
    form.locator("input[name=cue]").fill("told")
    shot(page, "10-add-claim-by-selection")
    form.locator("button", has_text="Add claim").click()
    page.locator("#article-body .message", has_text="Claim added.").wait_for()
    assert not page.locator(".selection-button").is_visible()

    claim = Claim.objects.get(article=article)
    # The words occur twice: only the browser's offsets (not a text search) can pick the second.
    assert (claim.start, claim.end) == (text.rindex(wanted), text.rindex(wanted) + len(wanted))
    assert claim.origin == "analyst" and claim.speaker.name == "Nadia Farrow" and claim.cue == "told"
    assert Correction.objects.get(claim=claim).user == user
    assert page.locator(f"mark#claim-{claim.pk}").inner_text() == wanted
    shot(page, "11-claim-added")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_htmx_request_is_shown_not_swallowed(live_server, django_user_model, browser_page):
    """htmx swaps nothing on a 503 (the database is down): app.js must say so, then clear it on success."""
    from django.template.loader import render_to_string

    from narratives.models import Event, Side

    django_user_model.objects.create_user("ria", password="pw-ria-viewer-1")
    Side.objects.create(name="Northmark", slug="northmark", color="#1f77b4")
    Event.objects.create(slug="dam", title="Dam dispute")
    outage = render_to_string("503.html", {"problem": "The database is not reachable right now."})
    page = browser_page
    log_in(page, live_server, "ria", "pw-ria-viewer-1", "/events/dam/")
    banner = page.locator("#request-error")
    assert not banner.is_visible()

    def fail_htmx(route):
        if route.request.headers.get("hx-request"):
            route.fulfill(status=503, body=outage, content_type="text/html")
        else:
            route.continue_()

    page.route("**/events/dam/**", fail_htmx)
    page.select_option("#id_kind", "direct")  # the side list offers only sides with claims: none here
    banner.wait_for()
    assert banner.inner_text() == "The database is not reachable right now."
    shot(page, "20-request-error")
    page.unroute("**/events/dam/**")
    with page.expect_response(
        lambda r: "/events/dam/" in r.url and r.request.headers.get("hx-request")
    ) as ok:
        page.select_option("#id_kind", "")
    assert ok.value.status == 200
    wait_until(page, "document.getElementById('request-error').hidden")
