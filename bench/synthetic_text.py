"""Words and sentences of the synthetic corpus: invented sides, people and outlets, and article text.

bench.synthetic re-exports make_actors and make_article, its public API; not part of the app.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

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
