"""A document's claims placed together (issue 12): own sentences, not corpus or dev-set ones."""

import pytest
from test_placement_grammar import HARBOUR

from narratives.nlp.classify import Classifier
from narratives.nlp.definitions import parse_definitions
from narratives.nlp.types import Knowledge

OPENING = "Mayor Ilse Varga welcomed the ruling on the port authority's case against the dock workers."
WEATHER = "Ilse Varga said the weather was fine for the regatta."
FINDING = "The union started the warehouse fire to press its demands, the judge found."
CLAIMS = {
    "the ruling": (OPENING, OPENING),
    "the weather was fine for the regatta": (WEATHER, WEATHER),
    "The union started the warehouse fire to press its demands": (FINDING, FINDING),
}


@pytest.fixture(scope="module")
def harbour():
    return Classifier(Knowledge(events=parse_definitions(HARBOUR)))


def _claims(*contents):
    return [{"content": c, "sentence": CLAIMS[c][0], "paragraph": CLAIMS[c][1]} for c in contents]


def test_an_opening_under_the_bar_takes_the_event_the_document_goes_on_to_show(harbour):
    claims = _claims("the ruling", "The union started the warehouse fire to press its demands")
    assert harbour.classify(**claims[0]).event is None  # alone, under the bar
    results = harbour.classify_document(claims)
    assert [r.event for r in results] == ["harbour-fire", "harbour-fire"]
    assert results[1].stance == "union-set-it"


def test_an_opening_on_another_topic_stays_off_the_event(harbour):
    claims = _claims(
        "the weather was fine for the regatta", "The union started the warehouse fire to press its demands"
    )
    assert [r.event for r in harbour.classify_document(claims)] == [None, "harbour-fire"]


def test_a_document_that_never_shows_the_event_places_nothing(harbour):
    results = harbour.classify_document(_claims("the ruling", "the weather was fine for the regatta"))
    assert [r.event for r in results] == [None, None]
