"""The demo corpus and its reference data, loaded idempotently (``manage.py load_demo``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from ..intake import read_file
from ..models import Actor, Article, Outlet, Side
from ..nlp.definitions import parse_definitions
from .actors import add_alias
from .definitions import load_definitions
from .ingest import ingest_article
from .sources import get_or_create_outlet, text_hash

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_DIR = DATA_DIR / "demo"
CORPUS_DIR = DATA_DIR / "corpus"


def read_json(name: str) -> list[dict]:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


@dataclass
class DemoSummary:
    created: dict[str, int] = field(default_factory=dict)
    articles_added: list[str] = field(default_factory=list)

    def bump(self, model: str, created: bool) -> None:
        if created:
            self.created[model] = self.created.get(model, 0) + 1


def _upsert(model, lookup: dict, defaults: dict, *, refresh: bool):
    """Create a row; overwrite an existing one only on refresh, since analysts edit this data."""
    if refresh:
        return model.objects.update_or_create(**lookup, defaults=defaults)
    return model.objects.get_or_create(**lookup, defaults=defaults)


def _load_reference(summary: DemoSummary, *, refresh: bool) -> None:
    for row in read_json("sides.json"):
        _, created = _upsert(
            Side,
            {"slug": row["slug"]},
            {"name": row["name"], "color": row["color"], "terms": row.get("terms", [])},
            refresh=refresh,
        )
        summary.bump("sides", created)

    for row in read_json("outlets.json"):
        fields = {k: row.get(k, "") for k in ("domain", "country", "affiliation", "note")}
        outlet = Outlet.objects.filter(name__iexact=row["name"]).first()
        if outlet is None:
            outlet = get_or_create_outlet(name=row["name"])
            summary.bump("outlets", True)
        elif not refresh:
            continue
        Outlet.objects.filter(pk=outlet.pk).update(**fields)

    sides = {s.name: s for s in Side.objects.all()}
    rows = read_json("actors.json")
    actors: dict[str, tuple[Actor, bool]] = {}
    for row in rows:
        actor = Actor.objects.active().filter(name=row["name"]).first()
        fresh = actor is None
        if fresh:
            actor = Actor(name=row["name"])
            summary.bump("actors", True)
        if fresh or refresh:
            actor.kind = row.get("kind", Actor.Kind.PERSON)
            actor.role = row.get("role", "")
            actor.side = sides.get(row.get("side")) if row.get("side") else None
            actor.save()
        actors[row["name"]] = (actor, fresh or refresh)
    for row in rows:
        actor, writable = actors[row["name"]]
        org = row.get("organization")
        if writable:
            actor.organization = actors[org][0] if org and org != row["name"] and org in actors else None
            actor.save(update_fields=["organization"])
        for name in [row["name"], *row.get("aliases", [])]:
            add_alias(actor=actor, name=name)

    events = parse_definitions((DEMO_DIR / "events.json").read_text(encoding="utf-8"))
    loaded = load_definitions(events=events, overwrite=refresh)
    for name in loaded.created:
        summary.bump("positions" if "/" in name else "events", True)


def load_demo(*, refresh: bool = False) -> DemoSummary:
    """Load sides, outlets, actors, events and the five sample articles; a second run changes nothing.

    Existing rows are left as analysts edited them unless ``refresh`` asks to reset them to the shipped data.
    """
    summary = DemoSummary()
    with transaction.atomic():
        _load_reference(summary, refresh=refresh)
    for row in read_json("articles.json"):
        path = CORPUS_DIR / row["file"]
        document = read_file(path.read_bytes(), path.name)
        # The raw file's hash too: databases loaded before intake removed the date marker hold that text.
        raw = path.read_text(encoding="utf-8")
        if Article.objects.filter(text_hash__in=[text_hash(document.text), text_hash(raw)]).exists():
            continue
        result = ingest_article(
            text=document.text,
            outlet_name=row["outlet"],
            title=row.get("title") or document.title,
            published=date.fromisoformat(row["published"]) if row.get("published") else document.published,
            url=row.get("url", ""),
        )
        if result.created:
            summary.articles_added.append(row["file"])
    return summary
