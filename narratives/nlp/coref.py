"""Speaker coreference within one article: pronouns and descriptions to named people.

No coreference model installs offline, so this is a small salience model:
people are clustered by surname; a pronoun takes the most recent person (or, for
"they"/"it", organisation) that spoke; a description ("the general", "the
Russian spokesman", "the head of state") takes the most recent person whose
title words match it and whose nationality agrees, falling back to the last
person speaker. Pure functions over plain data, plus one builder from a Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .lexicon import Lexicon, load_lexicon, word_pattern, word_set


@dataclass
class Person:
    """A person cluster: every mention of one surname in the article."""

    name: str  # the longest form seen ("Valery Gerasimov")
    surname: str
    positions: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # noun phrases around the mentions
    spoke: list[int] = field(default_factory=list)  # positions where the person is a claim's speaker
    subjects: list[int] = field(default_factory=list)  # positions as a clause subject in narration
    gender: str = ""  # "m" / "f" when a title or an earlier pronoun tells

    @property
    def context(self) -> str:
        return " ; ".join(self.titles)

    def last_before(self, pos: int) -> int:
        return max((p for p in self.positions if p < pos), default=-1)

    def last_spoke_before(self, pos: int) -> int:
        return max((p for p in self.spoke if p < pos), default=-1)

    def last_subject_before(self, pos: int) -> int:
        return max((p for p in self.subjects if p < pos), default=-1)


_GENDER_WORDS = load_lexicon().gender_words


def title_gender(title: str) -> str:
    words = set(re.findall(r"[a-z]+", title.lower()))
    female, male = bool(words & _GENDER_WORDS.get("f", set())), bool(words & _GENDER_WORDS.get("m", set()))
    return "f" if female and not male else "m" if male and not female else ""


_UNTITLED = word_set("names", "untitled_words")  # "Mr Smith" gives no title
_DESCRIPTION_DETERMINER = re.compile(rf"^(?:{word_pattern('determiners', 'description_determiners')})\s+")
RECENT = 400  # characters: a description right after a speaker with no known title may be them


def _titled(person: Person) -> bool:
    """Does any mention give the person a title beyond the name itself?"""
    name = set(re.findall(r"\w+", person.name.lower()))
    return any(set(re.findall(r"[a-z]+", t.lower())) - name - _UNTITLED for t in person.titles)


GROUP = "group"  # the label of a plural unnamed source that spoke ("the rebels said")


@dataclass(frozen=True)
class Antecedent:
    """What a mention resolves to: the text to give the registry, with title context."""

    mention: str
    context: str
    label: str | None
    person: Person | None = None


def surname_of(name: str) -> str:
    words = [w for w in re.findall(r"[\w'’\-]+", name) if w[:1].isupper()]
    if not words:
        return ""
    return re.sub(r"['’]s$", "", words[-1]).lower()


class Salience:
    """Running salience state for one article, fed in document order."""

    def __init__(self, lexicon: Lexicon, same_person=None):
        self.lex = lexicon
        self.people: list[Person] = []
        self.org_spoke: list[tuple[int, Antecedent]] = []
        self.person_spoke: list[tuple[int, Person]] = []
        self._same = same_person

    # building ------------------------------------------------------------------
    def find_person(self, name: str) -> Person | None:
        sur = surname_of(name)
        if not sur:
            return None
        for p in self.people:
            if p.surname == sur:
                return p
        if " " not in name.strip():
            # "Hillary" after "Hillary Clinton": a first name alone is the person already named
            firsts = [p for p in self.people if len(p.name.split()) > 1 and p.name.split()[0].lower() == sur]
            if len(firsts) == 1:
                return firsts[0]
        if self._same is not None:
            for p in self.people:
                try:
                    if self._same(p.name, name):
                        return p
                except Exception:  # noqa: BLE001 - a colleague's matcher must not break extraction
                    continue
        return None

    def add_person(self, name: str, pos: int, title: str = "") -> Person:
        p = self.find_person(name)
        if p is None:
            p = Person(name=name, surname=surname_of(name))
            self.people.append(p)
        elif len(name) > len(p.name):
            p.name = name
        p.positions.append(pos)
        if title:
            p.titles.append(title)
            p.gender = p.gender or title_gender(title)
        return p

    quiet = False  # set while resolving a speaker nested in another claim: mentioned, not speaking

    def spoke(self, pos: int, person: Person | None = None, org: Antecedent | None = None) -> None:
        if self.quiet:
            if person is not None:
                person.positions.append(pos)
            return
        if person is not None:
            person.spoke.append(pos)
            if pos not in person.positions:
                person.positions.append(pos)  # a speaker found by surname (a headline) is mentioned there
            self.person_spoke.append((pos, person))
        elif org is not None:
            self.org_spoke.append((pos, org))

    # resolving -----------------------------------------------------------------
    def last_person_speaker(self, pos: int) -> Person | None:
        before = [(p, person) for p, person in self.person_spoke if p < pos]
        return max(before, key=lambda x: x[0])[1] if before else None

    def resolve_pronoun(self, pronoun: str, pos: int) -> Antecedent | None:
        low = pronoun.lower()
        kind = self.lex.pronoun_gender(low)
        if kind:  # he / she and their other forms
            person = self.salient_person(pos, kind)
            if person is not None and not person.gender:
                person.gender = kind
            return self.antecedent(person)
        if kind == "":  # they / it; "it" never points back to a group ("the rebels")
            singular = (self.lex.pronouns.get(low) or {}).get("number") == "sg"
            orgs = [(p, a) for p, a in self.org_spoke if p < pos and not (singular and a.label == GROUP)]
            return max(orgs, key=lambda x: x[0])[1] if orgs else None
        return None

    def salient_person(self, pos: int, gender: str = "") -> Person | None:
        """The person a pronoun of this gender ("" for any) points back to at ``pos``."""
        fits = [p for p in self.people if not (gender and p.gender and p.gender != gender)]
        speakers = [(p.last_spoke_before(pos), p) for p in fits if p.last_spoke_before(pos) >= 0]
        last_spoke = max(speakers, key=lambda x: x[0]) if speakers else (-1, None)
        # A person who became the subject of the narration after the last speaker takes over.
        subjects = [
            (p.last_subject_before(pos), p) for p in fits if p.last_subject_before(pos) > last_spoke[0]
        ]
        person = max(subjects, key=lambda x: x[0])[1] if subjects else last_spoke[1]
        if person is None:
            mentioned = [p for p in fits if p.last_before(pos) >= 0]
            person = max(mentioned, key=lambda p: p.last_before(pos)) if mentioned else None
        return person

    def resolve_description(
        self, text: str, pos: int, nationalities: list[str], sentence_end: int | None = None
    ) -> Antecedent | None:
        titles, required, fits = self._matcher(text, nationalities)
        candidates = [p for p in self.people if p.last_before(pos) >= 0 and fits(p)]
        if not candidates and nationalities and titles:
            # "The U.S. president said" after "President X" whose mentions name no country
            _, _, loose = self._matcher(text, [])
            candidates = [p for p in self.people if p.last_spoke_before(pos) >= 0 and loose(p)]
        if candidates:
            best = max(candidates, key=lambda p: (p.last_spoke_before(pos) >= 0, p.last_before(pos)))
            return self.antecedent(best)
        if titles is not None and not titles:  # "the official": anyone who just spoke
            return self.antecedent(self.last_person_speaker(pos))
        if required:  # "the head of the X": nobody with X in the title, so the last speaker
            return self.antecedent(self.last_person_speaker(pos))
        last = self.last_person_speaker(pos)
        if last is not None and pos - max(last.spoke) <= RECENT and not _titled(last):
            return self.antecedent(last)  # "X said … The foreign secretary said": no title contradicts
        # "…, the Prime Minister said" in a standfirst: the person named later with that title
        # (not someone named inside the same sentence's reported words)
        return self.resolve_forward(text, max(pos, sentence_end or pos), [], limit=None)

    def resolve_forward(self, text: str, pos: int, nationalities: list[str], limit: int | None):
        """The first person named after ``pos`` (within ``limit`` characters) whose title fits."""
        titles, _, fits = self._matcher(text, nationalities)
        if not titles:
            return None
        later = [
            (min(q for q in p.positions if q > pos), p)
            for p in self.people
            if any(q > pos for q in p.positions) and p.last_before(pos) < 0 and fits(p)
        ]
        later = [(q, p) for q, p in later if limit is None or q - pos <= limit]
        return self.antecedent(min(later, key=lambda x: x[0])[1]) if later else None

    def _matcher(self, text: str, nationalities: list[str]):
        low = " ".join(text.lower().split())
        low = _DESCRIPTION_DETERMINER.sub("", low)
        titles: tuple[str, ...] | None = None
        for key in sorted(self.lex.descriptions, key=len, reverse=True):
            if re.search(rf"\b{re.escape(key)}\b", low):
                titles = self.lex.descriptions[key]
                break
        # "the chief of the General Staff": the proper words after "of" must appear in the title.
        required = (
            [w.lower() for w in re.findall(r"\b[A-Z][\w\-]+", text.split(" of ", 1)[1])]
            if " of " in text
            else []
        )
        required = [w for w in required if w not in ("the",)]
        nats = [n.lower() for n in nationalities]

        def fits(person: Person) -> bool:
            ctx = person.context.lower()
            titled = any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", ctx) for t in titles or ())
            if titles and not titled and not required:
                return False
            if required and not all(w in ctx for w in required):
                return False
            return all(n in ctx for n in nats)

        return titles, required, fits

    @staticmethod
    def antecedent(person: Person | None) -> Antecedent | None:
        if person is None:
            return None
        return Antecedent(person.name, person.context, "PERSON", person)


def collect_people(doc: Doc, salience: Salience, np_text, in_quote=lambda pos: False) -> None:
    """Register every PERSON entity with the noun phrase around it (its titles)."""
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = ent.text.strip()
        if len(surname_of(name)) < 2:
            continue
        person = salience.add_person(name, ent.start_char, np_text(ent.root))
        if ent.root.dep_ in ("nsubj", "nsubjpass") and not in_quote(ent.start_char):
            person.subjects.append(ent.start_char)
