"""The hidden version every edit form carries: the row's updated_at when the form was built, so a save made
from a stale page is refused instead of silently overwriting someone else's change (services.lock_row)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError


def version_of(row) -> str:
    return row.updated_at.isoformat() if row is not None and row.updated_at else ""


class VersionedForm:
    """Mix into a Form or ModelForm; call ``set_version(row)`` in __init__."""

    def set_version(self, row) -> None:
        self.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["version"].initial = version_of(row)

    def clean_version(self) -> datetime | None:
        value = self.cleaned_data.get("version") or ""
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError("This form is damaged: reload the page.", code="version") from exc

    def refuse_stale(self, exc: ValidationError) -> None:
        """Show the refusal; the form now carries the current version, so saving again is deliberate."""
        self.add_error(None, exc)
        data = self.data.copy()
        data[self.add_prefix("version")] = version_of(exc.current)
        self.data = data
