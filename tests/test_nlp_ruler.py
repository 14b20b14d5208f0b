"""The table attribute ruler (nlp/ruler.py) gives exactly what spaCy's own AttributeRuler gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from narratives.nlp import ruler as ruler_module
from narratives.nlp.model import model_name
from narratives.nlp.ruler import TableAttributeRuler, TableLemmatizer, use_table_ruler

TEXT = (
    "Y'all ain't gonna believe it, the mayor said on Tuesday. Let's see: there is a bridge, "
    "and there were two ferries.\n\nThe council's spokesman told reporters that it's \"gon na\" be fine "
    "- c'mon, they got ta wait. An engineer, who asked not to be named, gets paid; she got 3,200 euros."
)


def _attrs(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(model_name())
    table = spacy.load(model_name())
    use_table_ruler(table)
    return stock, table


def test_trained_pipeline_gets_the_same_token_attributes(pipelines):
    stock, table = pipelines
    assert isinstance(table.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(table.get_pipe("lemmatizer"), TableLemmatizer)
    assert table.pipe_names == stock.pipe_names
    assert _attrs(table(TEXT)) == _attrs(stock(TEXT))


def test_trained_pipeline_matches_are_the_same_list(pipelines):
    stock, table = pipelines
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = stock(TEXT)
    assert table.get_pipe("attribute_ruler").match(doc) == stock.get_pipe("attribute_ruler").match(doc)


def test_swapping_twice_keeps_one_table_ruler(pipelines):
    _, table = pipelines
    ruler, lemmatizer = table.get_pipe("attribute_ruler"), table.get_pipe("lemmatizer")
    use_table_ruler(table)
    assert table.get_pipe("attribute_ruler") is ruler and table.get_pipe("lemmatizer") is lemmatizer


def test_lemmatizer_keeps_earlier_lemmas_and_reads_each_form_once(pipelines):
    stock, table = pipelines
    text = "She gets the ferries ready; they got two ferries and were sailing, sailing on."
    with stock.select_pipes(disable=["lemmatizer", "ner"]):
        a = stock(text)
        b = stock(text)
    assert a[1].lemma_ == "get"  # set by the attribute ruler, before the lemmatizer
    stock.get_pipe("lemmatizer")(a)
    lemmatizer = table.get_pipe("lemmatizer")
    calls = []
    real = lemmatizer.lemmatize
    lemmatizer.lemmatize = lambda token: calls.append(token.text) or real(token)
    try:
        lemmatizer._lemmas.clear()
        lemmatizer(b)
    finally:
        del lemmatizer.lemmatize
    assert [t.lemma_ for t in b] == [t.lemma_ for t in a]
    assert "gets" not in calls and calls.count("ferries") == 1


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "NN", "LOWER": "bridge"}]], "attrs": {"POS": "PROPN"}},  # later wins
    {"patterns": [[{"LOWER": {"IN": ["a", "the"]}}]], "attrs": {"MORPH": "PronType=Art"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"NOT_IN": ["bridge"]}}]], "attrs": {"LEMMA": "thing"}},
    {"patterns": [[{"LOWER": {"REGEX": "^fer"}}]], "attrs": {"LEMMA": "boat"}},
    {"patterns": [[{"LOWER": "old"}, {"TAG": "NN"}]], "attrs": {"POS": "X"}, "index": -1},
    {"patterns": [[{"LOWER": "two"}, {"LOWER": "old", "OP": "?"}, {"TAG": "NNS"}]], "attrs": {"POS": "NUM"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP"}},
    {"patterns": [[{"LENGTH": 3}]], "attrs": {"MORPH": "Len=3"}},  # read by the Matcher, not the table
    {"patterns": [[{}]], "attrs": {"NORM": "any"}, "index": 0},
]
WORDS = ["the", "old", "bridge", "and", "two", "old", "ferries", " ", "a", "cat", "two", "boats"]
TAGS = ["DT", "JJ", "NN", "CC", "CD", "JJ", "NNS", "_SP", "DT", "NN", "CD", "NNS"]


def _doc(vocab):
    return Doc(vocab, words=WORDS, spaces=[True] * len(WORDS), tags=TAGS)


def test_patterns_of_every_form_apply_as_spacy_applies_them():
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    table = TableAttributeRuler(nlp.vocab)
    stock.add_patterns(PATTERNS)
    table.add_patterns(PATTERNS)
    a, b = _doc(nlp.vocab), _doc(nlp.vocab)
    assert table.match(b) == stock.match(a)
    stock(a)
    table(b)
    got = [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in b]
    assert got == [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in a]
    assert b[2].pos_ == "X" and b[9].pos_ == "NOUN"  # "old bridge" sets its last token, after PROPN
    assert b[9].lemma_ == "thing" and b[2].lemma_ != "thing"
    assert b[6].lemma_ == "boat" and b[4].pos_ == b[10].pos_ == "NUM"  # with and without "old"


def test_memo_is_cleared_past_its_limit(monkeypatch):
    nlp = spacy.blank("en")
    table = TableAttributeRuler(nlp.vocab)
    table.add_patterns(PATTERNS)
    monkeypatch.setattr(ruler_module, "MEMO_LIMIT", 3)
    for _ in range(3):
        table(_doc(nlp.vocab))
        assert len(table._memo) <= len(set(zip(WORDS, TAGS, strict=True)))
    assert len(table._memo) <= 12


def test_patterns_round_trip_through_bytes():
    nlp = spacy.blank("en")
    table = TableAttributeRuler(nlp.vocab)
    table.add_patterns(PATTERNS)
    again = TableAttributeRuler(nlp.vocab).from_bytes(table.to_bytes())
    assert again.patterns == table.patterns
    doc = _doc(nlp.vocab)
    assert again.match(doc) == table.match(doc)


def test_table_does_not_grow_with_the_vocabulary():
    nlp = spacy.blank("en")
    table = TableAttributeRuler(nlp.vocab)
    table.add_patterns(PATTERNS)
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(PATTERNS)
    words = [f"word{n}" for n in range(300)] + [f"ferry{n}" for n in range(300)]  # none named by a test
    a = Doc(nlp.vocab, words=words, tags=["NN"] * len(words))
    b = Doc(nlp.vocab, words=words, tags=["NN"] * len(words))
    assert table.match(b) == stock.match(a)
    assert len(table._memo) == 2  # two classes of unnamed words: matching "^fer" or not
