"""Profiling for the actor registry: the name, organisation, side and office a mention carries.

``Profiler`` is mixed into ``ActorRegistry``, which owns the indexes it reads (``actors``, ``_orgs``,
``_sides``, ``_generic``, ``media_side``) and ``lookup``.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .names import (
    _APOSTROPHES,
    _HEADS,
    _OFFICE_WORDS,
    _ROLE_NOUNS,
    _ROLE_QUALIFIERS,
    _ROLE_SYNONYMS,
    ARTICLES,
    GENERIC_ROLES,
    LEADING_ARTICLE,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_ROLES,
    RELATION_WORD,
    ROLE_PREPOSITIONS,
    SIDE_BLOCKERS,
    STATE_MEDIA,
    TITLE_WORDS,
    _basic,
    capitalised_lead,
    modifier_run,
    titles_around,
)
from .types import ActorEntry, Speaker

_TOKEN = re.compile(r"[^\s,;:()\[\]\"“”«»]+")


class Profiler:
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
