"""The actor registry: link a speaker mention to a known actor, or profile a new one.

Resolution order for ``ActorRegistry.resolve``:

1. exact alias match on the normalised mention (and on its parenthesised or comma-separated parts);
2. the person name inside a titled mention ("Defense Department spokesperson Eric Pahon"): exact alias,
   then surname within known persons, then a transliteration-aware fuzzy match, always checking that
   first names do not conflict;
3. a known organisation named in the mention ("the US Department of Defense"), including a bare
   generic name completed by a nationality in context ("the Defense Ministry");
4. otherwise an unknown speaker, profiled from its titles and the nationality words around it.
   The side is only set when the evidence agrees: a wrong side is worse than none.

Pronouns and bare descriptions ("he", "the spokesman") return None: the caller resolves them in context.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .memo import BoundedMemo
from .names import (  # noqa: F401 - same_person and skeleton are part of this module's API
    INDEFINITE_DETERMINERS,
    LEADING_ARTICLE,
    NAME_PARTICLES,
    PRONOUNS,
    PhraseIndex,
    first_names_compatible,
    normalize_name,
    same_person,
    skeleton,
    strip_accents,
    surname_key,
    surname_variant,
)
from .registry_profiles import Profiler
from .types import ActorEntry, Knowledge, Speaker

_ONSET = re.compile(r"[^aeiouy]*")  # the consonants before a name's first vowel


PEOPLE_CACHE = 20_000  # names per registry; bounded, so a long-lived worker stays flat


class ActorRegistry(Profiler):
    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.actors: dict[str, ActorEntry] = {a.name: a for a in knowledge.actors}
        self._alias: dict[str, str] = {}
        self._surnames: dict[str, set[str]] = defaultdict(set)
        self._first_names: dict[str, set[str]] = defaultdict(set)
        for actor in knowledge.actors:
            for raw in (actor.name, *actor.aliases):
                key = normalize_name(raw)
                if key:
                    self._alias.setdefault(key, actor.name)
            if actor.kind == "person":
                for raw in (actor.name, *actor.aliases):
                    tokens = [t for t in normalize_name(raw).split() if t]
                    if not tokens or raw.startswith("@"):
                        continue
                    if len(tokens) >= 2:
                        self._first_names[actor.name].add(tokens[0])
                    self._surnames[tokens[-1]].add(actor.name)
                    if len(tokens) >= 2 and tokens[-2] in NAME_PARTICLES:
                        self._surnames[" ".join(tokens[-2:])].add(actor.name)
        # keys of one-word surnames, for the transliteration-variant scan of every unknown name
        self._surname_keys = [(s, surname_key(s), n) for s, n in self._surnames.items() if " " not in s]
        self._people = BoundedMemo(self._match_person, PEOPLE_CACHE)
        side_terms = [(t, s.name) for s in knowledge.sides for t in (s.name, *s.terms)]
        self._sides = PhraseIndex(side_terms)
        self.media_side = next((s.name for s in knowledge.sides if s.slug == "media"), None)
        orgs = [a for a in knowledge.actors if a.kind != "person"]
        self._orgs = PhraseIndex(
            (alias, a.name) for a in orgs for alias in (a.name, *a.aliases) if len(alias) > 1
        )
        # generic org names completed by a nationality word ("Defense Ministry" -> "Russian Defense Ministry")
        self._generic: dict[str, set[str]] = defaultdict(set)
        nationality = {strip_accents(t).lower() for s in knowledge.sides for t in s.terms}
        for a in orgs:
            for alias in (a.name, *a.aliases):
                tokens = normalize_name(alias).split()
                if len(tokens) >= 3 and tokens[0] in nationality:
                    self._generic[" ".join(tokens[1:])].add(a.name)

    # --- lookups -----------------------------------------------------------

    def get(self, name: str) -> ActorEntry | None:
        return self.actors.get(name)

    def speaker_for(self, actor: ActorEntry) -> Speaker:
        organization = actor.organization
        if organization is None and actor.kind == "organization":
            organization = actor.name  # an organisation speaks for itself
        return Speaker(
            name=actor.name,
            kind=actor.kind,
            known=True,
            role=actor.role,
            organization=organization,
            side=actor.side,
        )

    def lookup(self, name: str) -> ActorEntry | None:
        key = normalize_name(name)
        hit = self._alias.get(key)
        if hit is None:
            stripped = re.sub(r"(?:\s+\d+)+$", "", key)  # "... Resolution 2170"
            hit = self._alias.get(stripped) if stripped != key else None
        return self.actors[hit] if hit else None

    def match_person(self, name: str) -> ActorEntry | None:
        """A known person for a bare name: exact alias, surname, then transliteration variants."""
        # the snapshot never changes and names recur across articles; the variant scan is the cost
        return self._people(name)

    def _match_person(self, name: str) -> ActorEntry | None:
        exact = self.lookup(name)
        if exact is not None and exact.kind == "person":
            return exact
        tokens = normalize_name(name).split()
        if not tokens:
            return None
        first = tokens[0] if len(tokens) >= 2 and tokens[0] not in NAME_PARTICLES else None
        candidates = set(self._surnames.get(tokens[-1], ()))
        if len(tokens) >= 2:
            candidates |= self._surnames.get(" ".join(tokens[-2:]), set())
        if not candidates and len(tokens[-1]) >= 4:
            key = surname_key(tokens[-1])
            for raw, surname, names in self._surname_keys:
                # with no first name to confirm it, the onset must agree: Pehon/Pahon, Peshkov/Peskov,
                # Shoygu/Shoigu, but not Saban/Shaaban
                close = first is not None or _ONSET.match(raw).group() == _ONSET.match(tokens[-1]).group()
                if close and surname_variant(surname, key):
                    candidates |= names
        if first is not None:
            candidates = {
                c
                for c in candidates
                if not self._first_names[c]
                or any(first_names_compatible(first, f) for f in self._first_names[c])
            }
        if len(candidates) == 1:
            return self.actors[candidates.pop()]
        return None

    # --- resolution ----------------------------------------------------------

    def resolve(self, mention: str, *, context: str = "", label: str | None = None) -> Speaker | None:
        mention = (mention or "").strip().strip(",;:—–-").strip()
        if not mention:
            return None
        key = normalize_name(mention)
        if not key:
            return None
        actor = self.lookup(mention)
        last = mention.split()[-1]
        if key in PRONOUNS and not (actor is not None and last.isupper() and len(last) > 1):
            return None  # "us", but not a known acronym ("the US")
        if actor is not None:
            return self.speaker_for(actor)
        # parenthesised or comma-separated parts: "the Minister of Defense (Sergei Shoigu)"
        parts = [p.strip() for p in re.split(r"[(),]", mention) if p.strip()]
        # "Jan Novak, an adviser to X": a whole first part that is a name is the speaker, never X
        lead = parts[0] if len(parts) > 1 and self._name_run(parts[0]) == parts[0] else ""
        for part in [lead] if lead else parts if len(parts) > 1 else []:
            actor = self.lookup(part)
            if actor is not None and actor.kind == "person":
                return self.speaker_for(actor)
            name = self._name_run(part)
            if name and (actor := self.match_person(name)) is not None:
                return self.speaker_for(actor)
        name = lead or self._name_run(mention)
        if name and (actor := self.match_person(name)) is not None:
            return self.speaker_for(actor)
        profile = self.describe(mention, context=context)
        org_actor = self._org_in(mention, context)
        has_role = self._has_role(mention)
        if not name:
            body = org_actor is not None and org_actor.kind == "country" and self._looks_org(mention)
            if body and not has_role:
                # "the UK's Crown Prosecution Service": a body of the country, named as written
                display = re.sub(r"^.*['’]s\s+", "", _clean_display(mention))
                return Speaker(display, "organization", side=org_actor.side, side_inferred=True)
            if org_actor is not None and not has_role:
                return self.speaker_for(org_actor)
            if label in {"ORG", "GPE", "NORP", "FAC", "LOC"} and not has_role:
                return Speaker(
                    name=_clean_display(mention),
                    kind="country" if label == "GPE" else "organization",
                    known=False,
                    side=profile.side,
                )
            # "a defense official" is one unnamed member, never the office holder the title points at.
            indefinite = mention.split(maxsplit=1)[0].lower() in INDEFINITE_DETERMINERS
            if has_role and not indefinite and (holder := self.office_holder(mention, context=context)):
                return self.speaker_for(holder)
            return None  # a description ("the spokesman"): the caller resolves it in context
        kind = "country" if label == "GPE" else "person"  # "Poland said": a place, never a person
        if label in {"ORG", "NORP", "FAC"} or (
            label != "PERSON" and not has_role and org_actor is None and self._looks_org(name)
        ):
            kind = "organization"
        return Speaker(
            name=name,
            kind=kind,
            known=False,
            role=profile.role if kind == "person" else "",  # an organisation has no title
            organization=profile.organization,
            side=profile.side,
        )


def _clean_display(mention: str) -> str:
    text = LEADING_ARTICLE.sub("", mention.strip())
    return re.sub(r"['’]s$", "", text).strip()
