"""Two analysts, one row: a save made from a page opened before someone else's save is refused, names who
changed it and when, shows what it holds now, and overwrites nothing (claims, actors, events, positions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from narratives import services
from narratives.forms.versions import version_of
from narratives.models import Actor, Article, Claim, Event, Outlet, Position, Side
from narratives.services import events as event_services

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "Harbour talks\n\nMara Quill said the harbour would stay closed until spring."


@pytest.fixture
def row(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    harbour = Event.objects.create(slug="harbour", title="Harbour closure", start_date=dt.date(2021, 1, 1))
    closed = Position.objects.create(event=harbour, slug="closed", label="Harbour closed", order=1)
    open_ = Position.objects.create(event=harbour, slug="open", label="Harbour open", order=2)
    mara = Actor.objects.create(name="Mara Quill", role="harbour master", side=west)
    tom = Actor.objects.create(name="Tom Reyes", side=west)
    outlet = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    article = Article.objects.create(
        outlet=outlet, title="Harbour talks", text=TEXT, text_hash="c" * 64, status=Article.Status.DONE
    )
    content = "the harbour would stay closed until spring"
    start = TEXT.index(content)
    claim = Claim.objects.create(
        article=article,
        speaker=mara,
        content=content,
        start=start,
        end=start + len(content),
        event=harbour,
        position=closed,
    )
    return {"event": harbour, "closed": closed, "open": open_, "mara": mara, "tom": tom, "claim": claim}


def _analyst(django_user_model, name: str) -> Client:
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(Group.objects.get(name="analysts"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two(django_user_model, row):
    return _analyst(django_user_model, "ana"), _analyst(django_user_model, "bob"), django_user_model


def test_correct_claim_refuses_a_stale_version(row, django_user_model):
    bob = django_user_model.objects.create_user("bob")
    claim = row["claim"]
    seen = claim.updated_at
    services.correct_claim(claim=claim, user=bob, position=row["open"], version=seen)
    with pytest.raises(ValidationError) as refused:
        services.correct_claim(claim=Claim.objects.get(pk=claim.pk), user=bob, kind="direct", version=seen)
    assert refused.value.code == "stale"
    text = " ".join(refused.value.messages)
    assert "by bob" in text and "Harbour open" in text and "UTC" in text
    assert Claim.objects.get(pk=claim.pk).kind == "indirect"


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_classify_form_is_refused_with_the_current_values(two, row, htmx):
    ana, bob, _ = two
    claim = row["claim"]
    url = reverse("claim_classify", args=[claim.pk])
    data = {"event": row["event"].pk, "position": row["closed"].pk, "kind": "direct"}
    stale = version_of(claim)
    fresh = bob.post(url, {**data, "position": row["open"].pk, "kind": "indirect", "version": stale})
    assert fresh.status_code == 302
    extra = HTMX if htmx else {}
    response = ana.post(url, {**data, "version": stale}, **extra)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by bob" in html and "Harbour open" in html
    claim.refresh_from_db()
    assert (claim.position, claim.kind) == (row["open"], "indirect")
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'value="{version_of(claim)}"' in html
    again = ana.post(url, {**data, "version": version_of(claim)})
    assert again.status_code == 302
    claim.refresh_from_db()
    assert (claim.position, claim.kind) == (row["closed"], "direct")


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_speaker_form_is_refused(two, row, htmx):
    ana, bob, _ = two
    claim = row["claim"]
    url = reverse("claim_speaker", args=[claim.pk])
    stale = version_of(claim)
    bob.post(url, {"speaker": row["tom"].pk, "version": stale})
    response = ana.post(url, {"speaker": row["mara"].pk, "version": stale}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert "was changed by bob" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).speaker == row["tom"]


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_actor_edit_is_refused(two, row, htmx):
    ana, bob, _ = two
    mara = row["mara"]
    url = reverse("actor_edit", args=[mara.pk])
    data = {
        "name": "Mara Quill",
        "kind": "person",
        "role": "harbour master",
        "aliases": "",
        "description": "",
    }
    stale = version_of(mara)
    assert bob.post(url, {**data, "role": "port captain", "version": stale}).status_code == 302
    response = ana.post(url, {**data, "role": "mayor", "version": stale}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by bob" in html and "port captain" in html
    assert Actor.objects.get(pk=mara.pk).role == "port captain"


def _event_data(event: Event, **changes) -> dict:
    data = {
        "title": event.title,
        "slug": event.slug,
        "description": event.description,
        "start_date": event.start_date.isoformat() if event.start_date else "",
        "end_date": "",
        "terms": "\n".join(event.terms),
        "version": version_of(event),
    }
    return {**data, **changes}


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_event_save_is_refused(two, row, htmx):
    ana, bob, _ = two
    event = row["event"]
    url = reverse("event_edit", args=[event.slug])
    data = _event_data(event)
    assert bob.post(url, {**data, "title": "Harbour shut"}).status_code == 302
    response = ana.post(url, {**data, "description": "Mine"}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed" in html and "Harbour shut" in html
    event.refresh_from_db()
    assert (event.title, event.description) == ("Harbour shut", "")


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_position_save_is_refused(two, row, htmx):
    ana, bob, _ = two
    event, closed = row["event"], row["closed"]
    url = reverse("position_edit", args=[event.slug, closed.pk])
    data = {"label": closed.label, "slug": closed.slug, "order": 1, "version": version_of(closed)}
    assert bob.post(url, {**data, "label": "Shut"}).status_code == 302
    response = ana.post(url, {**data, "description": "Mine"}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert "was changed" in response.content.decode()
    closed.refresh_from_db()
    assert (closed.label, closed.description) == ("Shut", "")


def test_saving_an_event_or_position_unchanged_writes_nothing(two, row):
    ana, _, _ = two
    event, closed = row["event"], row["closed"]
    before = (
        Event.objects.filter(pk=event.pk).values().get(),
        Position.objects.filter(pk=closed.pk).values().get(),
    )
    ana.post(reverse("event_edit", args=[event.slug]), _event_data(event))
    position_data = {"label": closed.label, "slug": closed.slug, "order": 1, "version": version_of(closed)}
    response = ana.post(reverse("position_edit", args=[event.slug, closed.pk]), position_data, follow=True)
    assert "Nothing changed." in response.content.decode()
    after = (
        Event.objects.filter(pk=event.pk).values().get(),
        Position.objects.filter(pk=closed.pk).values().get(),
    )
    assert after == before


def test_event_services_are_keyword_only_and_refuse_stale(row):
    event = row["event"]
    seen = event.updated_at
    saved, changed = event_services.save_event(event=event, values={"title": "New"}, version=seen)
    assert changed == ["title"] and saved.title == "New"
    with pytest.raises(ValidationError) as refused:
        event_services.save_event(event=event, values={"title": "Other"}, version=seen)
    assert refused.value.code == "stale"
    with pytest.raises(TypeError):
        event_services.save_position(row["event"], None, {})  # type: ignore[misc]


def test_positions_have_an_updated_at(row):
    closed = row["closed"]
    assert closed.updated_at is not None
    before = closed.updated_at
    event_services.save_position(event=row["event"], position=closed, values={"label": "Shut"})
    assert Position.objects.get(pk=closed.pk).updated_at > before


def test_picking_an_event_redraws_the_classify_form_with_the_version_it_had(two, row):
    ana, bob, _ = two
    claim = row["claim"]
    stale = version_of(claim)
    bob.post(reverse("claim_classify", args=[claim.pk]), {"event": "", "kind": "direct", "version": stale})
    url = reverse("claim_classify", args=[claim.pk])
    html = ana.get(url, {"event": row["event"].pk, "version": stale}, **HTMX).content.decode()
    assert f'name="version" value="{stale}"' in html  # not the newer version: a save is still refused
