"""Joint speakers: "Britain, the US and France said", and "the four countries said" after them."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import word_set, word_table
from .types import Speaker

_GROUP_NOUNS = word_set("cues", "country_groups", "nouns")
_PAIR_WORDS = word_set("cues", "country_groups", "pair_words")
_VALUES = word_table("figures", "word_values")


def joint_speaker(members: list[Speaker], kind: str) -> Speaker | None:
    """One speaker naming each member in text order ("A, B and C"); None when a name repeats."""
    names = [m.name for m in members]
    if len(set(names)) < len(names):
        return None
    sides = {m.side for m in members}
    return Speaker(
        name=", ".join(names[:-1]) + " and " + names[-1],
        kind=kind,
        side=sides.pop() if len(sides) == 1 else None,
    )


def counted_group(doc: Doc, head: Token) -> list[Token] | None:
    """'the four countries': the last coordination of exactly that many places before the mention."""
    if head.lemma_.lower() not in _GROUP_NOUNS or head.tag_ != "NNS":
        return None
    count = 0
    for c in head.children:
        if c.dep_ == "nummod":
            count = int(c.text) if c.text.isdigit() else _VALUES.get(c.lower_, 0)
        elif c.dep_ in ("det", "predet") and c.lower_ in _PAIR_WORDS:
            count = 2
    if count < 2:
        return None
    found = None
    for ent in doc.ents:
        if ent.start >= head.i:
            break
        first = ent.root
        if ent.label_ != "GPE" or first.dep_ == "conj" or not first.conjuncts:
            continue
        group = [first, *sorted(first.conjuncts, key=lambda t: t.i)]
        if len(group) == count and all(t.ent_type_ == "GPE" for t in group):
            found = group
    return found
