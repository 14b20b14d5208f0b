"""Workbench writes: permissions, CSRF, form errors, undo, merge/split and re-extraction via views."""

from __future__ import annotations

import curation_fixtures
import pytest
from curation_helpers import HTMX, TEXT, actor_state
from django.test import Client
from django.urls import reverse

from narratives import services
from narratives.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Correction,
    Origin,
)

# Shared fixtures bound here rather than loaded with pytest_plugins: a plugin's world would be global
# and clash with other modules' world; bound in the module, these also outrank conftest's clients.
world, machine = curation_fixtures.world, curation_fixtures.machine
viewer_client, analyst_client = curation_fixtures.viewer_client, curation_fixtures.analyst_client


# --- views: writes and permissions ----------------------------------------------------------------


def _writes(world):
    c, port = world["c_mara"], world["c_port"]
    start = TEXT.index("Nothing had moved")
    return {
        "speaker": (reverse("claim_speaker", args=[c.pk]), {"speaker": world["mara"].pk}),
        "classify": (
            reverse("claim_classify", args=[c.pk]),
            {"event": world["strike"].pk, "position": world["striking"].pk, "kind": "direct"},
        ),
        "review": (reverse("claim_review", args=[c.pk]), {}),
        "delete": (reverse("claim_delete", args=[port.pk]), {}),
        "add": (
            reverse("claim_add", args=[world["article"].pk]),
            {"quote": "Nothing had moved for weeks.", "start": start, "end": start + 28, "kind": "indirect"},
        ),
        "actor_edit": (
            reverse("actor_edit", args=[world["mara"].pk]),
            {"name": "Mara Quill", "kind": "person", "role": "port chief", "aliases": "Mara Quill"},
        ),
        "merge": (reverse("actor_merge", args=[world["marra"].pk]), {"target": world["mara"].pk}),
        "split": (reverse("actor_split", args=[world["marra"].pk]), {}),
        "extract": (reverse("article_extract", args=[world["article"].pk]), {}),
        "restore": (reverse("claim_restore", args=[world["c_port"].pk]), {}),
    }


def _snapshot():
    return (
        list(Claim.objects.order_by("pk").values()),
        list(Actor.objects.order_by("pk").values()),
        list(ActorAlias.objects.order_by("pk").values()),
        Correction.objects.count(),
    )


WRITES = ["speaker", "classify", "review", "delete", "add", "actor_edit", "merge"]
OTHER_WRITES = ["split", "extract", "restore"]


@pytest.mark.parametrize("name", [*WRITES, *OTHER_WRITES])
def test_viewer_gets_403_and_nothing_changes(viewer_client, analyst, world, name):
    url, data = _writes(world)[name]
    if name == "split":
        services.merge_actors(source=world["marra"], target=world["mara"], user=analyst)
    elif name == "restore":
        services.reject_claim(claim=world["c_port"], user=analyst)
    before = _snapshot(), Article.objects.values_list("status", flat=True).get()
    assert viewer_client.post(url, data).status_code == 403
    assert viewer_client.post(url, data, **HTMX).status_code == 403
    assert (_snapshot(), Article.objects.values_list("status", flat=True).get()) == before


@pytest.mark.parametrize("name", [*WRITES, *OTHER_WRITES])
def test_anonymous_is_sent_to_login(client, world, name):
    url, data = _writes(world)[name]
    before = _snapshot()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _snapshot() == before


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("name", WRITES)
def test_analyst_writes_work_and_are_logged(analyst_client, analyst, world, name, htmx):
    url, data = _writes(world)[name]
    response = analyst_client.post(url, data, **(HTMX if htmx else {}))
    assert response.status_code in (200, 302)
    if htmx:
        assert response.status_code == 200 and b"<html" not in response.content
    else:
        assert response.status_code == 302
    log = Correction.objects.get()
    assert log.user == analyst
    c = Claim.objects.get(pk=world["c_mara"].pk)
    if name == "speaker":
        assert c.speaker == world["mara"] and c.origin == Origin.ANALYST
    elif name == "classify":
        assert (c.event, c.position, c.kind) == (world["strike"], world["striking"], "direct")
    elif name == "review":
        assert c.reviewed_by == analyst
    elif name == "delete":
        assert Claim.objects.get(pk=world["c_port"].pk).rejected
    elif name == "add":
        assert Claim.objects.filter(origin=Origin.ANALYST, content="Nothing had moved for weeks.").exists()
    elif name == "actor_edit":
        assert Actor.objects.get(pk=world["mara"].pk).role == "port chief"
    elif name == "merge":
        assert Actor.objects.get(pk=world["marra"].pk).merged_into == world["mara"]


def test_htmx_claim_write_returns_the_body_with_the_claim_open(analyst_client, world):
    c = world["c_mara"]
    html = analyst_client.post(
        reverse("claim_speaker", args=[c.pk]), {"speaker": world["mara"].pk}, **HTMX
    ).content.decode()
    assert html.lstrip().startswith('<div id="article-body"')
    assert "Speaker set to Mara Quill." in html and "margin-item--open" in html
    assert "<del>Marra Quil</del> → <ins>Mara Quill</ins>" in html  # the visible history


def test_speaker_form_can_create_a_new_actor(analyst_client, world):
    c = world["c_mara"]
    analyst_client.post(
        reverse("claim_speaker", args=[c.pk]),
        {"new_name": "Tom Reyes", "new_kind": "person", "new_side": world["west"].pk, "new_role": "docker"},
    )
    tom = Actor.objects.get(name="Tom Reyes")
    assert (tom.side, tom.role, tom.origin) == (world["west"], "docker", Origin.ANALYST)
    assert Claim.objects.get(pk=c.pk).speaker == tom
    assert set(Correction.objects.values_list("action", flat=True)) == {"create", "edit"}


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("speaker", {}, "Pick an actor from the search"),
        ("speaker", {"speaker": 1, "new_name": "X"}, "not both"),
        ("classify", {"event": "", "position": "", "kind": "bogus"}, "Select a valid choice"),
        ("add", {"quote": "words that are not there", "kind": "indirect"}, "not in the article"),
        ("add", {"quote": "had moved for weeks", "kind": "indirect"}, "occur 2 times"),
    ],
)
def test_invalid_writes_come_back_with_errors_and_status_200(analyst_client, world, name, data, error, htmx):
    url = _writes(world)[name][0]
    if name == "classify":
        data = {**data, "position": world["striking"].pk}
    if data.get("speaker"):  # a real actor: sequences are not reset between tests on PostgreSQL
        data = {**data, "speaker": world["mara"].pk}
    before = _snapshot()
    response = analyst_client.post(url, data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert ("<html" in response.content.decode()) is not htmx
    assert _snapshot() == before


def test_position_of_another_event_is_refused_by_the_form(analyst_client, world):
    c = world["c_mara"]
    response = analyst_client.post(
        reverse("claim_classify", args=[c.pk]),
        {"event": world["harbour"].pk, "position": world["striking"].pk, "kind": "indirect"},
    )
    assert response.status_code == 200 and b"Pick a position of the chosen event" in response.content
    assert Claim.objects.get(pk=c.pk).position == world["closed"]


def test_delete_then_undo_from_the_notice(analyst_client, world):
    port = world["c_port"]
    html = analyst_client.post(reverse("claim_delete", args=[port.pk]), **HTMX).content.decode()
    assert "Claim deleted" in html and reverse("claim_restore", args=[port.pk]) in html
    assert f'id="claim-{port.pk}"' not in html
    analyst_client.post(reverse("claim_restore", args=[port.pk]), **HTMX)
    assert not Claim.objects.get(pk=port.pk).rejected


def test_merge_then_split_through_the_pages(analyst_client, world):
    mara, marra = world["mara"], world["marra"]
    before = actor_state(mara, marra)
    response = analyst_client.post(reverse("actor_merge", args=[marra.pk]), {"target": mara.pk}, **HTMX)
    assert response["HX-Redirect"] == mara.get_absolute_url()
    page = analyst_client.get(reverse("actor_detail", args=[marra.pk])).content.decode()
    assert "Merged into" in page and "split" in page and "Edit actor" not in page
    target_page = analyst_client.get(mara.get_absolute_url()).content.decode()
    assert "Marra Quil" in target_page and "Merged" in target_page  # alias chip and the history
    response = analyst_client.post(reverse("actor_split", args=[marra.pk]))
    assert response.status_code == 302
    assert actor_state(mara, marra) == before
    # Both pages tell the story, although the log rows hang on the actor that remained.
    for actor in (marra, mara):
        page = analyst_client.get(actor.get_absolute_url()).content.decode()
        assert "Marra Quil merged into Mara Quill; moved: 1 alias, 1 claim, 1 speaker." in page
        assert "Marra Quil split out of Mara Quill again; given back: 1 alias, 1 claim, 1 speaker." in page


def test_actor_edit_rejects_a_taken_alias(analyst_client, world):
    mara = world["mara"]
    data = {"name": "Mara Quill", "kind": "person", "aliases": "Mara Quill\nMarra Quil"}
    response = analyst_client.post(reverse("actor_edit", args=[mara.pk]), data)
    assert response.status_code == 200 and "Already used by another actor" in response.content.decode()
    assert sorted(mara.aliases.values_list("name", flat=True)) == ["M. Quill", "Mara Quill"]


def test_posts_need_the_csrf_token(analyst, world):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(analyst)
    url, data = _writes(world)["speaker"]
    assert csrf_client.post(url, data).status_code == 403
    assert Claim.objects.get(pk=world["c_mara"].pk).speaker == world["marra"]
    csrf_client.get(reverse("article_detail", args=[world["article"].pk]))
    token = csrf_client.cookies["csrftoken"].value
    assert csrf_client.post(url, data, HTTP_X_CSRFTOKEN=token).status_code == 302  # htmx sends it as a header
    assert Claim.objects.get(pk=world["c_mara"].pk).speaker == world["mara"]


def test_reextract_view_runs_eagerly_and_keeps_corrections(
    analyst_client, analyst, world, machine, django_capture_on_commit_callbacks
):
    c = world["c_mara"]
    services.correct_claim(claim=c, user=analyst, speaker=world["mara"])
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(reverse("article_extract", args=[world["article"].pk]), **HTMX)
    assert response.status_code == 200
    article = Article.objects.get(pk=world["article"].pk)
    assert article.status == Article.Status.DONE and article.extractor_version == "fake-2"
    assert Claim.objects.get(pk=c.pk).speaker == world["mara"]
    assert Correction.objects.filter(action="reextract", user=analyst).exists()
    html = analyst_client.get(article.get_absolute_url()).content.decode()
    assert "nothing had moved for weeks" in html


def test_reextract_with_a_broker_queues_and_the_page_polls(analyst_client, world, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "narratives.services.queue.enqueue_extraction", lambda pk, force=False: queued.append(pk)
    )
    html = analyst_client.post(
        reverse("article_extract", args=[world["article"].pk]), **HTMX
    ).content.decode()
    # The task is queued on commit; until a worker takes it the article is pending and the page polls.
    assert Article.objects.get(pk=world["article"].pk).status == Article.Status.PENDING
    assert 'hx-trigger="every 2s"' in html and "Extraction queued." in html
    again = analyst_client.post(
        reverse("article_extract", args=[world["article"].pk]), **HTMX
    ).content.decode()
    assert "already queued" in again


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reextract_without_htmx_redirects_with_a_message(analyst_client, world, machine):
    """Transactional: the commit is real, so the eager task runs inside the request as in production."""
    url = reverse("article_extract", args=[world["article"].pk])
    response = analyst_client.post(url)
    assert response.status_code == 302 and response["Location"] == world["article"].get_absolute_url()
    page = analyst_client.get(response["Location"]).content.decode()
    assert "Extracted again: 3 machine claims; 0 of yours kept." in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reextract_failure_shows_the_error_and_a_retry(analyst_client, world, monkeypatch):
    def broken(text, knowledge):
        raise RuntimeError("model file missing")

    monkeypatch.setattr("narratives.nlp.pipeline.extract", broken, raising=False)
    url = reverse("article_extract", args=[world["article"].pk])
    html = analyst_client.post(url, **HTMX).content.decode()
    assert Article.objects.get(pk=world["article"].pk).status == Article.Status.FAILED
    assert "RuntimeError: model file missing" in html and "Retry extraction" in html
    assert Claim.objects.filter(article=world["article"]).count() == 2  # the old claims stay


def test_split_via_htmx_redirects_to_the_restored_actor(analyst_client, analyst, world):
    services.merge_actors(source=world["marra"], target=world["mara"], user=analyst)
    response = analyst_client.post(reverse("actor_split", args=[world["marra"].pk]), **HTMX)
    assert response["HX-Redirect"] == world["marra"].get_absolute_url()
    assert Actor.objects.get(pk=world["marra"].pk).merged_into is None
