"""``manage.py dump_events [--output FILE]``: every event and its positions in the definitions format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from narratives.nlp.definitions import dump_definitions
from narratives.services.definitions import event_entries


class Command(BaseCommand):
    help = "Write every event and its positions as definitions JSON (the format load_events reads)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE", help="Write here instead of standard output.")

    def handle(self, *args, output: str | None = None, **options):
        text = dump_definitions(event_entries())
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
