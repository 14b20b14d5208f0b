"""Figures: values, units, subjects, exclusions, offsets, claim ties and sources (sentences written here)."""

import pytest
import spacy

from narratives.nlp.figures import find_figures, quantity_in
from narratives.nlp.pipeline import model_name


@pytest.fixture(scope="module")
def nlp():
    # the trained model alone: figures need only its parser and entities
    return spacy.load(model_name())


def figures(nlp, text, claims=()):
    return find_figures(nlp(text), claims)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The base now hosts 4,300 marines near the border.", 4300, "marines"),
        ("Officials said some 1.5 million civilians fled the fighting.", 1_500_000, "civilians"),
        ("There remain a couple thousand insurgents in the hills.", 2000, "insurgents"),
        ("Engineers cleared more than a thousand houses in the city.", 1000, "houses"),
        ("The alliance of more than 60 states met again.", 60, "states"),
        ("The army now holds 85% of the province.", 85, "percent"),
        ("Rebels control roughly 40 percent of the valley.", 40, "percent"),
        ("Seventeen ships were waiting outside the harbour.", 17, "ships"),
        ("Twenty-five advisers arrived on a cargo plane.", 25, "advisers"),
    ],
)
def test_values_and_units(nlp, text, value, unit):
    found = figures(nlp, text)
    assert len(found) == 1
    assert (found[0].value, found[0].unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The offensive began on March 3, 2016, and lasted for months.",
        "In 2014 the group seized the city.",
        "The siege lasted 11 months before the town fell.",
        "The council adopted Resolution 2254 unanimously.",
        "They formed the 4th Armoured Division.",
        "Casualties were three times as high as reported.",
        "It ended a two-year air campaign and a 60-nation effort.",
        "Television showed the two leaders shaking hands.",
        "Within the past three days the front has not moved.",
    ],
)
def test_exclusions(nlp, text):
    assert figures(nlp, text) == []


def test_exact_offsets_and_subject(nlp):
    text = "Satellite images show that 900 Turkish soldiers in Afrin were moved north."
    (fig,) = figures(nlp, text)
    assert text[fig.start : fig.end] == fig.content
    assert "900 Turkish soldiers in Afrin" in fig.content
    assert fig.subject == "Turkish soldiers in Afrin"


def test_vague_wording_is_repeated_in_the_subject(nlp):
    (fig,) = figures(nlp, "He estimated that 5,000 or fewer militants were left in the desert.")
    assert fig.value == 5000
    assert "5,000 or fewer" in fig.subject


def test_narrator_figure_with_a_report_as_source(nlp):
    text = "According to the Red Cross's latest census, there were 12,000 displaced families in the camps."
    (fig,) = figures(nlp, text)
    assert fig.value == 12000 and fig.unit == "families"
    assert fig.claim_index is None
    assert fig.source == "Red Cross"
    assert fig.content.startswith("there were 12,000")


def test_figures_inside_claims_carry_the_claim_index(nlp):
    text = "The ministry said 300 fighters surrendered. Separately, 45 trucks crossed the border."
    claim_start = text.index("300")
    claim_end = text.index(" surrendered") + len(" surrendered")
    found = figures(nlp, text, [(claim_start, claim_end)])
    by_value = {f.value: f for f in found}
    assert by_value[300].claim_index == 0
    assert by_value[45].claim_index is None
    assert claim_start <= by_value[300].start and by_value[300].end <= claim_end


def test_quantity_in_a_claim(nlp):
    text = "The general said that the militants' numbers had fallen to about 800 by December."
    doc = nlp(text)
    start = text.index("the militants")
    quantity = quantity_in(doc, start, len(text) - 1)
    assert quantity is not None and quantity.value == 800
    assert quantity_in(doc, 0, text.index("the militants")) is None


def test_a_stray_number_after_a_quote_does_not_hang_extraction():
    """A number tacked onto a sentence once sent the subject walk into an endless loop (regression)."""
    import threading

    from narratives.nlp.knowledge import demo_knowledge
    from narratives.nlp.pipeline import extract

    text = "“The bridge is closed,” the agency quotes the head of the port. 117 52"
    done = []
    worker = threading.Thread(target=lambda: done.append(extract(text, demo_knowledge())), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert done, "extraction did not finish"


def test_number_runs_skip_to_the_tokens_that_can_be_numbers():
    """Runs are found from the tokens' LIKE_NUM and number-word arrays; what lies between runs is skipped,
    and a run still takes its spaces, hyphenated word numbers and a leading "a"."""
    from narratives.nlp.figures import _number_runs
    from narratives.nlp.pipeline import get_nlp

    doc = get_nlp()("Twenty-five soldiers, two  hundred guards and a thousand men; the 3rd of 4 convoys.")
    runs = [" ".join(t.text for t in run) for run in _number_runs(doc)]
    assert runs == ["Twenty - five", "two hundred", "a thousand", "4"]
    assert [" ".join(t.text for t in run) for run in _number_runs(doc[4:9])] == ["two hundred"]
