"""Multi-step writes: ingest an article, extract its claims, store them. Keyword-only, typed, atomic."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Correction,
    Event,
    Figure,
    Origin,
    Outlet,
    Position,
    Side,
)
from .nlp import types as nlp_types

log = logging.getLogger(__name__)


# --- text identity -----------------------------------------------------------


def normalize_text(text: str) -> str:
    """The text as compared for duplicates: NFC, unified line ends, collapsed blank space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\s+", " ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# --- knowledge snapshot for the pipeline --------------------------------------


def load_knowledge() -> nlp_types.Knowledge:
    """The database's sides, actors, events and positions as plain data for the pipeline."""
    sides = tuple(
        nlp_types.SideEntry(name=s.name, slug=s.slug, terms=tuple(s.terms or ()))
        for s in Side.objects.order_by("name")
    )
    actors = tuple(
        nlp_types.ActorEntry(
            name=a.name,
            kind=a.kind,
            aliases=tuple(alias.name for alias in a.aliases.all()),
            role=a.role,
            organization=a.organization.name if a.organization else None,
            side=a.side.name if a.side else None,
            pk=a.pk,
        )
        for a in Actor.objects.active().select_related("organization", "side").prefetch_related("aliases")
    )
    events = tuple(
        nlp_types.EventEntry(
            slug=e.slug,
            title=e.title,
            terms=tuple(e.terms or ()),
            positions=tuple(
                nlp_types.PositionEntry(
                    slug=p.slug,
                    label=p.label,
                    cue_terms=tuple(p.cue_terms or ()),
                    opposite=p.opposite.slug if p.opposite else None,
                )
                for p in e.positions.all()
            ),
        )
        for e in Event.objects.prefetch_related("positions__opposite")
    )
    return nlp_types.Knowledge(sides=sides, actors=actors, events=events)


# --- actors -------------------------------------------------------------------


def get_or_create_outlet(*, name: str) -> Outlet:
    name = " ".join(name.split())
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet:
        return outlet
    base = slugify(name)[:190] or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name, slug=slug)
    except IntegrityError:
        # A concurrent upload created the same outlet first; PostgreSQL has waited for it to commit.
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            raise
        return outlet


def add_alias(*, actor: Actor, name: str) -> ActorAlias | None:
    """Register a name for an actor unless the normalised key already belongs to someone."""
    from .nlp.registry import normalize_name

    key = normalize_name(name)[:200]
    if not key:
        return None
    alias, _ = ActorAlias.objects.get_or_create(normalized=key, defaults={"actor": actor, "name": name[:200]})
    return alias


class _ActorCache:
    """Maps pipeline speakers to Actor rows within one write, creating new actors once."""

    def __init__(self) -> None:
        self.by_name: dict[str, Actor] = {}
        self.sides = {s.name: s for s in Side.objects.all()}

    def actor_for(self, speaker: nlp_types.Speaker | None) -> Actor | None:
        if speaker is None or not speaker.name:
            return None
        if speaker.name in self.by_name:
            return self.by_name[speaker.name]
        # select_related: the summary reads actor.side for every claim.
        actor = Actor.objects.active().select_related("side").filter(name=speaker.name).first()
        if actor is None:
            actor = Actor.objects.create(
                name=speaker.name[:200],
                kind=speaker.kind if speaker.kind in Actor.Kind.values else Actor.Kind.PERSON,
                role=speaker.role[:200],
                side=self.sides.get(speaker.side) if speaker.side else None,
                organization=self.actor_for(
                    nlp_types.Speaker(name=speaker.organization, kind="organization", side=speaker.side)
                )
                if speaker.organization and speaker.organization != speaker.name
                else None,
                origin=Origin.MACHINE,
            )
            add_alias(actor=actor, name=speaker.name)
        self.by_name[speaker.name] = actor
        return actor


# --- extraction ---------------------------------------------------------------


@dataclass
class ExtractionSummary:
    article: Article
    added: int = 0
    kept_analyst: int = 0
    figures: int = 0
    # event title -> side name -> count of new claims
    by_event: dict[str, Counter] = field(default_factory=dict)
    # What the pipeline says about the whole text (for example: not English, nothing extracted).
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        lines = []
        for event_title, sides in self.by_event.items():
            total = sum(sides.values())
            parts = ", ".join(f"{n} for {side}" for side, n in sides.most_common())
            lines.append(f"{total} claim{'s' if total != 1 else ''} added to {event_title}: {parts}")
        return lines


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class StoreContext:
    """Events, positions and actors looked up once and shared by the articles of one batch (bulk import)."""

    events: dict[str, Event]
    positions: dict[tuple[str, str], Position]
    actors: _ActorCache

    @classmethod
    def load(cls) -> StoreContext:
        return cls(
            events={e.slug: e for e in Event.objects.all()},
            positions={(p.event.slug, p.slug): p for p in Position.objects.select_related("event")},
            actors=_ActorCache(),
        )


@transaction.atomic
def store_extraction(
    *, article: Article, result: nlp_types.ExtractionResult, context: StoreContext | None = None
) -> ExtractionSummary:
    """Replace the article's machine claims and figures with ``result``; analyst work stays untouched.

    ``context`` lets a batch share its lookups; use it only within the transaction that created it.
    """
    article.claims.filter(origin=Origin.MACHINE).delete()
    article.figures.filter(origin=Origin.MACHINE).delete()
    # Analyst claims (including rejected tombstones) block machine claims over the same words.
    protected = list(article.claims.filter(origin=Origin.ANALYST).values_list("start", "end"))

    context = context or StoreContext.load()
    events, positions, actors = context.events, context.positions, context.actors
    summary = ExtractionSummary(article=article, kept_analyst=len(protected), notes=list(result.warnings))

    stored: dict[int, Claim] = {}
    new_claims = []
    for index, c in enumerate(result.claims):
        if any(_overlaps(c.start, c.end, s, e) for s, e in protected):
            continue
        event = events.get(c.event) if c.event else None
        claim = Claim(
            article=article,
            speaker=actors.actor_for(c.speaker),
            speaker_mention=c.speaker_mention[:300],
            speaker_start=c.speaker_start,
            speaker_end=c.speaker_end,
            cue=c.cue[:100],
            kind=c.kind,
            content=c.content,
            start=c.start,
            end=c.end,
            sentence=c.sentence,
            event=event,
            position=positions.get((c.event, c.stance)) if event and c.stance else None,
            confidence=min(max(c.confidence, 0.0), 1.0),
            fingerprint=c.fingerprint[:64],
            origin=Origin.MACHINE,
        )
        claim.fill_copies()
        new_claims.append(claim)
        stored[index] = claim
    Claim.objects.bulk_create(new_claims)
    for claim in new_claims:
        if claim.event_id:
            side = claim.speaker.side.name if claim.speaker and claim.speaker.side else "unknown side"
            summary.by_event.setdefault(claim.event.title, Counter())[side] += 1
    summary.added = len(new_claims)

    figures = [
        Figure(
            article=article,
            claim=stored.get(f.claim_index) if f.claim_index is not None else None,
            value=f.value,
            unit=f.unit[:100],
            subject=f.subject[:300],
            content=f.content,
            start=f.start,
            end=f.end,
            source=(f.source or "")[:300],
            origin=Origin.MACHINE,
        )
        for f in result.figures
    ]
    Figure.objects.bulk_create(figures)
    summary.figures = len(figures)

    article.language = result.language or article.language
    article.extractor_version = result.extractor_version
    article.extracted_at = timezone.now()
    article.status = Article.Status.DONE
    article.error = ""
    article.save(
        update_fields=["language", "extractor_version", "extracted_at", "status", "error", "updated_at"]
    )
    return summary


def run_pipeline(text: str) -> nlp_types.ExtractionResult:
    """The pipeline's result for ``text``; a non-English text gets an empty result that names its language.

    The English model would read other languages as garbage claims, so they are gated here (intake helper).
    """
    from .intake import detect_language, language_note
    from .nlp import pipeline

    language = detect_language(text)
    if not language.is_english:
        return nlp_types.ExtractionResult(
            language=language.code,
            extractor_version=pipeline.EXTRACTOR_VERSION,
            warnings=(language_note(language),),
        )
    return pipeline.extract(text, load_knowledge())


def extract_article(*, article: Article, user: AbstractBaseUser | None = None) -> ExtractionSummary:
    """Run the pipeline on one stored article and store what it finds, atomically."""
    result = run_pipeline(article.text)
    with transaction.atomic():
        summary = store_extraction(article=article, result=result)
        if user is not None:
            Correction.objects.create(
                article=article,
                user=user,
                action=Correction.Action.REEXTRACT,
                changes={"added": [None, summary.added]},
            )
    return summary


# --- ingestion ----------------------------------------------------------------


@dataclass
class IngestResult:
    article: Article
    created: bool
    summary: ExtractionSummary | None = None
    # True when a worker extracts the article later (a broker is set); ``summary`` is then None.
    queued: bool = False


def ingest_article(
    *,
    text: str,
    outlet_name: str = "",
    title: str = "",
    published: date | None = None,
    url: str = "",
    uploaded_by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store an article and its claims in one transaction, or return the existing duplicate."""
    if not text or not text.strip():
        raise ValidationError("The article has no text.")
    digest = text_hash(text)
    existing = Article.objects.filter(text_hash=digest).first()
    if existing:
        return IngestResult(article=existing, created=False)
    from .celery import runs_eagerly
    from .intake import detect_language

    # A non-English article needs no worker: the language gate in run_pipeline answers at once.
    queued = not runs_eagerly() and detect_language(text).is_english
    # In-process, extraction runs before the transaction opens so the write lock is held only for the inserts.
    result = None if queued else run_pipeline(text)
    summary = None
    try:
        with transaction.atomic():
            article = Article.objects.create(
                outlet=get_or_create_outlet(name=outlet_name) if outlet_name.strip() else None,
                title=title.strip()[:500],
                url=url,
                published=published,
                text=text,
                text_hash=digest,
                status=Article.Status.PENDING if queued else Article.Status.PROCESSING,
                uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
            )
            if queued:
                from .tasks import enqueue_extraction

                transaction.on_commit(lambda: enqueue_extraction(article.pk))
            else:
                summary = store_extraction(article=article, result=result)
    except IntegrityError:
        # A concurrent upload of the same text won the race on the unique hash.
        existing = Article.objects.filter(text_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False)
    return IngestResult(article=article, created=True, summary=summary, queued=queued)


# --- retry ------------------------------------------------------------------------

# A pending or processing article untouched this long lost its task (its worker machine died, say).
STALE_AFTER_SECONDS = 15 * 60


def retry_extraction(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Extract an article again: on a worker when a broker is set, else now. Analyst claims stay."""
    in_flight = article.status in (Article.Status.PENDING, Article.Status.PROCESSING)
    if in_flight and (timezone.now() - article.updated_at).total_seconds() < STALE_AFTER_SECONDS:
        raise ValidationError("This article is already queued for extraction.")
    from .tasks import enqueue_extraction

    with transaction.atomic():
        before = article.status
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PENDING, error="", updated_at=timezone.now()
        )
        if user is not None and user.is_authenticated:
            Correction.objects.create(
                article=article,
                user=user,
                action=Correction.Action.REEXTRACT,
                changes={"status": [before, Article.Status.PENDING]},
            )
        article_id = article.pk
        transaction.on_commit(lambda: enqueue_extraction(article_id, force=True))
    article.refresh_from_db()
    return article
