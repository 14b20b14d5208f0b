"""The review queue's inputs: which page of the queue, and an analyst's decision on one claim."""

from __future__ import annotations

from django import forms

from ..models import Event
from ..services.review import CONFIRM, NO_POSITION, OFF_EVENT


class ReviewPageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1


class DecisionForm(forms.Form):
    """One of: keep the machine's placement, another position of the event, no position, not this event."""

    choice = forms.ChoiceField()

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [
            (CONFIRM, "Keep the suggestion"),
            *((p.slug, p.label) for p in event.positions.all()),
            (NO_POSITION, "No position"),
            (OFF_EVENT, "Not about this event"),
        ]
