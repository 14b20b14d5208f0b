"""Storing what the pipeline found: claims, figures and new actors, replacing only the machine's work.

Analyst claims (corrected, reviewed, added or deleted) are never replaced, and their spans block machine
claims over the same words. Re-extraction and retries run here too; the Celery task calls these services.
A batch (``store_extractions``) costs a fixed number of queries whatever its articles, claims and speakers.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Actor, ActorAlias, Article, Claim, Correction, Event, Figure, Origin, Position, Side
from ..nlp import types as nlp_types
from . import queue
from .knowledge import load_knowledge

log = logging.getLogger(__name__)


class ActorCache:
    """Maps pipeline speakers to Actor rows within one write: known ones found in one query, new ones
    (with their organisations and aliases) created in bulk."""

    def __init__(self) -> None:
        self.by_name: dict[str, Actor] = {}
        self.sides = {s.name: s for s in Side.objects.all()}

    def actor_for(self, speaker: nlp_types.Speaker | None) -> Actor | None:
        # An unnamed source ("a senior Western diplomat", "officials") is a description, never an actor:
        # the claim keeps it as written (speaker_mention) and no guessed side becomes an actor's.
        if not _named(speaker):
            return None
        if speaker.name not in self.by_name:
            self.prepare([speaker])
        return self.by_name[speaker.name]

    def prepare(self, speakers: Iterable[nlp_types.Speaker | None]) -> None:
        """Look up every named speaker (and organisation) not cached yet, then create the missing ones."""
        named = [s for s in speakers if _named(s)]
        wanted = {s.name for s in named} | {s.organization for s in named if s.organization}
        if missing := wanted - self.by_name.keys():
            # select_related: the summary reads actor.side for every claim.
            found = Actor.objects.active().select_related("side").filter(name__in=missing).order_by("-pk")
            for actor in found:
                self.by_name[actor.name] = actor  # the lowest pk wins when two actors share a name
        new: list[tuple[Actor, str]] = []
        for speaker in named:
            self._plan(speaker, new)
        if new:
            self._create(new)

    def _plan(self, speaker: nlp_types.Speaker, new: list[tuple[Actor, str]]) -> Actor:
        """The cached actor, or a new unsaved one queued in ``new`` (its organisation before it)."""
        if speaker.name in self.by_name:
            return self.by_name[speaker.name]
        organization = None
        if speaker.organization and speaker.organization != speaker.name:
            organization = self._plan(
                nlp_types.Speaker(name=speaker.organization, kind="organization", side=speaker.side), new
            )
        actor = Actor(
            name=speaker.name[:200],
            kind=speaker.kind if speaker.kind in Actor.Kind.values else Actor.Kind.PERSON,
            role=speaker.role[:200],
            side=self.sides.get(speaker.side) if speaker.side else None,
            organization=organization,
            origin=Origin.MACHINE,
        )
        new.append((actor, speaker.name))
        self.by_name[speaker.name] = actor
        return actor

    @staticmethod
    def _create(new: list[tuple[Actor, str]]) -> None:
        """One insert per level (organisations first, as members need their ids), then the aliases."""
        from ..nlp.registry import normalize_name

        pending = [actor for actor, _ in new]
        while pending:
            ready = [a for a in pending if a.organization is None or a.organization.pk is not None]
            Actor.objects.bulk_create(ready)
            pending = [a for a in pending if a.pk is None]
        # As add_alias: a name whose key already belongs to someone (stored, or earlier here) gets no alias.
        aliases: dict[str, ActorAlias] = {}
        for actor, name in new:
            key = normalize_name(name)[:200]
            if key and key not in aliases:
                aliases[key] = ActorAlias(actor=actor, name=name[:200], normalized=key)
        # In key order: two workers inserting the same new names then wait for each other in one order,
        # never in a deadlock.
        ActorAlias.objects.bulk_create([aliases[key] for key in sorted(aliases)], ignore_conflicts=True)


def _named(speaker: nlp_types.Speaker | None) -> bool:
    return speaker is not None and bool(speaker.name) and not speaker.anonymous


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
    actors: ActorCache

    # Events whose claims the batch wrote: the caller renews their claims_version once, at the end, so a
    # batch locks each event row once, in one statement, rather than in whatever order its articles come.
    changed_events: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> StoreContext:
        return cls(
            events={e.slug: e for e in Event.objects.all()},
            positions={(p.event.slug, p.slug): p for p in Position.objects.select_related("event")},
            actors=ActorCache(),
        )


EXTRACTED_FIELDS = ["language", "extractor_version", "extracted_at", "status", "error", "updated_at"]


def mark_extracted(article: Article, result: nlp_types.ExtractionResult) -> Article:
    """Set, in memory, what a stored result makes of its article: done, with the result's language."""
    article.language = result.language or article.language
    article.extractor_version = result.extractor_version
    article.extracted_at = timezone.now()
    article.status = Article.Status.DONE
    article.error = ""
    return article


@transaction.atomic
def store_extractions(
    *,
    items: Sequence[tuple[Article, nlp_types.ExtractionResult]],
    context: StoreContext | None = None,
    created: bool = False,
) -> list[ExtractionSummary]:
    """Replace each article's machine claims and figures with its result; analyst work stays untouched.

    ``created``: the caller inserted these articles in this transaction, already ``mark_extracted``, so
    there is nothing to replace and no row to update (an UPDATE would also re-index the whole text on
    PostgreSQL). ``context`` lets a batch share its lookups; use it only within the transaction that
    created it. The events whose claims changed go to ``context.changed_events`` then, and the caller
    calls claims_changed; without a context they are renewed here.
    """
    changed: set[int] = set()
    protected = {} if created else _clear_machine_work([article for article, _ in items], changed)
    batch = context is not None
    context = context or StoreContext.load()
    context.actors.prepare(c.speaker for _, result in items for c in result.claims)

    summaries, claims, stored = [], [], []
    for article, result in items:
        spans = protected.get(article.pk, [])
        summary = ExtractionSummary(article=article, kept_analyst=len(spans), notes=list(result.warnings))
        by_index = _claims(article, result, spans, context)
        summary.added = len(by_index)
        summaries.append(summary)
        claims += by_index.values()
        stored.append(by_index)
    Claim.objects.bulk_create(claims)

    figures = []
    for (article, result), by_index, summary in zip(items, stored, summaries, strict=True):
        for claim in by_index.values():
            if claim.event_id:
                side = claim.speaker.side.name if claim.speaker and claim.speaker.side else "unknown side"
                summary.by_event.setdefault(claim.event.title, Counter())[side] += 1
        figures += [_figure(article, f, by_index) for f in result.figures]
        summary.figures = len(result.figures)
    Figure.objects.bulk_create(figures)

    if not created:
        for article, result in items:
            mark_extracted(article, result).save(update_fields=EXTRACTED_FIELDS)
    changed |= {claim.event_id for claim in claims if claim.event_id}
    if batch:
        context.changed_events |= changed
    else:
        Event.objects.filter(pk__in=changed).claims_changed()  # last: the event rows are locked till commit
    return summaries


def store_extraction(
    *,
    article: Article,
    result: nlp_types.ExtractionResult,
    context: StoreContext | None = None,
    created: bool = False,
) -> ExtractionSummary:
    """``store_extractions`` for one article, in one transaction."""
    return store_extractions(items=[(article, result)], context=context, created=created)[0]


def _clear_machine_work(articles: list[Article], changed: set[int]) -> dict[int, list[tuple[int, int]]]:
    """Delete the articles' machine claims and figures (their events go to ``changed``); return the analyst
    claims' spans per article."""
    ids = [article.pk for article in articles]
    replaced = Claim.objects.filter(article_id__in=ids, origin=Origin.MACHINE)
    changed |= set(replaced.exclude(event=None).values_list("event_id", flat=True).distinct())
    replaced.delete()
    Figure.objects.filter(article_id__in=ids, origin=Origin.MACHINE).delete()
    # Analyst claims (including rejected tombstones) block machine claims over the same words.
    protected = defaultdict(list)
    analyst = Claim.objects.filter(article_id__in=ids, origin=Origin.ANALYST)
    for article_id, start, end in analyst.values_list("article_id", "start", "end"):
        protected[article_id].append((start, end))
    return protected


def _claims(
    article: Article,
    result: nlp_types.ExtractionResult,
    protected: list[tuple[int, int]],
    context: StoreContext,
) -> dict[int, Claim]:
    """The result's claims as unsaved rows, by their index in the result; those over analyst spans skipped."""
    events, positions, actors = context.events, context.positions, context.actors
    stored: dict[int, Claim] = {}
    for index, c in enumerate(result.claims):
        if any(_overlaps(c.start, c.end, s, e) for s, e in protected):
            continue
        event = events.get(c.event) if c.event else None
        # An unnamed source gets no actor, but the side its description gives, marked as inferred.
        unnamed = c.speaker is not None and c.speaker.anonymous and c.speaker.side
        inferred = actors.sides.get(c.speaker.side) if unnamed else None
        claim = Claim(
            side=inferred,
            side_inferred=inferred is not None,
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
            # Below the classifier's threshold the position is its suggestion, marked for review.
            position=positions.get((c.event, c.stance or c.position_suggested)) if event else None,
            needs_review=bool(event and c.needs_review),
            confidence=min(max(c.confidence, 0.0), 1.0),
            fingerprint=c.fingerprint[:64],
            origin=Origin.MACHINE,
        )
        claim.fill_copies()
        stored[index] = claim
    return stored


def _figure(article: Article, f: nlp_types.ExtractedFigure, claims: dict[int, Claim]) -> Figure:
    return Figure(
        article=article,
        claim=claims.get(f.claim_index) if f.claim_index is not None else None,
        value=f.value,
        low=f.low,
        high=f.high,
        approximate=f.approximate,
        unit=f.unit[:100],
        subject=f.subject[:300],
        content=f.content,
        start=f.start,
        end=f.end,
        source=(f.source or "")[:300],
        origin=Origin.MACHINE,
    )


def run_pipeline(text: str) -> nlp_types.ExtractionResult:
    """The pipeline's result for ``text``; a non-English text gets an empty result that names its language.

    The English model would read other languages as garbage claims, so they are gated here (intake helper).
    """
    from ..intake import detect_language
    from ..nlp import pipeline

    language = detect_language(text)
    if not language.is_english:
        return language_result(language.code)
    return pipeline.extract(text, load_knowledge())


def language_result(code: str) -> nlp_types.ExtractionResult:
    """The empty result of a text in another language than English, with the note that says so."""
    from ..intake import Language, language_note
    from ..nlp.pipeline import EXTRACTOR_VERSION

    return nlp_types.ExtractionResult(
        language=code,
        extractor_version=EXTRACTOR_VERSION,
        warnings=(language_note(Language(code, 1.0)),),
    )


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


def extract_stored_article(*, article_id: int) -> ExtractionSummary:
    """What the worker runs: extract a stored article outside any transaction, then store in one.

    The row lock serialises two deliveries of the same task: the second replaces the first's claims.
    """
    text = Article.objects.values_list("text", flat=True).get(pk=article_id)
    # The same language gate as in-process extraction: the English model reads other languages as garbage.
    result = run_pipeline(text)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        return store_extraction(article=article, result=result)


# --- retry ------------------------------------------------------------------------

# A pending or processing article untouched this long lost its task (its worker machine died, say).
STALE_AFTER_SECONDS = 15 * 60


def retry_extraction(*, article: Article, user: AbstractBaseUser | None = None) -> Article:
    """Extract an article again: on a worker when a broker is set, else now. Analyst claims stay."""
    in_flight = article.status in (Article.Status.PENDING, Article.Status.PROCESSING)
    if in_flight and (timezone.now() - article.updated_at).total_seconds() < STALE_AFTER_SECONDS:
        raise ValidationError("This article is already queued for extraction.")
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
        transaction.on_commit(lambda: queue.enqueue_extraction(article_id, force=True))
    article.refresh_from_db()
    return article
