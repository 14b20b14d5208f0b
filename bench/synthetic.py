"""A synthetic corpus for benchmarks and load tests (`python -m bench.make_synthetic`); not part of the app.

Invented countries, people and outlets, so nothing here can be mistaken for a real quote. Articles read
like wire copy: a dateline, narrative sentences, direct quotes and reported speech by named officials, and
figures. Every claim and figure keeps exact character offsets into its article, as extraction would.
Generation is pure Python and seeded; writing uses bulk_create in batches.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from bench.synthetic_text import (  # make_actors and make_article are part of this module's API
    AFFILIATIONS,
    OUTLET_WORDS,
    SIDES,
    TOPICS,
    make_actors,
    make_article,
)
from narratives.models import Actor, ActorAlias, Article, Claim, Event, Figure, Origin, Outlet, Position, Side
from narratives.services import text_hash

__all__ = ["SyntheticSummary", "generate", "make_actors", "make_article", "write_jsonl"]


@dataclass
class SyntheticSummary:
    articles: int = 0
    claims: int = 0
    figures: int = 0
    actors: int = 0
    outlets: int = 0
    events: list[str] = field(default_factory=list)


def _reference(rng: random.Random, *, n_actors: int, n_outlets: int, n_events: int):
    sides = []
    for name, color, terms in SIDES:
        side, _ = Side.objects.get_or_create(
            slug=f"synthetic-{name.lower().replace(' ', '-')}",
            defaults={"name": name, "color": color, "terms": terms},
        )
        sides.append(side)
    outlets = []
    for i in range(n_outlets):
        side_name = SIDES[i % len(SIDES)][0]
        name = f"{side_name} {OUTLET_WORDS[(i // len(SIDES)) % len(OUTLET_WORDS)]}" + (
            f" {i // (len(SIDES) * len(OUTLET_WORDS)) + 1}" if i >= len(SIDES) * len(OUTLET_WORDS) else ""
        )
        outlet, _ = Outlet.objects.get_or_create(
            name=name,
            defaults={
                "slug": "synthetic-" + name.lower().replace(" ", "-"),
                "country": side_name,
                "affiliation": AFFILIATIONS[i % len(AFFILIATIONS)],
                "note": "Synthetic outlet for load tests.",
            },
        )
        outlets.append(outlet)
    events = []
    for i in range(n_events):
        slug, title, terms, positions = TOPICS[i % len(TOPICS)]
        suffix = "" if i < len(TOPICS) else f"-{i // len(TOPICS) + 1}"
        event, _ = Event.objects.get_or_create(
            slug=f"synthetic-{slug}{suffix}",
            defaults={
                "title": f"{title}{suffix.replace('-', ' #')}",
                "terms": terms,
                "description": "Synthetic event for load tests.",
                "start_date": date(2031, 1, 1),
            },
        )
        event_positions = []
        for order, (p_slug, label, cues) in enumerate(positions):
            position, _ = Position.objects.get_or_create(
                event=event, slug=p_slug, defaults={"label": label, "cue_terms": cues, "order": order}
            )
            event_positions.append(position)
        events.append((event, event_positions))
    pool = make_actors(rng, n_actors)
    existing = {a.name: a for a in Actor.objects.filter(name__in=[a.name for a in pool])}
    new = [
        Actor(name=a.name, role=a.role, side=sides[a.side], kind=Actor.Kind.PERSON, origin=Origin.MACHINE)
        for a in pool
        if a.name not in existing
    ]
    Actor.objects.bulk_create(new, batch_size=1000)
    actor_rows = {**existing, **{a.name: a for a in new}}
    ActorAlias.objects.bulk_create(
        [ActorAlias(actor=a, name=a.name, normalized=f"synthetic:{a.name.lower()}") for a in new],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return pool, [actor_rows[a.name] for a in pool], outlets, events


def generate(
    *,
    articles: int,
    claims_per_article: int,
    events: int = 3,
    actors: int = 150,
    outlets: int = 12,
    seed: int = 1,
    batch: int = 500,
    progress=None,
) -> SyntheticSummary:
    """Write ``articles`` synthetic articles with their claims and figures. Safe to run repeatedly."""
    rng = random.Random(seed)
    summary = SyntheticSummary()
    with transaction.atomic():
        pool, actor_rows, outlet_rows, event_rows = _reference(
            rng, n_actors=actors, n_outlets=outlets, n_events=events
        )
    summary.actors, summary.outlets = len(actor_rows), len(outlet_rows)
    summary.events = [e.slug for e, _ in event_rows]
    # Serial numbers continue after earlier runs, so a second run adds new texts instead of duplicates.
    first = Article.objects.filter(extractor_version="synthetic").count()
    now = timezone.now()
    for offset in range(0, articles, batch):
        generated = [
            make_article(
                rng,
                serial=first + offset + i,
                claims=claims_per_article,
                actors=pool,
                outlets=len(outlet_rows),
                topics=list(range(len(event_rows))),
                start=date(2031, 1, 1),
            )
            for i in range(min(batch, articles - offset))
        ]
        with transaction.atomic():
            summary_batch = _write_batch(generated, actor_rows, outlet_rows, event_rows, now)
        summary.articles += summary_batch[0]
        summary.claims += summary_batch[1]
        summary.figures += summary_batch[2]
        if progress:
            progress(len(generated))
    return summary


def _write_batch(generated, actor_rows, outlet_rows, event_rows, now) -> tuple[int, int, int]:
    hashes = {text_hash(a.text): a for a in generated}
    taken = set(Article.objects.filter(text_hash__in=list(hashes)).values_list("text_hash", flat=True))
    fresh = [(h, a) for h, a in hashes.items() if h not in taken]
    rows = Article.objects.bulk_create(
        [
            Article(
                outlet=outlet_rows[a.outlet],
                title=a.title[:500],
                published=a.published,
                text=a.text,
                text_hash=h,
                status=Article.Status.DONE,
                extractor_version="synthetic",
                extracted_at=now,
            )
            for h, a in fresh
        ]
    )
    claims, figures = [], []
    for row, (_, art) in zip(rows, fresh, strict=True):
        for c in art.claims:
            event, positions = event_rows[c.topic]
            claim = Claim(
                article=row,
                speaker=actor_rows[c.speaker],
                speaker_mention=c.mention[:300],
                speaker_start=c.mention_start,
                speaker_end=c.mention_start + len(c.mention),
                cue=c.cue,
                kind=c.kind,
                content=c.content,
                start=c.start,
                end=c.end,
                sentence=c.sentence,
                event=event,
                position=positions[c.position],
                confidence=0.5 + 0.49 * ((c.start * 7919) % 100) / 100,
                fingerprint=hashlib.sha1(f"{row.text_hash}:{c.start}".encode()).hexdigest(),
                origin=Origin.MACHINE,
            )
            claim.fill_copies()
            claims.append(claim)
            if c.figure:
                start, end, value, unit = c.figure
                figures.append(
                    (
                        claim,
                        Figure(
                            article=row,
                            value=value,
                            unit=unit,
                            subject=unit,
                            content=row.text[start:end],
                            start=start,
                            end=end,
                            source=actor_rows[c.speaker].name,
                            origin=Origin.MACHINE,
                        ),
                    )
                )
    Claim.objects.bulk_create(claims, batch_size=2000)
    for claim, figure in figures:
        figure.claim = claim
    Figure.objects.bulk_create([f for _, f in figures], batch_size=2000)
    # As every writer of claims does: the events' pages must count again (models/tallies.py).
    Event.objects.filter(pk__in={claim.event_id for claim in claims}).claims_changed()
    return len(rows), len(claims), len(figures)


def write_jsonl(
    path, *, articles: int, claims_per_article: int, seed: int = 1, actors: int = 150, outlets: int = 12
) -> int:
    """The same kind of articles as a JSON-lines file for ``import_articles`` (no database needed)."""
    import json

    rng = random.Random(seed)
    pool = make_actors(rng, actors)
    names = []
    for i in range(outlets):
        names.append(f"{SIDES[i % len(SIDES)][0]} {OUTLET_WORDS[(i // len(SIDES)) % len(OUTLET_WORDS)]}")
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(articles):
            a = make_article(
                rng,
                serial=i,
                claims=claims_per_article,
                actors=pool,
                outlets=outlets,
                topics=list(range(len(TOPICS))),
                start=date(2031, 1, 1),
            )
            fh.write(
                json.dumps(
                    {
                        "title": a.title,
                        "outlet": names[a.outlet],
                        "published": a.published.isoformat(),
                        "url": f"https://example.org/synthetic/{seed}/{i}",
                        "text": a.text,
                    }
                )
                + "\n"
            )
    return articles
