"""Event editing: events and positions with their terms, the re-classify preview and its confirmation;
full page and htmx fragment for each view; every role."""

from __future__ import annotations

import pytest
from django.urls import reverse
from intake_helpers import HTMX

from narratives.forms import EventForm
from narratives.models import Article, Claim, Correction, Event, Origin, Position
from narratives.services import reclassify

pytest_plugins = ["intake_fixtures"]  # fixtures: bridge

# The weather claim comes first: a claim with no topic words of its own follows the previous claim's event.
TEXT = (
    "Bob Ray said the weather was fine for the regatta.\n\n"
    "Ann Lee said the bridge was closed to traffic on Monday.\n\n"
    "Cy Moe said the bridge was closed for a week."
)


def _claim(article, content, *, origin=Origin.MACHINE, event=None, position=None):
    start = article.text.index(content)
    sentence_start = article.text.rfind("\n", 0, start) + 1
    sentence_end = article.text.find("\n", start)
    return Claim.objects.create(
        article=article,
        content=content,
        start=start,
        end=start + len(content),
        sentence=article.text[sentence_start : sentence_end if sentence_end > 0 else len(article.text)],
        cue="said",
        origin=origin,
        event=event,
        position=position,
    )


@pytest.fixture
def ferry(db):
    """An article whose claims were extracted before the event about them existed."""
    article = Article.objects.create(text=TEXT, text_hash="f" * 64, status=Article.Status.DONE)
    return {
        "article": article,
        "machine": _claim(article, "the bridge was closed to traffic on Monday"),
        "weather": _claim(article, "the weather was fine for the regatta"),
        "analyst": _claim(article, "the bridge was closed for a week", origin=Origin.ANALYST),
    }


def manage_urls(event, position):
    return [
        reverse("manage_events"),
        reverse("event_new"),
        reverse("event_edit", args=[event.slug]),
        reverse("position_new", args=[event.slug]),
        reverse("position_edit", args=[event.slug, position.pk]),
        reverse("event_reclassify", args=[event.slug]),
    ]


# --- roles ----------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, bridge):
    for url in manage_urls(bridge["event"], bridge["closed"]):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_viewers_can_neither_see_nor_post_the_editors(viewer_client, bridge):
    before = (
        Event.objects.count(),
        Position.objects.count(),
        list(Event.objects.values_list("terms", flat=True)),
    )
    for url in manage_urls(bridge["event"], bridge["closed"]):
        assert viewer_client.get(url).status_code == 403, url
        assert viewer_client.post(url, {"title": "X", "label": "Y", "terms": "x"}).status_code == 403, url
    after = (
        Event.objects.count(),
        Position.objects.count(),
        list(Event.objects.values_list("terms", flat=True)),
    )
    assert before == after


def test_edit_events_link_only_for_analysts(viewer_client, client, analyst, bridge):
    assert reverse("manage_events").encode() not in viewer_client.get(reverse("home")).content
    client.force_login(analyst)
    assert reverse("manage_events").encode() in client.get(reverse("home")).content


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_every_editor_page_full_and_htmx(client, analyst, admin_user, bridge, role):
    client.force_login(analyst if role == "analyst" else admin_user)
    fragments = {
        "manage_events": 'id="event-table"',
        "event_new": 'id="event-form"',
        "event_edit": 'id="event-form"',
        "position_new": 'id="position-form"',
        "position_edit": 'id="position-form"',
        "event_reclassify": 'id="reclassify-preview"',
    }
    for url, marker in zip(manage_urls(bridge["event"], bridge["closed"]), fragments.values(), strict=True):
        full = client.get(url)
        assert full.status_code == 200 and b"<html" in full.content and marker.encode() in full.content, url
        part = client.get(url, **HTMX)
        assert part.status_code == 200 and b"<html" not in part.content and marker.encode() in part.content, (
            url
        )


# --- events and positions ---------------------------------------------------------------------------


def test_create_event_with_one_term_per_line(analyst_client, db):
    response = analyst_client.post(
        reverse("event_new"),
        {
            "title": "Ferry strike",
            "terms": "ferry strike\r\n\r\n  walkout  \nFerry Strike\nferry .. halted | 2\n",
        },
    )
    event = Event.objects.get(title="Ferry strike")
    assert event.slug == "ferry-strike"
    assert event.terms == ["ferry strike", "walkout", "ferry .. halted | 2"]  # blanks and repeats dropped
    assert response["Location"] == reverse("event_reclassify", args=["ferry-strike"])


def test_htmx_save_redirects_the_client(analyst_client, bridge):
    response = analyst_client.post(
        reverse("event_edit", args=["bridge-closure"]),
        {"title": "Bridge closure", "slug": "bridge-closure", "terms": "bridge\nspan"},
        **HTMX,
    )
    assert response["HX-Redirect"] == reverse("event_reclassify", args=["bridge-closure"])
    assert Event.objects.get().terms == ["bridge", "span"]


def test_saving_without_term_changes_stays_on_the_editor(analyst_client, bridge):
    response = analyst_client.post(
        reverse("event_edit", args=["bridge-closure"]),
        {"title": "Bridge closure (2020)", "slug": "bridge-closure", "terms": "bridge"},
    )
    assert response["Location"] == reverse("event_edit", args=["bridge-closure"])


@pytest.mark.parametrize("htmx", [False, True])
def test_unreadable_term_lines_are_named(analyst_client, bridge, htmx):
    response = analyst_client.post(
        reverse("event_edit", args=["bridge-closure"]),
        {"title": "Bridge closure", "slug": "bridge-closure", "terms": "bridge\npullout | heavy"},
        **(HTMX if htmx else {}),
    )
    html = response.content.decode()
    assert response.status_code == 200 and ("<html" in html) is not htmx
    assert "line 2: cannot read" in html and "pullout | heavy" in html
    assert Event.objects.get().terms == ["bridge"]


def test_event_form_rules(bridge):
    Event.objects.create(slug="other", title="Other")
    form = EventForm(
        {"title": "T", "slug": "other", "start_date": "2020-05-02", "end_date": "2020-05-01", "terms": ""},
        instance=bridge["event"],
    )
    assert not form.is_valid()
    assert form.errors["slug"] == ["Another event already uses this address."]
    assert form.errors["end_date"] == ["The end date is before the start date."]
    long = EventForm({"title": "T", "terms": "x" * 201})
    assert not long.is_valid() and "at most 200 characters" in long.errors["terms"][0]


def test_new_slug_does_not_collide(analyst_client, bridge):
    analyst_client.post(reverse("event_new"), {"title": "Bridge closure", "terms": ""})
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["bridge-closure", "bridge-closure-2"]


def test_add_and_edit_a_position(analyst_client, bridge):
    other = Event.objects.create(slug="other", title="Other")
    foreign = Position.objects.create(event=other, slug="x", label="Elsewhere")
    url = reverse("position_new", args=["bridge-closure"])
    html = analyst_client.get(url).content.decode()
    assert "Bridge closed" in html and "Elsewhere" not in html  # opposites come from the same event
    response = analyst_client.post(
        url,
        {
            "label": "Partly closed",
            "cue_terms": "one lane\nlane closed",
            "opposite": bridge["closed"].pk,
            "order": 3,
        },
    )
    position = Position.objects.get(label="Partly closed")
    assert (position.slug, position.cue_terms, position.opposite) == (
        "partly-closed",
        ["one lane", "lane closed"],
        bridge["closed"],
    )
    assert response["Location"] == reverse("event_reclassify", args=["bridge-closure"])
    response = analyst_client.post(
        reverse("position_edit", args=["bridge-closure", position.pk]),
        {
            "label": "Partly closed",
            "slug": "closed",
            "cue_terms": "one lane",
            "order": 3,
            "opposite": foreign.pk,
        },
    )
    html = response.content.decode()
    assert "already has a position with this slug" in html and "Select a valid choice" in html
    assert Position.objects.get(pk=position.pk).slug == "partly-closed"


def test_position_of_another_event_is_404(analyst_client, bridge):
    other = Event.objects.create(slug="other", title="Other")
    assert (
        analyst_client.get(reverse("position_edit", args=[other.slug, bridge["closed"].pk])).status_code
        == 404
    )


# --- re-classification --------------------------------------------------------------------------------


def test_preview_counts_what_would_change_and_leaves_analyst_claims(bridge, ferry):
    preview = reclassify.preview()
    assert (preview.checked, preview.kept) == (2, 1)
    [change] = preview.changes
    assert change.claim_id == ferry["machine"].pk
    assert (change.old_event, change.new_event, change.new_position) == (None, "bridge-closure", "closed")
    assert preview.moves() == [("no event · no position", "Bridge closure · Bridge closed", 1)]


def test_preview_of_an_unchanged_classification_is_empty(bridge, ferry):
    Claim.objects.filter(pk=ferry["machine"].pk).update(event=bridge["event"], position=bridge["closed"])
    assert reclassify.preview().changes == []


def test_reclassify_page_previews_then_applies(analyst_client, analyst, bridge, ferry):
    url = reverse("event_reclassify", args=["bridge-closure"])
    html = analyst_client.get(url).content.decode()
    assert "1 claim would change, 1 of it in or out of “Bridge closure”" in html
    assert "no event · no position → <strong>Bridge closure · Bridge closed</strong>" in html
    assert "The 1 claim an analyst corrected, reviewed, added or deleted stays as it is." in html
    assert Claim.objects.filter(event__isnull=False).count() == 0  # the preview writes nothing

    response = analyst_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == bridge["event"].get_absolute_url()
    assert "Re-classified 1 claim." in response.content.decode()
    machine = Claim.objects.get(pk=ferry["machine"].pk)
    assert (machine.event, machine.position, machine.origin) == (
        bridge["event"],
        bridge["closed"],
        Origin.MACHINE,
    )
    correction = Correction.objects.get(claim=machine)
    assert correction.user == analyst and correction.changes["event"][1]["label"] == "Bridge closure"
    analyst_claim = Claim.objects.get(pk=ferry["analyst"].pk)
    assert analyst_claim.event is None  # never changed
    assert Claim.objects.get(pk=ferry["weather"].pk).event is None


def test_apply_skips_a_claim_an_analyst_took_over_after_the_preview(analyst, bridge, ferry, monkeypatch):
    stale = reclassify.preview()
    Claim.objects.filter(pk=ferry["machine"].pk).update(origin=Origin.ANALYST)
    monkeypatch.setattr(reclassify, "preview", lambda **kw: stale)
    assert reclassify.apply(user=analyst) == 0
    assert Claim.objects.get(pk=ferry["machine"].pk).event is None


def test_reclassify_with_nothing_to_do(analyst_client, bridge, ferry):
    Claim.objects.filter(pk=ferry["machine"].pk).update(event=bridge["event"], position=bridge["closed"])
    url = reverse("event_reclassify", args=["bridge-closure"])
    assert "No claim would change" in analyst_client.get(url).content.decode()
    response = analyst_client.post(url, follow=True)
    assert "Nothing to change" in response.content.decode()
    assert Correction.objects.count() == 0


@pytest.mark.slow
def test_reclassify_agrees_with_the_pipeline_on_the_demo(demo):
    """Same classifier, inputs and order as extraction: with unchanged terms, nothing would move."""
    preview = reclassify.preview()
    assert preview.checked > 100 and preview.changes == []
