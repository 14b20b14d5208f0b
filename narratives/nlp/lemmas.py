"""Word lemmas without a sentence around them, from the pipeline's own English lemmatizer.

Term matching and the lexical bag compare words out of context (a claim, a term typed by an analyst), so
each word is read by spaCy's rule lemmatizer (its rules, exceptions and word index) as a verb, then as a
noun: "withdrew" -> "withdraw", "troops" -> "troop", "forces" -> "force", while derivations stay apart
("withdrawal", "accusation", "liberation"): the term syntax leaves those to the ``*`` prefix.

Only the lemmatizer is loaded (its tables, no neural weights), once per process, on the first word.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .model import model_name

_POSES = ("VERB", "NOUN")  # a verb reading first: "stopped", "said"; then "troops", "forces"
_CACHE_LIMIT = 50_000  # the lemmatizer's own cache, emptied when full so a worker stays flat


class _Morph:
    """No morphological features: the word has no sentence to give it any."""

    key = 0

    @staticmethod
    def to_dict() -> dict:
        return {}


class _Word:
    """What ``Lemmatizer.rule_lemmatize`` reads of a token, for a word with no Doc around it."""

    __slots__ = ("orth", "pos", "pos_", "text")
    morph = _Morph()

    def __init__(self, text: str, pos: str, pos_id: int) -> None:
        self.text, self.orth, self.pos_, self.pos = text, text, pos, pos_id


@cache
def _lemmatizer():
    """(lemmatizer, {POS name: id}) of the configured pipeline, or None if it has no rule lemmatizer."""
    import spacy
    from spacy import util

    name = model_name()
    path = util.get_package_path(name) if util.is_package(name) else Path(name)
    components = util.get_model_meta(path).get("pipeline", [])
    if "lemmatizer" not in components:
        return None
    nlp = spacy.load(name, exclude=[c for c in components if c != "lemmatizer"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return None
    # The word index ships as lists, which rule_lemmatize searches word by word: sets for this private copy.
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos in _POSES:
        if pos.lower() in index:
            index[pos.lower()] = frozenset(index[pos.lower()])
    return lemmatizer, {pos: nlp.vocab.strings.add(pos) for pos in _POSES}


def lemma(word: str) -> str:
    """The lemma of a lower-case word read as a verb, else as a noun; the word itself if neither changes it
    (or the pipeline has no rule lemmatizer)."""
    found = _lemmatizer()
    if found is None or not word:
        return word
    lemmatizer, ids = found
    if len(lemmatizer.cache) > _CACHE_LIMIT:
        lemmatizer.cache.clear()
    for pos in _POSES:
        forms = lemmatizer.rule_lemmatize(_Word(word, pos, ids[pos]))
        if forms and forms[0] != word:
            return forms[0]
    return word
