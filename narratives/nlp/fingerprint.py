"""A normalised fingerprint of a quote's words, so one quote matches across outlets.

Outlets re-punctuate, re-case, add or drop articles, expand contractions and insert bracketed editorial
clarifications ("[in Syria]"). None of that should change the fingerprint; any change of content words should.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .lexicon import word_pattern, word_set, word_table
from .names import drop_marks

# The words are data: narratives/data/lexicon/fingerprint.json.
NOISE = word_set("fingerprint", "noise")  # function words outlets add or drop when they re-transcribe a quote
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_BRACKETED = re.compile(r"\[[^\]]*\]")
_CONTRACTIONS = (
    *(
        (re.compile(rf"\b{re.escape(word)}\b"), full)
        for word, full in word_table("fingerprint", "contractions").items()
    ),
    *(
        (re.compile(rf"{re.escape(end)}\b"), f" {full}")
        for end, full in word_table("fingerprint", "clitics").items()
    ),
    (re.compile(rf"\b({word_pattern('fingerprint', 'is_contracted')})'s\b"), r"\1 is"),
)
_DOTTED = re.compile(r"\b((?:[a-z]\.){2,})")
_WORD = re.compile(r"[^\W_]+")


def fingerprint_words(text: str) -> list[str]:
    """The content words a fingerprint is made of (exposed for tests and debugging)."""
    text = drop_marks(unicodedata.normalize("NFKD", text or ""))
    text = _BRACKETED.sub(" ", text.translate(_APOSTROPHES).lower())
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)  # u.s. -> us
    text = re.sub(r"'s\b", "", text)
    return [w for w in _WORD.findall(text) if w not in NOISE]


def fingerprint(text: str) -> str:
    """Hex digest (sha1) of the quote's normalised content words; "" for a quote with no content words."""
    words = fingerprint_words(text)
    if not words:
        return ""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
