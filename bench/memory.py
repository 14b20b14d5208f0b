"""Benchmark 4: peak RSS of a worker processing 1,000 articles, and its growth per article.

The articles go through the Celery task exactly as a pool process runs it (``extract_article_task.apply``),
on a throwaway SQLite database. RSS is sampled after every article; growth is the least-squares slope
after the first 100 articles (model loading and caches warming are not growth).
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from bench.common import migrate_and_load_reference, note, result, rss_mb, setup_django

ARTICLES = int(os.environ.get("BENCH_MEMORY_ARTICLES", "1000"))
WARM = min(100, ARTICLES // 5)
GROWTH_LIMIT_KB = 10.0  # per article, after warm-up


def slope(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        setup_django(f"sqlite:///{Path(tmp) / 'memory.sqlite3'}")
        logging.getLogger("celery").setLevel(logging.WARNING)  # no line per task
        migrate_and_load_reference()
        from bench import synthetic
        from narratives.models import Article
        from narratives.nlp.pipeline import get_nlp
        from narratives.tasks import extract_article_task

        synthetic.generate(articles=ARTICLES, claims_per_article=4, events=1)
        # Re-queue them as fresh uploads: no claims, status pending.
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        Article.objects.update(status=Article.Status.PENDING, extractor_version="")
        from narratives.models import Claim, Figure

        Figure.objects.all().delete()
        Claim.objects.all().delete()
        words = sum(len(t.split()) for t in Article.objects.values_list("text", flat=True))
        start_rss = rss_mb()
        samples: list[float] = []
        vocab: list[tuple[int, int]] = []  # spaCy lexemes and strings after each article
        for pk in ids:
            extract_article_task.apply(args=[pk])
            samples.append(rss_mb())
            nlp = get_nlp()
            vocab.append((len(nlp.vocab), len(nlp.vocab.strings)))
        done = Article.objects.filter(status=Article.Status.DONE).count()
        assert done == len(ids), f"{len(ids) - done} articles did not finish"
        xs = list(range(WARM, len(samples)))
        growth_kb = slope(xs, samples[WARM:]) * 1024
        verdict = "OK" if growth_kb <= GROWTH_LIMIT_KB else "GROWING"
        note(
            f"RSS before: {start_rss:.0f} MiB, after {WARM}: {samples[WARM]:.0f} MiB, "
            f"end: {samples[-1]:.0f} MiB"
        )
        # spaCy keeps a lexeme and a string per new word form for the life of the process: a known growth,
        # part of the slope, counted so it can be told apart.
        n = len(ids) - 1 - WARM
        lexemes, strings = (vocab[-1][i] - vocab[WARM][i] for i in (0, 1))
        note(
            f"spaCy vocab after warm-up: +{lexemes:,} lexemes, +{strings:,} strings "
            f"({lexemes / max(n, 1):.2f} and {strings / max(n, 1):.2f} per article)"
        )
        result(
            f"memory: worker peak RSS {max(samples):.0f} MiB over {len(ids):,} articles ({words:,} words); "
            f"after warm-up {samples[WARM]:.0f} -> {samples[-1]:.0f} MiB, "
            f"growth {growth_kb:+.1f} KiB/article (limit {GROWTH_LIMIT_KB:.0f}) {verdict}"
        )


if __name__ == "__main__":
    main()
