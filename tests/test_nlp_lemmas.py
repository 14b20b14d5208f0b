"""Term matching's lemmas are spaCy's: the rule lemmatizer's own result for every word tried."""

import pytest
from spacy.tokens import Doc

from narratives.nlp.lemmas import _POSES, _rule_lemma, _tables, lemma
from narratives.nlp.pipeline import get_nlp

WORDS = [
    "withdrew",
    "withdrawn",
    "withdrawing",
    "withdrawal",
    "troops",
    "forces",
    "defeated",
    "defeats",
    "liberated",
    "liberation",
    "accusations",
    "accused",
    "news",
    "better",
    "worse",
    "is",
    "was",
    "were",
    "has",
    "had",
    "did",
    "ca",
    "do",
    "russia's",
    "u.s.",
    "said",
    "says",
    "claimed",
    "denies",
    "stopped",
    "ended",
    "ties",
    "united",
    "states",
    "2",
    "000",
    "leaves",
    "left",
    "men",
    "children",
    "analyses",
    "crises",
    "fought",
    "sought",
    "rebuilt",
    "mice",
    "geese",
    "buses",
    "quizzes",
    "hoped",
    "hopping",
    "lying",
    "dying",
    "agreed",
    "fled",
    "overran",
]


def test_each_word_is_what_spacys_rule_lemmatizer_makes_of_it():
    nlp = get_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")
    tables = _tables()
    for pos in _POSES:
        for word in WORDS:
            doc = Doc(nlp.vocab, words=[word])
            doc[0].pos_ = pos.upper()
            assert _rule_lemma(word, tables[pos]) == lemmatizer.rule_lemmatize(doc[0])[0], (word, pos)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("withdrew", "withdraw"), ("troops", "troop"), ("said", "say"), ("withdrawal", "withdrawal"), ("", "")],
)
def test_a_verb_reading_first_then_a_noun(word, expected):
    assert lemma(word) == expected
