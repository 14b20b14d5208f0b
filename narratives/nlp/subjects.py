"""What a figure counts, as comparable words: "US troops", "U.S. troops" and "American troops" are one.

The synonyms are data (``data/figures/subject_synonyms.json``); the original wording in parentheses
("(\"more than 2,000\")") and function words are left out.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from .lexicon import word_set

_PARENS = re.compile(r"\s*\([^)]*\)")
# Dotted abbreviations stay whole ("u.s."), so they can be looked up before the dots are lost.
_WORD = re.compile(r"[a-z](?:\.[a-z])+\.?|\w+")
STOP = word_set("figures", "subject_stop_words")


@cache
def _synonyms() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """One-word spellings to their canonical word, and multiword ones (longest first)."""
    path = Path(__file__).resolve().parent.parent / "data" / "figures" / "subject_synonyms.json"
    table = json.loads(path.read_text(encoding="utf-8"))["synonyms"]
    single, multi = {}, []
    for canonical, spellings in table.items():
        for spelling in spellings:
            if " " in spelling:
                multi.append((spelling, canonical))
            else:
                single[spelling] = canonical
    return single, sorted(multi, key=lambda pair: -len(pair[0]))


def subject_words(subject: str) -> frozenset[str]:
    """Content words of a figure's subject, each spelling mapped to its canonical word."""
    single, multi = _synonyms()
    text = f" {_PARENS.sub('', subject).casefold()} "
    for spelling, canonical in multi:
        text = text.replace(f" {spelling} ", f" {canonical} ")
    words = (single.get(w, w) for w in _WORD.findall(text))
    return frozenset(w.replace(".", "") for w in words if w not in STOP)
