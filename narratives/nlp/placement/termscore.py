"""Term evidence: scores claims against the events' and positions' terms (syntax in ``classify.py``).

* Event: the terms and cue terms found in the claim's content count fully, those in the rest of its
  sentence at 0.4, in the rest of its paragraph at 0.15; the previous claim's event gets a small bonus
  (quotes run on).
* Position: the cue terms of the event's positions found in the content. A cue term that is
  grammatically negated ("is not defeated") counts for the position's ``opposite``. Cues after a contrast
  weigh more. Content that only points back ("This is good news") takes the stance of the sentence before.

The scores are one kind of evidence for :class:`narratives.nlp.placement.classifier.Classifier`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..lexicon import word_set
from ..terms import (
    ANAPHORS,
    MODAL_DISCOUNT,
    NESTED_DISCOUNT,
    POSSIBILITY,
    Hit,
    Term,
    TermIndex,
    Tok,
    find_hits,
    hits_of,
    parse_term,
    tokenize,
)
from ..types import EventEntry, Knowledge
from .termscan import Paragraph, scan_paragraph, slice_scan

EVENT_THRESHOLD = 0.9
SENTENCE_WEIGHT = 0.4
PARAGRAPH_WEIGHT = 0.15
PREVIOUS_BONUS = 0.5
CUE_EVENT_WEIGHT = 0.5  # a position cue is also (weaker) evidence for its event
CONTRAST_BOOST = 1.5
STANCE_THRESHOLD = 0.5


Scan = tuple[tuple[Tok, ...], list[Hit]]  # a text's tokens and term hits


class Memo:
    """What the claims of one document share: scans of its paragraphs and sentences, tokens of its words.

    One per document, not global: across articles texts hardly recur, so a global cache would only grow.
    """

    __slots__ = ("lemma_hits", "paragraph_scans", "scans", "words")

    def __init__(self) -> None:
        self.scans: dict[str, Scan] = {}
        self.paragraph_scans: dict[str, Paragraph] = {}  # claims and sentences are read off these
        self.words: dict[str, tuple[Tok, ...]] = {}
        # a claim's lemmas are scanned for its event and again for its position
        self.lemma_hits: dict[tuple[str, ...], list[Hit]] = {}


@dataclass
class TermResult:
    event: str | None
    stance: str | None
    confidence: float
    event_scores: dict[str, float] = field(default_factory=dict)  # all events, context included
    stance_scores: dict[str, float] = field(default_factory=dict)  # positions of ``event``
    own_topic: bool = False  # the content has topic words of its own
    off_topic: bool = False  # the content's own words are about another topic (negative event terms)


class TermClassifier:
    """Score claims against the terms of a Knowledge snapshot (patterns built once)."""

    def __init__(self, knowledge: Knowledge):
        self.events: dict[str, EventEntry] = {e.slug: e for e in knowledge.events}
        self.opposite: dict[str, str | None] = {}
        self.position_event: dict[str, str] = {}
        terms: list[Term] = []
        for event in knowledge.events:
            for line in event.terms:
                if (term := parse_term(line, event=event.slug)) is not None:
                    terms.append(term)
            for position in event.positions:
                self.opposite[position.slug] = position.opposite
                self.position_event[position.slug] = event.slug
                for line in position.cue_terms:
                    if (term := parse_term(line, event=event.slug, position=position.slug)) is not None:
                        terms.append(term)
        self.terms = tuple(terms)
        self.index = TermIndex(self.terms)

    # --- scoring -------------------------------------------------------------

    def _event_scores(self, hits: Sequence[Hit], factor: float, scores: dict[str, float]) -> None:
        seen: set[tuple[str, str | None]] = set()
        for hit in hits:
            key = (hit.term.text, hit.term.position)
            if key in seen:
                continue
            seen.add(key)
            weight = (
                hit.term.weight if hit.term.position is None else max(hit.term.weight, 0) * CUE_EVENT_WEIGHT
            )
            scores[hit.term.event] = scores.get(hit.term.event, 0.0) + weight * factor

    def _stance_scores(self, hits: Sequence[Hit], event: str) -> dict[str, float]:
        best: dict[tuple[str, str], float] = {}  # each term counts once, at its strongest
        for hit in hits:
            position = hit.term.position
            if position is None or hit.term.event != event:
                continue
            if hit.negated and hit.term.weight > 0:
                position = self.opposite.get(position)
                if position is None:
                    continue
            weight = hit.term.weight * (CONTRAST_BOOST if hit.after_contrast else 1.0)
            if hit.nested:
                weight *= NESTED_DISCOUNT
            if hit.modal in POSSIBILITY:
                weight *= MODAL_DISCOUNT
            elif hit.modal:
                continue
            key = (hit.term.text, position)
            best[key] = (
                max(best.get(key, weight), weight) if weight > 0 else min(best.get(key, weight), weight)
            )
        scores: dict[str, float] = {}
        for (_, position), weight in best.items():
            scores[position] = scores.get(position, 0.0) + weight
        return scores

    @staticmethod
    def _best(scores: dict[str, float]) -> tuple[str | None, float, float]:
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] <= 0:
            return None, 0.0, 0.0
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return ranked[0][0], ranked[0][1], second

    def _scan(self, text: str, memo: Memo, within: str = "") -> Scan:
        """``within``: the paragraph ``text`` comes from, scanned once for all of its claims and sentences."""
        found = memo.scans.get(text)
        if found is None:
            paragraph = memo.paragraph_scans.get(within or text)
            if paragraph is None and within:
                paragraph = memo.paragraph_scans[within] = scan_paragraph(self.index, within, memo.words)
            if paragraph is not None:
                whole = not within or within == text  # the paragraph itself
                found = (
                    (paragraph.toks, hits_of(paragraph.raw, paragraph.toks))
                    if whole
                    else slice_scan(within, paragraph, text)
                )
            if found is None:
                toks = tokenize(text, memo.words)
                found = (toks, find_hits(self.index, toks))
            memo.scans[text] = found
        return found

    def _hits(self, text: str, memo: Memo, lemmas: Sequence[str] = (), within: str = "") -> list[Hit]:
        hits = list(self._scan(text, memo, within)[1])
        if lemmas:
            have = {(h.term.text, h.term.position) for h in hits}
            key = tuple(lemmas)
            lemma_hits = memo.lemma_hits.get(key)
            if lemma_hits is None:
                lemma_hits = memo.lemma_hits[key] = find_hits(
                    self.index, tokenize(" ".join(lemmas), memo.words)
                )
            hits += [h for h in lemma_hits if (h.term.text, h.term.position) not in have]
        return hits

    def stance_for(
        self, event: str, *, content: str, content_lemmas: Sequence[str] = (), memo: Memo | None = None
    ) -> dict[str, float]:
        """Cue-term scores of ``event``'s positions in the content (the grammar-aware term evidence)."""
        return self._stance_scores(self._hits(content, memo or Memo(), content_lemmas), event)

    def classify(
        self,
        *,
        content: str,
        content_lemmas: Sequence[str] = (),
        sentence: str = "",
        paragraph: str = "",
        previous_event: str | None = None,
        previous_stance: str | None = None,
        memo: Memo | None = None,
    ) -> TermResult:
        """``memo``: one :class:`Memo` per document, shared by its claims."""
        memo = Memo() if memo is None else memo
        content_hits = self._hits(content, memo, content_lemmas, within=paragraph)
        # context terms are those not already in the narrower scope
        inner = {_key(h) for h in content_hits}
        sentence_hits = (
            [h for h in self._hits(sentence, memo, within=paragraph) if _key(h) not in inner]
            if sentence
            else []
        )
        inner |= {_key(h) for h in sentence_hits}
        paragraph_hits = [h for h in self._hits(paragraph, memo) if _key(h) not in inner] if paragraph else []

        own: dict[str, float] = {}
        self._event_scores(content_hits, 1.0, own)
        scores = dict(own)
        self._event_scores(sentence_hits, SENTENCE_WEIGHT, scores)
        self._event_scores(paragraph_hits, PARAGRAPH_WEIGHT, scores)
        if previous_event in self.events:
            scores[previous_event] = scores.get(previous_event, 0.0) + PREVIOUS_BONUS
        event, top, second = self._best(scores)
        if own and max(own.values()) <= 0 and min(own.values()) < 0:
            # the content's own words are about another topic (ceasefire, aid, Al-Qaeda...)
            return TermResult(None, None, 0.6, scores, {}, False, True)
        # content without topic words of its own is placed by its context alone, at a lower bar
        threshold = EVENT_THRESHOLD if content_hits else EVENT_THRESHOLD / 3
        if event is None or top < threshold:
            if previous_event in self.events and not content_hits:
                # a run-on quote with no topic words of its own stays with the previous claim's event
                event, top, second = previous_event, EVENT_THRESHOLD, 0.0
            else:
                confidence = _confidence(top, second, EVENT_THRESHOLD, inverse=True)
                return TermResult(None, None, confidence, scores, {}, bool(content_hits))

        stance_scores = self._stance_scores(content_hits, event)
        words = [t.low for t in self._scan(content, memo)[0] if not t.boundary]
        if not stance_scores and _points_back(words):
            previous = _previous_sentence(paragraph, sentence, content)
            stance_scores = self._stance_scores(self._hits(previous, memo), event)
            if not stance_scores and previous_stance and event == previous_event:
                stance_scores = {previous_stance: STANCE_THRESHOLD}
        elif not stance_scores and len(words) <= 4:
            # a bare noun phrase ("voiced skepticism about [the announcement]"): the cue carries the stance
            stance_scores = self._stance_scores(sentence_hits, event)
        stance, s_top, s_second = self._best(stance_scores)
        if stance is not None and (s_top == s_second or s_top < STANCE_THRESHOLD):
            stance = None  # a tie, or only discounted (nested) cues, is no stance
        confidence = _confidence(top, second, EVENT_THRESHOLD)
        if stance is not None:
            confidence = min(confidence, _confidence(s_top, s_second, 1.0))
        return TermResult(event, stance, confidence, scores, stance_scores, bool(content_hits))


def _key(hit: Hit) -> tuple[str, str | None]:
    return hit.term.text, hit.term.position


_POINTING_LEADS = word_set("terms", "pointing_leads")
_POINTING_COPULAS = word_set("terms", "pointing_copulas")


def _points_back(words: Sequence[str]) -> bool:
    """Content (its lower-cased words) whose subject is a demonstrative pronoun ("This is great news")."""
    while words and words[0] in _POINTING_LEADS:
        words = words[1:]
    if not words or words[0] not in ANAPHORS:
        return False
    if words[0] == "it" and len(words) > 6:
        return False  # "it is necessary to ...": an expletive, not a pointer back
    copula = len(words) >= 2 and words[1] in _POINTING_COPULAS
    return copula or len(words) <= 3  # "This information" (was confirmed by ...)


def _previous_sentence(paragraph: str, sentence: str, content: str) -> str:
    anchor = paragraph.find(sentence) if sentence else -1
    if anchor < 0:
        anchor = paragraph.find(content)
    before = paragraph[: max(anchor, 0)]
    pieces = [p for p in re.split(r"(?<=[.!?])[\"”’]?\s+", before) if p.strip()]
    return pieces[-1] if pieces else ""


def _confidence(top: float, second: float, threshold: float, *, inverse: bool = False) -> float:
    if inverse:  # confidence that there is no event
        return round(max(0.3, min(0.95, 1.0 - top / (2 * threshold))), 2)
    margin = (top - second) / max(top, 1e-9)
    strength = min(1.0, top / (2 * threshold))
    return round(max(0.2, min(0.95, 0.4 + 0.3 * margin + 0.25 * strength)), 2)
