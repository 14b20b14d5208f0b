"""Re-classify stored claims after an analyst edits events, positions or their terms.

The claims keep their text and speaker; only event and position are computed again, with the same
classifier, inputs and order as the pipeline (content and its lemmas, sentence, paragraph, the previous
claim's event), so a claim whose terms did not change keeps its place. Claims an analyst touched
(``origin=analyst``: corrected, reviewed, added or deleted) are never changed. ``preview`` computes what
would change; ``apply`` recomputes (the preview may be stale) and writes it, logged as Corrections.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import Claim, Correction, Event, Origin, Position
from ..nlp.quotes import paragraph_at
from .knowledge import load_knowledge


@dataclass(frozen=True)
class Change:
    claim_id: int
    article_id: int
    content: str
    speaker: str
    old_event: str | None  # event slugs and position slugs
    old_position: str | None
    new_event: str | None
    new_position: str | None


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    checked: int = 0  # machine claims classified again
    kept: int = 0  # analyst claims left alone
    titles: dict[str, str] = field(default_factory=dict)  # event slug -> title
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (event, position) -> label
    # claim id -> (confidence, needs_review) as classified now, for every machine claim checked
    scores: dict[int, tuple[float, bool]] = field(default_factory=dict)

    def event_title(self, slug: str | None) -> str:
        return self.titles.get(slug, slug) if slug else "no event"

    def position_label(self, event: str | None, slug: str | None) -> str:
        return self.labels.get((event, slug), slug) if event and slug else "no position"

    def place(self, event: str | None, position: str | None) -> str:
        return f"{self.event_title(event)} · {self.position_label(event, position)}"

    def moves(self) -> list[tuple[str, str, int]]:
        """(from, to, count) for each kind of move, the most frequent first."""
        counts = Counter(
            (self.place(c.old_event, c.old_position), self.place(c.new_event, c.new_position))
            for c in self.changes
        )
        return [(a, b, n) for (a, b), n in counts.most_common()]

    def touching(self, event: Event) -> list[Change]:
        return [c for c in self.changes if event.slug in (c.old_event, c.new_event)]


def _lemmas(claims: list[Claim]) -> dict[int, list[str]]:
    """Lemmas of each claim's content, tagged within its sentence as the pipeline tags them in context."""
    from ..nlp.pipeline import get_nlp

    nlp = get_nlp()
    keep = {"tok2vec", "tagger", "attribute_ruler", "lemmatizer"}
    disabled = [name for name in nlp.pipe_names if name not in keep]
    texts, spans = [], []
    for claim in claims:
        sentence = claim.sentence or claim.content
        offset = sentence.find(claim.content)
        if offset < 0:
            sentence, offset = claim.content, 0
        texts.append(sentence)
        spans.append((offset, offset + len(claim.content)))
    result = {}
    with nlp.select_pipes(disable=disabled):
        for claim, doc, (start, end) in zip(claims, nlp.pipe(texts, batch_size=64), spans, strict=True):
            span = doc.char_span(start, end, alignment_mode="expand")
            tokens = span if span is not None else doc
            result[claim.pk] = [t.lemma_.lower() for t in tokens]
    return result


def preview(*, article_ids=None) -> Preview:
    """What re-classifying every machine claim (of ``article_ids``, default all) would change."""
    from ..nlp.classify import EventClassifier, Memo

    knowledge = load_knowledge()
    classifier = EventClassifier(knowledge)
    out = Preview(
        titles={e.slug: e.title for e in knowledge.events},
        labels={(e.slug, p.slug): p.label for e in knowledge.events for p in e.positions},
    )
    claims = Claim.objects.select_related("event", "position", "speaker", "article", "side").order_by(
        "article_id", "start", "pk"
    )
    if article_ids is not None:
        claims = claims.filter(article_id__in=article_ids)
    claims = list(claims)
    machine = [c for c in claims if c.origin == Origin.MACHINE and not c.rejected]
    out.kept = len(claims) - len(machine)
    out.checked = len(machine)
    lemmas = _lemmas(machine)
    for _, grouped in groupby(claims, key=lambda c: c.article_id):
        group = list(grouped)
        # As in the pipeline, every claim of the article passes through in order (the event chain).
        results = classifier.classify_document(
            [
                {
                    "content": claim.content,
                    "content_lemmas": lemmas.get(claim.pk, ()),
                    "sentence": claim.sentence,
                    "paragraph": paragraph_at(claim.article.text, claim.start),
                    "speaker_side": claim.side.name if claim.side_id else None,
                }
                for claim in group
            ],
            Memo(),  # the article's paragraphs are scanned once for all its claims
        )
        for claim, result in zip(group, results, strict=True):
            if claim.origin != Origin.MACHINE or claim.rejected:
                continue
            old = (claim.event.slug if claim.event else None, claim.position.slug if claim.position else None)
            # As the pipeline stores it: below the threshold the position is the suggestion, to review.
            new = (result.event, (result.stance or result.suggested) if result.event else None)
            out.scores[claim.pk] = (
                min(max(result.confidence, 0.0), 1.0),
                bool(result.event and result.needs_review),
            )
            if old != new:
                out.changes.append(
                    Change(
                        claim_id=claim.pk,
                        article_id=claim.article_id,
                        content=claim.content,
                        speaker=claim.speaker.name if claim.speaker else claim.speaker_mention,
                        old_event=old[0],
                        old_position=old[1],
                        new_event=new[0],
                        new_position=new[1],
                    )
                )
    return out


def _label(obj) -> dict | None:
    return {"id": obj.pk, "label": str(obj)} if obj is not None else None


def _rescore(scores: dict[int, tuple[float, bool]]) -> None:
    """New confidence and review marks of machine claims, written only where they changed."""
    stale = [
        claim
        for claim in Claim.objects.filter(pk__in=list(scores), origin=Origin.MACHINE, rejected=False).only(
            "pk", "confidence", "needs_review"
        )
        if (claim.confidence, claim.needs_review) != scores[claim.pk]
    ]
    for claim in stale:
        claim.confidence, claim.needs_review = scores[claim.pk]
    Claim.objects.bulk_update(stale, ["confidence", "needs_review"], batch_size=500)


@transaction.atomic
def apply(*, user: AbstractBaseUser | None, article_ids=None) -> int:
    """Re-classify now and write every change (user None: the machine re-scoring); how many claims changed."""
    result = preview(article_ids=article_ids)
    _rescore(result.scores)
    if not result.changes:
        return 0
    events = {e.slug: e for e in Event.objects.all()}
    positions = {(p.event.slug, p.slug): p for p in Position.objects.select_related("event")}
    # Lock the rows and skip any an analyst took over since the preview was computed.
    claims = {
        c.pk: c
        for c in Claim.objects.select_for_update(of=("self",))
        .select_related("event", "position")
        .filter(pk__in=[c.claim_id for c in result.changes], origin=Origin.MACHINE, rejected=False)
    }
    corrections, changed = [], []
    left = {c.event_id for c in claims.values()}  # before the loop below moves them
    now = timezone.now()
    for change in result.changes:
        claim = claims.get(change.claim_id)
        if claim is None:
            continue
        event = events.get(change.new_event) if change.new_event else None
        position = positions.get((change.new_event, change.new_position)) if change.new_position else None
        corrections.append(
            Correction(
                claim=claim,
                article_id=claim.article_id,
                user=user,
                action=Correction.Action.EDIT,
                changes={
                    "event": [_label(claim.event), _label(event)],
                    "position": [_label(claim.position), _label(position)],
                },
            )
        )
        claim.event, claim.position, claim.updated_at = event, position, now
        changed.append(claim)
    Claim.objects.bulk_update(changed, ["event", "position", "updated_at"], batch_size=500)
    Correction.objects.bulk_create(corrections, batch_size=500)
    # Both the events the claims left and those they joined count again on their pages.
    Event.objects.filter(pk__in=(left | {c.event_id for c in changed}) - {None}).claims_changed()
    return len(changed)
