"""A synthetic corpus for load and benchmark work, outside the app.

    python -m bench.make_synthetic --articles N [--claims-per-article M] [--jsonl PATH]

Writes into the database that DATABASE_URL names (SQLite by default), or with ``--jsonl`` writes JSON lines
for ``manage.py import_articles`` instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_synthetic",
        description="Write N synthetic articles with M claims each (invented actors, outlets, events).",
    )
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--events", type=int, default=3, help="Synthetic events the claims spread over.")
    parser.add_argument("--actors", type=int, default=150)
    parser.add_argument("--outlets", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quiet", action="store_true", help="No progress bar or summary.")
    parser.add_argument(
        "--jsonl", metavar="PATH", help="Write the articles as JSON lines for import_articles instead."
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, *, out=sys.stdout, err=sys.stderr) -> int:
    opts = parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "narratives.settings")
    import django

    django.setup()
    from tqdm import tqdm

    from bench import synthetic

    started = time.perf_counter()
    if opts.jsonl:
        n = synthetic.write_jsonl(
            opts.jsonl,
            articles=opts.articles,
            claims_per_article=opts.claims_per_article,
            seed=opts.seed,
            actors=opts.actors,
            outlets=opts.outlets,
        )
        if not opts.quiet:
            print(f"Wrote {n} synthetic articles to {opts.jsonl}.", file=out)
        return 0
    with tqdm(
        total=opts.articles,
        unit="article",
        disable=opts.quiet,
        file=err,
        ncols=shutil.get_terminal_size((100, 24)).columns,
    ) as bar:
        summary = synthetic.generate(
            articles=opts.articles,
            claims_per_article=opts.claims_per_article,
            events=opts.events,
            actors=opts.actors,
            outlets=opts.outlets,
            seed=opts.seed,
            progress=bar.update,
        )
    if not opts.quiet:
        print(
            f"{summary.articles} articles, {summary.claims} claims, {summary.figures} figures "
            f"({summary.actors} actors, {summary.outlets} outlets, events: {', '.join(summary.events)}) "
            f"in {time.perf_counter() - started:.1f} s.",
            file=out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
