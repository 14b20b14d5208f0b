"""Benchmark 1: words/s of the full Parallax pipeline against bare en_core_web_sm nlp.pipe, same texts.

Run side by side in one process, 1 and 2 processes, so the ratio holds on a noisy machine.
"""

from __future__ import annotations

import os
from collections import deque

from bench.common import bench_articles, note, result, setup_django, timed

WORDS = int(os.environ.get("BENCH_WORDS", "100000"))
TARGET = 0.80


def main() -> None:
    setup_django("sqlite://:memory:")
    import spacy

    from narratives.nlp.knowledge import demo_knowledge
    from narratives.nlp.pipeline import extract_many, get_nlp, model_name

    texts = [a["text"] for a in bench_articles(WORDS)]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(model_name())  # the trained pipeline as shipped, no Parallax components
    full = get_nlp()
    knowledge = demo_knowledge()
    note(f"{len(texts)} texts, {words} words; bare: {bare.pipe_names}; full: {full.pipe_names}")
    # Warm both (lazy loads, caches) on other texts before timing.
    deque(bare.pipe(texts[-3:]), maxlen=0)
    deque(extract_many(texts[-3:], knowledge), maxlen=0)

    for n in (1, 2):
        t_bare = timed(lambda n=n: deque(bare.pipe(texts, n_process=n, batch_size=16), maxlen=0))
        t_full = timed(
            lambda n=n: deque(extract_many(texts, knowledge, n_process=n, batch_size=16), maxlen=0)
        )
        ratio = t_bare / t_full
        verdict = "OK" if ratio >= TARGET else "BELOW TARGET"
        result(
            f"extraction, {n} process{'es' if n > 1 else ''}: full pipeline {words / t_full:,.0f} words/s, "
            f"bare nlp.pipe {words / t_bare:,.0f} words/s ({words:,} words): "
            f"ratio {ratio:.2f} (target >= {TARGET}) {verdict}"
        )


if __name__ == "__main__":
    main()
