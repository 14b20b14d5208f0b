"""Forms: every view parses its input here, GET filters included."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .models import Claim, Event, Outlet, Position, Side

TEXT_EXTENSIONS = {".txt", ".md"}
HTML_EXTENSIONS = {".html", ".htm"}
UPLOAD_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS


def decode_bytes(data: bytes) -> str:
    """Text from an uploaded file: UTF-8 (with or without BOM), else Windows-1252, which never fails here."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def extract_html(html: str) -> dict[str, str]:
    """Main text, title, ISO date and site name of an HTML page; text is empty when none is found."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return {"text": ""}
    # Blank lines between paragraphs, as in the pasted and demo articles.
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    return {
        "text": "\n\n".join(paragraphs),
        "title": (doc.title or "").strip(),
        "published": (doc.date or "").strip(),
        "outlet": (doc.sitename or "").strip(),
    }


class ArticleUploadForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(
        max_length=200,
        required=False,
        help_text="Pick a known outlet or type a new name to create it.",
        widget=forms.TextInput(attrs={"list": "outlet-names", "autocomplete": "off"}),
    )
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https", label="URL")
    text = forms.CharField(
        required=False,
        strip=False,
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = forms.FileField(
        required=False,
        help_text="A .txt, .md or .html file. For HTML the main article text is extracted.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(UPLOAD_EXTENSIONS))}),
    )

    @property
    def max_bytes(self) -> int:
        return settings.NARRATIVES_MAX_UPLOAD_BYTES

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        suffix = Path(upload.name).suffix.lower()
        if suffix not in UPLOAD_EXTENSIONS:
            raise ValidationError(
                "Parallax reads .txt, .md and .html files; this one is %(suffix)s.",
                code="file_type",
                params={"suffix": suffix or "without an extension"},
            )
        if upload.size > self.max_bytes:
            raise ValidationError(
                "The file is larger than the %(limit)s MB limit.",
                code="file_size",
                params={"limit": round(self.max_bytes / 1024 / 1024, 1)},
            )
        content = decode_bytes(upload.read())
        if suffix in HTML_EXTENSIONS:
            self.file_meta = extract_html(content)
            content = self.file_meta.pop("text")
            if not content:
                raise ValidationError("No article text could be found in this HTML file.", code="file_empty")
        elif not content.strip():
            raise ValidationError("The file is empty.", code="file_empty")
        return content

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text") or ""
        file_text = cleaned.get("file")
        if "file" in self.errors:
            return cleaned
        if text.strip() and file_text:
            raise ValidationError("Paste the text or choose a file, not both.", code="both")
        body = file_text or text
        if not body.strip():
            raise ValidationError("Paste the article text or choose a file.", code="no_text")
        if len(body.encode("utf-8")) > self.max_bytes:
            raise ValidationError(
                "The text is larger than the %(limit)s MB limit.",
                code="text_size",
                params={"limit": round(self.max_bytes / 1024 / 1024, 1)},
            )
        cleaned["article_text"] = body
        # An HTML file's own metadata fills what the analyst left blank.
        meta = getattr(self, "file_meta", {})
        if not cleaned.get("title") and meta.get("title"):
            cleaned["title"] = meta["title"][:500]
        if not cleaned.get("outlet") and meta.get("outlet"):
            cleaned["outlet"] = meta["outlet"][:200]
        if not cleaned.get("published") and meta.get("published"):
            with contextlib.suppress(ValidationError):
                cleaned["published"] = forms.DateField().clean(meta["published"][:10])
        return cleaned


class EventFilterForm(forms.Form):
    """GET filters of the comparison page; an unknown value is ignored rather than failing the page."""

    side = forms.ModelChoiceField(
        queryset=Side.objects.all(), to_field_name="slug", required=False, empty_label="All sides"
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), to_field_name="slug", required=False, empty_label="All outlets"
    )
    kind = forms.ChoiceField(choices=[("", "All kinds"), *Claim.Kind.choices], required=False)
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(), to_field_name="slug", required=False, empty_label="All positions"
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["position"].queryset = Position.objects.filter(event=event)

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for ClaimQuerySet.filter_comparison."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("side", "outlet", "kind", "position") if data.get(name)}

    @property
    def active(self) -> bool:
        return bool(self.filters())


class ActorFilterForm(forms.Form):
    """GET filter of the actor page: one event at a time, or all."""

    event = forms.ModelChoiceField(
        queryset=Event.objects.none(), to_field_name="slug", required=False, empty_label="All events"
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events

    def filters(self) -> dict:
        self.is_valid()
        event = getattr(self, "cleaned_data", {}).get("event")
        return {"event": event} if event else {}
