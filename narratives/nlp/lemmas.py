"""Word lemmas without a sentence around them, from the pipeline's own English lemmatizer.

Term matching and the lexical bag compare words out of context (a claim, a term typed by an analyst), so
each word is read by spaCy's rule lemmatizer (its rules, exceptions and word index) as a verb, then as a
noun: "withdrew" -> "withdraw", "troops" -> "troop", "forces" -> "force", while derivations stay apart
("withdrawal", "accusation", "liberation"): the term syntax leaves those to the ``*`` prefix.

Only the lemmatizer is loaded (its tables, no neural weights), once per process, on the first word, and only
its verb and noun tables are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .model import model_name

_POSES = ("verb", "noun")  # a verb reading first: "stopped", "said"; then "troops", "forces"


@dataclass(frozen=True)
class _Tables:
    """One part of speech's share of the lemmatizer's tables, as plain Python (no vocabulary kept)."""

    index: frozenset[str]
    exceptions: dict[str, list[str]]
    rules: list[tuple[str, str]]


@cache
def _tables() -> dict[str, _Tables] | None:
    """The configured pipeline's rule-lemmatizer tables for verbs and nouns, or None if it has none."""
    import spacy
    from spacy import util

    name = model_name()
    path = util.get_package_path(name) if util.is_package(name) else Path(name)
    components = util.get_model_meta(path).get("pipeline", [])
    if "lemmatizer" not in components:
        return None
    lemmatizer = spacy.load(name, exclude=[c for c in components if c != "lemmatizer"]).get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return None
    lookups = lemmatizer.lookups
    index, exc, rules = (lookups.get_table(t, {}) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
    return {
        pos: _Tables(
            frozenset(index.get(pos, ())),  # shipped as a list, which would be searched word by word
            dict(exc.get(pos, {})),
            [(old, new) for old, new in rules.get(pos, [])],
        )
        for pos in _POSES
    }


def _rule_lemma(word: str, tables: _Tables) -> str:
    """spaCy's ``Lemmatizer.rule_lemmatize`` for a lower-case word with no morphology (the same steps,
    tested against it): forms in the word index first, then rule forms with non-letters, exceptions in
    front, else the out-of-index forms, else the word."""
    forms: list[str] = []
    oov_forms: list[str] = []
    for old, new in tables.rules:
        if word.endswith(old):
            form = word[: len(word) - len(old)] + new
            if not form:
                pass
            elif form in tables.index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
    forms = list(dict.fromkeys(forms))
    for form in tables.exceptions.get(word, []):
        if form not in forms:
            forms.insert(0, form)
    return (forms or oov_forms or [word])[0]


def lemma(word: str) -> str:
    """The lemma of a lower-case word read as a verb, else as a noun; the word itself if neither changes it
    (or the pipeline has no rule lemmatizer)."""
    tables = _tables()
    if tables is None or not word:
        return word
    for pos in _POSES:
        found = _rule_lemma(word, tables[pos])
        if found != word:
            return found
    return word
