"""``manage.py load_events FILE.json``: create or update events and positions from their definitions."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from narratives.nlp.definitions import DefinitionError, parse_definitions
from narratives.services.definitions import load_definitions


class Command(BaseCommand):
    help = (
        "Create or update events and their positions by slug from a definitions file "
        '({"events": [{slug, title, description, start_date, end_date, positions: [...]}]}). Idempotent.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            events = parse_definitions(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except DefinitionError as exc:
            raise CommandError(str(exc)) from exc
        summary = load_definitions(events=events)
        self.stdout.write(f"Events and positions from {path.name}: {summary.describe()}.")
        if summary.created or summary.updated:
            self.stdout.write(
                "Stored claims keep their places until re-classified: open Manage events → Re-classify."
            )
