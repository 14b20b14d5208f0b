"""The lexicon: the word lists in ``narratives/data/lexicon/*.json``, each file read once per process.

Every closed-class word list the extractor reads is data, one named list per concept: ``word_list`` and
``word_set`` fetch one (``word_set("figures", "not_counts")``), ``word_pattern`` makes a regex of one.
:class:`Lexicon` is the attribution part (``cues.json``) in the shape the cue families read.
Grammar stays in code: spaCy's dependency, part-of-speech and entity labels, and punctuation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
CUES_PATH = LEXICON_DIR / "cues.json"


@cache
def lexicon_file(name: str) -> dict:
    """One file of the lexicon (``"names"`` -> ``names.json``), parsed once per process. Do not mutate."""
    return json.loads((LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _entry(name: str, keys: tuple[str, ...]):
    found = lexicon_file(name)
    for key in keys:  # into sections: ("teasers", "months")
        found = found[key]
    return found


@cache
def word_list(name: str, *keys: str) -> tuple[str, ...]:
    """One word list in its written order: ``word_list("cues", "teasers", "months")``."""
    return tuple(_entry(name, keys))


@cache
def word_set(name: str, *keys: str) -> frozenset[str]:
    return frozenset(word_list(name, *keys))


@cache
def word_table(name: str, *keys: str) -> dict:
    """A table of words (word -> value), without its ``_doc``: ``word_table("figures", "word_values")``."""
    return {k: v for k, v in _entry(name, keys).items() if not k.startswith("_")}


def word_pattern(name: str, *keys: str) -> str:
    """A word list as a regex alternation in its written order, escaped: ``the|a|an``."""
    return "|".join(re.escape(w) for w in word_list(name, *keys))


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, dict]
    light_verbs: frozenset[str]
    light_nouns: frozenset[str]
    nouns: frozenset[str]
    document_nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    data_nouns: frozenset[str]
    passive_sources: frozenset[str]
    demonstratives: frozenset[str]
    non_speakers: frozenset[str]
    pronouns: dict[str, dict]
    descriptions: dict[str, tuple[str, ...]]
    agent_nouns: frozenset[str]
    media_nouns: frozenset[str] = frozenset()
    non_source_entities: frozenset[str] = frozenset()  # entity labels that never speak (DATE, MONEY)
    gender_words: dict[str, frozenset[str]] = field(default_factory=dict)  # "f"/"m" -> title words

    def personal(self) -> frozenset[str]:
        """Pronouns that can stand for a speaker."""
        return frozenset(self.pronouns)

    def pronoun_gender(self, word: str) -> str:
        """'m' / 'f' for a person pronoun, '' for a group one (they, it), None if not a pronoun."""
        entry = self.pronouns.get(word.lower())
        return None if entry is None else entry["gender"] if entry["gender"] in ("m", "f") else ""

    def verb(self, lemma: str) -> dict | None:
        return self.verbs.get(lemma.lower())


def _strings(values) -> frozenset[str]:
    return frozenset(v.lower() for v in values if not v.startswith("_"))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    data = lexicon_file("cues") if path is None else json.loads(Path(path).read_text(encoding="utf-8"))
    light = data.get("light_verbs", {})
    according = data.get("according", {})
    descriptions = {
        k.lower(): tuple(t.lower() for t in v)
        for k, v in data.get("descriptions", {}).items()
        if not k.startswith("_")
    }
    return Lexicon(
        verbs={k.lower(): v for k, v in data.get("verbs", {}).items() if not k.startswith("_")},
        light_verbs=_strings(light.get("verbs", ())),
        light_nouns=_strings(light.get("nouns", ())),
        nouns=_strings(data.get("nouns", ())),
        document_nouns=_strings(data.get("document_nouns", ())),
        according=tuple(tuple(w.lower() for w in p) for p in according.get("phrases", ())),
        data_nouns=_strings(according.get("data_nouns", ())),
        passive_sources=_strings(data.get("passive_sources", ("by",))),
        demonstratives=_strings(data.get("demonstratives", ())),
        non_speakers=_strings(data.get("non_speakers", ())),
        pronouns={k.lower(): v for k, v in data.get("pronouns", {}).items() if not k.startswith("_")},
        descriptions=descriptions,
        agent_nouns=_strings(data.get("agent_nouns", ())) | frozenset(descriptions),
        media_nouns=_strings(data.get("media_nouns", ())),
        non_source_entities=frozenset(data.get("non_source_entities", ())),
        gender_words={
            k: _strings(v) for k, v in data.get("gender_words", {}).items() if not k.startswith("_")
        },
    )
