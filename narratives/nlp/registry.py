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

from rapidfuzz import fuzz

from .memo import BoundedMemo
from .names import (  # noqa: F401 - normalize_name, same_person and friends are part of this module's API
    _APOSTROPHES,
    _HEADS,
    _OFFICE_WORDS,
    _ROLE_NOUNS,
    _ROLE_QUALIFIERS,
    _ROLE_SYNONYMS,
    ARTICLES,
    GENERIC_ROLES,
    INDEFINITE_DETERMINERS,
    LEADING_ARTICLE,
    MODIFIER_HEADS,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_ROLES,
    PRONOUNS,
    RELATION_WORD,
    ROLE_PREPOSITIONS,
    SIDE_BLOCKERS,
    STATE_MEDIA,
    TITLE_WORDS,
    PhraseIndex,
    _basic,
    capitalised_lead,
    first_names_compatible,
    mild_key,
    modifier_run,
    normalize_name,
    same_person,
    skeleton,
    strip_accents,
    surname_key,
    surname_variant,
    titles_around,
)
from .types import ActorEntry, Knowledge, Speaker

_ONSET = re.compile(r"[^aeiouy]*")  # the consonants before a name's first vowel
_TOKEN = re.compile(r"[^\s,;:()\[\]\"“”«»]+")


PEOPLE_CACHE = 20_000  # names per registry; bounded, so a long-lived worker stays flat


class ActorRegistry:
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

    def describe(self, mention: str, *, context: str = "") -> Speaker:
        """Profile a mention or description: role, organisation and side from titles and nationality words.

        ``name`` is the person name found in it, or "". Used for unknown speakers and by the caller to
        check agreement of descriptions ("the Russian spokesman") with candidate antecedents.
        """
        name = self._name_run(mention) or ""
        text = mention
        extra = titles_around(mention, context) if context else ""
        if extra:
            text = f"{extra} {mention}"
        role_text = text
        if name:
            idx = role_text.rfind(name)
            if idx >= 0:
                role_text = (role_text[:idx] + " " + role_text[idx + len(name) :]).strip()
        role_text = LEADING_ARTICLE.sub("", role_text.strip(" ,;:()")).strip(" ,;:()")
        # countries are left to _infer_side, which knows "envoy to the US" is not a US title
        org = self._org_in(role_text, context, countries=False) if role_text else None
        side = self._infer_side(role_text, org)
        organization = None
        if org is not None:
            organization = org.name if org.kind == "organization" else None
        return Speaker(
            name=name,
            kind="person" if (name or self._has_role(mention)) else "organization",
            known=False,
            role=role_text,
            organization=organization,
            side=side,
        )

    def office_holder(self, description: str, *, context: str = "") -> ActorEntry | None:
        """The one known person a description names by office: "the head of the General Staff",
        "the Iraqi prime minister". None when several people fit ("the Russian spokesman") or none do.
        """
        words = [w for w in _basic(description).split() if w not in ARTICLES]
        wanted = {
            _ROLE_SYNONYMS.get(w, w) for w in words if w in PERSON_ROLES | _ROLE_QUALIFIERS | _OFFICE_WORDS
        }
        wanted -= GENERIC_ROLES
        if not wanted:
            return None
        org = self._org_in(description, context, countries=False)
        side = None if org is not None else self._infer_side(description, None)
        if org is None and side is None:
            return None
        fits: list[ActorEntry] = []
        for actor in self.actors.values():
            if actor.kind != "person" or not actor.role:
                continue
            if org is not None and org.name not in (actor.organization, self._parent(actor.organization)):
                continue
            if org is None and actor.side != side:
                continue
            role = [_ROLE_SYNONYMS.get(w, w) for w in _basic(actor.role).split()]
            if role and role[0] in _ROLE_QUALIFIERS and role[0] not in wanted:
                continue  # a deputy is not "the head"
            have = set(role)
            # the office itself comes before the first preposition: "adviser to the president" is no president
            cut = next((i for i, w in enumerate(role) if w in ROLE_PREPOSITIONS), len(role))
            office = set(role[:cut])
            # a generic "head of X" is someone whose role is "<head word> of ...": not "press secretary"
            heads_of = bool(cut < len(role) and role[cut] == "of" and office & _HEADS)
            if all(
                (heads_of if w == "chief" else w in office if w in _ROLE_NOUNS else w in have) for w in wanted
            ):
                fits.append(actor)
        if len(fits) == 1:
            return fits[0]

        def mapped(ws: list[str]) -> str:
            return " ".join(_ROLE_SYNONYMS.get(w, w) for w in ws if w not in ARTICLES)

        first = next((i for i, w in enumerate(words) if _ROLE_SYNONYMS.get(w, w) in wanted), 0)
        phrase = mapped(words[first:])
        prefixed = [a for a in fits if mapped(_basic(a.role).split()).startswith(phrase)]
        if len(fits) > 1 and len(prefixed) == 1:
            return prefixed[0]  # "the chief of the General Staff" is the role's own wording
        if len(fits) > 1 and org is not None:
            # several office holders in one body: the role closest to the description, by a clear margin
            scored = sorted(
                ((fuzz.ratio(" ".join(words), _basic(a.role)), a) for a in fits),
                key=lambda x: x[0],
                reverse=True,
            )
            if scored[0][0] - scored[1][0] >= 10:
                return scored[0][1]
        return None

    def _parent(self, name: str | None) -> str | None:
        actor = self.actors.get(name) if name else None
        return actor.organization if actor is not None else None

    # --- helpers ---------------------------------------------------------------

    def _has_role(self, text: str) -> bool:
        return any(t in PERSON_ROLES for t in _basic(text).split())

    def _looks_org(self, name: str) -> bool:
        words = _basic(name).split()
        return bool(words) and words[-1] in ORG_WORDS

    def _name_run(self, text: str) -> str | None:
        """The last run of capitalised name tokens that are not titles, nationality words or org names."""
        covered = [(a, b) for a, b, _ in self._orgs.find(text) + self._sides.find(text) if " " in text[a:b]]
        tokens = [
            "," if any(a <= m.start() < b for a, b in covered) else m.group(0) for m in _TOKEN.finditer(text)
        ]
        runs: list[list[str]] = []
        current: list[str] = []
        for n, tok in enumerate(tokens):
            bare = tok.translate(_APOSTROPHES)
            possessive = bool(re.search(r"'s?$", bare)) and not bare.endswith("''")
            word = re.sub(r"'s?$", "", bare).strip(".")
            low = _basic(word)
            is_name = (
                bool(word)
                and (word[0].isupper() or (low in NAME_PARTICLES and current == [] and False))
                and low not in TITLE_WORDS
                and not (len(word) <= 4 and word.isupper())
                and low not in ARTICLES
                and low not in ORG_WORDS
                and not self._sides.find(word)
                and not re.search(r"\d", word)
            )
            particle = word.lower().split("-")[0] in NAME_PARTICLES and "-" in word and len(word) > 3
            if (is_name or particle or (low in NAME_PARTICLES and current)) and not possessive:
                current.append(word)
                continue
            if current and not modifier_run(tokens, n - len(current), low, word, n):
                runs.append(current)
            current = []
        if current and not modifier_run(tokens, len(tokens) - len(current), "", ""):
            runs.append(current)
        for run in reversed(runs):
            while run and _basic(run[-1]) in NAME_PARTICLES:
                run = run[:-1]
            if not run:
                continue
            candidate = " ".join(run)
            actor = self.lookup(candidate)
            if actor is not None and actor.kind != "person":
                continue  # an organisation or country, not a name
            if self._orgs.find(candidate) and self._looks_org(candidate):
                continue
            if len(run) == 1 and len(run[0]) <= 2:
                continue
            return candidate
        return None

    def _org_in(self, text: str, context: str, *, countries: bool = True) -> ActorEntry | None:
        """The longest known organisation (or country) in ``text``; generic names completed by context."""
        hits = self._orgs.find(text)
        if not countries:
            hits = [h for h in hits if self.actors[h[2]].kind != "country"]
        if hits:  # "the UN's OCHA": the body owned, not its owner
            owned = [h for h in hits if not re.match(r"['’]s\b", text[h[1] :])]
            return self.actors[max(owned or hits, key=lambda h: h[1] - h[0])[2]]
        words = [w for w in _basic(text).split() if w not in ARTICLES]
        for n in range(len(words), 1, -1):
            for i in range(len(words) - n + 1):
                generic = " ".join(words[i : i + n])
                names = self._generic.get(generic)
                if not names:
                    continue
                # the nationality in the mention itself wins; else the context's
                own = {v for _, _, v in self._sides.find(text)}
                if not own and capitalised_lead(text, i):
                    return None  # "Norway's defence ministry": another country's body
                sides = own or ({v for _, _, v in self._sides.find(context)} if context else set())
                if not sides:
                    return self.actors[next(iter(names))] if len(names) == 1 else None
                fits = {n_ for n_ in names if self.actors[n_].side in sides}
                if len(fits) == 1:
                    return self.actors[fits.pop()]
                return None
        return None

    def _infer_side(self, text: str, org: ActorEntry | None) -> str | None:
        if org is not None and org.side:
            return org.side
        if not text:
            return None
        words = set(_basic(text).split())
        if words & SIDE_BLOCKERS:
            return None
        hits = self._sides.find(text)
        if not hits:
            return None
        nations = [v for _, _, v in hits if v != self.media_side]
        if self.media_side and any(v == self.media_side for _, _, v in hits) and not STATE_MEDIA.search(text):
            return self.media_side
        if not nations:
            return None
        first = nations[0]
        # a second side in the same title must come after a relation word ("envoy to the US")
        for start, _, value in hits[1:]:
            if value not in (first, self.media_side):
                before = text[:start].lower()
                if not RELATION_WORD.search(before):
                    return None
        return first


def _clean_display(mention: str) -> str:
    text = LEADING_ARTICLE.sub("", mention.strip())
    return re.sub(r"['’]s$", "", text).strip()
