"""Issue 13, "who said what, on any outlet": more phenomena. Every sentence was written for these tests."""

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


# --- a cue in a clause that only dates another statement ------------------------------


def test_cue_in_an_after_clause_does_not_take_the_quote():
    text = (
        '"The bridge will be shut for a month," said Tom Reyes, a Green Party councillor, after the '
        'Kremlin-funded NTV posted the 10-minute video. "Nobody should drive across it."'
    )
    claims = run(text)
    assert [c.content for c in claims] == [
        "The bridge will be shut for a month",
        "Nobody should drive across it",
    ]
    assert {c.speaker.name for c in claims} == {"Tom Reyes"}


# --- tweet embeds dated day first, in another language ---------------------------------


def test_tweet_embed_with_a_day_first_date_in_another_language():
    text = (
        "The ferry company showed footage of the test.\n"
        "Crew members tested the new lifeboats in rough water today. pic.twitter.com/abc123XYZ\n"
        "— Lena Berg (@lenaberg_news) 4 mai 2021\n"
    )
    claims = run(text)
    assert [(c.content, c.speaker_mention) for c in claims] == [
        ("Crew members tested the new lifeboats in rough water today", "Lena Berg")
    ]


# --- a bulleted related-stories line naming its source before a colon ------------------


def test_bulleted_colon_headline_names_its_source():
    text = (
        "The port reopened on Monday, the harbour master Ian Holt said.\n"
        "- Holt: ships will wait two more days before unloading grain\n"
        "- Storm season starts early this year\n"
    )
    claims = run(text)
    assert [(c.content, c.speaker_mention) for c in claims] == [
        ("The port reopened on Monday", "the harbour master Ian Holt"),
        ("ships will wait two more days before unloading grain", "Holt"),
    ]


# --- a body's members and its country stand for the body that just spoke ---------------

BODY_THEN_COUNTRY = (
    "The Turkish Foreign Ministry said on Tuesday that the border crossing would reopen next week.\n"
    "The diplomats noted that trucks had waited for days at the gate.\n"
    "Ankara stressed that the decision was final.\n"
    "The ferry operators said prices would rise. Ankara denied that fuel was short."
)


def test_plural_members_after_their_body_are_that_body():
    claims = run(BODY_THEN_COUNTRY)
    assert claims[1].speaker_mention == "The diplomats"
    assert claims[1].speaker.name == "Turkish Foreign Ministry"


def test_country_right_after_its_body_is_that_body_but_not_after_someone_else():
    speakers = [(c.speaker_mention, c.speaker.name) for c in run(BODY_THEN_COUNTRY)]
    assert speakers[2] == ("Ankara", "Turkish Foreign Ministry")
    assert speakers[4] == ("Ankara", "Turkey")


def test_country_two_paragraphs_after_its_body_stays_the_country():
    text = (
        "The Turkish Foreign Ministry said that the border crossing would reopen next week.\n"
        "Trucks have waited for days at the gate.\n"
        "Ankara stressed that the decision was final."
    )
    assert [c.speaker.name for c in run(text)] == ["Turkish Foreign Ministry", "Turkey"]


# --- an infinitive of purpose on a noun has no speaker -------------------------------


def test_purpose_infinitive_is_not_a_cue_of_its_noun():
    text = (
        "The agency said on Monday that the inspectors had twisted the data "
        "in order to accuse Minsk of the fire."
    )
    claims = run(text)
    assert [(c.cue, c.speaker_mention) for c in claims] == [("said", "The agency")]


# --- a related-stories list does not take the article's pronouns -----------------------


def test_speaker_of_a_bulleted_link_is_not_the_antecedent_of_he():
    text = (
        "The harbour will stay closed, port director Marek Nowak told reporters.\n"
        "- Fishing union leader says the 'closure' will cost jobs\n"
        "- Storm season starts early this year\n"
        '"Nobody will sail before Friday," he said.'
    )
    claims = run(text)
    assert claims[-1].content == "Nobody will sail before Friday"
    assert claims[-1].speaker.name == "Marek Nowak"


# --- "citing" a document names no speaker -------------------------------------------


def test_citing_data_is_not_a_claim_by_the_data():
    text = (
        "The inspectors said the ferry sank because of a faulty valve, "
        "citing confidential data provided by the shipyard."
    )
    claims = run(text)
    assert [(c.cue, c.speaker_mention) for c in claims] == [("said", "The inspectors")]
