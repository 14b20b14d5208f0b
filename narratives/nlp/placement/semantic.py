"""Topic similarity: static sentence embeddings, loaded lazily once per process, never downloaded.

The embedder is WordLlama's 256-dimension model, whose weights ship inside the ``wordllama`` wheel
(see docs/positions.md for the comparison with model2vec and spaCy vectors). Its loader is pointed at the
package's own folder with downloads disabled, so nothing is fetched at run time. Without the package (or
with ``PARALLAX_EMBEDDINGS=hash``) a hashed bag of word stems stands in: cruder, but the classifier keeps
working.
"""

from __future__ import annotations

import os
import re
import zlib
from functools import cache
from itertools import chain

import numpy as np

from ..lexicon import word_set
from ..terms import tokenize

DIM = 256
_STOP = word_set("terms", "hash_stop_words")


class HashEmbedder:
    """A bag of word stems hashed into DIM buckets: the fallback when no embedding model is installed."""

    name = "hash"

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in tokenize(text):
                if tok.boundary or tok.low in _STOP:
                    continue
                h = zlib.crc32(tok.stem.encode())
                out[row, h % DIM] += 1.0 if (h >> 16) & 1 else -1.0
        return _normalise(out)


class WordLlamaEmbedder:
    name = "wordllama"

    def __init__(self) -> None:
        from pathlib import Path

        # The Rust tokenizer's thread pool does not survive a fork (spaCy's n_process, Celery's prefork
        # pool): a forked child that tokenizes can hang. Our batches are a few sentences: one thread does.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import wordllama
        from wordllama import WordLlama

        folder = Path(wordllama.__file__).resolve().parent
        model = WordLlama.load(dim=DIM, cache_dir=folder, disable_download=True)
        self.table = model.embedding  # (vocabulary, DIM) float32
        # WordLlama.embed pads each batch to its longest text: a paragraph beside short claims made it
        # multiply mostly padding. Unpadded ids, summed per text, give the same mean.
        self.tokenizer = model.tokenizer
        self.tokenizer.no_padding()
        # The BPE model caches up to 10,000 words, filled by the first ~1,000 articles and never emptied:
        # a worker grew ~10 MiB before it levelled off. Tokenizing costs the same without it (measured).
        resize = getattr(self.tokenizer.model, "_resize_cache", None)
        if resize is not None:
            resize(0)
        # the same ids without character offsets, which nothing here reads: a quarter less tokenizing time
        self._encode = getattr(self.tokenizer, "encode_batch_fast", self.tokenizer.encode_batch)
        self._words = _sentencepiece_words(self.tokenizer)

    def _ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text. A batch holds a paragraph, its sentences and its claims: the same words
        over and over. With a SentencePiece-style tokenizer no token crosses a word (a "▁" opens each), so
        each distinct word is tokenized once and the ids are the same as the whole text's (tested)."""
        if self._words is None:
            return [e.ids for e in self._encode(texts, add_special_tokens=False)]
        tokenize = self.tokenizer.model.tokenize
        known: dict[str, list[int]] = {}
        out = []
        for text in texts:
            ids: list[int] = []
            if text:
                for word in self._words.findall("\u2581" + text.replace(" ", "\u2581")):
                    found = known.get(word)
                    if found is None:
                        found = known[word] = [t.id for t in tokenize(word)]
                    ids += found
            out.append(ids)
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        per_text = self._ids(texts)
        lengths = np.array([len(t) for t in per_text], dtype=np.int64)
        ids = np.fromiter(chain.from_iterable(per_text), dtype=np.int64, count=int(lengths.sum()))
        np.clip(ids, 0, len(self.table) - 1, out=ids)
        rows = self.table[ids]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
            out[filled] = np.add.reduceat(rows, starts, axis=0) / lengths[filled, None]
        return _normalise(out)


def _sentencepiece_words(tokenizer) -> re.Pattern | None:
    """The word pattern for :meth:`WordLlamaEmbedder._ids`, if the tokenizer is what it assumes: no
    pre-tokenizer, and a normaliser that only prepends "▁" and turns spaces into "▁"; else None."""
    normalizer = str(tokenizer.normalizer)
    expected = (
        'Sequence(normalizers=[Prepend(prepend="\u2581"), Replace(pattern=String(" "), content="\u2581")])'
    )
    if tokenizer.pre_tokenizer is not None or normalizer != expected:
        return None
    return re.compile("\u2581*[^\u2581]+|\u2581+")


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.maximum(norms, 1e-9)


@cache
def get_embedder():
    """The process's embedder (loaded on first use)."""
    if os.environ.get("PARALLAX_EMBEDDINGS", "").lower() != "hash":
        try:
            return WordLlamaEmbedder()
        except Exception:  # noqa: BLE001 - missing package or weights: fall back, never download
            pass
    return HashEmbedder()


class EmbeddingCache:
    """Embeddings of one document's texts (claims, sentences, paragraphs recur), computed once each."""

    __slots__ = ("embedder", "vectors")

    def __init__(self, embedder=None) -> None:
        self.embedder = embedder or get_embedder()
        self.vectors: dict[str, np.ndarray] = {}

    def get(self, *texts: str) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self.vectors[text] = vector
        return [self.vectors[t] for t in texts]
