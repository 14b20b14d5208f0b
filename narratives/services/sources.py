"""Articles' identity and outlets: the text hash that finds duplicates, and outlets created once."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import Outlet


def normalize_text(text: str) -> str:
    """The text as compared for duplicates: NFC, unified line ends, collapsed blank space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\s+", " ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def get_or_create_outlet(*, name: str) -> Outlet:
    name = " ".join(name.split())
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet:
        return outlet
    base = slugify(name)[:190] or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name, slug=slug)
    except IntegrityError:
        # A concurrent upload created the same outlet first; PostgreSQL has waited for it to commit.
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            raise
        return outlet
