"""Event and position classification from data: term syntax, negation, context, continuity, new events."""

import pytest

from narratives.nlp.classify import EventClassifier, Memo, parse_term, stem, term_errors, tokenize
from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.types import EventEntry, Knowledge, PositionEntry


@pytest.fixture(scope="module")
def clf():
    return EventClassifier(demo_knowledge())


def classify(clf, content, sentence="", paragraph="", previous_event=None, previous_stance=None):
    return clf.classify(
        content=content,
        content_lemmas=(),
        sentence=sentence or content,
        paragraph=paragraph or sentence or content,
        previous_event=previous_event,
        previous_stance=previous_stance,
    )


# --- term syntax --------------------------------------------------------------


def test_stemmer_equates_inflections():
    assert stem("defeated") == stem("defeat") == stem("defeats")
    assert stem("troops") == stem("troop")
    assert stem("liberated") == stem("liberate")
    assert stem("stopped") == stem("stop")


def test_words_meet_by_spacy_lemma_including_irregular_forms():
    # spaCy's rule lemmatizer (its exceptions and word index), not a suffix stripper
    assert stem("withdrew") == stem("withdrawn") == stem("withdraw")
    assert stem("forces") == stem("force")
    assert stem("said") == stem("says") == stem("say")
    assert stem("Denies") == stem("deny")  # folded first
    assert stem("Pentagon") == "pentagon"


def test_without_a_rule_lemmatizer_words_are_their_own_key(monkeypatch):
    from narratives.nlp import lemmas

    monkeypatch.setattr(lemmas, "_tables", lambda: None)
    assert lemmas.lemma("withdrew") == "withdrew"


def test_stemmer_keeps_derivations_apart():
    # A term's plain word matches its inflections; derivations are the "*" prefix's job ("withdraw*"). A
    # derivational stemmer (Snowball: withdrawal -> withdraw) made "withdraw .. troop*" match "the
    # withdrawal of the troops is a sham" as if it said the troops withdrew.
    assert stem("withdrawal") != stem("withdraw")
    assert stem("accusation") != stem("accuse")
    assert stem("liberation") != stem("liberate")


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("withdraw troops", "Moscow withdrew troops", True),  # irregular past: words are matched by lemma
        ("withdraw troops", "they withdraw the troops", False),  # words must be adjacent
        ("withdraw .. troops", "they withdraw the troops", True),
        ("ISIS", "Isis is a goddess", False),  # capitals are case-sensitive
        ("IS", "the IS fighters", True),
        ("IS", "it is over", False),
        ("liberat*", "the liberation of the city", True),
        ("=defeated", "they were defeated", True),
        ("=defeated", "defeating them", False),
        ("# troops", "some 2,000 troops", True),
        ("# troops", "a couple thousand troops", True),
        ("# troops", "many troops", False),
        ("Hmeimim", "at the Khmeimim base", True),  # transliteration variant of a proper name
        ("Hmeimim", "at the Hamburg base", False),
    ],
)
def test_term_syntax(term, text, matches):
    from narratives.nlp.classify import find_hits

    parsed = parse_term(term, event="e")
    assert parsed is not None
    assert bool(find_hits([parsed], tokenize(text))) is matches


def test_term_errors_for_form_validation():
    assert term_errors(["withdraw*", "", "premature | 2"]) == []
    errors = term_errors(["ok", "bad | x", ".."])
    assert len(errors) == 2 and errors[0].startswith("line 2")


def test_weights_and_blank_lines():
    assert parse_term("premature | 2.5", event="e").weight == 2.5
    assert parse_term("ceasefire | -1.5", event="e").weight == -1.5
    assert parse_term("   ", event="e") is None
    assert parse_term("bad | weight", event="e") is None


# --- events -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "event"),
    [
        ("the jihadists had been driven from their last stronghold on the Euphrates", "isis-defeat"),
        ("Daesh remnants are hiding in the desert", "isis-defeat"),
        ("the bulk of the Russian contingent would fly home from the Hmeymim air base", "russian-pullout"),
        ("Moscow has begun to pull out its forces", "russian-pullout"),
        ("about 2,000 American troops are deployed in the north-east", "us-troops"),
        ("Washington has no legal grounds to keep its forces in Syria", "us-troops"),
        ("the ceasefire in the southern de-escalation zone is holding", None),
        ("aid convoys reached the refugees in the camp", None),
        ("Nusra and other Al-Qaeda offshoots still control parts of Idlib", None),
        ("the talks will resume in Geneva next month", None),
    ],
)
def test_events(clf, content, event):
    assert classify(clf, content).event == event


def test_context_decides_a_vague_content(clf):
    sentence = (
        "Asked whether the Islamic State was finished, the colonel said the fight goes on in the valley."
    )
    result = classify(clf, "the fight goes on in the valley", sentence=sentence)
    assert result.event == "isis-defeat"


def test_run_on_quote_keeps_the_previous_event_but_topic_words_override(clf):
    assert (
        classify(clf, "It was a hard year for everybody", previous_event="isis-defeat").event == "isis-defeat"
    )
    moved = classify(clf, "Humanitarian aid must reach the refugees", previous_event="isis-defeat")
    assert moved.event is None


# --- positions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "stance"),
    [
        ("the militants of the Islamic State have been defeated", "defeated"),
        ("the Islamic State is not defeated", "not-defeated"),
        ("Daesh has not yet been completely defeated in the east", "not-defeated"),
        ("the towns supposedly liberated from ISIS still see attacks", "not-defeated"),
        ("declaring victory over ISIS now is premature", "not-defeated"),
        (
            "some isolated ISIS pockets may remain, but in general the war against the terrorists is over",
            "defeated",
        ),
        # modal: not an assertion
        pytest.param(
            "ISIS can only be defeated by patient work",
            None,
            marks=pytest.mark.xfail(
                strict=True, reason="known gap of the definitions-based classifier (issue 12 note)"
            ),
        ),
        ("the jihadists are far from defeated", "not-defeated"),
        ("Daesh cells could regroup in the desert", "not-defeated"),  # a possibility still warns
        ("once the city is safe, the families can come back to ISIS-free homes", None),
        # a credit dispute
        pytest.param(
            "most of the towns were liberated from ISIS thanks to our partners",
            None,
            marks=pytest.mark.xfail(
                strict=True, reason="known gap of the definitions-based classifier (issue 12 note)"
            ),
        ),
        ("the withdrawal of Russian troops is only symbolic", "doubts-withdrawal"),
        ("the first Russian troops are returning home from Syria", "asserts-withdrawal"),
        (
            "American forces will stay in Syria as long as necessary to prevent the return of ISIS",
            "us-presence-legitimate",
        ),
        ("US forces are there under an illegal pretext", "us-presence-illegitimate"),
        pytest.param(
            "the American presence on Syrian soil violates international law",
            "us-presence-illegitimate",
            marks=pytest.mark.xfail(
                strict=True, reason="known gap of the definitions-based classifier (issue 12 note)"
            ),
        ),
        ("there are about 2,000 US troops in Syria", "figure"),
    ],
)
def test_positions(clf, content, stance):
    assert classify(clf, content).stance == stance


def test_disagreement_after_a_defeat_claim(clf):
    paragraph = "Moscow announced that ISIS had been routed. “I respectfully disagree,” the officer said."
    result = classify(
        clf,
        "I respectfully disagree",
        sentence="“I respectfully disagree,” the officer said.",
        paragraph=paragraph,
        previous_event="isis-defeat",
    )
    assert (result.event, result.stance) == ("isis-defeat", "not-defeated")


def test_nested_claim_is_not_the_speakers_stance(clf):
    result = classify(clf, "Moscow announced the liberation of the Euphrates valley from ISIS")
    assert result.event == "isis-defeat" and result.stance is None


def test_anaphoric_content_takes_the_previous_sentence_stance(clf):
    paragraph = "“The terrorists have been crushed across the region. This is wonderful news,” he said."
    result = classify(
        clf, "This is wonderful news", sentence="This is wonderful news,” he said.", paragraph=paragraph
    )
    assert result.stance == "defeated" or result.event is None
    chained = classify(
        clf, "This is wonderful news", previous_event="isis-defeat", previous_stance="defeated"
    )
    assert (chained.event, chained.stance) == ("isis-defeat", "defeated")


def test_scans_are_memoised_per_document_not_in_the_classifier(clf):
    """A worker classifies claims for days: what it memoises lives in the caller's per-document memo."""
    one, two = "ISIS has been defeated, the minister said.", "Others said the group is not defeated."
    paragraph = f"{one} {two}"
    state = dict(vars(clf))
    memo = Memo()
    first = clf.classify(content="ISIS has been defeated", sentence=one, paragraph=paragraph, memo=memo)
    second = clf.classify(content="the group is not defeated", sentence=two, paragraph=paragraph, memo=memo)
    assert paragraph in memo.scans  # scanned once for both claims
    assert (first.stance, second.stance) == ("defeated", "not-defeated")
    fresh = clf.classify(content="the group is not defeated", sentence=two, paragraph=paragraph)
    assert fresh == second  # the memo changes cost, never results
    assert vars(clf) == state


def test_tokens_memoised_per_word_form_are_the_same_tokens():
    words = {}
    text = "They don't say troops haven't left: 1,720 U.S. troops — at Hmeimim’s base, the troops"
    assert tokenize(text, words) == tokenize(text) == tokenize(text, words)
    assert "don't" in words and "troops" in words


def test_confidence_is_a_probability(clf):
    for content in ("the Islamic State is not defeated", "the weather was fine"):
        assert 0.0 < classify(clf, content).confidence <= 1.0


def test_a_new_event_needs_only_data():
    knowledge = Knowledge(
        events=(
            EventEntry(
                slug="port-blockade",
                title="Blockade of the port",
                terms=("blockade", "port | 0.6", "harbour | 0.6", "shipping lane*"),
                positions=(
                    PositionEntry(
                        slug="lifted",
                        label="Blockade lifted",
                        cue_terms=("=lifted | 1.5", "=reopened", "ships .. sail*"),
                        opposite="in-force",
                    ),
                    PositionEntry(
                        slug="in-force", label="Blockade in force", cue_terms=("=closed", "still .. blocked")
                    ),
                ),
            ),
        )
    )
    clf = EventClassifier(knowledge)
    assert classify(clf, "the blockade of the port was lifted on Monday").stance == "lifted"
    assert classify(clf, "the blockade has not been lifted, the harbour is closed").stance == "in-force"
    assert classify(clf, "the minister visited a school").event is None
