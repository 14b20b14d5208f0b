"""Whole-article passes over the resolved speakers: later naming, metonymy, joint speakers, acronyms."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .attribution import RawClaim
from .collectives import joint_speaker
from .coref import surname_of
from .doctext import doc_text
from .lexicon import word_set
from .types import Speaker

FORWARD_WINDOW = 300  # characters: how far "a spokeswoman" may be named later ("The spokeswoman, X,")


def country_for_its_body(text: str, raws: list[RawClaim], speakers: list[Speaker | None], order) -> None:
    """'The foreign ministry said … Moscow stressed …': a country named right after one of its own
    bodies spoke, in the same or the next paragraph, stands for that body (metonymy); after anyone
    else, or further on, it stays the country."""
    previous, last = None, 0
    for i in order:
        sp, pos = speakers[i], raws[i].speaker_start
        if sp is None or pos is None or any(o.start <= pos < o.end for o in raws):
            continue  # nested in someone's words: not a turn of its own
        if (
            sp.kind == "country"
            and raws[i].mention_kind == "name"
            and previous is not None
            and text.count("\n", last, pos) <= 1
            and previous.kind == "organization"
            and not previous.anonymous
            and previous.side is not None
            and previous.side == sp.side
        ):
            speakers[i] = sp = previous
        previous, last = sp, pos


_JOINT_TYPES = ("GPE", "ORG", "NORP", "PERSON")


def joint(doc: Doc, raws: list[RawClaim], speakers: list[Speaker | None], registry, np_text) -> None:
    """'Britain, the US and France said': one joint speaker naming each conjunct, in text order."""
    text = doc_text(doc)
    joined: dict[str, tuple[int, Speaker]] = {}  # first member's name -> (position, joint speaker)
    for i, c in enumerate(raws):
        sp = speakers[i]
        if sp is None or sp.anonymous or c.mention_kind != "name" or c.speaker_token is None:
            continue
        tok = doc[c.speaker_token]
        if tok.dep_ == "conj" or not (tok.pos_ == "PROPN" or tok.ent_type_ in _JOINT_TYPES):
            continue
        others = [t for t in tok.conjuncts if t.pos_ == "PROPN" and t.ent_type_ in _JOINT_TYPES]
        # "the US and its allies": a group the first conjunct owns, named without the possessive
        owned = {t.i: k.i for t in tok.conjuncts if t.tag_ == "NNS" for k in t.lefts if k.tag_ == "PRP$"}
        if not (others or owned) or len(others) + len(owned) != len(tok.conjuncts):
            continue
        sentence = text[c.sent_start : c.sent_end]
        members = [sp]
        for t in sorted(tok.conjuncts, key=lambda t: t.i):
            if t.i in owned:
                members.append(Speaker(name=doc[owned[t.i] + 1 : t.i + 1].text, kind=sp.kind))
                continue
            other = registry.resolve(np_text(t), context=sentence, label=t.ent_type_)
            members.append(other or Speaker(name=np_text(t), kind=sp.kind))
        speakers[i] = joint_speaker(members, sp.kind) or sp
        joined[sp.name] = (c.speaker_start, speakers[i])
    for i, c in enumerate(raws):  # "Poland and Spain said … They added": the pair, not its first member
        sp, start = speakers[i], c.speaker_start or 0
        if c.mention_kind == "pronoun" and sp is not None and start > joined.get(sp.name, (start, sp))[0]:
            speakers[i] = joined[sp.name][1]


_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_ACRONYM_SKIPS = word_set("names", "acronym_skips")  # "Organisation for the Prohibition of …"
_PERSON_NOUNS = word_set("cues", "person_nouns")  # "a man", "a woman": no title to match


def acronyms(text: str) -> dict[str, str]:
    """'the Joint Investigation Team (JIT)': acronym -> the capitalised words whose initials it spells."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        words = text[max(0, m.start() - 120) : m.start()].split()
        kept: list[str] = []
        initials = ""
        while words and len(initials) < len(acr):
            w = words.pop()
            kept.insert(0, w)
            if w[:1].isupper():
                initials = w[0] + initials
            elif w not in _ACRONYM_SKIPS:
                break
        if initials == acr and kept[0][:1].isupper():
            out.setdefault(acr, " ".join(kept).strip(",;:"))
    return out


def name_later(doc: Doc, raws: list[RawClaim], speakers: list[Speaker | None], pending) -> None:
    """'A spokeswoman for X said … The spokeswoman, Jane Doe, added …': the same, now named person.
    'A man who claims … said …' then 'Jane Doe, a chemist, told …': a bare person noun is the person
    the next speaking turn introduces by full name."""
    if not pending:
        return
    text = doc_text(doc).lower()
    for i, head in pending:
        pos = raws[i].speaker_start
        later = sorted(
            (c.speaker_start, j)
            for j, c in enumerate(raws)
            if c.speaker_start is not None and pos < c.speaker_start <= pos + FORWARD_WINDOW
        )
        for _, j in later:
            sp, c = speakers[j], raws[j]
            if c.speaker_token is None or sp is None or sp.anonymous or sp.kind != "person":
                continue
            if doc[c.speaker_token].lemma_.lower() == head:
                speakers[i] = sp
                break
            surname = surname_of(sp.name)
            unnamed_before = bool(surname) and text.find(surname, 0, pos) < 0
            if head in _PERSON_NOUNS and c.mention_kind == "name" and unnamed_before:
                speakers[i] = sp
                break
