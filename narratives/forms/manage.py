"""Forms for editing events and positions: terms are typed one per line and checked by the classifier's
own parser (``nlp.classify.term_errors``), so a line the classifier cannot read never reaches the database.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from ..models import Event, Position
from .versions import VersionedForm
from .widgets import IsoDateInput

TERMS_HELP = (
    "One term per line, as words appear in a claim (“withdraw troops”); word endings are ignored. "
    "“troop* .. return*”: words starting so, with any words between; “#” stands for a number; "
    "“=US” matches exactly. Add “| weight” to count a term more or less (“pullout | 2”)."
)


class TermsField(forms.CharField):
    """A textarea of terms, one per line, as a list; blank lines and repeats dropped, order kept."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", TERMS_HELP)
        attrs = {"rows": 12, "spellcheck": "false", "class": "terms"}
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        lines = (value or "").replace("\r\n", "\n").split("\n")
        return lines  # validated raw, so line numbers in errors match the textarea

    def validate(self, value):
        super().validate([line for line in value if line.strip()])
        from ..nlp.classify import term_errors

        too_long = [n for n, line in enumerate(value, 1) if len(line.strip()) > 200]
        if too_long:
            message = f"line {too_long[0]}: a term has at most 200 characters."
            raise ValidationError(message, code="term_length")
        errors = term_errors(value)
        if errors:
            raise ValidationError(errors, code="terms")

    def clean(self, value):
        lines = super().clean(value)
        seen, terms = set(), []
        for line in lines:
            term = " ".join(line.split())
            if term and term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
        return terms


class _SlugMixin:
    """Slug from the title/label when left blank; must be unique in its scope."""

    slug_source = "title"

    def _unique_slug(self, base: str, taken) -> str:
        base = slugify(base)[:90] or "item"
        slug, n = base, 1
        while taken(slug):
            n += 1
            slug = f"{base}-{n}"
        return slug


class EventForm(VersionedForm, _SlugMixin, forms.ModelForm):
    terms = TermsField(label="Terms that place a claim in this event")

    class Meta:
        model = Event
        fields = ["title", "slug", "description", "start_date", "end_date", "terms"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": IsoDateInput(),
            "end_date": IsoDateInput(),
        }
        help_texts = {"slug": "The event's address (/events/<slug>/). Left blank, it is made from the title."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(self.instance if self.instance.pk else None)
        self.fields["slug"].required = False
        self.fields["start_date"].error_messages["invalid"] = "Enter the date as YYYY-MM-DD."
        self.fields["end_date"].error_messages["invalid"] = "Enter the date as YYYY-MM-DD."

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        others = Event.objects.exclude(pk=self.instance.pk) if self.instance.pk else Event.objects.all()
        if slug and others.filter(slug=slug).exists():
            raise ValidationError("Another event already uses this address.", code="slug_taken")
        return slug

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date is before the start date.")
        if not cleaned.get("slug") and cleaned.get("title"):
            others = Event.objects.exclude(pk=self.instance.pk) if self.instance.pk else Event.objects.all()
            cleaned["slug"] = self._unique_slug(cleaned["title"], lambda s: others.filter(slug=s).exists())
        return cleaned


class ExamplesField(forms.CharField):
    """A textarea of example sentences, one per line, as a list; blank lines and repeats dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value):
        lines = value if isinstance(value, list | tuple) else (super().clean(value) or "").splitlines()
        return list(dict.fromkeys(" ".join(line.split()) for line in lines if line.strip()))


class PositionForm(VersionedForm, _SlugMixin, forms.ModelForm):
    cue_terms = TermsField(label="Cue terms that show a claim takes this position")
    examples = ExamplesField(
        label="Example sentences",
        help_text="A few sentences, one per line, that hold this position as a speaker would say it. "
        "With the description, they are enough for the classifier: terms are optional.",
    )

    class Meta:
        model = Position
        fields = ["label", "slug", "description", "examples", "cue_terms", "opposite", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": "Left blank, it is made from the label.",
            "opposite": "The position a negated cue flips to (“not defeated” for “defeated”).",
            "order": "Columns list positions in this order.",
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.set_version(self.instance if self.instance.pk else None)
        self.fields["slug"].required = False
        others = Position.objects.filter(event=event)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["opposite"].queryset = others
        self.fields["opposite"].empty_label = "None"

    def _taken(self, slug: str) -> bool:
        others = Position.objects.filter(event=self.event, slug=slug)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        return others.exists()

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug and self._taken(slug):
            raise ValidationError("This event already has a position with this slug.", code="slug_taken")
        return slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("label"):
            cleaned["slug"] = self._unique_slug(cleaned["label"], self._taken)
        return cleaned
