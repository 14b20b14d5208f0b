"""A synthetic corpus for load and benchmark work: ``make_synthetic --articles N --claims-per-article M``."""

from __future__ import annotations

import shutil
import time

from django.core.management.base import BaseCommand

from narratives import synthetic


class Command(BaseCommand):
    help = "Write N synthetic articles with M claims each (invented actors, outlets, events, figures)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--claims-per-article", type=int, default=10)
        parser.add_argument("--events", type=int, default=3, help="Synthetic events the claims spread over.")
        parser.add_argument("--actors", type=int, default=150)
        parser.add_argument("--outlets", type=int, default=12)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--jsonl", metavar="PATH", help="Write the articles as JSON lines for import_articles instead."
        )

    def handle(self, *args, **opts):
        started = time.perf_counter()
        if opts["jsonl"]:
            n = synthetic.write_jsonl(
                opts["jsonl"],
                articles=opts["articles"],
                claims_per_article=opts["claims_per_article"],
                seed=opts["seed"],
                actors=opts["actors"],
                outlets=opts["outlets"],
            )
            self.stdout.write(f"Wrote {n} synthetic articles to {opts['jsonl']}.")
            return
        from tqdm import tqdm

        with tqdm(
            total=opts["articles"],
            unit="article",
            disable=opts["verbosity"] < 1,
            file=self.stderr._out,
            ncols=shutil.get_terminal_size((100, 24)).columns,
        ) as bar:
            summary = synthetic.generate(
                articles=opts["articles"],
                claims_per_article=opts["claims_per_article"],
                events=opts["events"],
                actors=opts["actors"],
                outlets=opts["outlets"],
                seed=opts["seed"],
                progress=bar.update,
            )
        elapsed = time.perf_counter() - started
        if opts["verbosity"] >= 1:
            self.stdout.write(
                f"{summary.articles} articles, {summary.claims} claims, {summary.figures} figures "
                f"({summary.actors} actors, {summary.outlets} outlets, events: {', '.join(summary.events)}) "
                f"in {elapsed:.1f} s."
            )
