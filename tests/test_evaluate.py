"""Scoring rules of ``evaluate`` and an honest regression test on the shipped seed gold."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from narratives.nlp.evaluation import (
    Span,
    evaluate,
    format_report,
    locate,
    match,
    same_speaker,
    score_article,
)

DATA = Path(__file__).resolve().parent.parent / "narratives" / "data"
GOLD = DATA / "gold" / "seeds.json"
CORPUS = DATA / "corpus"


def test_overlap_must_cover_half_of_the_shorter_span():
    gold = [Span(0, 100)]
    assert match([Span(50, 60)], gold) == [(0, 0)]  # contained: the whole shorter span overlaps
    assert match([Span(90, 110)], gold) == [(0, 0)]  # 10 of 20 characters: exactly half
    assert match([Span(95, 120)], gold) == []  # 5 of 25: too little


def test_matching_is_one_to_one_and_greedy_by_overlap():
    gold = [Span(0, 50), Span(60, 100)]
    pred = [Span(0, 100), Span(0, 48)]
    # (0,100) overlaps gold 1 by 40 and gold 0 by 50; (0,48) overlaps gold 0 by 48.
    assert match(pred, gold) == [(0, 0)]
    assert match([Span(0, 48), Span(55, 100)], gold) == [(0, 0), (1, 1)]


def test_ties_on_identical_gold_spans_go_to_the_agreeing_speaker():
    gold = [Span(0, 40, speaker="A"), Span(0, 40, speaker="B")]
    pred = [Span(0, 40, speaker="B"), Span(0, 40, speaker="A")]
    pairs = match(pred, gold, lambda p, g: p.speaker == g.speaker)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_same_speaker_accepts_transliterations_through_the_registry_matcher():
    from narratives.nlp.registry import same_person

    assert same_speaker("Eric Pahon", "eric pahon")
    assert same_speaker("Sergei Shoygu", "Sergei Shoigu", same_person)
    assert not same_speaker("Sergei Shoigu", "Sergei Lavrov", same_person)
    assert not same_speaker(None, "Sergei Shoigu")


def test_locate_follows_document_order_for_repeated_strings():
    text = "A said x. B said y. A said x."
    assert locate(text, ["x", "y", "x"]) == [(7, 8), (17, 18), (7, 8)]


def test_score_article_counts():
    text = "Ann said the river rose. Bob said the dam held. The sky is blue."
    gold = {
        "claims": [
            {"content": "the river rose", "speaker": "Ann", "event": "flood", "stance": "up"},
            {"content": "the dam held", "speaker": "Bob", "event": "flood", "stance": None},
        ],
        "figures": [],
    }
    pred = [
        {"start": 9, "end": 23, "speaker": "Ann", "event": "flood", "stance": "up"},
        {"start": 34, "end": 46, "speaker": "Ann", "event": None, "stance": None},
        {"start": 48, "end": 63, "speaker": "Cy", "event": None, "stance": None},
    ]
    c = score_article(text, gold, pred)
    assert (c.gold, c.predicted, c.matched, c.speaker_ok) == (2, 3, 2, 1)
    assert c.detection == pytest.approx((2 / 3, 1.0, 0.8))
    assert c.who_said_what == pytest.approx((1 / 3, 0.5, 0.4))
    assert (c.event_ok, c.stance_ok) == (1, 2)
    assert c.extras == [(48, "The sky is blue")]
    # --details lists each matched claim whose event or position differs, gold first
    assert c.wrong_placements == [("the dam held", ("flood", None), (None, None))]


@pytest.fixture(scope="module")
def seed_report():
    from narratives.nlp.knowledge import demo_knowledge
    from narratives.nlp.output import result_to_dict
    from narratives.nlp.pipeline import extract_many
    from narratives.nlp.registry import same_person

    def run(texts):
        out = [result_to_dict("", r) for r in extract_many(texts, demo_knowledge())]
        return [(d["claims"], d["figures"]) for d in out]

    return evaluate(GOLD, CORPUS, run, same_person)


def test_seed_gold_regression(seed_report):
    """Thresholds sit just under the measured scores (detection F1 1.00, who-said-what F1 0.98)."""
    total = seed_report.total
    assert total.gold == 146
    assert total.detection[2] >= 0.99
    assert total.detection[0] >= 0.98 and total.detection[1] >= 0.98
    assert total.who_said_what[2] >= 0.96
    assert total.accuracy(total.speaker_ok) >= 0.97
    # Event and stance come from the classifier and the demo's definitions (at most 10 terms a position,
    # issue 12): measured 0.87 / 0.72. Thresholds sit just under; the 0.88 / 0.85 targets are not met yet.
    assert total.accuracy(total.event_ok) >= 0.86
    assert total.accuracy(total.stance_ok) >= 0.71
    for name, counts in seed_report.articles:
        assert counts.detection[2] >= 0.9, name


# Dev sets (other outlets, events the demo does not know): thresholds just under the measured
# detection F1 / who-said-what F1 / speaker accuracy. Events and stance are not scored here.
DEVSETS = {
    "skripal-poisoning": (0.93, 0.85, 0.91),
    "mh17-downing": (0.935, 0.91, 0.97),
}


@pytest.mark.parametrize("name", sorted(DEVSETS))
def test_devset_regression(name):
    from narratives.nlp.knowledge import demo_knowledge
    from narratives.nlp.output import result_to_dict
    from narratives.nlp.pipeline import extract_many
    from narratives.nlp.registry import same_person

    def run(texts):
        out = [result_to_dict("", r) for r in extract_many(texts, demo_knowledge())]
        return [(d["claims"], d["figures"]) for d in out]

    folder = DATA / "devset" / name
    total = evaluate(folder / "gold.json", folder, run, same_person).total
    detection, who_said_what, speaker = DEVSETS[name]
    assert total.detection[2] >= detection
    assert total.who_said_what[2] >= who_said_what
    assert total.accuracy(total.speaker_ok) >= speaker


def test_report_table_has_every_article_and_a_total(seed_report):
    table = format_report(seed_report)
    for name in ("000", "001", "002", "003", "004", "TOTAL"):
        assert name in table


@pytest.mark.django_db
def test_evaluate_command_prints_scores():
    out = io.StringIO()
    call_command("evaluate", str(GOLD), "--corpus", str(CORPUS), "--json", stdout=out)
    scores = json.loads(out.getvalue())
    assert set(scores["articles"]) == {"000", "001", "002", "003", "004"}
    assert scores["total"]["f1"] >= 0.97
    for key in ("precision", "recall", "wsw_f1", "speaker_accuracy", "event_accuracy", "stance_accuracy"):
        assert key in scores["total"]
    out = io.StringIO()
    call_command("evaluate", str(GOLD), "--corpus", str(CORPUS), stdout=out)
    assert "TOTAL" in out.getvalue()


def test_same_speaker_ignores_case_titles_and_abbreviation_dots():
    assert same_speaker("U.S. officials", "US officials")
    assert same_speaker("the Pentagon's", "Pentagon")
    assert not same_speaker("Pentagon", "Kremlin")
