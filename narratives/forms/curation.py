"""Forms of the analyst's corrections (claims and actors). The writes themselves are in services/."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ..models import Actor, Article, Claim, Event, Position, Side
from ..services.claims import locate_span
from .versions import VersionedForm

SEARCH_LIMIT = 12
POSITION_OF_OTHER_EVENT = "Pick a position of the chosen event (the list follows the event you pick)."


class ActorSearchForm(forms.Form):
    """The autocomplete's query; ``claim`` or ``merge`` says what a pick is for when it is a full page."""

    q = forms.CharField(max_length=100, required=False, label="Find an actor", strip=True)
    claim = forms.ModelChoiceField(queryset=Claim.objects.live(), required=False, widget=forms.HiddenInput)
    merge = forms.ModelChoiceField(queryset=Actor.objects.active(), required=False, widget=forms.HiddenInput)
    field = forms.ChoiceField(
        choices=[("speaker", "speaker"), ("target", "target")], required=False, widget=forms.HiddenInput
    )

    def results(self) -> list[Actor]:
        if not self.is_valid():
            return []
        return Actor.objects.autocomplete(
            self.cleaned_data["q"], exclude=self.cleaned_data.get("merge"), limit=SEARCH_LIMIT
        )


class NewActorFields(forms.Form):
    """'Or a new actor': the fields shared by the speaker and add-claim forms."""

    new_name = forms.CharField(max_length=200, required=False, label="New actor's name")
    new_kind = forms.ChoiceField(
        choices=Actor.Kind.choices, required=False, initial=Actor.Kind.PERSON, label="Kind"
    )
    new_role = forms.CharField(max_length=200, required=False, label="Role")
    new_side = forms.ModelChoiceField(
        queryset=Side.objects.all(), required=False, empty_label="No side", label="Side"
    )

    def new_actor_data(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("new_name", "").strip():
            return None
        return {
            "name": data["new_name"],
            "kind": data.get("new_kind") or Actor.Kind.PERSON,
            "role": data.get("new_role", ""),
            "side": data.get("new_side"),
        }


class ClaimSpeakerForm(VersionedForm, NewActorFields):
    speaker = forms.ModelChoiceField(queryset=Actor.objects.active(), required=False, label="Actor")

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(claim)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("speaker") and cleaned.get("new_name", "").strip():
            raise ValidationError("Pick an actor or name a new one, not both.")
        if not cleaned.get("speaker") and not cleaned.get("new_name", "").strip():
            raise ValidationError("Pick an actor from the search, or name a new one.")
        return cleaned


class EventPositionMixin:
    """Event and position, the positions limited to the chosen event (the bound one, else the initial)."""

    def _limit_positions(self, event_value) -> None:
        event = None
        if event_value:
            try:
                event = Event.objects.filter(pk=int(event_value)).first()
            except (TypeError, ValueError):
                event = None
        self.fields["position"].queryset = (
            Position.objects.filter(event=event) if event else Position.objects.none()
        )
        self.selected_event = event

    def _check_position(self, cleaned: dict) -> None:
        position, event = cleaned.get("position"), cleaned.get("event")
        if position is not None and (event is None or position.event_id != event.pk):
            self.add_error("position", POSITION_OF_OTHER_EVENT)


class ClaimClassifyForm(VersionedForm, EventPositionMixin, forms.Form):
    event = forms.ModelChoiceField(queryset=Event.objects.all(), required=False, empty_label="No event")
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(),
        required=False,
        empty_label="No position",
        error_messages={"invalid_choice": POSITION_OF_OTHER_EVENT},
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices)

    def __init__(self, *args, claim: Claim, **kwargs):
        kwargs.setdefault(
            "initial", {"event": claim.event_id, "position": claim.position_id, "kind": claim.kind}
        )
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.set_version(claim)
        event_value = self.data.get(self.add_prefix("event")) if self.is_bound else self.initial.get("event")
        self._limit_positions(event_value)

    def clean(self):
        cleaned = super().clean()
        self._check_position(cleaned)
        return cleaned


class ClaimAddForm(EventPositionMixin, NewActorFields):
    """A missed claim: the selected words (with the browser's offsets when it sent them) and what it is."""

    quote = forms.CharField(
        label="Claim text", strip=False, widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker = forms.ModelChoiceField(queryset=Actor.objects.active(), required=False, label="Actor")
    speaker_mention = forms.CharField(max_length=300, required=False, label="Speaker as written")
    cue = forms.CharField(
        max_length=100,
        required=False,
        label="Reporting cue",
        widget=forms.TextInput(attrs={"placeholder": "as written: said, claimed…"}),
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices, initial=Claim.Kind.INDIRECT)
    event = forms.ModelChoiceField(queryset=Event.objects.all(), required=False, empty_label="No event")
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(),
        required=False,
        empty_label="No position",
        error_messages={"invalid_choice": POSITION_OF_OTHER_EVENT},
    )

    field_order = ["quote", "speaker", "speaker_mention", "cue", "kind", "event", "position"]

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        event_value = self.data.get(self.add_prefix("event")) if self.is_bound else self.initial.get("event")
        self._limit_positions(event_value)

    def clean(self):
        cleaned = super().clean()
        self._check_position(cleaned)
        if cleaned.get("speaker") and cleaned.get("new_name", "").strip():
            raise ValidationError("Pick an actor or name a new one, not both.")
        quote = cleaned.get("quote")
        if quote is not None:
            try:
                cleaned["start"], cleaned["end"] = locate_span(
                    text=self.article.text, quote=quote, start=cleaned.get("start"), end=cleaned.get("end")
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class ActorEditForm(VersionedForm, forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Actor.Kind.choices)
    role = forms.CharField(max_length=200, required=False)
    organization = forms.ModelChoiceField(
        queryset=Actor.objects.none(), required=False, empty_label="None", label="Speaks for"
    )
    side = forms.ModelChoiceField(queryset=Side.objects.all(), required=False, empty_label="No side")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="One name per line, as it appears in articles.",
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": actor.name,
                "kind": actor.kind,
                "role": actor.role,
                "organization": actor.organization_id,
                "side": actor.side_id,
                "description": actor.description,
                "aliases": "\n".join(a.name for a in actor.aliases.all()),
            },
        )
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.set_version(actor)
        self.fields["organization"].queryset = Actor.objects.active().exclude(pk=actor.pk).exclude(
            kind=Actor.Kind.PERSON
        ) | Actor.objects.filter(pk=actor.organization_id)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Actor.objects.active().filter(name__iexact=name).exclude(pk=self.actor.pk).exists():
            raise ValidationError("Another actor has this name; merge the two instead.")
        return name


class ActorMergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Actor.objects.none(), label="Merge into")

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["target"].queryset = Actor.objects.active().exclude(pk=actor.pk)
