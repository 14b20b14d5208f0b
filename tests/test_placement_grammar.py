"""Grammar-led placement from definitions alone (issue 12): own sentences, not corpus or dev-set ones."""

import pytest

from narratives.nlp.classify import Classifier, LabelledClaim, fit_event_models
from narratives.nlp.definitions import parse_definitions
from narratives.nlp.placement.polarity import polarity
from narratives.nlp.placement.profiles import rejection_votes
from narratives.nlp.types import Knowledge

HARBOUR = {
    "events": [
        {
            "slug": "harbour-fire",
            "title": "The harbour warehouse fire",
            "description": "A warehouse in the old harbour burned down overnight; the port authority and the "
            "dock workers' union dispute who started it.",
            "start_date": "2033-09-14",
            "end_date": None,
            "positions": [
                {
                    "slug": "union-set-it",
                    "label": "The union started it",
                    "opposite": "union-innocent",
                    "description": "Striking dock workers set the warehouse alight to press their demands.",
                    "examples": [
                        "Cans of petrol were found next to the union's picket line.",
                        "Two strikers were seen running from the warehouse before the flames spread.",
                        "The union leadership ordered the blaze.",
                    ],
                },
                {
                    "slug": "union-innocent",
                    "label": "The union denies it",
                    "opposite": "union-set-it",
                    "description": "The union had nothing to do with the fire: the accusations are baseless, "
                    "a smear against the strikers; faulty wiring or the owners are to blame.",
                    "examples": [
                        "Our members had nothing to do with the fire.",
                        "The wiring in that building was forty years old.",
                        "This smear is meant to break the strike.",
                    ],
                },
            ],
        }
    ]
}

PARAGRAPH = (
    "The harbour warehouse burned down overnight and the port authority blamed striking dock workers "
    "for the fire. The union's spokeswoman answered at a press conference."
)


@pytest.fixture(scope="module")
def harbour():
    return Classifier(Knowledge(events=parse_definitions(HARBOUR)))


def test_the_rejecting_position_is_read_from_the_definition(harbour):
    votes = rejection_votes(harbour.profiles["harbour-fire"])
    assert set(votes) == {"union-innocent"} and votes["union-innocent"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ("That is a ridiculous fantasy", "That is a ridiculous fantasy, she said."),
        ("their involvement", "She flatly denied their involvement."),
    ],
)
def test_a_bare_rejection_goes_to_the_position_defined_as_rejecting(harbour, content, sentence):
    result = harbour.classify(content=content, sentence=sentence, paragraph=PARAGRAPH)
    assert result.event == "harbour-fire"
    assert result.suggested == "union-innocent"


def test_a_claim_without_rejection_or_topic_gets_no_position(harbour):
    result = harbour.classify(
        content="We will meet again on Monday",
        sentence="We will meet again on Monday, she said.",
        paragraph=PARAGRAPH,
    )
    assert result.suggested is None


@pytest.mark.parametrize(
    ("content", "intent"),
    [
        ("The police will question the two strikers", True),
        ("The inspectors are ready to examine the petrol cans", True),
        ("The union plans to hold a picket line", True),
        ("Two strikers ran from the burning warehouse", False),
        ("The union will not be intimidated by these lies", False),  # a rejection is a position
    ],
)
def test_an_announced_action_is_read_as_intent(content, intent):
    assert polarity(content).intent is intent


def test_an_announced_action_is_only_suggested(harbour):
    asserted = harbour.classify(content="Two strikers ran from the burning warehouse with petrol cans")
    assert asserted.stance == "union-set-it"
    announced = harbour.classify(
        content="The police will question the two strikers who ran from the burning warehouse",
        paragraph=PARAGRAPH,
    )
    assert announced.stance is None and announced.suggested == "union-set-it" and announced.needs_review


def test_a_learned_model_also_discounts_an_announced_action(harbour):
    labelled = [
        LabelledClaim(
            f"Strikers were seen near the warehouse with petrol, witness {i}",
            "",
            "harbour-fire",
            "union-set-it",
        )
        for i in range(30)
    ] + [
        LabelledClaim(
            f"The old wiring sparked the fire, electrician {i}", "", "harbour-fire", "union-innocent"
        )
        for i in range(30)
    ]
    learned = Classifier(harbour.knowledge, models=fit_event_models(labelled))
    asserted = learned.classify(
        content="Strikers were seen near the warehouse with petrol cans", paragraph=PARAGRAPH
    )
    announced = learned.classify(
        content="Police will question the strikers seen near the warehouse with petrol cans",
        paragraph=PARAGRAPH,
    )
    assert asserted.suggested == announced.suggested == "union-set-it"
    assert announced.stance_confidence < 0.75 * asserted.stance_confidence
