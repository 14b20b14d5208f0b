"""GET filters: the event page (and its exports and panels), the actor page, search."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models import NONE_SLUG, Actor, Claim, Event, Position, Side
from .widgets import IsoDateInput


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
    side or a position. Each choice list is one query, whatever the number of claims; which outlets and
    speakers the event has is cached until its claims change (ClaimQuerySet.filter_choices).
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
    date_from = forms.DateField(required=False, label="From", widget=IsoDateInput())
    date_to = forms.DateField(required=False, label="To", widget=IsoDateInput())
    reviewed = forms.BooleanField(required=False, label="Reviewed only")

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        live = Claim.objects.live().filter(event=event)
        # Kept whole: the comparison page names its columns and groups from these (no further query). Each
        # row says whether the event has live claims of it, and of none, so the lists offer only those.
        unsided, unplaced = live.filter(side__isnull=True), live.filter(position__isnull=True)
        sides = Side.objects.order_by("name").annotate(
            used=Exists(live.filter(side=OuterRef("pk"))), none_used=Exists(unsided)
        )
        self.sides = {side.pk: side for side in sides}
        positions = (
            Position.objects.filter(event=event)
            .order_by("order", "slug")
            .annotate(used=Exists(live.filter(position=OuterRef("pk"))), none_used=Exists(unplaced))
        )
        self.positions = {p.pk: p for p in positions}
        # Without any side or position rows there is no flag to read: offer "none", it is all there is.
        any_unsided = not self.sides or any(side.none_used for side in self.sides.values())
        any_unplaced = not self.positions or any(p.none_used for p in self.positions.values())
        self.fields["side"].choices = [
            ("", "All sides"),
            *((side.slug, side.name) for side in self.sides.values() if side.used),
            *([(NONE_SLUG, "Unattributed")] if any_unsided else []),
        ]
        outlets, speakers = Claim.objects.filter_choices(event)
        self.fields["outlet"].choices = [("", "All outlets"), *((slug, name) for _, slug, name in outlets)]
        self.fields["actor"].choices = [("", "All speakers"), *speakers]
        self.fields["position"].choices = [
            ("", "All positions"),
            *((p.slug, p.label) for p in self.positions.values() if p.used),
            *([(NONE_SLUG, "No position assigned")] if any_unplaced else []),
        ]

        # Each field fires once it changed (dates after typing stops); a newer request replaces an older one,
        # so a quick run through a list cannot leave an earlier answer on the page.
        for name, field in self.fields.items():
            trigger = "change delay:500ms" if name.startswith("date_") else "change"
            field.widget.attrs.update(
                {
                    "hx-get": event.get_absolute_url(),
                    "hx-include": "closest form",
                    "hx-trigger": trigger,
                    "hx-sync": "closest form:replace",
                }
            )

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


class ActorDirectoryForm(forms.Form):
    """GET parameters of /actors/: words of a name, alias or role; side; kind; order; an unknown value is
    ignored, not an error."""

    SORTS = [
        ("name", "Name, A–Z"),
        ("-name", "Name, Z–A"),
        ("claims", "Most claims"),
        ("-claims", "Fewest claims"),
    ]

    q = forms.CharField(max_length=100, required=False, label="Name, alias or role")
    side = forms.ChoiceField(required=False, widget=ListSelect)
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Actor.Kind.choices], required=False, widget=ListSelect
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Order", widget=ListSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "e.g. Konash", "autocomplete": "off"}
        )
        self.fields["side"].choices = [
            ("", "All sides"),
            *Side.objects.values_list("slug", "name"),
            (NONE_SLUG, "No side"),
        ]

    def params(self) -> dict:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return {k: data[k] for k in ("q", "side", "kind", "sort") if data.get(k)}

    def query(self, **overrides) -> str:
        params = {k: v for k, v in {**self.params(), **overrides}.items() if v not in (None, "")}
        return urlencode(params)


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
