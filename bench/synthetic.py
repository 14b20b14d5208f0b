"""A synthetic corpus for benchmarks and load tests (`python -m bench.make_synthetic`); not part of the app.

Invented countries, people and outlets, so nothing here can be mistaken for a real quote. Articles read
like wire copy: a dateline, narrative sentences, direct quotes and reported speech by named officials, and
figures. Every claim and figure keeps exact character offsets into its article, as extraction would.
Generation is pure Python and seeded; writing uses bulk_create in batches.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from narratives.models import Actor, ActorAlias, Article, Claim, Event, Figure, Origin, Outlet, Position, Side
from narratives.services import text_hash

SIDES = [
    ("Northland", "#b91c1c", ["Northland", "Northlandic", "Nordgrad"]),
    ("Southern Union", "#1d4ed8", ["Southern Union", "Southern", "Portsouth"]),
    ("Eastmark", "#15803d", ["Eastmark", "Eastmarker", "Ostburg"]),
    ("Coalition of the Lakes", "#7c3aed", ["coalition", "Lakes coalition"]),
    ("Riverine Forces", "#ca8a04", ["Riverine", "river militias"]),
]
ROLES = [
    "foreign minister",
    "defence minister",
    "military spokesman",
    "ambassador to the Council",
    "presidential envoy",
    "chief of the general staff",
    "deputy foreign minister",
    "government spokeswoman",
    "commander of the northern front",
    "senator",
]
FIRST = [
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hassan",
    "Irina",
    "Jonas",
    "Karim",
    "Lena",
    "Marco",
    "Nadia",
    "Oleg",
    "Petra",
]
LAST = ["Varga", "Okafor", "Lindqvist", "Haddad", "Moreau", "Petrov", "Castell", "Brenner", "Ivanek"]
LAST += ["Solberg", "Kaya", "Romano", "Duval"]
OUTLET_WORDS = ["Herald", "Today", "Daily", "Wire", "Observer", "Gazette", "Tribune", "Post"]
AFFILIATIONS = ["state", "public", "private", "private", "unknown"]
CITIES = ["NORDGRAD", "PORTSOUTH", "OSTBURG", "LAKESIDE", "RIVERTON", "KESTREL BAY"]
TOPICS = [
    (
        "withdrawal",
        "Troop withdrawal from the border zone",
        ["withdrawal", "troops", "pullout", "border zone"],
        [
            ("withdrawal-real", "The withdrawal is real", ["withdrawn", "pulled out", "returning home"]),
            ("withdrawal-doubted", "The withdrawal is doubted", ["still deployed", "no sign", "remain"]),
        ],
    ),
    (
        "ceasefire",
        "Ceasefire along the river",
        ["ceasefire", "truce", "shelling", "river"],
        [
            ("ceasefire-holding", "The ceasefire holds", ["holding", "respected", "calm"]),
            ("ceasefire-broken", "The ceasefire is broken", ["violated", "broken", "shelling"]),
        ],
    ),
    (
        "victory",
        "Victory over the insurgency",
        ["insurgency", "defeated", "victory", "militants"],
        [
            ("insurgency-defeated", "The insurgency is defeated", ["defeated", "victory", "eliminated"]),
            ("insurgency-active", "The insurgency is still active", ["regroup", "still active", "threat"]),
        ],
    ),
]
CUES_DIRECT = ["said", "told reporters", "declared", "insisted", "wrote", "stressed"]
CUES_INDIRECT = ["said", "claimed", "argued", "told journalists", "denied", "announced", "warned"]
CLAIM_TEMPLATES = {
    "withdrawal-real": [
        "{n} soldiers had already been withdrawn from the border zone",
        "the units were returning home after {n} days of redeployment",
        "the last convoy pulled out of the area on {day}",
    ],
    "withdrawal-doubted": [
        "there was no sign that the {n} troops had actually left",
        "at least {n} soldiers remain at the forward bases",
        "the so-called withdrawal was a rotation of {n} personnel",
    ],
    "ceasefire-holding": [
        "the truce has been respected for {n} days in a row",
        "the river front has stayed calm since {day}",
        "monitors recorded only {n} incidents, and the ceasefire is holding",
    ],
    "ceasefire-broken": [
        "the ceasefire was violated {n} times overnight",
        "shelling resumed near the crossing on {day}",
        "the truce was broken when {n} shells hit the villages",
    ],
    "insurgency-defeated": [
        "the insurgency has been defeated after {n} months of operations",
        "victory was declared once the last {n} militants were eliminated",
        "the militants no longer control any of the {n} districts they once held",
    ],
    "insurgency-active": [
        "some {n} militants are trying to regroup in the hills",
        "the insurgency remains a threat despite claims of victory",
        "the group is still active in {n} districts",
    ],
}
FILLER = [
    "The statement came after a week of talks in the capital.",
    "Officials did not give further details about the timetable.",
    "Independent observers have not been able to verify the figures.",
    "The announcement was broadcast on state television in the evening.",
    "Diplomats from several neighbouring states followed the briefing closely.",
    "Local residents described a tense but quiet night.",
    "The council is expected to discuss the matter again next month.",
    "Satellite images published earlier in the week showed activity at two airfields.",
    "Markets in the region reacted calmly to the news.",
    "Humanitarian agencies called for safe access to the affected districts.",
]


@dataclass
class SynthClaim:
    speaker: int  # index into the actor pool
    kind: str
    cue: str
    content: str
    start: int
    end: int
    mention: str
    mention_start: int
    sentence: str
    topic: int
    position: int
    figure: tuple[int, int, float, str] | None  # start, end, value, unit


@dataclass
class SynthArticle:
    title: str
    outlet: int
    published: date
    text: str
    claims: list[SynthClaim] = field(default_factory=list)


@dataclass
class SynthActor:
    name: str
    role: str
    side: int


def make_actors(rng: random.Random, count: int) -> list[SynthActor]:
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(names)
    return [
        SynthActor(
            name=names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}"),
            role=rng.choice(ROLES),
            side=rng.randrange(len(SIDES)),
        )
        for i in range(count)
    ]


def make_article(
    rng: random.Random,
    *,
    serial: int,
    claims: int,
    actors: list[SynthActor],
    outlets: int,
    topics: list[int],
    start: date,
) -> SynthArticle:
    """One article with ``claims`` attributed statements, built left to right so offsets are exact."""
    topic = rng.choice(topics)
    slug, title, _terms, positions = TOPICS[topic % len(TOPICS)]
    published = start + timedelta(days=rng.randrange(120))
    outlet = rng.randrange(outlets)
    parts: list[str] = []
    pos = 0

    def add(piece: str) -> int:
        nonlocal pos
        at = pos
        parts.append(piece)
        pos += len(piece)
        return at

    add(f"{rng.choice(CITIES)}, {published:%d %B} (report {serial}) — ")
    article = SynthArticle(title="", outlet=outlet, published=published, text="")
    lead_actor = None
    for i in range(claims):
        if rng.random() < 0.6:
            add(rng.choice(FILLER) + " ")
        actor_index = rng.randrange(len(actors))
        actor = actors[actor_index]
        lead_actor = lead_actor or actor
        position = rng.randrange(len(positions))
        n = rng.choice([3, 12, 40, 150, 400, 1200, 2500])
        content = rng.choice(CLAIM_TEMPLATES[positions[position][0]]).format(
            n=n, day=(published - timedelta(days=rng.randrange(1, 9))).strftime("%A")
        )
        mention = f"{actor.role} {actor.name}" if i == 0 or rng.random() < 0.5 else actor.name
        sentence_start = pos
        if rng.random() < 0.45:
            kind, cue = "direct", rng.choice(CUES_DIRECT)
            add("“")
            c_start = add(content[0].upper() + content[1:])
            add(",” ")
            m_start = add(mention)
            add(f" {cue}. ")
        else:
            kind, cue = "indirect", rng.choice(CUES_INDIRECT)
            mention = mention[0].upper() + mention[1:]  # it opens the sentence
            m_start = add(mention)
            add(f" {cue} that ")
            c_start = add(content)
            add(". ")
        c_end = c_start + len(content)
        figure = None
        number = re.search(r"\b(\d+)(?: ([a-z]+))?", content)
        if number:
            f_start = c_start + number.start()
            figure = (f_start, c_start + number.end(), float(number.group(1)), number.group(2) or "")
        text_so_far = "".join(parts)
        article.claims.append(
            SynthClaim(
                speaker=actor_index,
                kind=kind,
                cue=cue,
                content=text_so_far[c_start:c_end],
                start=c_start,
                end=c_end,
                mention=mention,
                mention_start=m_start,
                sentence=text_so_far[sentence_start:pos].strip(),
                topic=topic,
                position=position,
                figure=figure,
            )
        )
        if i % 3 == 2:
            add("\n\n")
    add(rng.choice(FILLER))
    article.text = "".join(parts)
    who = lead_actor.name if lead_actor else "Officials"
    article.title = f"{who}: {title.lower()} — report {serial}"
    return article


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
