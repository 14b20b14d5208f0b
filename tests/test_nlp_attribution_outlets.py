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
