"""Figures: vague amounts keep their bound or range, one subject under its spellings, no junk, who gave it."""

import pytest

from narratives.models.figures import describe_amount
from narratives.nlp.figures import find_figures
from narratives.nlp.pipeline import get_nlp
from narratives.nlp.subjects import subject_words
from narratives.views.panels import group_subjects


def figures(text, claim_spans=()):
    return find_figures(get_nlp()(text), list(claim_spans))


@pytest.mark.parametrize(
    "text, value, low, high, approximate",
    [
        ("Several thousand fighters remain near the border.", 3000, 3000, 9000, True),
        ("A few hundred soldiers crossed the river at night.", 300, 200, 500, True),
        ("More than 2,000 sailors are stationed at the port.", 2000, 2000, None, True),
        ("Under 3,000 troops stayed behind after the talks.", 3000, None, 3000, True),
        ("About 2,000 engineers work at the plant.", 2000, None, None, True),
        ("The army keeps 2,000 troops or more in the valley.", 2000, 2000, None, True),
        ("At least 70 fighters were detained in the raid.", 70, 70, None, True),
        ("There were 1,720 troops at the base in May.", 1720, None, None, False),
    ],
)
def test_vague_amounts_keep_their_bound_or_range(text, value, low, high, approximate):
    (figure,) = figures(text)
    assert (figure.value, figure.low, figure.high, figure.approximate) == (value, low, high, approximate)


def test_a_single_thing_is_no_figure():
    assert figures("The minister said the militia is just one element of the problem.") == []
    assert figures("A convoy left the port on Monday.") == []
    assert [f.value for f in figures("Only 1 ship left the port.")] == [1]  # digits state a count


@pytest.mark.parametrize(
    "value, low, high, approximate, shown",
    [
        (2000, None, None, False, "2,000"),
        (2000, None, None, True, "≈ 2,000"),
        (2000, 2000, None, True, "≥ 2,000"),
        (3000, None, 3000, True, "≤ 3,000"),
        (300, 200, 500, True, "200–500"),
    ],
)
def test_amounts_are_shown_as_stated(value, low, high, approximate, shown):
    assert describe_amount(value, low=low, high=high, approximate=approximate) == shown


def test_spellings_of_one_subject_group_together():
    assert subject_words("US troops") == subject_words("U.S. troops") == subject_words("American troops")
    assert subject_words("United States troops") == subject_words("US troops")
    rows = [
        {"subject": "US troops", "unit": "troops", "n": 2, "low": 503, "high": 2000},
        {"subject": "U.S. troops", "unit": "troops", "n": 1, "low": 1720, "high": 1720},
        {"subject": "American troops", "unit": "troops", "n": 1, "low": 4000, "high": 4000},
    ]
    (group,) = group_subjects(rows)
    assert group.count == 4 and (group.low, group.high) == (503, 4000)


def test_a_figure_outside_the_claims_content_is_the_narrators():
    text = "The base holds 900 marines. The colonel said the base was quiet."
    claim = (text.index("the base was quiet"), len(text) - 1)
    (figure,) = figures(text, [claim])
    assert figure.claim_index is None
    inside = "The colonel said 900 marines had arrived."
    (figure,) = figures(inside, [(inside.index("900"), len(inside) - 1)])
    assert figure.claim_index == 0
