"""Forms: every view parses its input here, GET filters included."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import NONE_SLUG, Actor, Claim, Event, Outlet, Position, Side

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


def url_fetch_enabled() -> bool:
    """NARRATIVES_URL_FETCH=on lets the upload form fetch a URL (only where the server has internet)."""
    return str(settings.NARRATIVES_URL_FETCH).strip().lower() in {"1", "on", "true", "yes"}


def human_size(n: int) -> str:
    """5 MB, 1.5 MB, 800 KB: for limits in messages."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{max(n // 1024, 1)} KB"


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
        widget=forms.DateInput(attrs={"type": "date"}),
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
        from .intake import IntakeError, read_file

        upload = self.cleaned_data.get("file")
        if self.file_too_big:
            raise self._too_big("The file")
        if not upload:
            return None
        if upload.size > self.max_bytes:
            raise self._too_big("The file")
        try:
            return read_file(upload.read(self.max_bytes + 1), upload.name)
        except IntakeError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc

    def clean(self):
        from .intake import Document, IntakeError, check_text, read_url

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
                document = Document(text=check_text(text), kind="text")
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


class ListSelect(forms.Select):
    """A <select> rendered in Python. Django renders each option through a template (about 0.08 ms each),
    so a filter listing every speaker of a large event would cost the page over 10 ms."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class EventFilterForm(forms.Form):
    """GET filters of the comparison page (and its exports); an unknown value is ignored, not an error.

    Choices are slugs (actor: id) so the filter joins on them directly; NONE_SLUG picks claims without a
    side or a position. Each choice list is one query, whatever the number of claims.
    """

    FIELDS = ("side", "outlet", "actor", "kind", "position", "date_from", "date_to", "reviewed")

    side = forms.ChoiceField(required=False, widget=ListSelect)
    outlet = forms.ChoiceField(required=False, widget=ListSelect)
    actor = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Speaker", widget=ListSelect
    )
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Claim.Kind.choices], required=False, widget=ListSelect
    )
    position = forms.ChoiceField(required=False, widget=ListSelect)
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    reviewed = forms.BooleanField(required=False, label="Reviewed only")

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        live = Claim.objects.live().filter(event=event)
        # Kept whole: the comparison page names its columns and groups from these (no further query).
        self.sides = {side.pk: side for side in Side.objects.order_by("name")}
        self.positions = {p.pk: p for p in Position.objects.filter(event=event).order_by("order", "slug")}
        self.fields["side"].choices = [
            ("", "All sides"),
            *((side.slug, side.name) for side in self.sides.values()),
            (NONE_SLUG, "Unattributed"),
        ]
        self.fields["outlet"].choices = [("", "All outlets"), *Outlet.objects.values_list("slug", "name")]
        self.fields["actor"].choices = [
            ("", "All speakers"),
            *Actor.objects.filter(pk__in=live.values("speaker_id"))
            .order_by("name")
            .values_list("pk", "name"),
        ]
        self.fields["position"].choices = [
            ("", "All positions"),
            *((p.slug, p.label) for p in self.positions.values()),
            (NONE_SLUG, "No position assigned"),
        ]

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for ClaimQuerySet.filtered and friends."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        # A field that failed (unknown slug, bad date) is simply absent from cleaned_data.
        return {name: data[name] for name in self.FIELDS if data.get(name)}

    def query(self, **overrides) -> str:
        """The active filters as a query string, with ``overrides`` (None removes a key)."""
        params = {}
        for name, value in {**self.filters(), **overrides}.items():
            if value is None or value is False or value == "":
                continue
            params[name] = "on" if value is True else str(value)
        return urlencode(params)

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


# --- search (explore helper) ---------------------------------------------------------------


class SearchForm(forms.Form):
    """GET parameters of /search/: the words, which kind of result, and the side and event to narrow to."""

    TYPES = [("", "Everything"), ("claims", "Claims"), ("articles", "Articles"), ("actors", "Actors")]

    q = forms.CharField(max_length=200, required=False, label="Search")
    type = forms.ChoiceField(choices=TYPES, required=False, label="Show")
    side = forms.ChoiceField(required=False)
    event = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "Words, a name, a phrase"})
        self.fields["side"].choices = [("", "All sides"), *Side.objects.values_list("slug", "name")]
        self.fields["event"].choices = [("", "All events"), *Event.objects.values_list("slug", "title")]

    def params(self) -> dict:
        """The valid parameters; an unknown side or event is dropped, not an error."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return {k: data[k] for k in ("q", "type", "side", "event") if data.get(k)}

    def query(self, **overrides) -> str:
        params = {k: v for k, v in {**self.params(), **overrides}.items() if v not in (None, "")}
        return urlencode(params)
