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
# (the literal each pattern needs, pattern, replacement): most quotes hold none of them, and a substring
# test is far cheaper than a regex pass
_CONTRACTIONS = (
    *(
        (word, re.compile(rf"\b{re.escape(word)}\b"), full)
        for word, full in word_table("fingerprint", "contractions").items()
    ),
    *(
        (end, re.compile(rf"{re.escape(end)}\b"), f" {full}")
        for end, full in word_table("fingerprint", "clitics").items()
    ),
    ("'s", re.compile(rf"\b({word_pattern('fingerprint', 'is_contracted')})'s\b"), r"\1 is"),
)
_DOTTED = re.compile(r"\b((?:[a-z]\.){2,})")
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"'s\b")


def fingerprint_words(text: str) -> list[str]:
    """The content words a fingerprint is made of (exposed for tests and debugging)."""
    text = text or ""
    if not text.isascii():
        text = drop_marks(unicodedata.normalize("NFKD", text))
    text = text.translate(_APOSTROPHES).lower()
    if "[" in text:
        text = _BRACKETED.sub(" ", text)
    for literal, pattern, repl in _CONTRACTIONS:
        if literal in text:
            text = pattern.sub(repl, text)
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)  # u.s. -> us
    if "'s" in text:
        text = _POSSESSIVE.sub("", text)
    return [w for w in _WORD.findall(text) if w not in NOISE]


def fingerprint(text: str) -> str:
    """Hex digest (sha1) of the quote's normalised content words; "" for a quote with no content words."""
    words = fingerprint_words(text)
    if not words:
        return ""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
