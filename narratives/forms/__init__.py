"""Forms: every view parses its input with one of these, GET filters included."""

from ..intake import human_size
from .curation import (
    ActorEditForm,
    ActorMergeForm,
    ActorSearchForm,
    ClaimAddForm,
    ClaimClassifyForm,
    ClaimSpeakerForm,
)
from .filters import ActorDirectoryForm, ActorFilterForm, EventFilterForm, ListSelect, SearchForm
from .manage import EventForm, PositionForm
from .upload import ArticleUploadForm, url_fetch_enabled

__all__ = [
    "ActorDirectoryForm",
    "ActorEditForm",
    "ActorFilterForm",
    "ActorMergeForm",
    "ActorSearchForm",
    "ArticleUploadForm",
    "ClaimAddForm",
    "ClaimClassifyForm",
    "ClaimSpeakerForm",
    "EventFilterForm",
    "EventForm",
    "ListSelect",
    "PositionForm",
    "SearchForm",
    "human_size",
    "url_fetch_enabled",
]
