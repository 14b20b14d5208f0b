"""``manage.py evaluate GOLD.json --corpus DIR``: score the pipeline against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from narratives.management.commands.extract import knowledge_for_commands
from narratives.nlp.evaluation import evaluate, format_report
from narratives.nlp.output import result_to_dict


class Command(BaseCommand):
    help = (
        "Score claim detection, who-said-what, speaker/event/stance accuracy and figure recall "
        "against a gold file (schema of narratives/data/gold/README.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", metavar="GOLD.json")
        parser.add_argument(
            "--corpus", metavar="DIR", help="folder of the article files (default: ../corpus)"
        )
        parser.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
        parser.add_argument(
            "--details", action="store_true", help="also list misses, extras and wrong speakers"
        )

    def handle(self, *args, gold: str, corpus: str | None = None, **options):
        from narratives.nlp.pipeline import extract_many
        from narratives.nlp.registry import same_person

        gold_path = Path(gold)
        if not gold_path.exists():
            raise CommandError(f"no gold file {gold}")
        corpus_dir = Path(corpus) if corpus else gold_path.resolve().parent.parent / "corpus"
        knowledge = knowledge_for_commands()

        def run(texts):
            results = extract_many(texts, knowledge)
            return [(d["claims"], d["figures"]) for d in (result_to_dict("", r) for r in results)]

        try:
            report = evaluate(gold_path, corpus_dir, run, same_person)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"cannot evaluate: {exc}") from exc
        if options.get("json"):
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(format_report(report))
        if options.get("details"):
            for name, counts in report.articles:
                self.stdout.write(f"\n{name}")
                for j, text in counts.misses:
                    self.stdout.write(f"  missed  #{j}: {text}")
                for start, text in counts.extras:
                    self.stdout.write(f"  extra   @{start}: {text}")
                for text, want, got in counts.wrong_speakers:
                    self.stdout.write(f"  speaker {got!r} (gold {want!r}): {text}")
