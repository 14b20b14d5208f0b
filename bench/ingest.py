"""Benchmark 2: articles/s of import_articles (parse, extract, write) on one database, side by side with
bare nlp.pipe and with extraction alone (extract_many, no writes) on the same texts.

What import_articles adds to extraction is also timed alone: the same import with spaCy's part replayed
from the extraction round (reading, hashing, dedupe, writes; median of several), a short run that the
machine's load hardly blurs, unlike the difference of two long ones.

Usage: python -m bench.ingest sqlite|postgres
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from bench.common import (
    bench_articles,
    migrate_and_load_reference,
    note,
    pg_available,
    pg_create,
    pg_drop,
    result,
    setup_django,
    timed,
)

WORDS = int(os.environ.get("BENCH_INGEST_WORDS", "30000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
REPLAYS = int(os.environ.get("BENCH_REPLAYS", "7"))
TARGET = 0.15  # database writes over extraction alone
IMPORT_TARGET = 1.15  # import_articles over bare nlp.pipe (issue 15)


def run(backend: str, tmp: Path) -> None:
    articles = bench_articles(WORDS, seed=11)
    path = tmp / "ingest.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    from django.conf import settings

    from narratives.intake.batch import read_records

    # The texts as import_articles extracts them (intake drops dateline markers and the like).
    texts = [r.text for r in read_records([path], max_bytes=settings.NARRATIVES_MAX_UPLOAD_BYTES)]
    words = sum(len(t.split()) for t in texts)
    migrate_and_load_reference()

    import spacy
    from django.core.management import call_command

    from narratives.models import Article, Claim
    from narratives.nlp.pipeline import extract_many, get_nlp, model_name
    from narratives.services import load_knowledge

    bare = spacy.load(model_name())
    get_nlp()
    knowledge = load_knowledge()  # what import_articles uses: the database's sides, actors and events
    deque(bare.pipe(texts[-2:]), maxlen=0)
    deque(extract_many(texts[-2:], knowledge), maxlen=0)

    from narratives.models import Actor

    first_actor = Actor.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # Each round times the three side by side; the best of each is kept (contention only ever adds time).
    t_extract = t_import = t_bare = float("inf")
    results = []

    def reset() -> None:
        Article.objects.all().delete()
        Actor.objects.filter(pk__gt=first_actor).delete()

    def extract_all() -> None:
        results[:] = extract_many(texts, knowledge, batch_size=16)  # kept for the replay below

    for round_no in range(ROUNDS):
        if round_no:
            reset()
        t_extract = min(t_extract, timed(extract_all))
        out = StringIO()
        t_import = min(
            t_import,
            timed(lambda out=out: call_command("import_articles", str(path), "--no-progress", stdout=out)),
        )
        t_bare = min(t_bare, timed(lambda: deque(bare.pipe(texts, batch_size=16), maxlen=0)))
        stored = Article.objects.filter(status=Article.Status.DONE).count()
        assert stored == len(articles), out.getvalue()
    rerun = StringIO()
    call_command("import_articles", str(path), "--no-progress", stdout=rerun)
    assert "Imported 0 articles" in rerun.getvalue(), rerun.getvalue()
    t_rest = replayed(path, dict(zip(texts, results, strict=True)), reset)

    writes = t_import / t_extract - 1
    verdict = "OK" if writes <= TARGET else "ABOVE TARGET"
    factor = t_import / t_bare
    import_verdict = "OK" if factor <= IMPORT_TARGET else "ABOVE TARGET"
    result(
        f"ingest on {backend}: import_articles {len(articles) / t_import:.2f} articles/s "
        f"({len(articles)} articles, {words:,} words, {Claim.objects.count():,} claims); "
        f"vs extraction alone: database writes add {writes:+.1%} (target <= {TARGET:.0%}) {verdict}; "
        f"vs bare nlp.pipe ({len(articles) / t_bare:.2f} articles/s): import takes {factor:.2f}x "
        f"(target <= {IMPORT_TARGET:.2f}x) {import_verdict}; "
        f"re-run imported 0; best of {ROUNDS}; "
        f"without spaCy (replayed) import_articles takes {t_rest:.2f} s, {t_rest / len(articles) * 1000:.1f} "
        f"ms/article, {t_rest / t_extract:.1%} of extraction alone (best of {REPLAYS})"
    )


def replayed(path: Path, results: dict, reset: Callable[[], None]) -> float:
    """Best seconds of import_articles with extract_many replaying ``results``: all but spaCy."""
    from unittest import mock

    from django.core.management import call_command

    def replay(texts, knowledge, **options):
        for text in texts:
            yield results[text]

    times = []
    with mock.patch("narratives.nlp.pipeline.extract_many", replay):
        for _ in range(REPLAYS):
            reset()
            out = StringIO()
            times.append(
                timed(lambda out=out: call_command("import_articles", str(path), "--no-progress", stdout=out))
            )
            assert f"Imported {len(results)} articles" in out.getvalue(), out.getvalue()
    return min(times)  # as the rounds above: contention only ever adds time


def main() -> None:
    backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        if backend == "sqlite":
            setup_django(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            run("SQLite", Path(tmp))
            return
        reason = pg_available()
        if reason:
            result(f"ingest on PostgreSQL: n/a, PostgreSQL not reachable ({reason})")
            return
        name, url = pg_create()
        note(f"PostgreSQL bench database {name}")
        try:
            setup_django(url)
            run("PostgreSQL", Path(tmp))
        finally:
            from django.db import connections

            connections.close_all()
            pg_drop(name)


if __name__ == "__main__":
    main()
