"""Place a claim on an event and a position: terms, definitions (descriptions, examples), grammar, labels.

Evidence, per claim:

* **Terms** (optional, ``termscore.py``): event terms and position cue terms, with negation scope.
* **Topic** (``profiles.py``): embedding similarity of the content, its sentence, paragraph and document
  to each event's title, description and position examples. The document and paragraph say what an
  article is about; the content's own words say whether this claim is.
* **Position by example and polarity** (``polarity.py``): the position whose description or examples
  the content resembles most, flipped to its ``opposite`` when the content's polarity (negation,
  rejection words, a denial cue such as "denied that", a hedge) differs from the example's.
* **Labels** (``learn.py``): when an :class:`EventModel` fitted on analysts' labelled claims is given
  for an event, its probabilities are blended in, weighing more as labels accumulate.

Every result carries a confidence. A position below :data:`STANCE_REVIEW` is not assigned: it is kept
as ``suggested`` with ``needs_review`` set, for an analyst to confirm.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..types import Knowledge
from .decide import INTENT_DISCOUNT, STANCE_REVIEW, decide, decide_blend
from .learn import EventModel
from .lexical import stem_bag
from .polarity import polarity
from .profiles import build_profiles, position_votes, rejection_votes, topic_similarities
from .semantic import EmbeddingCache, get_embedder
from .termscore import EVENT_THRESHOLD, TermClassifier
from .termscore import Memo as TermMemo

TERM_SCALE = 1.0 / EVENT_THRESHOLD  # term scores at the old threshold count 1
TOPIC_FLOOR = 0.2  # topic similarity below this is no evidence
TOPIC_WEIGHTS = {"content": 2.0, "sentence": 1.0, "paragraph": 1.0, "document": 1.5}
_SCOPE_WEIGHTS = np.fromiter(TOPIC_WEIGHTS.values(), dtype=np.float64)  # built once, read per claim
EVENT_MIN = 0.7  # combined evidence needed for an event defined without terms
EVENT_MIN_TERMS = 3.0  # for an event with terms, none of which matched: their absence is evidence too
PREVIOUS_BONUS = 0.3
STANCE_FLOOR = 0.25  # example similarity below this is no evidence
TERM_STANCE_WEIGHT = 0.25  # one cue term (weight 1) counts like 0.25 of example similarity
REJECTION_VOTE = 0.1  # a rejection with no topic match, for the position(s) defined as rejecting
SHORT_CONTENT = 6  # words: a content this short is read with its sentence for its position
SENTENCE_MIX = 1.0  # weight of the sentence's embedding next to a short content's, for positions
__all__ = ["INTENT_DISCOUNT", "STANCE_REVIEW", "Classification", "Classifier", "Memo"]


@dataclass
class Classification:
    event: str | None
    stance: str | None  # assigned only when confident
    confidence: float
    suggested: str | None = None  # the best position, assigned or not
    needs_review: bool = False  # a position was suggested but not assigned
    event_confidence: float = 0.0
    stance_confidence: float = 0.0


class Memo(TermMemo):
    """What one document's claims share: term scans and embeddings (see ``termscore.Memo``)."""

    __slots__ = ("document", "embeddings", "paragraphs")

    def __init__(self) -> None:
        super().__init__()
        self.embeddings: EmbeddingCache | None = None
        self.paragraphs: dict[str, np.ndarray] = {}  # paragraphs seen so far: what the document is about
        self.document: np.ndarray | None = None  # their normalised sum

    def document_vector(self, paragraph: str, vector: np.ndarray) -> np.ndarray:
        if paragraph not in self.paragraphs or self.document is None:
            self.paragraphs.setdefault(paragraph, vector)
            mean = np.sum(list(self.paragraphs.values()), axis=0)
            self.document = mean / max(float(np.linalg.norm(mean)), 1e-9)
        return self.document


class Classifier:
    """Classifies claims against a Knowledge snapshot; ``models`` maps event slugs to fitted models
    (default: those stored in ``knowledge.event_models``; pass ``{}`` for the definitions alone)."""

    def __init__(self, knowledge: Knowledge, models: Mapping[str, EventModel] | None = None, embedder=None):
        self.knowledge = knowledge
        self.terms = TermClassifier(knowledge)
        self.embedder = embedder or get_embedder()
        self.profiles = build_profiles(knowledge.events, self.embedder)
        self.events = {e.slug: e for e in knowledge.events}
        if models is None:  # the snapshot's own fitted models, if any
            models = {slug: EventModel.from_bytes(blob) for slug, blob in knowledge.event_models}
        self.models = {slug: m for slug, m in models.items() if slug in self.events}

    def _embeddings(self, memo: Memo) -> EmbeddingCache:
        if memo.embeddings is None:
            memo.embeddings = EmbeddingCache(self.embedder)
        return memo.embeddings

    def prepare(self, memo: Memo, claims: Sequence[tuple[str, str, str]]) -> None:
        """Embed a document's claims, (content, sentence, paragraph) as later passed to :meth:`classify`,
        in one batch up front: one call per claim cost more in overhead (tokenizer, numpy) than in work."""
        self._embeddings(memo).get(*(text for claim in claims for text in _scopes(*claim)))

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
        speaker_side: str | None = None,
    ) -> Classification:
        """``memo``: one :class:`Memo` per document, shared by its claims in document order (it also
        learns what the document is about from the paragraphs seen so far). ``speaker_side`` (SideEntry.name)
        is used only by learned models."""
        memo = memo if isinstance(memo, Memo) else Memo()
        embeddings = self._embeddings(memo)
        term = self.terms.classify(
            content=content,
            content_lemmas=content_lemmas,
            sentence=sentence,
            paragraph=paragraph,
            previous_event=previous_event,
            previous_stance=previous_stance,
            memo=memo,
        )
        content, sentence, paragraph = _scopes(content, sentence, paragraph)
        scoped = embeddings.get(content, sentence, paragraph)
        vectors = dict(zip(("content", "sentence", "paragraph"), scoped, strict=True))
        vectors["document"] = memo.document_vector(paragraph, vectors["paragraph"])
        event, event_conf, topic = self._event(term, vectors, previous_event, content, sentence, speaker_side)
        if event is None:
            return Classification(None, None, event_conf, event_confidence=event_conf)
        pol = polarity(content, sentence)
        if term.event == event and term.stance is not None:
            # the position's own terms, read with their negation scope, decide when they find one
            return Classification(
                event, term.stance, term.confidence, term.stance, False, event_conf, term.confidence
            )
        if term.event == event and term.stance_scores:
            # cue terms found but discounted (nested under a reporting word, a tie, a modal): no assertion
            suggested = max(term.stance_scores, key=term.stance_scores.get)
            return Classification(event, None, min(event_conf, 0.3), suggested, True, event_conf, 0.3)
        cue = self.terms.stance_for(event, content=content, content_lemmas=content_lemmas, memo=memo)
        scores = self._stance_scores(event, cue, vectors["content"], vectors["sentence"], pol, content)
        if not scores and term.event == event and previous_stance and _short(content):
            scores = {previous_stance: STANCE_REVIEW}
        model = self.models.get(event)
        # weight 0: on held-out labels the model did not beat the definitions, which then decide alone
        if model is not None and model.stance_weight > 0:
            blended = model.blend(
                scores,
                content=content,
                sentence=sentence,
                vector=vectors["content"],
                sign=pol.sign,
                side=speaker_side,
                tentative=pol.tentative,
            )
            best, conf, confident = decide_blend(blended, intent=pol.intent)
            if best is None:
                return Classification(event, None, event_conf, event_confidence=event_conf)
            return Classification(
                event,
                best if confident else None,
                min(event_conf, conf),
                best,
                not confident,
                event_conf,
                conf,
            )
        stance, stance_conf = decide(scores, tentative=pol.tentative, intent=pol.intent)
        if stance is None:
            return Classification(event, None, event_conf, event_confidence=event_conf)
        confident = stance_conf >= STANCE_REVIEW
        return Classification(
            event,
            stance if confident else None,
            # The placement is as sure as its weakest part: a doubtful position makes a doubtful claim, so
            # the review queue lists it by this number.
            round(min(event_conf, stance_conf), 2),
            suggested=stance,
            needs_review=not confident,
            event_confidence=event_conf,
            stance_confidence=stance_conf,
        )

    def classify_document(self, claims: Sequence[Mapping], memo: Memo | None = None) -> list[Classification]:
        """A document's claims in order, each given as :meth:`classify`'s keyword arguments (without
        ``previous_event`` and ``memo``). A claim is read with the event of the last placed claim before
        it (quotes run on). The claims before the first placed one were read before the document's event
        was evident (an opening of names, "the verdict"): they are read again with that event before them,
        and take it if their own words show some of its topic (not a remark on the weather).
        """
        memo = memo if isinstance(memo, Memo) else Memo()
        results: list[Classification] = []
        previous = None
        for claim in claims:
            results.append(self.classify(**claim, previous_event=previous, memo=memo))
            previous = results[-1].event or previous
        first = next((k for k, r in enumerate(results) if r.event), 0)
        for k in range(first):
            again = self.classify(**claims[k], previous_event=results[first].event, memo=memo)
            if again.event and self._own_topic(again.event, claims[k], memo) > 0:
                results[k] = again
        return results

    def _own_topic(self, event: str, claim: Mapping, memo: Memo) -> float:
        """Topic evidence for ``event`` in the claim's content, sentence and paragraph (not the document)."""
        scopes = _scopes(claim["content"], claim.get("sentence", ""), claim.get("paragraph", ""))
        sims = topic_similarities(np.stack(self._embeddings(memo).get(*scopes)), self.profiles[event])
        weights = np.array([TOPIC_WEIGHTS[scope] for scope in ("content", "sentence", "paragraph")])
        return float(weights @ np.maximum(0.0, sims.astype(np.float64) - TOPIC_FLOOR))

    # --- events ----------------------------------------------------------------

    def _event(
        self, term, vectors, previous_event, content, sentence, side
    ) -> tuple[str | None, float, dict]:
        if term.off_topic:
            return None, 0.6, {}
        totals: dict[str, float] = {}
        topic: dict[str, float] = {}
        scoped = np.stack([vectors[scope] for scope in TOPIC_WEIGHTS])
        weights = _SCOPE_WEIGHTS
        for slug, profile in self.profiles.items():
            score = max(term.event_scores.get(slug, 0.0), -2.0) * TERM_SCALE
            sims = topic_similarities(scoped, profile).astype(np.float64)
            own = float(weights @ np.maximum(0.0, sims - TOPIC_FLOOR))
            topic[slug] = own
            score += own
            if slug == previous_event:
                score += PREVIOUS_BONUS
            model = self.models.get(slug)
            if model is not None:
                score = model.event_blend(
                    score, content=content, sentence=sentence, vector=vectors["content"], side=side
                )
            totals[slug] = score
        if term.event is not None and term.event in totals:
            # terms decide when they find an event; topic evidence places claims the terms miss
            return term.event, term.confidence, topic
        if not totals:
            return None, 0.5, topic
        ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
        best, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        bar = EVENT_MIN_TERMS if self.events[best].terms else EVENT_MIN
        if top < bar:
            return None, round(min(0.95, max(0.3, 1.0 - top / (2 * bar))), 2), topic
        margin = (top - max(second, 0.0)) / max(top, 1e-9)
        conf = 0.4 + 0.3 * margin + 0.25 * min(1.0, top / (2 * EVENT_MIN))
        return best, round(min(0.95, conf), 2), topic

    # --- positions -------------------------------------------------------------

    def _stance_scores(self, event, cue, vector, sentence_vector, pol, content) -> dict[str, float]:
        # a short content ("the accusations", "nonsense", "everything we found says so") borrows its topic
        # from its sentence
        if len(content.split()) <= SHORT_CONTENT:
            vector = vector + SENTENCE_MIX * sentence_vector
            vector = vector / max(float(np.linalg.norm(vector)), 1e-9)
        scores: dict[str, float] = {}
        words = stem_bag(content)
        for slug, sim in position_votes(vector, pol.sign, self.profiles[event], words).items():
            if sim > STANCE_FLOOR:
                scores[slug] = sim - STANCE_FLOOR
        if not scores and (pol.rejection or pol.denial_cue):
            # "This is a farce", "denied its involvement": the words say no, not what to; within the
            # event, what is rejected is the claim its rejecting position answers
            for slug, share in rejection_votes(self.profiles[event]).items():
                scores[slug] = REJECTION_VOTE * share
        for slug, weight in cue.items():
            scores[slug] = scores.get(slug, 0.0) + TERM_STANCE_WEIGHT * weight
        return scores

    def position_scores(
        self, event: str, contents: Sequence[str], sentences: Sequence[str]
    ) -> list[dict[str, float]]:
        """The definitions' scores for ``event``'s positions, for a batch of claims (what learned models
        are fitted on top of: ``fit_event_models(labelled, prior=classifier.position_scores)``)."""
        if event not in self.profiles or not contents:
            return [{} for _ in contents]
        sentences = [s or c for c, s in zip(contents, sentences, strict=True)]
        vectors = self.embedder.embed([*contents, *sentences])
        n = len(contents)
        out = []
        for k, (content, sentence) in enumerate(zip(contents, sentences, strict=True)):
            cue = self.terms.stance_for(event, content=content)
            pol = polarity(content, sentence)
            out.append(self._stance_scores(event, cue, vectors[k], vectors[n + k], pol, content))
        return out


def _scopes(content: str, sentence: str, paragraph: str) -> tuple[str, str, str]:
    """A missing sentence or paragraph falls back to the narrower text."""
    sentence = sentence or content
    return content, sentence, paragraph or sentence


def _short(content: str) -> bool:
    return len(content.split()) <= 6
