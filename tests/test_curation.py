"""Analyst corrections: the curation services, the workbench views, permissions, CSRF, and re-extraction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from narratives import services
from narratives.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Correction,
    Event,
    Origin,
    Outlet,
    Position,
    Side,
)
from narratives.nlp import types as t

HTMX = {"HTTP_HX_REQUEST": "true"}

TEXT = (
    "Harbour talks stall\n\n"
    "Mara Quill said the harbour would stay closed until spring. "
    "The port authority insisted that ferries were running.\r\n"
    "Tom Reyes, a dock worker, said nothing had moved for weeks. Nothing had moved for weeks."
)


@pytest.fixture
def world(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#d62728")
    harbour = Event.objects.create(slug="harbour", title="Harbour closure", start_date=dt.date(2021, 1, 1))
    closed = Position.objects.create(event=harbour, slug="closed", label="Harbour closed", order=1)
    open_ = Position.objects.create(event=harbour, slug="open", label="Harbour open", order=2)
    strike = Event.objects.create(slug="strike", title="Dock strike")
    striking = Position.objects.create(event=strike, slug="on", label="Strike on")
    outlet = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    authority = Actor.objects.create(name="Port Authority", kind=Actor.Kind.ORGANIZATION, side=east)
    mara = Actor.objects.create(name="Mara Quill", role="harbour master", side=west)
    ActorAlias.objects.create(actor=mara, name="Mara Quill", normalized="mara quill")
    ActorAlias.objects.create(actor=mara, name="M. Quill", normalized="m quill")
    marra = Actor.objects.create(name="Marra Quil", side=west, organization=None)
    ActorAlias.objects.create(actor=marra, name="Marra Quil", normalized="marra quil")
    clerk = Actor.objects.create(name="Quil's clerk", organization=marra)
    article = Article.objects.create(
        outlet=outlet,
        title="Harbour talks stall",
        text=TEXT,
        text_hash="c" * 64,
        published=dt.date(2021, 1, 5),
        status=Article.Status.DONE,
    )

    def claim(content, speaker, position=None, event=harbour):
        start = TEXT.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name if speaker else "",
            cue="said",
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
            confidence=0.7,
        )

    c_mara = claim("the harbour would stay closed until spring", marra, closed)
    c_port = claim("ferries were running", authority, open_)
    return {
        "west": west,
        "east": east,
        "harbour": harbour,
        "closed": closed,
        "open": open_,
        "strike": strike,
        "striking": striking,
        "mara": mara,
        "marra": marra,
        "clerk": clerk,
        "authority": authority,
        "article": article,
        "c_mara": c_mara,
        "c_port": c_port,
    }


# --- services: claims ---------------------------------------------------------------------


def test_correct_claim_speaker_logs_before_after_and_becomes_analyst(world, analyst):
    claim = world["c_mara"]
    correction = services.correct_claim(claim=claim, user=analyst, speaker=world["mara"])
    claim.refresh_from_db()
    assert claim.speaker == world["mara"] and claim.origin == Origin.ANALYST
    assert correction.user == analyst and correction.action == Correction.Action.EDIT
    assert correction.claim == claim and correction.article == world["article"]
    assert correction.changes["speaker"] == [
        {"id": world["marra"].pk, "label": "Marra Quil"},
        {"id": world["mara"].pk, "label": "Mara Quill"},
    ]
    assert correction.changes["origin"] == ["machine", "analyst"]
    assert correction.created_at is not None


def test_correct_claim_without_a_change_logs_nothing(world, analyst):
    claim = world["c_mara"]
    assert services.correct_claim(claim=claim, user=analyst, speaker=world["marra"], kind="indirect") is None
    claim.refresh_from_db()
    assert claim.origin == Origin.MACHINE and not Correction.objects.exists()


def test_new_event_clears_a_position_of_the_old_event(world, analyst):
    claim = world["c_mara"]
    correction = services.correct_claim(claim=claim, user=analyst, event=world["strike"])
    claim.refresh_from_db()
    assert claim.event == world["strike"] and claim.position is None
    assert correction.changes["position"][1] is None


def test_position_must_belong_to_the_event(world, analyst):
    claim = world["c_mara"]
    with pytest.raises(ValidationError):
        services.correct_claim(claim=claim, user=analyst, position=world["striking"])
    with pytest.raises(ValidationError):
        services.correct_claim(claim=claim, user=analyst, kind="rumour")
    claim.refresh_from_db()
    assert claim.position == world["closed"] and not Correction.objects.exists()


def test_reject_is_a_tombstone_and_restore_undoes_it(world, analyst):
    claim = world["c_port"]
    services.reject_claim(claim=claim, user=analyst)
    claim.refresh_from_db()
    assert claim.rejected and claim.origin == Origin.ANALYST
    assert Correction.objects.get(action="delete").changes["rejected"] == [False, True]
    with pytest.raises(ValidationError):
        services.reject_claim(claim=claim, user=analyst)
    services.restore_claim(claim=claim, user=analyst)
    claim.refresh_from_db()
    assert not claim.rejected and claim.origin == Origin.ANALYST


def test_review_records_who_and_when(world, analyst):
    claim = world["c_port"]
    services.review_claim(claim=claim, user=analyst)
    claim.refresh_from_db()
    assert claim.reviewed_by == analyst and claim.reviewed_at is not None and claim.origin == Origin.ANALYST
    assert Correction.objects.get(action="review").changes["reviewed_by"][1]["label"] == "ana"


def test_locate_span_uses_browser_offsets_across_crlf(world):
    text = world["article"].text
    quote = "Nothing had moved for weeks."
    # The browser reads \r\n as one character: its offsets run one short after the line end.
    shown = text.replace("\r\n", "\n")
    second = shown.rindex(quote)
    start, end = services.locate_span(text=text, quote=quote, start=second, end=second + len(quote))
    assert text[start:end] == quote and start == text.rindex(quote)


def test_locate_span_falls_back_to_a_unique_quote_and_refuses_ambiguity(world):
    text = world["article"].text
    start, end = services.locate_span(text=text, quote="  ferries were\nrunning ", start=0, end=5)
    assert text[start:end] == "ferries were running"
    with pytest.raises(ValidationError, match="occur 2 times"):
        services.locate_span(text=text, quote="had moved for weeks", start=None, end=None)
    with pytest.raises(ValidationError, match="not in the article"):
        services.locate_span(text=text, quote="the bridge fell")
    with pytest.raises(ValidationError):
        services.locate_span(text=text, quote="   ")


def test_add_claim_stores_an_analyst_claim_with_its_sentence(world, analyst):
    article = world["article"]
    start = TEXT.index("nothing had moved for weeks")
    claim = services.add_claim(
        article=article,
        user=analyst,
        start=start,
        end=start + len("nothing had moved for weeks"),
        speaker_mention="Tom Reyes",
        cue="said",
        event=world["strike"],
        position=world["striking"],
    )
    assert claim.origin == Origin.ANALYST and claim.content == "nothing had moved for weeks"
    assert claim.sentence == "Tom Reyes, a dock worker, said nothing had moved for weeks."
    assert claim.fingerprint
    log = Correction.objects.get(action="create", claim=claim)
    assert log.user == analyst and log.changes["content"] == [None, "nothing had moved for weeks"]
    with pytest.raises(ValidationError, match="already a claim"):
        services.add_claim(article=article, user=analyst, start=claim.start, end=claim.end)
    with pytest.raises(ValidationError):
        services.add_claim(article=article, user=analyst, start=5, end=len(TEXT) + 3)
    with pytest.raises(ValidationError):
        services.add_claim(article=article, user=analyst, start=0, end=3, position=world["closed"])


def test_sentence_around():
    text = "First one. He said it was late! Then more.\nLast line"
    assert (
        services.sentence_around(text, text.index("it was"), text.index("late") + 4) == "He said it was late!"
    )
    assert services.sentence_around(text, text.index("Last"), len(text)) == "Last line"


# --- services: actors ------------------------------------------------------------------------


def _actor_state(*actors):
    return {
        a.pk: (
            sorted(ActorAlias.objects.filter(actor=a).values_list("pk", flat=True)),
            sorted(Claim.objects.filter(speaker=a).values_list("pk", flat=True)),
            sorted(Actor.objects.filter(organization=a).values_list("pk", flat=True)),
            sorted(Actor.objects.filter(merged_into=a).values_list("pk", flat=True)),
            Actor.objects.get(pk=a.pk).merged_into_id,
        )
        for a in actors
    }


def test_merge_moves_everything_and_split_restores_exactly(world, analyst):
    mara, marra = world["mara"], world["marra"]
    old = Actor.objects.create(name="Marra Q.", merged_into=marra)  # an earlier merge into the source
    before = _actor_state(mara, marra)
    merge = services.merge_actors(source=marra, target=mara, user=analyst)
    marra.refresh_from_db()
    assert marra.merged_into == mara
    assert set(mara.aliases.values_list("name", flat=True)) == {"Mara Quill", "M. Quill", "Marra Quil"}
    assert world["c_mara"].pk in mara.claims.values_list("pk", flat=True)
    assert Actor.objects.get(pk=world["clerk"].pk).organization == mara
    assert Actor.objects.get(pk=old.pk).merged_into == mara
    assert merge.action == "merge" and merge.user == analyst and merge.actor == mara
    assert merge.changes["source"][0]["id"] == marra.pk
    assert marra.pk not in Actor.objects.active().values_list("pk", flat=True)

    split = services.split_actor(actor=marra, user=analyst)
    assert _actor_state(mara, marra) == before
    assert split.action == "split" and split.changes["merge"] == [merge.pk, None]
    with pytest.raises(ValidationError):
        services.split_actor(actor=marra, user=analyst)


def test_merge_refuses_self_merged_and_own_member(world, analyst):
    with pytest.raises(ValidationError):
        services.merge_actors(source=world["mara"], target=world["mara"], user=analyst)
    with pytest.raises(ValidationError, match="other way round"):
        services.merge_actors(source=world["marra"], target=world["clerk"], user=analyst)
    services.merge_actors(source=world["marra"], target=world["mara"], user=analyst)
    with pytest.raises(ValidationError):
        services.merge_actors(source=world["authority"], target=world["marra"], user=analyst)


def test_update_actor_fields_and_aliases(world, analyst):
    mara = world["mara"]
    correction = services.update_actor(
        actor=mara,
        user=analyst,
        aliases=["Mara Quill", "Harbour master Quill"],
        name="Mara Quill",
        kind=Actor.Kind.PERSON,
        role="chief harbour master",
        organization=world["authority"],
        side=world["east"],
        description="",
    )
    mara.refresh_from_db()
    assert (mara.role, mara.organization, mara.side, mara.origin) == (
        "chief harbour master",
        world["authority"],
        world["east"],
        Origin.ANALYST,
    )
    assert sorted(mara.aliases.values_list("name", flat=True)) == ["Harbour master Quill", "Mara Quill"]
    assert correction.changes["role"] == ["harbour master", "chief harbour master"]
    assert correction.changes["aliases"][0] == ["M. Quill", "Mara Quill"]
    with pytest.raises(ValidationError, match="Already used"):
        services.update_actor(actor=mara, user=analyst, aliases=["Marra Quil"])
    with pytest.raises(TypeError):
        services.update_actor(actor=mara, user=analyst, colour="red")


def test_create_actor_registers_its_name(world, analyst):
    actor = services.create_actor(user=analyst, name=" Tom  Reyes ", side=world["west"], role="dock worker")
    assert actor.name == "Tom Reyes" and actor.origin == Origin.ANALYST
    assert actor.aliases.get().normalized
    assert Correction.objects.get(actor=actor, action="create").user == analyst
    with pytest.raises(ValidationError):
        services.create_actor(user=analyst, name="tom reyes")


def test_history_lines_are_readable(world, analyst):
    services.correct_claim(claim=world["c_mara"], user=analyst, speaker=world["mara"], kind="direct")
    lines = services.describe_changes(Correction.objects.get())
    assert [(x.field, x.before, x.after) for x in lines][:2] == [
        ("speaker", "Marra Quil", "Mara Quill"),
        ("kind", "indirect", "direct"),
    ]


# --- re-extraction keeps corrections ------------------------------------------------------------


@pytest.fixture
def machine(monkeypatch, world):
    """The pipeline stand-in: it always finds the same three claims, speakers as it reads them."""

    def claim(content, speaker, side, stance=None):
        start = TEXT.index(content)
        return t.ExtractedClaim(
            content=content,
            start=start,
            end=start + len(content),
            kind=t.INDIRECT,
            cue="said",
            speaker_mention=speaker,
            speaker_start=None,
            speaker_end=None,
            speaker=t.Speaker(name=speaker, side=side),
            event="harbour",
            stance=stance,
        )

    def fake_extract(text, knowledge):
        return t.ExtractionResult(
            language="en",
            extractor_version="fake-2",
            claims=(
                claim("the harbour would stay closed until spring", "Marra Quil", "Westmark", "closed"),
                claim("ferries were running", "Port Authority", "Eastmark", "open"),
                claim("nothing had moved for weeks", "Tom Reyes", "Westmark"),
            ),
        )

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)


def test_reextraction_keeps_every_kind_of_correction(world, analyst, machine):
    article = world["article"]
    corrected, deleted = world["c_mara"], world["c_port"]
    services.correct_claim(claim=corrected, user=analyst, speaker=world["mara"])
    services.reject_claim(claim=deleted, user=analyst)
    start = TEXT.index("Nothing had moved for weeks.")
    added = services.add_claim(
        article=article, user=analyst, start=start, end=start + 27, speaker_mention="Tom"
    )

    summary = services.extract_article(article=article, user=analyst)

    corrected.refresh_from_db()
    assert corrected.speaker == world["mara"]  # the correction survived
    live = list(article.claims.live().values_list("content", "origin"))
    assert ("ferries were running", "machine") not in live  # the deleted claim did not come back
    assert Claim.objects.filter(pk=deleted.pk, rejected=True).exists()
    assert Claim.objects.filter(pk=added.pk).exists()  # the added claim is kept
    assert ("nothing had moved for weeks", "machine") in live  # new machine claims still arrive
    assert summary.added == 1 and summary.kept_analyst == 3
    assert article.claims.filter(content="the harbour would stay closed until spring").count() == 1


# --- views: reading ------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(viewer):
    """Own clients: conftest's viewer_client and analyst_client share one Client, the last login wins."""
    c = Client()
    c.force_login(viewer)
    return c


@pytest.fixture
def analyst_client(analyst):
    c = Client()
    c.force_login(analyst)
    return c


def test_article_page_full_and_fragment(viewer_client, world):
    url = reverse("article_detail", args=[world["article"].pk])
    html = viewer_client.get(url).content.decode()
    c = world["c_mara"]
    assert (
        "<html" in html
        and f'id="claim-{c.pk}"' in html
        and f'href="/claims/{c.pk}/#margin-claim-{c.pk}"' in html
    )
    assert "History of changes" in html
    assert "curation.js" not in html and "Add a missed claim" not in html  # viewers get no editing
    fragment = viewer_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="article-body"' in fragment


def test_claim_detail_full_and_fragment(viewer_client, analyst_client, world):
    c = world["c_mara"]
    url = reverse("claim_detail", args=[c.pk])
    full = viewer_client.get(url).content.decode()
    assert "<html" in full and "margin-item--open" in full and "Machine, confidence 0.70" in full
    assert "Set speaker" not in full
    fragment = analyst_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith(f'<li id="margin-claim-{c.pk}"')
    assert "Set speaker" in fragment and "Mark reviewed" in fragment and "Delete claim" in fragment
    closed = analyst_client.get(url, {"view": "item"}, **HTMX).content.decode()
    assert "margin-item--open" not in closed and f'id="margin-claim-{c.pk}"' in closed


def test_actor_search_fragment_and_page(analyst_client, viewer_client, world):
    c = world["c_mara"]
    url = reverse("actor_search")
    fragment = analyst_client.get(
        url, {"q": "quil", "claim": c.pk, "field": "speaker"}, **HTMX
    ).content.decode()
    assert "<html" not in fragment
    assert f'name="speaker" value="{world["mara"].pk}"' in fragment and "M. Quill" not in fragment
    assert f'value="{world["marra"].pk}"' in fragment
    by_alias = analyst_client.get(url, {"q": "M. Quill"}, **HTMX).content.decode()
    assert f'value="{world["mara"].pk}"' in by_alias and f'value="{world["marra"].pk}"' not in by_alias
    page = analyst_client.get(url, {"q": "quil", "claim": c.pk}).content.decode()
    assert "<html" in page and f'action="{reverse("claim_speaker", args=[c.pk])}"' in page
    listing = viewer_client.get(url, {"q": "port"}).content.decode()
    assert 'type="radio"' not in listing and f'href="/actors/{world["authority"].pk}/"' in listing


def test_classify_form_limits_positions_to_the_event(analyst_client, world):
    c = world["c_mara"]
    url = reverse("claim_classify", args=[c.pk])
    fragment = analyst_client.get(url, {"event": world["strike"].pk}, **HTMX).content.decode()
    assert "<html" not in fragment and "Strike on" in fragment and "Harbour closed" not in fragment
    full = analyst_client.get(url).content.decode()
    assert "<html" in full and "Harbour closed" in full and "Strike on" not in full


def test_add_claim_form_full_and_fragment(analyst_client, world):
    url = reverse("claim_add", args=[world["article"].pk])
    fragment = analyst_client.get(url, {"quote": "ferries"}, **HTMX).content.decode()
    assert "<html" not in fragment and 'id="add-claim"' in fragment and "ferries</textarea>" in fragment
    assert "<html" in analyst_client.get(url).content.decode()


def test_actor_page_and_edit_form_full_and_fragment(analyst_client, viewer_client, world):
    mara = world["mara"]
    page = viewer_client.get(reverse("actor_detail", args=[mara.pk])).content.decode()
    assert "M. Quill" in page and "Edit actor" not in page and "Merge Mara Quill" not in page
    page = analyst_client.get(reverse("actor_detail", args=[mara.pk])).content.decode()
    assert "Edit actor" in page and "Merge Mara Quill into another actor" in page
    url = reverse("actor_edit", args=[mara.pk])
    fragment = analyst_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'name="aliases"' in fragment and "M. Quill" in fragment
    assert "<html" in analyst_client.get(url).content.decode()


def test_article_status_polls_until_done(analyst_client, world):
    article = world["article"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PROCESSING)
    url = reverse("article_status", args=[article.pk])
    polling = analyst_client.get(url, **HTMX)
    html = polling.content.decode()
    assert 'hx-trigger="every 2s"' in html and 'id="article-body"' not in html
    assert "<html" in analyst_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    done = analyst_client.get(url, **HTMX)
    assert done["HX-Retarget"] == "#article-body" and 'id="article-body"' in done.content.decode()
    assert "every 2s" not in done.content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error="Boom: model gone")
    failed = analyst_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "Boom: model gone" in failed and "Retry extraction" in failed


def test_article_page_queries_do_not_grow_with_claims_or_history(analyst_client, analyst, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("article_detail", args=[world["article"].pk])
    analyst_client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert analyst_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    text = world["article"].text
    for i in range(12):
        actor = Actor.objects.create(name=f"Speaker {i}", side=world["west"], organization=world["authority"])
        claim = Claim.objects.create(
            article=world["article"], speaker=actor, content=text[i : i + 3], start=i, end=i + 3
        )
        services.review_claim(claim=claim, user=analyst)
    assert count() == before


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
    before = _actor_state(mara, marra)
    response = analyst_client.post(reverse("actor_merge", args=[marra.pk]), {"target": mara.pk}, **HTMX)
    assert response["HX-Redirect"] == mara.get_absolute_url()
    page = analyst_client.get(reverse("actor_detail", args=[marra.pk])).content.decode()
    assert "Merged into" in page and "split" in page and "Edit actor" not in page
    target_page = analyst_client.get(mara.get_absolute_url()).content.decode()
    assert "Marra Quil" in target_page and "Merged" in target_page  # alias chip and the history
    response = analyst_client.post(reverse("actor_split", args=[marra.pk]))
    assert response.status_code == 302
    assert _actor_state(mara, marra) == before
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


@pytest.mark.slow
def test_real_pipeline_reextraction_keeps_corrections(demo, analyst):
    """The same promise with spaCy and the demo registry: our own text, not a corpus sentence."""
    text = (
        "Pentagon spokesman Eric Pahon said on Thursday that the United States had seen no meaningful "
        "reduction of Russian forces in Syria.\n\n"
        '"We have not seen any evidence that Russian troops are leaving," Pahon told reporters.\n\n'
        "Russian Defence Minister Sergei Shoigu said the withdrawal of the Russian contingent from Syria "
        "was proceeding on schedule. Analysts in Beirut were less sure the soldiers would go home soon."
    )
    article = services.ingest_article(text=text, title="Drawdown doubts", uploaded_by=analyst).article
    quote = article.claims.get(content="We have not seen any evidence that Russian troops are leaving")
    shoigu = article.claims.get(speaker__name="Sergei Shoigu")
    manning = Actor.objects.get(name="Robert Manning")
    services.correct_claim(claim=quote, user=analyst, speaker=manning)
    services.reject_claim(claim=shoigu, user=analyst)
    missed = "the soldiers would go home soon"
    start = text.index(missed)
    added = services.add_claim(
        article=article, user=analyst, start=start, end=start + len(missed), speaker_mention="Analysts"
    )

    services.extract_article(article=article, user=analyst)

    assert Claim.objects.get(pk=quote.pk).speaker == manning
    assert not article.claims.live().filter(content__startswith="the withdrawal of the Russian").exists()
    assert Claim.objects.filter(pk=added.pk, rejected=False).exists()
    assert article.claims.live().filter(speaker__name="Eric Pahon", origin=Origin.MACHINE).exists()
