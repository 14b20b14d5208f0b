"""``manage.py evaluate GOLD.json --corpus DIR [--events EVENTS.json] [--learn-folds N] [--format json]``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from narratives.management.commands.extract import knowledge_for_commands
from narratives.nlp.evaluation import cross_validate, evaluate, format_report
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
        parser.add_argument(
            "--events",
            metavar="EVENTS.json",
            help='event definitions ({"events": [...]}, see narratives/nlp/definitions.py) used instead '
            "of the demo's and the database's",
        )
        parser.add_argument(
            "--learn-folds",
            type=int,
            default=0,
            metavar="N",
            help="also score event/stance with N-fold cross-validation by article, the other folds' gold "
            "labels acting as analysts' corrections",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
        parser.add_argument(
            "--details",
            action="store_true",
            help="also list misses, extras, wrong speakers and wrong event/position placements",
        )

    def handle(self, *args, gold: str, corpus: str | None = None, **options):
        from narratives.nlp.pipeline import extract_many
        from narratives.nlp.registry import same_person

        gold_path = Path(gold)
        if not gold_path.exists():
            raise CommandError(f"no gold file {gold}")
        corpus_dir = Path(corpus) if corpus else gold_path.resolve().parent.parent / "corpus"
        knowledge = knowledge_for_commands(options.get("events"))
        texts_seen: list[str] = []
        outputs: list[list[dict]] = []

        def run(texts):
            out = []
            for text, result in zip(texts, extract_many(texts, knowledge), strict=True):
                claims = result_to_dict("", result)["claims"]
                for claim, extracted in zip(claims, result.claims, strict=True):
                    claim["sentence"] = extracted.sentence
                texts_seen.append(text)
                outputs.append(claims)
                out.append((claims, result_to_dict("", result)["figures"]))
            return out

        try:
            report = evaluate(gold_path, corpus_dir, run, same_person)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"cannot evaluate: {exc}") from exc
        learned = None
        if options.get("learn_folds"):
            data = json.loads(gold_path.read_text(encoding="utf-8"))
            articles = data["articles"] if isinstance(data, dict) else data
            learned = cross_validate(
                articles, texts_seen, outputs, knowledge, options["learn_folds"], same_person
            )
        if options.get("format") == "json":
            total = report.total
            out = {
                "event_acc": round(total.accuracy(total.event_ok), 4),
                "stance_acc": round(total.accuracy(total.stance_ok), 4),
                **report.as_dict(),
            }
            if learned is not None:
                out["event_acc_learned"] = round(learned.accuracy(learned.event_ok), 4)
                out["stance_acc_learned"] = round(learned.accuracy(learned.stance_ok), 4)
                out["learn_folds"] = options["learn_folds"]
            self.stdout.write(json.dumps(out, indent=2))
            return
        if options.get("json"):
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(format_report(report))
        if learned is not None:
            self.stdout.write(
                f"\nwith labels ({options['learn_folds']}-fold by article): "
                f"event {learned.accuracy(learned.event_ok):.2f}  "
                f"stance {learned.accuracy(learned.stance_ok):.2f}"
            )
        if options.get("details"):
            for name, counts in report.articles:
                self.stdout.write(f"\n{name}")
                for j, text in counts.misses:
                    self.stdout.write(f"  missed  #{j}: {text}")
                for start, text in counts.extras:
                    self.stdout.write(f"  extra   @{start}: {text}")
                for text, want, got in counts.wrong_speakers:
                    self.stdout.write(f"  speaker {got!r} (gold {want!r}): {text}")
                for text, want, got in counts.wrong_placements:
                    self.stdout.write(
                        f"  placed  {'/'.join(map(str, got))} (gold {'/'.join(map(str, want))}): {text}"
                    )
