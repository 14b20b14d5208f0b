"""Curation services: claim and actor corrections, merge and split, and re-extraction keeping them."""

from __future__ import annotations

import curation_fixtures
import pytest
from curation_helpers import TEXT, actor_state
from django.core.exceptions import ValidationError

from narratives import services
from narratives.models import (
    Actor,
    Claim,
    Correction,
    Origin,
)

# Shared fixtures bound here rather than loaded with pytest_plugins: a plugin's world would be global
# and clash with other modules' world.
world, machine = curation_fixtures.world, curation_fixtures.machine


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


def test_merge_moves_everything_and_split_restores_exactly(world, analyst):
    mara, marra = world["mara"], world["marra"]
    old = Actor.objects.create(name="Marra Q.", merged_into=marra)  # an earlier merge into the source
    before = actor_state(mara, marra)
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
    assert actor_state(mara, marra) == before
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
