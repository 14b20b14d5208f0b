"""A normalised fingerprint of a quote's words, so one quote matches across outlets.

Outlets re-punctuate, re-case, add or drop articles, expand contractions and insert bracketed editorial
clarifications ("[in Syria]"). None of that should change the fingerprint; any change of content words should.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .names import drop_marks

# Function words that outlets add or drop when they re-transcribe or translate a quote.
_NOISE_WORDS = """a an the of and or to that this these those is are was were be been being it its in on at
for with by as so but just very really also then there here um uh er quote unquote"""
NOISE = frozenset(_NOISE_WORDS.split())
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_BRACKETED = re.compile(r"\[[^\]]*\]")
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(it|that|there|what|he|she)'s\b"), r"\1 is"),
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
