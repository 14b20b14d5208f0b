"""Event definitions, grammar polarity, definition-only placement and learning from labels (own sentences)."""

import json
import time

import pytest

from narratives.nlp.classify import Classifier, LabelledClaim, fit_event_models
from narratives.nlp.definitions import DefinitionError, dump_definitions, parse_definitions
from narratives.nlp.placement.learn import EventModel
from narratives.nlp.placement.polarity import polarity
from narratives.nlp.types import Knowledge

DEFINITION = {
    "events": [
        {
            "slug": "dam-collapse",
            "title": "The collapse of the river dam",
            "description": "The river dam burst in spring, flooding the towns below.",
            "start_date": "2031-04-02",
            "end_date": None,
            "positions": [
                {
                    "slug": "sabotage",
                    "label": "Sabotage",
                    "opposite": "accident",
                    "description": "The dam was deliberately blown up by saboteurs.",
                    "examples": [
                        "Explosives were planted inside the dam wall.",
                        "Saboteurs blew up the structure on purpose.",
                        "The blast was a deliberate attack on the dam.",
                    ],
                },
                {
                    "slug": "accident",
                    "label": "Accident",
                    "opposite": "sabotage",
                    "description": "The dam failed on its own because of age, neglect or heavy rain.",
                    "examples": [
                        "The old concrete simply gave way under the pressure of the flood water.",
                        "Years of poor maintenance caused the structure to fail.",
                        "Record rainfall overwhelmed the ageing dam.",
                    ],
                },
            ],
        }
    ]
}


def test_definitions_round_trip_and_fields():
    events = parse_definitions(json.dumps(DEFINITION))
    assert events[0].positions[0].examples[0].startswith("Explosives")
    assert events[0].start_date == "2031-04-02" and events[0].positions[1].opposite == "sabotage"
    assert parse_definitions(dump_definitions(events)) == events


def test_definitions_report_every_problem_with_its_path():
    bad = {
        "events": [{"slug": "Bad Slug", "start_date": "April", "positions": [{"slug": "x", "opposite": "y"}]}]
    }
    with pytest.raises(DefinitionError) as info:
        parse_definitions(bad)
    text = "\n".join(info.value.errors)
    for expected in ("events[0].slug", "events[0].title: missing", "start_date", "positions[0].opposite"):
        assert expected in text


def test_demo_definitions_keep_at_most_ten_terms_and_three_examples():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "narratives/data/demo/events.json"
    events = parse_definitions(path.read_text(encoding="utf-8"))
    assert {e.slug for e in events} == {"russian-pullout", "isis-defeat", "us-troops"}
    for position in (p for e in events for p in e.positions):
        assert len(position.cue_terms) <= 10 and len(position.examples) >= 3 and position.description


@pytest.mark.parametrize(
    ("content", "sentence", "sign"),
    [
        ("the rebels were beaten", "", 1),
        ("the rebels have not been beaten yet", "", -1),
        ("the charges against us are baseless", "", -1),
        ("his government was involved", "The minister denied that his government was involved.", -1),
        ("his government was involved", "The minister did not deny that his government was involved.", 1),
        ("There is no doubt that the bridge was sabotaged", "", 1),
        ("Although a few units hold out, the war is won", "", 1),
    ],
)
def test_polarity_from_grammar(content, sentence, sign):
    assert polarity(content, sentence).sign == sign


@pytest.fixture(scope="module")
def dam():
    return Classifier(Knowledge(events=parse_definitions(DEFINITION)))


def test_definition_alone_places_claims_by_example_and_polarity(dam):
    paragraph = "The dam burst last spring and the valley flooded. Officials gave their views."
    said = dam.classify(content="Saboteurs planted explosives in the dam", paragraph=paragraph)
    assert (said.event, said.suggested) == ("dam-collapse", "sabotage")
    denied = dam.classify(
        content="the dam was blown up deliberately",
        sentence="The engineer denied that the dam was blown up deliberately.",
        paragraph=paragraph,
    )
    assert denied.suggested == "accident"


def test_every_assignment_has_a_confidence_and_weak_ones_are_only_suggested(dam):
    result = dam.classify(content="The dam burst and the valley flooded, officials said")
    assert 0.0 <= result.confidence <= 1.0
    if result.stance is None and result.suggested is not None:
        assert result.needs_review


def test_learning_from_labels_is_fast_serialisable_and_used(dam):
    labelled = (
        [
            LabelledClaim(
                f"Witnesses heard a blast before the dam broke, case {i}", "", "dam-collapse", "sabotage"
            )
            for i in range(300)
        ]
        + [
            LabelledClaim(f"Cracks had been reported for years, report {i}", "", "dam-collapse", "accident")
            for i in range(300)
        ]
        + [LabelledClaim(f"The harvest festival opens on day {i}", "", None, None) for i in range(400)]
    )
    start = time.perf_counter()
    models = fit_event_models(labelled)
    assert time.perf_counter() - start < 3.0  # 1,000 claims: ~0.7 s measured
    model = EventModel.from_bytes(models["dam-collapse"].to_bytes())
    assert model.classes == models["dam-collapse"].classes
    learned = Classifier(dam.knowledge, models={"dam-collapse": model})
    result = learned.classify(content="Cracks had been reported for years before the dam broke")
    assert result.suggested == "accident"


def test_a_snapshot_carries_its_fitted_models(dam):
    labelled = [
        LabelledClaim(f"Cracks were reported for years, note {i}", "", "dam-collapse", "accident")
        for i in range(20)
    ]
    labelled += [
        LabelledClaim(f"A blast was heard at night, note {i}", "", "dam-collapse", "sabotage")
        for i in range(20)
    ]
    blob = fit_event_models(labelled)["dam-collapse"].to_bytes()
    knowledge = Knowledge(events=dam.knowledge.events, event_models=(("dam-collapse", blob),))
    assert set(Classifier(knowledge).models) == {"dam-collapse"}
    assert Classifier(knowledge, models={}).models == {}


def test_a_short_content_takes_its_position_from_its_sentence(dam):
    # five words that name nothing of the dispute; the sentence around them does
    result = dam.classify(
        content="everything we found says so",
        sentence="Saboteurs planted explosives in the dam wall, and everything we found says so.",
        paragraph="The river dam burst in spring and the towns below flooded.",
    )
    assert result.stance == "sabotage"
