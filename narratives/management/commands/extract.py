"""``manage.py extract PATH [PATH ...] --format json``: run the pipeline on text files, read-only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from narratives.nlp.knowledge import demo_knowledge, merge
from narratives.nlp.output import result_to_dict
from narratives.nlp.types import Knowledge


def read_text(path: str | Path) -> str:
    """The file's text as read: UTF-8, newlines untouched, so offsets index the file's characters."""
    return Path(path).read_bytes().decode("utf-8")


def database_knowledge() -> Knowledge | None:
    """The database's actors/events/positions, or None when there is no migrated database.

    Never creates a database: a missing SQLite file is left missing, and nothing is written.
    """
    from django.db import DatabaseError, connection

    settings = connection.settings_dict
    name = str(settings.get("NAME") or "")
    if settings.get("ENGINE", "").endswith("sqlite3"):
        in_memory = name in ("", ":memory:") or name.startswith("file:") or "mode=memory" in name
        if not in_memory and not Path(name).exists():
            return None
    try:
        from narratives import services
        from narratives.models import Actor

        if Actor._meta.db_table not in connection.introspection.table_names():
            return None
        return services.load_knowledge()
    except (DatabaseError, ImportError):
        return None


def knowledge_for_commands(events: str | Path | None = None) -> Knowledge:
    """The load_demo reference data, overlaid with whatever the database holds; with ``events`` (a file of
    event definitions, see ``narratives/nlp/definitions.py``) its events replace all others.

    Raises CommandError when the definitions cannot be read."""
    db = database_knowledge()
    knowledge = merge(demo_knowledge(), db) if db is not None else demo_knowledge()
    if events is None:
        return knowledge
    from narratives.nlp.definitions import DefinitionError, parse_definitions

    try:
        parsed = parse_definitions(Path(events).read_text(encoding="utf-8"))
    except (OSError, DefinitionError) as exc:
        raise CommandError(f"cannot read {events}: {exc}") from exc
    return replace(knowledge, events=parsed)


class Command(BaseCommand):
    help = "Extract attributed claims and figures from UTF-8 text files and print them as one JSON list."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--events",
            metavar="EVENTS.json",
            help="event definitions to use instead of the demo's and the database's",
        )

    def handle(self, *args, paths: list[str], **options):
        from narratives.nlp.pipeline import extract_many

        texts = []
        for path in paths:
            try:
                texts.append(read_text(path))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"cannot read {path}: {exc}") from exc
        knowledge = knowledge_for_commands(options.get("events"))
        out = [
            result_to_dict(path, result)
            for path, result in zip(paths, extract_many(texts, knowledge), strict=False)
        ]
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
