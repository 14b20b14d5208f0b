"""Quote fingerprints: equal for re-punctuated copies of one quote, different for different words."""

import re

import pytest

from narratives.nlp.fingerprint import fingerprint, fingerprint_words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "“The ceasefire doesn’t hold, and the talks are stalled.”",
            '"the ceasefire does not hold and talks are stalled"',
        ),
        ("Our forces won't leave the U.S. base yet.", "our forces will not leave US base yet"),
        ("We still see pockets [of militants] in the valley…", "We still see pockets in the valley."),
        ("Réfugiés return — slowly.", "refugies return slowly"),
        ("The convoy reached the town", "convoy reached a town"),
    ],
)
def test_near_identical_quotes_share_a_fingerprint(a, b):
    assert fingerprint(a) == fingerprint(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The convoy reached the town", "The convoy left the town"),
        ("Our forces will leave", "Our forces will not leave"),
        ("Two thousand troops remain", "Three thousand troops remain"),
    ],
)
def test_different_words_give_different_fingerprints(a, b):
    assert fingerprint(a) != fingerprint(b)


def test_digest_shape_and_empty_input():
    digest = fingerprint("The talks resume on Monday")
    assert re.fullmatch(r"[0-9a-f]{40}", digest)
    assert fingerprint("") == ""
    assert fingerprint("“ … ”") == ""
    assert fingerprint_words("It's the Army's plan") == ["army", "plan"]
