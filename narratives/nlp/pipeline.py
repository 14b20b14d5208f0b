"""The spaCy pipeline, built once per process and lazily, and the extraction entry points.

The trained pipeline is followed by registered components: ``parallax_quotes`` (quote marks),
``parallax_attribution`` (cues, speakers, content spans) and ``parallax_extraction``, which resolves
speakers against a :class:`Knowledge` snapshot, classifies and collects figures. The snapshot reaches it
per call through ``component_cfg``, so with ``nlp.pipe(n_process>1)`` the whole extraction runs in spaCy's
worker processes. :func:`extract` / :func:`extract_many` return plain dataclasses: ``Doc`` objects never
leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribution import RawClaim, find_claims
from .classify import Memo
from .doctext import doc_text
from .lexicon import load_lexicon
from .model import model_name
from .quotes import Quote, find_quotes, paragraph_at
from .ruler import use_table_ruler
from .speakers import resolve_speakers
from .types import ExtractedClaim, ExtractedFigure, ExtractionResult, Knowledge, Quantity, Speaker

_NEWLINE = re.compile("\n")
EXTRACTOR_VERSION = "attrib-1.1"

# Plain lists of dicts, so docs survive nlp.pipe(n_process>1) serialisation.
for _name in ("parallax_quotes", "parallax_claims", "parallax_result"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("parallax_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """A line break starts a sentence (runs before the parser, which keeps preset starts), unless it only
    wraps a sentence: one newline after a word with no closing punctuation, before a lower-case word."""
    text = doc_text(doc)
    if "\n" not in text:
        return doc
    # Only the tokens a newline falls in (or after) can start a line: found from the text, not by walking
    # every token in Python.
    starts = doc.to_array("IDX")
    lines = [m.start() for m in _NEWLINE.finditer(text)]
    for i in dict.fromkeys(int(k) for k in np.searchsorted(starts, lines, side="right") - 1):
        if i + 1 >= len(doc):
            continue
        before, tok = doc[i], doc[i + 1]
        gap = before.text + before.whitespace_ if before.is_space else before.whitespace_
        if "\n" not in gap:
            continue
        word = doc[tok.i - 2] if before.is_space and tok.i > 1 else before
        wrapped = gap.count("\n") == 1 and not word.is_punct and not word.is_space and tok.text[:1].islower()
        if not wrapped:
            tok.is_sent_start = True
    return doc


@Language.component("parallax_quotes")
def quotes_component(doc: Doc) -> Doc:
    doc._.parallax_quotes = [dict(vars(q)) for q in find_quotes(doc_text(doc))]  # flat: no asdict deep copy
    return doc


@Language.factory("parallax_attribution", default_config={"lexicon_path": None})
def make_attribution(nlp: Language, name: str, lexicon_path: str | None):
    lexicon = load_lexicon(lexicon_path)

    def attribution_component(doc: Doc) -> Doc:
        quotes = [Quote(**q) for q in (doc._.parallax_quotes or [])]
        doc._.parallax_claims = [dict(vars(c)) for c in find_claims(doc, quotes, lexicon)]
        return doc

    return attribution_component


@cache
def get_nlp(name: str | None = None) -> Language:
    """Load the trained pipeline (never downloads) and add our components after it."""
    nlp = spacy.load(name or model_name())
    use_table_ruler(nlp)  # the same token attributes as spaCy's own ruler, in less time (ruler.py)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("parallax_paragraphs", before="parser")
    nlp.add_pipe("parallax_quotes", last=True)
    nlp.add_pipe("parallax_attribution", last=True)
    nlp.add_pipe("parallax_extraction", last=True)
    return nlp


# --- knowledge-dependent steps ----------------------------------------------------


class _Resolvers:
    """Registry, classifier and figure finder for one Knowledge snapshot."""

    def __init__(self, knowledge: Knowledge):
        from .registry import ActorRegistry, same_person

        self.registry = ActorRegistry(knowledge)
        self.same_person = same_person
        from . import figures
        from .fingerprint import fingerprint

        self.classifier = _classifier(knowledge.events, knowledge.event_models)
        self.figures = figures
        self.fingerprint = fingerprint


@lru_cache(maxsize=2)  # the current snapshot and the one before: a worker needs no older ones
def _resolvers(knowledge: Knowledge) -> _Resolvers:
    return _Resolvers(knowledge)


@lru_cache(maxsize=2)
def _classifier(events, event_models):
    """The classifier reads only the events and their learned models: a new actor (most articles bring
    one) must not rebuild it, nor keep a second copy of its profiles and term index alive."""
    from .classify import EventClassifier

    return EventClassifier(Knowledge(events=events, event_models=event_models))


def _lemmas(doc: Doc, raw: RawClaim, content: str) -> list[str]:
    span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    return [t.lemma_.lower() for t in span] if span is not None else content.lower().split()


def _build(doc: Doc, res: _Resolvers) -> ExtractionResult:
    text = doc_text(doc)
    raws = [RawClaim(**d) for d in (doc._.parallax_claims or [])]
    speakers = resolve_speakers(doc, raws, res.registry, res.same_person)
    claims: list[ExtractedClaim] = []
    memo = Memo()  # shared by the document's claims
    quantities = res.figures.all_quantities(doc)
    scopes = [
        (text[raw.start : raw.end], text[raw.sent_start : raw.sent_end], paragraph_at(text, raw.start))
        for raw in raws
    ]
    res.classifier.prepare(memo, scopes)  # every claim's embeddings in one batch
    placements = res.classifier.classify_document(
        [
            {
                "content": content,
                "content_lemmas": _lemmas(doc, raw, content),
                "sentence": sentence,
                "paragraph": paragraph,
                "speaker_side": speaker.side if speaker is not None else None,
            }
            for raw, speaker, (content, sentence, paragraph) in zip(raws, speakers, scopes, strict=False)
        ],
        memo,
    )
    for raw, speaker, (content, sentence, _), result in zip(raws, speakers, scopes, placements, strict=False):
        event, stance, confidence = result.event, result.stance, result.confidence
        suggested, needs_review = result.suggested, result.needs_review
        quantity = res.figures.quantity_in(doc, raw.start, raw.end, quantities)
        mention = text[raw.speaker_start : raw.speaker_end] if raw.speaker_start is not None else ""
        claims.append(
            ExtractedClaim(
                content=content,
                start=raw.start,
                end=raw.end,
                kind=raw.kind,
                cue=raw.cue,
                speaker_mention=mention,
                speaker_start=raw.speaker_start,
                speaker_end=raw.speaker_end,
                speaker=speaker,
                sentence=sentence,
                sentence_start=raw.sent_start,
                sentence_end=raw.sent_end,
                cue_start=raw.cue_start,
                event=event,
                stance=stance,
                confidence=confidence,
                fingerprint=res.fingerprint(content),
                quantity=quantity,
                position_suggested=suggested,
                needs_review=needs_review,
            )
        )
    figures = tuple(res.figures.find_figures(doc, [(c.start, c.end) for c in claims], quantities))
    return ExtractionResult(
        language=doc.lang_, claims=tuple(claims), figures=figures, extractor_version=EXTRACTOR_VERSION
    )


# --- the knowledge-dependent component and plain results ---------------------------


def result_to_plain(result: ExtractionResult) -> dict:
    """Lists, dicts and scalars only: what ``Doc.to_bytes`` (msgpack) carries back from a worker.

    What ``dataclasses.asdict`` returns, written out: asdict deep-copies every field and took 5% of _build.
    """

    def claim(c: ExtractedClaim) -> dict:
        speaker, quantity = c.speaker, c.quantity
        return {
            **vars(c),
            "speaker": dict(vars(speaker)) if speaker is not None else None,
            "quantity": dict(vars(quantity)) if quantity is not None else None,
        }

    return {
        "language": result.language,
        "claims": [claim(c) for c in result.claims],
        "figures": [dict(vars(f)) for f in result.figures],
        "extractor_version": result.extractor_version,
        "warnings": list(result.warnings),
    }


def result_from_plain(data: dict) -> ExtractionResult:
    def claim(c: dict) -> ExtractedClaim:
        speaker, quantity = c["speaker"], c["quantity"]
        return ExtractedClaim(
            **{
                **c,
                "speaker": Speaker(**speaker) if speaker is not None else None,
                "quantity": Quantity(**quantity) if quantity is not None else None,
            }
        )

    return ExtractionResult(
        language=data["language"],
        claims=tuple(claim(c) for c in data["claims"]),
        figures=tuple(ExtractedFigure(**f) for f in data["figures"]),
        extractor_version=data["extractor_version"],
        warnings=tuple(data["warnings"]),
    )


class ExtractionComponent:
    """Builds ``doc._.parallax_result`` for the Knowledge snapshot passed as ``knowledge`` in component_cfg.

    Per call rather than stored on the component, so concurrent calls with different snapshots cannot mix.
    Without a snapshot (a bare ``nlp(text)``) it leaves the Doc alone.
    """

    def __call__(self, doc: Doc, knowledge: Knowledge | None = None) -> Doc:
        return next(self.pipe([doc], knowledge=knowledge))

    def pipe(
        self, docs: Iterable[Doc], *, batch_size: int | None = None, knowledge: Knowledge | None = None
    ) -> Iterator[Doc]:
        res = _resolvers(knowledge) if knowledge is not None else None
        for doc in docs:
            if res is not None:
                doc._.parallax_result = result_to_plain(_build(doc, res))
                # read: not carried back from a worker process (n_process > 1) for nothing
                doc._.parallax_quotes = doc._.parallax_claims = doc._.parallax_text = None
            yield doc


@Language.factory("parallax_extraction")
def make_extraction(nlp: Language, name: str) -> ExtractionComponent:
    return ExtractionComponent()


def extract(text: str, knowledge: Knowledge) -> ExtractionResult:
    return next(extract_many([text], knowledge))


def extract_many(
    texts: Iterable[str], knowledge: Knowledge, *, n_process: int = 1, batch_size: int = 16
) -> Iterator[ExtractionResult]:
    nlp = get_nlp()
    _resolvers(knowledge)  # built here, before spaCy forks its workers, so they inherit it
    cfg = {"parallax_extraction": {"knowledge": knowledge}}
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size, component_cfg=cfg):
        yield result_from_plain(doc._.parallax_result)
