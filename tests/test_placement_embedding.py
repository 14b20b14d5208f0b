"""The embedder's token ids, read word by word, are exactly those of the tokenizer on the whole text."""

import numpy as np
import pytest

from narratives.nlp.placement.semantic import WordLlamaEmbedder, get_embedder

TEXTS = [
    "Russia will begin withdrawing its forces from Syria, the president said.",
    "  two leading spaces, three   inside and a trailing one ",
    "A line\nbreak, a\ttab and a paragraph\n\nafter it.",
    "«Кремль» denied it; the café’s owner — Zoë — said “non” 100% of the time: 2,000 troops ⚠️.",
    "x",
    "",
    " ",
    "Hyphen-ated words, U.S.-led strikes and ISIS's 'defeat' (2017).",
]


@pytest.fixture(scope="module")
def embedder():
    found = get_embedder()
    if not isinstance(found, WordLlamaEmbedder):
        pytest.skip("wordllama is not installed")
    return found


def test_word_by_word_ids_match_the_whole_text(embedder):
    assert embedder._words is not None, (
        "the tokenizer is no longer the SentencePiece kind the fast path needs"
    )
    whole = [e.ids for e in embedder.tokenizer.encode_batch(TEXTS, add_special_tokens=False)]
    assert embedder._ids(TEXTS) == whole
    # a paragraph and its own sentences in one batch (shared words) give each text its own ids
    paragraph = TEXTS[0] + " " + TEXTS[7]
    batch = [paragraph, TEXTS[0], TEXTS[7]]
    assert embedder._ids(batch) == [
        e.ids for e in embedder.tokenizer.encode_batch(batch, add_special_tokens=False)
    ]


def test_embeddings_are_the_same_with_and_without_the_word_cache(embedder, monkeypatch):
    fast = embedder.embed(TEXTS)
    monkeypatch.setattr(embedder, "_words", None)
    assert np.array_equal(fast, embedder.embed(TEXTS))
