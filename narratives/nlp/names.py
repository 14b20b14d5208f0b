"""Name normalisation and transliteration-aware comparison, and the word lists the registry uses.

``normalize_name`` is also the key of ``ActorAlias.normalized`` in the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from .lexicon import word_list, word_pattern, word_set, word_table
from .memo import BoundedMemo


def _words(key: str) -> frozenset[str]:
    return word_set("names", key)


# Words that precede a name as a title; stripped from the front by ``normalize_name``.
TITLE_WORDS = _words("title_words")
# Role nouns that make a mention describe a person even without a name.
PERSON_ROLES = _words("person_roles")
ARTICLES = _words("articles")
# Head words of organisation names: they end a person-name run ("Russian Federation Vladimir Putin").
ORG_WORDS = _words("org_words")
PRONOUNS = _words("pronouns")
# Words that make a nationality unreliable as a side ("Syrian opposition", "Iraqi rebels").
SIDE_BLOCKERS = _words("side_blockers")
# Office words: "head"/"chief"/"leader" match any head of a body; spokesperson covers both genders.
_ROLE_SYNONYMS: dict[str, str] = dict(word_table("names", "role_synonyms"))
_HEADS = _words("heads")
_OFFICE_WORDS = _words("office_words")
_ROLE_NOUNS = frozenset(_ROLE_SYNONYMS.get(w, w) for w in PERSON_ROLES) - _OFFICE_WORDS
_ROLE_QUALIFIERS = _words("role_qualifiers")
# A name followed by one of these is a modifier: "the Trump campaign", "Clinton aides".
MODIFIER_HEADS = _words("modifier_heads")
INDEFINITE_DETERMINERS = _words("indefinite_determiners")
STATE_MEDIA = re.compile(rf"\bstate(?:-run|-owned)?\s+(?:{word_pattern('names', 'state_media_nouns')})", re.I)
NAME_PARTICLES = _words("name_particles")
_FEMININE = re.compile(rf"(?:{word_pattern('names', 'feminine_surname_endings')})$")
_MASCULINE = re.compile(rf"(?:{word_pattern('names', 'masculine_surname_endings')})$")
_NAME_AFTER_TITLE = _words("name_after_title")  # "General Prosecutor" keeps its title
_ORG_LINKERS = _words("org_linkers")
_TITLE_FILLERS = _words("title_fillers")
# The office holder and side readers of the registry.
GENERIC_ROLES = _words("generic_roles")
ROLE_PREPOSITIONS = _words("role_prepositions")
RELATION_WORD = re.compile(rf"\b(?:{word_pattern('names', 'relation_words')})\b")
# "the spokesman" -> "spokesman"; an article also opens an appositive title ("X, a Kurdish commander, said").
_ARTICLES = word_pattern("determiners", "articles")
LEADING_ARTICLE = re.compile(rf"^(?:{_ARTICLES})\s+", re.I)
_APPOSITIVE_ENDS = "|".join(rf"\b{re.escape(w)}\b" for w in word_list("names", "appositive_ends"))
_APPOSITIVE = re.compile(rf"\s*,\s*((?:{_ARTICLES})\s[^,.;\"“”]{{3,100}}?)\s*(?:,|{_APPOSITIVE_ENDS}|$)")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


class _Marks(dict):
    """``str.translate`` table that deletes combining characters, filled per code point met (so bounded)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS = _Marks()


def drop_marks(text: str) -> str:
    """``text`` without combining characters (the accents NFKD splits off), in C rather than per character."""
    return text if text.isascii() else text.translate(_MARKS)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return drop_marks(unicodedata.normalize("NFKD", text)).replace("ı", "i")


@lru_cache(maxsize=20000)
def _basic(text: str) -> str:
    """Lowercase, no accents, no possessives or punctuation, dotted abbreviations joined (U.S. -> us)."""
    text = strip_accents(text).translate(_APOSTROPHES).lower()
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.", "", text)  # u.s. -> us.
    text = _NON_WORD.sub(" ", text)
    tokens = _SPACES.sub(" ", text).strip().split(" ")
    # join runs of single letters left by spaced initials ("h r mcmaster" -> "hr mcmaster")
    out: list[str] = []
    joining = False
    for tok in tokens:
        single = len(tok) == 1 and tok.isalpha()
        if single and joining:
            out[-1] += tok
            continue
        out.append(tok)
        joining = single
    return " ".join(t for t in out if t)


def normalize_name(s: str) -> str:
    """The lookup key of a name: case, accents, possessives, punctuation, leading articles and titles."""
    tokens = _basic(s).split()
    while tokens and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    # a title before an organisation word is part of the name ("Defense Department", "General Staff")
    while len(tokens) > 1 and tokens[0] in TITLE_WORDS and tokens[1] not in ORG_WORDS | _NAME_AFTER_TITLE:
        tokens = tokens[1:]
        while tokens and tokens[0] in ARTICLES | {"of"} and len(tokens) > 1:
            tokens = tokens[1:]
    return " ".join(tokens)


@lru_cache(maxsize=20000)
def mild_key(token: str) -> str:
    """Spelling key that keeps vowels: y/i, kh/h, ce/se, doubled letters."""
    t = _basic(token).replace(" ", "")
    for a, b in (("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("ou", "u"), ("ce", "se"), ("ci", "si")):
        t = t.replace(a, b)
    t = t.replace("y", "i").replace("j", "i") if len(t) > 1 else t
    return re.sub(r"(.)\1+", r"\1", t)


@lru_cache(maxsize=20000)
def skeleton(token: str) -> str:
    """Consonant skeleton used to find transliteration variants: Pahon/Pehon/Pahana -> phn."""
    t = mild_key(token)
    for a, b in (
        ("tch", "c"),
        ("sh", "s"),
        ("zh", "z"),
        ("ch", "c"),
        ("ts", "c"),
        ("tz", "c"),
        ("q", "k"),
        ("x", "ks"),
    ):
        t = t.replace(a, b)
    if not t:
        return ""
    body = re.sub(r"[aeiou]", "", t[1:])
    return re.sub(r"(.)\1+", r"\1", t[0] + body)


class SurnameKey(NamedTuple):
    """What comparing surnames looks at, computed once per name."""

    mild: str
    skeleton: str
    feminine: bool
    masculine: bool


def surname_key(name: str) -> SurnameKey:
    mild = mild_key(name)
    return SurnameKey(mild, skeleton(name), bool(_FEMININE.search(mild)), bool(_MASCULINE.search(mild)))


def _gender_clash(a: SurnameKey, b: SurnameKey) -> bool:
    """Ivanov / Ivanova are two people (Slavic feminine surname forms)."""
    return (a.feminine and b.masculine and not b.feminine) or (b.feminine and a.masculine and not a.feminine)


def surname_variant(a: str | SurnameKey, b: str | SurnameKey) -> bool:
    """Two surnames are spellings of one name (transliteration or a slip), with length guards.

    Takes names or their :func:`surname_key` (for comparing one name with many).
    """
    ka = a if isinstance(a, SurnameKey) else surname_key(a)
    kb = b if isinstance(b, SurnameKey) else surname_key(b)
    if ka.mild == kb.mild:
        return True
    shorter = min(len(ka.mild), len(kb.mild))
    if shorter < 4 or _gender_clash(ka, kb):
        return False
    if ka.skeleton != kb.skeleton and shorter < 7:
        return False  # neither test below can pass, so no fuzzy ratio
    similarity = fuzz.ratio(ka.mild, kb.mild)
    if ka.skeleton == kb.skeleton and similarity >= 60:
        return True
    return shorter >= 7 and similarity >= 90


def first_names_compatible(a: str, b: str) -> bool:
    """Eric/Erik, Sergei/Sergey, Rob/Robert agree; Robert/Chelsea do not. Initials agree with names."""
    ka, kb = mild_key(a), mild_key(b)
    if not ka or not kb:
        return True
    if ka[0] != kb[0]:
        return False
    if len(ka) == 1 or len(kb) == 1 or ka == kb:
        return True
    if len(ka) >= 3 and len(kb) >= 3 and (ka.startswith(kb) or kb.startswith(ka)):
        return True
    return fuzz.ratio(ka, kb) >= 75 or skeleton(a) == skeleton(b)


@lru_cache(maxsize=20000)
def same_person(a: str, b: str) -> bool:
    """True when two names are the same name up to case, titles and transliteration (Pahon / Erik Pehon)."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    ta, tb = na.split(), nb.split()
    if len(ta) == len(tb):
        if len(ta) == 1:
            return surname_variant(ta[0], tb[0])
        return surname_variant(ta[-1], tb[-1]) and all(
            first_names_compatible(x, y) for x, y in zip(ta[:-1], tb[:-1], strict=True)
        )
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if not surname_variant(short[-1], long_[-1]) or len(short[-1]) < 3:
        return False
    return len(short) == 1 or first_names_compatible(short[0], long_[0])


class PhraseIndex:
    """Whole-word phrase lookup; ALL-CAPS terms (US, UN) match case-sensitively."""

    def __init__(self, terms: Iterable[tuple[str, str]]):
        insensitive: dict[str, str] = {}
        sensitive: dict[str, str] = {}
        for term, value in terms:
            term = term.strip()
            if not term:
                continue
            letters = re.sub(r"[^A-Za-z]", "", term)
            if len(letters) >= 2 and letters.isupper() and " " not in term:
                sensitive.setdefault(term, value)
            else:
                insensitive.setdefault(strip_accents(term).lower(), value)
        self._values = {**{k: v for k, v in insensitive.items()}, **sensitive}

        def alternation(keys):
            keys = sorted(keys, key=len, reverse=True)
            return "|".join(re.escape(k) for k in keys) or r"(?!x)x"

        self._ci = re.compile(r"(?<![\w.])(" + alternation(insensitive) + r")(?![\w])", re.I)
        self._cs = re.compile(r"(?<![\w.])(" + alternation(sensitive) + r")(?![\w])")
        self._insensitive = insensitive
        self._found = BoundedMemo(lambda text: tuple(self._find(text)), 20000)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, value) of every match, in text order, longest first at one position."""
        # mentions recur across articles; the alternation of every alias is the cost (bounded memo)
        return list(self._found(text))

    def _find(self, text: str) -> list[tuple[int, int, str]]:
        plain = strip_accents(text).translate(_APOSTROPHES)
        hits = [(m.start(), m.end(), self._insensitive[m.group(1).lower()]) for m in self._ci.finditer(plain)]
        hits += [(m.start(), m.end(), self._values[m.group(1)]) for m in self._cs.finditer(plain)]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, str]] = []
        for h in hits:
            if out and h[0] < out[-1][1]:
                continue
            out.append(h)
        return out


def capitalised_lead(text: str, n: int) -> bool:
    """Is one of the first ``n`` words (articles aside) capitalised, as in "Norway's defence ministry"?"""
    lead = [w for w in text.split() if _basic(w) and _basic(w) not in ARTICLES][:n]
    return any(w[:1].isupper() for w in lead)


def modifier_run(tokens: list[str], first: int, low: str, word: str, end: int | None = None) -> bool:
    """Is a capitalised run (starting at ``tokens[first]``, ended by ``word``) part of a larger name?

    'The Secret Service', 'Justice Department' (an organisation word follows), 'the Trump campaign',
    'Clinton aides' (a group noun follows), '… of Chemical Weapons' (after 'of' in an org name).
    """
    if low in ORG_WORDS or (low in MODIFIER_HEADS and word[:1].islower()):
        return True
    # "the Norwegian defence ministry": the run qualifies the body the mention ends with
    rest = [_basic(t) for t in tokens[end:]] if end is not None else []
    if 0 < len(rest) <= 3 and rest[-1] in ORG_WORDS and all(w in ORG_WORDS | TITLE_WORDS for w in rest):
        return True
    k = first - 1
    while k >= 0 and tokens[k].lower() == "the":
        k -= 1
    if k >= 1 and tokens[k].lower() in _ORG_LINKERS:
        prev = _basic(tokens[k - 1].strip("."))
        return prev in ORG_WORDS or (tokens[k - 1][:1].isupper() and prev not in TITLE_WORDS)
    return False


def titles_around(mention: str, context: str) -> str:
    """Titles next to a name in context: "Syrian army spokesman X" or "X, a Kurdish commander,"."""
    idx = context.find(mention)
    if idx < 0:
        return ""
    after = context[idx + len(mention) :]
    m = _APPOSITIVE.match(after)
    if m:
        return m.group(1)
    before = context[:idx]
    chunk = re.split(r"[,.;:\"“”()—–]", before)[-1]
    words = chunk.split()
    kept: list[str] = []
    for w in reversed(words[-8:]):
        low = _basic(w)
        if w[:1].isupper() or low in TITLE_WORDS or low in _TITLE_FILLERS:
            kept.append(w)
        else:
            break
    return " ".join(reversed(kept))
