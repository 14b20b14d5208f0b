"""Plain dataclasses at the NLP boundary.

spaCy ``Doc`` objects never leave ``narratives.nlp``: the pipeline takes a
:class:`Knowledge` snapshot (built from the database, or from the demo data)
and returns an :class:`ExtractionResult` that the ORM layer stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DIRECT = "direct"
INDIRECT = "indirect"


# --- knowledge: what the database knows, as plain data ---------------------


@dataclass(frozen=True)
class SideEntry:
    name: str  # "Russia"
    slug: str  # "russia"
    # Nationality / place words that point at this side ("Russian", "Moscow", "Kremlin").
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorEntry:
    name: str  # canonical name, unique within a Knowledge
    kind: str  # "person" | "organization" | "country"
    aliases: tuple[str, ...] = ()
    role: str = ""
    organization: str | None = None  # canonical name of the organisation actor
    side: str | None = None  # SideEntry.name
    pk: int | None = None  # Actor primary key when loaded from the database


@dataclass(frozen=True)
class PositionEntry:
    slug: str
    label: str
    cue_terms: tuple[str, ...] = ()
    opposite: str | None = None  # slug of the position a negated cue flips to
    description: str = ""  # what holding this position means, in plain words
    examples: tuple[str, ...] = ()  # sentences that hold this position (written for the definition)


@dataclass(frozen=True)
class EventEntry:
    slug: str
    title: str
    terms: tuple[str, ...] = ()
    positions: tuple[PositionEntry, ...] = ()
    description: str = ""
    start_date: str | None = None  # "YYYY-MM-DD"
    end_date: str | None = None


@dataclass(frozen=True)
class Knowledge:
    sides: tuple[SideEntry, ...] = ()
    actors: tuple[ActorEntry, ...] = ()
    events: tuple[EventEntry, ...] = ()
    # Models fitted on analysts' labelled claims, per event: (event slug, EventModel.to_bytes()). The
    # classifier uses them when present (see narratives/nlp/placement/learn.py).
    event_models: tuple[tuple[str, bytes], ...] = ()


# --- results: what the pipeline found in one text ---------------------------


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker. ``known`` is False for an actor the registry lacks."""

    name: str  # canonical name (registry) or the best name found in the text
    kind: str = "person"
    known: bool = False
    role: str = ""
    organization: str | None = None
    side: str | None = None  # SideEntry.name, or None when unsure
    # True when the text never names the source: a description or collective ("a senior Western
    # diplomat", "officials", "sources close to the ministry"). ``name`` is then that description, not
    # an actor's name: storage must not create or merge a named Actor for it.
    anonymous: bool = False
    # True when ``side`` was guessed from words in the description ("a US official" -> United States)
    # rather than taken from a known actor; show it as inferred, never copy it onto an actor.
    side_inferred: bool = False


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    subject: str


@dataclass(frozen=True)
class ExtractedFigure:
    content: str
    start: int
    end: int
    value: float
    unit: str
    subject: str
    source: str | None = None  # who states it; None when the narrator does
    claim_index: int | None = None  # index into ExtractionResult.claims
    low: float | None = None  # a lower bound ("more than 2,000") or the bottom of a range ("a few hundred")
    high: float | None = None  # an upper bound ("under 3,000") or the top of a range
    approximate: bool = False  # "about 2,000", any bound or range


@dataclass(frozen=True)
class ExtractedClaim:
    content: str
    start: int  # character offsets of content in the text
    end: int
    kind: str  # DIRECT | INDIRECT
    cue: str
    speaker_mention: str
    speaker_start: int | None
    speaker_end: int | None
    speaker: Speaker | None
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    cue_start: int | None = None
    event: str | None = None  # EventEntry.slug
    stance: str | None = None  # PositionEntry.slug
    confidence: float = 0.5
    fingerprint: str = ""
    quantity: Quantity | None = None
    # The classifier's best position even when it is not sure enough to assign it: ``stance`` is set only
    # when confident; otherwise ``stance`` is None, ``position_suggested`` holds the guess and
    # ``needs_review`` is True ("to review" in the workbench).
    position_suggested: str | None = None
    needs_review: bool = False


@dataclass(frozen=True)
class ExtractionResult:
    language: str
    claims: tuple[ExtractedClaim, ...] = ()
    figures: tuple[ExtractedFigure, ...] = ()
    extractor_version: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
