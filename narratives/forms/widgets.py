"""Widgets shared by the forms."""

from __future__ import annotations

from django import forms


class IsoDateInput(forms.DateInput):
    """<input type="date"> takes only ISO dates: rendered in the locale's format ("06/12/2017") the browser
    shows it empty and submits nothing, so saving a form unchanged would wipe the date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
