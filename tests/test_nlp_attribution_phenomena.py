"""Issue 13 phenomena, one group per kind. Every sentence here was written for these tests."""

import pytest

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


def contents(text):
    return [c.content for c in run(text)]


# --- ``TeX-style'' quote marks ---------------------------------------------------


def test_tex_quotes_are_direct_quotes():
    claims = run("``We will not close the harbour,'' the port director told reporters.")
    assert [(c.content, c.kind) for c in claims] == [("We will not close the harbour", "direct")]
    assert claims[0].speaker_mention == "the port director"


def test_tex_quote_after_the_frame_is_split_into_sentences():
    text = "The coach said: ``The pitch was wet. We adapted.''"
    assert contents(text) == ["The pitch was wet", "We adapted"]


# --- quotes split by their cue -----------------------------------------------------


def test_split_quote_keeps_both_sentences():
    text = "“The vote was fair,” the election chief said, “The count took two days.”"
    claims = run(text)
    assert [c.content for c in claims] == ["The vote was fair", "The count took two days"]
    assert {c.speaker_mention for c in claims} == {"the election chief"}


def test_split_sentence_keeps_the_longer_part():
    text = "“The harvest was poor in every valley this year,” the farmer said, “and prices will rise.”"
    assert contents(text) == ["The harvest was poor in every valley this year"]


# --- according to ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, mention",
    [
        (
            "The plant will shut down in May, according to people familiar with the plans.",
            "The plant will shut down in May",
            "people familiar with the plans",
        ),
        (
            "Two climbers died, according to a rescue official quoted by local radio.",
            "Two climbers died",
            "a rescue official",
        ),
        ("According to the union, the strike will go on.", "the strike will go on", "the union"),
        ("According to her lawyer the singer is innocent.", "the singer is innocent", "her lawyer"),
    ],
)
def test_according_to_any_source_phrase(text, content, mention):
    claims = run(text)
    assert [c.content for c in claims] == [content]
    assert claims[0].speaker_mention.startswith(mention.split()[0])


def test_according_to_data_or_dates_is_not_a_speaker():
    assert run("According to figures released on Tuesday, prices rose by 3 percent.") == ()
    assert run("According to last year's schedule, the bridge opens in June.") == ()


# --- non-finite content ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        ("The nurses' union called for an immediate strike.", "an immediate strike"),
        ("The mayor called on the council to approve the budget.", "the council to approve the budget"),
        ("The minister urged drivers to stay off the roads.", "drivers to stay off the roads"),
        ("The company is promising to refund every customer.", "to refund every customer"),
        ("The referee dismissed the complaint as nonsense.", "the complaint as nonsense"),
    ],
)
def test_non_finite_content(text, content):
    assert contents(text) == [content]
