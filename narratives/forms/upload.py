"""The upload form: pasted text, a file or a URL, read by narratives.intake."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from ..intake import human_size
from .widgets import IsoDateInput


def url_fetch_enabled() -> bool:
    """NARRATIVES_URL_FETCH=on lets the upload form fetch a URL (only where the server has internet)."""
    return str(settings.NARRATIVES_URL_FETCH).strip().lower() in {"1", "on", "true", "yes"}


class ArticleUploadForm(forms.Form):
    """An article from pasted text, a file (.txt .md .html .pdf .docx) or, when fetching is on, a URL.

    Reading happens in narratives.intake; its refusals become form errors. ``cleaned_data["document"]``
    holds what was read, and blank title, date and outlet are filled from the document's own metadata.
    """

    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(
        max_length=200,
        required=False,
        help_text="Pick a known outlet or type a new name to create it.",
        widget=forms.TextInput(attrs={"list": "outlet-names", "autocomplete": "off"}),
        error_messages={
            "max_length": "An outlet name has at most %(limit_value)d characters, not %(show_value)d."
        },
    )
    published = forms.DateField(
        required=False,
        label="Date",
        widget=IsoDateInput(),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2017-12-11."},
    )
    url = forms.URLField(
        max_length=2000,
        required=False,
        assume_scheme="https",
        label="URL",
        error_messages={"invalid": "Enter a full web address, such as https://example.org/story."},
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    file = forms.FileField(
        required=False,
        help_text="A .txt, .md, .html, .pdf or .docx file. For a web page the main article text is kept.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm,.pdf,.docx"}),
    )

    def __init__(self, *args, file_too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The upload handler stopped reading the file at the size limit (views/upload.py).
        self.file_too_big = file_too_big
        # The outlet list narrows as the analyst types (htmx; the full list is there without it).
        self.fields["outlet"].widget.attrs.update(
            {
                "hx-get": reverse("article_outlets"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#outlet-names",
                "hx-swap": "innerHTML",
                "hx-indicator": "#outlet-progress",
                "hx-sync": "this:replace",
            }
        )
        if url_fetch_enabled():
            self.fields["url"].widget.attrs.update(
                {
                    "hx-post": reverse("article_prefill"),
                    "hx-trigger": "change",
                    "hx-target": "#upload-meta",
                    "hx-swap": "outerHTML",
                    "hx-indicator": "#prefill-progress",
                }
            )
        self.fields["url"].help_text = (
            "Leave the text and file empty to fetch the article from this URL."
            if url_fetch_enabled()
            else "Where the article was published (this server does not fetch URLs)."
        )

    @property
    def max_bytes(self) -> int:
        return settings.NARRATIVES_MAX_UPLOAD_BYTES

    def _too_big(self, what: str) -> ValidationError:
        return ValidationError(
            "%(what)s is larger than the %(limit)s limit.",
            code="too_big",
            params={"what": what, "limit": human_size(self.max_bytes)},
        )

    def clean_published(self):
        published = self.cleaned_data.get("published")
        if published and published > datetime.date.today() + datetime.timedelta(days=1):
            raise ValidationError("The date is in the future.", code="future")
        if published and published.year < 1900:
            raise ValidationError("The date is before 1900.", code="past")
        return published

    def clean_outlet(self):
        return " ".join((self.cleaned_data.get("outlet") or "").split())

    def clean_file(self):
        from ..intake import IntakeError, read_file

        upload = self.cleaned_data.get("file")
        if self.file_too_big:
            raise self._too_big("The file")
        if not upload:
            return None
        if upload.size > self.max_bytes:
            raise self._too_big("The file")
        try:
            return read_file(upload.read(self.max_bytes + 1), upload.name, max_bytes=self.max_bytes)
        except IntakeError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc

    def clean(self):
        from ..intake import IntakeError, read_text, read_url

        cleaned = super().clean()
        if "file" in self.errors:
            return cleaned
        text = cleaned.get("text") or ""
        document = cleaned.get("file")
        if text.strip() and document:
            raise ValidationError("Paste the text or choose a file, not both.", code="both")
        if len(text.encode("utf-8")) > self.max_bytes:
            raise self._too_big("The text")
        try:
            if text.strip():
                document = read_text(text, max_bytes=self.max_bytes)
            elif document is None and cleaned.get("url") and url_fetch_enabled():
                document = read_url(cleaned["url"], max_bytes=self.max_bytes)
            elif document is None:
                fetch_off = cleaned.get("url") and not url_fetch_enabled()
                hint = " This server does not fetch URLs." if fetch_off else ""
                raise ValidationError(f"Paste the article text or choose a file.{hint}", code="no_text")
        except IntakeError as exc:
            field = "url" if not text.strip() and cleaned.get("url") and exc.code.startswith("url") else None
            if field:
                self.add_error(field, ValidationError(exc.message, code=exc.code))
                return cleaned
            raise ValidationError(exc.message, code=exc.code) from exc
        cleaned["document"] = document
        cleaned["article_text"] = document.text
        # The document's own metadata fills what the analyst left blank; the form always wins.
        for name, value in (
            ("title", document.title[:500]),
            ("outlet", " ".join(document.outlet.split())[:200]),
            ("published", document.published),
            ("url", document.url[:2000]),
        ):
            if value and not cleaned.get(name) and name not in self.errors:
                cleaned[name] = value
        return cleaned

    def prefill(self) -> tuple[dict, list[str]]:
        """Initial values for the metadata fields after reading the source, and what was read."""
        data = {name: self.data.get(name, "") for name in ("title", "outlet", "published", "url")}
        document = getattr(self, "cleaned_data", {}).get("document")
        filled = []
        if document is not None:
            for name, label, value in (
                ("title", "title", document.title),
                ("outlet", "outlet", document.outlet),
                ("published", "date", document.published.isoformat() if document.published else ""),
                ("url", "URL", document.url),
            ):
                if value and not str(data[name]).strip():
                    data[name] = value
                    filled.append(label)
        return data, filled
