"""The article's language, offline: Parallax extracts claims from English text only."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ENGLISH = "en"

LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "ar": "Arabic",
    "tr": "Turkish",
    "fa": "Persian",
    "zh": "Chinese",
    "nl": "Dutch",
    "pl": "Polish",
}


@dataclass(frozen=True)
class Language:
    code: str
    confidence: float

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.code, self.code)

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH


_identifier = None
MIN_LETTERS_FOR_LANGUAGE = 100
# Data, like every word list: words that fill running English prose.
_ENGLISH_FUNCTION_WORDS = frozenset(
    json.loads(
        (
            Path(__file__).resolve().parent.parent / "data" / "intake" / "english_function_words.json"
        ).read_text()
    )["words"]
)


def detect_language(text: str) -> Language:
    """The article's language, offline (py3langid). Short or unclear text counts as English.

    Only the letters matter: a sample of the text with digits, URLs and punctuation dropped, so an English
    article quoting a foreign name or a Russian headline stays English.
    """
    global _identifier
    sample = re.sub(r"https?://\S+|[\d_]+", " ", text[:20000])
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS_FOR_LANGUAGE:
        return Language(ENGLISH, 0.0)
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.12 * len(words):
        # Running English prose is full of these; a page of names and figures may fool the model.
        return Language(ENGLISH, 1.0)
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    code, probability = _identifier.classify(sample)
    if code != ENGLISH and probability < 0.9:
        return Language(ENGLISH, 1.0 - float(probability))
    return Language(code, round(float(probability), 3))


def language_note(language: Language) -> str:
    return (
        f"The article is in {language.name}. Parallax extracts claims from English text only for now, "
        "so it stored the article with its language and extracted nothing."
    )
