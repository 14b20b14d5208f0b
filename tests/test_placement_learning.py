"""Learned position models: held out by article, weighed against the definitions (own sentences)."""

import numpy as np
import pytest

from narratives.nlp.classify import Classifier, LabelledClaim, fit_event_models
from narratives.nlp.definitions import parse_definitions
from narratives.nlp.placement import learn
from narratives.nlp.placement.decide import assigned, assigned_blend, decide_blend, definitions_distribution
from narratives.nlp.placement.learn import EventModel
from narratives.nlp.types import Knowledge
from tests.test_nlp_placement import DEFINITION

PARAGRAPH = "The river dam burst in spring and the towns below flooded."


@pytest.fixture(scope="module")
def dam():
    return Classifier(Knowledge(events=parse_definitions(DEFINITION)), models={})


def test_held_out_predictions_equal_a_refit_without_the_article():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(30, 50)), rng.normal(size=(30, 2))
    groups = [k // 4 for k in range(30)]
    _, held_out = learn._ridge_held_out(x, y, groups)
    for group in (0, 5, 7):
        rest = [k for k in range(30) if groups[k] != group]
        mine = [k for k in range(30) if groups[k] == group]
        w = np.linalg.solve(x[rest].T @ x[rest] + learn.STANCE_RIDGE * np.eye(50), x[rest].T @ y[rest])
        assert np.allclose(held_out[mine], x[mine] @ w, atol=1e-6)


@pytest.mark.parametrize(
    "scores, tentative",
    [({"sabotage": 0.4, "accident": 0.05}, False), ({"sabotage": 0.1, "accident": 0.08}, False), ({}, False)]
    + [({"accident": 0.3}, True)],
)
def test_a_blend_without_the_model_decides_as_the_definitions(scores, tentative):
    alone = definitions_distribution(scores, tentative=tentative)
    for intent in (False, True):
        assert assigned_blend(alone, intent=intent) == assigned(scores, tentative=tentative, intent=intent)


def _articles(pairs, n_articles):
    """``pairs`` of (content, position), repeated over articles with a varying detail."""
    return [
        LabelledClaim(f"{content}, in report {a}", "", "dam-collapse", position, None, a)
        for a in range(n_articles)
        for content, position in pairs
    ]


def test_labels_the_definitions_already_explain_give_the_model_no_weight(dam):
    labelled = _articles(
        [
            ("Saboteurs blew up the dam wall on purpose", "sabotage"),
            ("Record rainfall overwhelmed the ageing dam", "accident"),
        ],
        8,
    )
    model = fit_event_models(labelled, prior=dam.position_scores)["dam-collapse"]
    assert model.stance_blend == 0.0
    learned = Classifier(dam.knowledge, models={"dam-collapse": model})
    claim = {"content": "Heavy rain wore the old dam down", "paragraph": PARAGRAPH}
    assert learned.classify(**claim) == dam.classify(**claim)


def test_labels_that_correct_the_definitions_earn_weight_and_are_used(dam):
    # analysts file every mention of the insurer's audit under "accident", which the definitions cannot know
    labelled = _articles(
        [
            ("The insurer's audit of the dam was published", "accident"),
            ("The auditors of the insurer wrote about the dam", "accident"),
            ("Saboteurs blew up the dam wall on purpose", "sabotage"),
            ("Explosives were planted inside the dam", "sabotage"),
        ],
        10,
    )
    model = fit_event_models(labelled, prior=dam.position_scores)["dam-collapse"]
    assert model.stance_blend > 0
    again = EventModel.from_bytes(model.to_bytes())
    assert again.stance_blend == model.stance_blend
    learned = Classifier(dam.knowledge, models={"dam-collapse": again})
    claim = {"content": "The insurer's audit of the dam came out on Friday", "paragraph": PARAGRAPH}
    alone = dam.classify(**claim)
    assert alone.event == "dam-collapse" and alone.stance != "accident"
    assert learned.classify(**claim).stance == "accident"


def test_a_blob_from_before_the_blend_was_chosen_weighs_by_its_labels():
    model = EventModel("e", ("", "a"), np.zeros((3, 2), dtype=np.float32), None, 50, None)
    again = EventModel.from_bytes(model.to_bytes())
    assert again.stance_blend is None and again.stance_weight == pytest.approx(0.5)


def test_a_learned_blend_keeps_a_weak_position_as_a_suggestion_to_review():
    # the definitions' weak decision (confidence under 0.5) loses to NONE in the blend, but stays suggested
    blended = {"sabotage": 0.3, "": 0.7}
    assert decide_blend(blended, intent=False) == ("sabotage", 0.3, False)
    assert decide_blend({"sabotage": 0.6, "": 0.4}, intent=False) == ("sabotage", 0.6, True)
    assert decide_blend({"": 1.0}, intent=False) == (None, 0.0, False)
