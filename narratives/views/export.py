"""CSV and JSON export of the comparison: the claims the page's filters select (the same form, the same
QuerySet), with every source field and everything a card shows.

Both stream, so an event with 100k claims is not built in memory. CSV cells that a spreadsheet would read as
a formula are neutralised: article text is untrusted input.
"""

from __future__ import annotations

import csv
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat

from ..forms import EventFilterForm
from ..models import Claim, Event
from .common import describe_speaker

# The export's columns, in order; the same keys in JSON.
FIELDS = (
    "claim_id",
    "content",
    "kind",
    "cue",
    "speaker",
    "speaker_id",
    "speaker_mention",
    "role",
    "organisation",
    "speaker_detail",
    "side",
    "outlet",
    "outlet_affiliation",
    "article_id",
    "article_title",
    "article_url",
    "published",
    "event",
    "event_title",
    "position",
    "position_label",
    "figures",
    "start",
    "end",
    "speaker_start",
    "speaker_end",
    "sentence",
    "confidence",
    "origin",
    "reviewed",
    "reviewed_by",
    "reviewed_at",
    "link",
)

# A spreadsheet evaluates a cell that starts with one of these (tab and CR too, per OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a formula-looking text cell with an apostrophe so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def full_title(article) -> str:
    """The title, or the whole first line of an untitled article (display_title cuts it at 90 characters)."""
    return article.title or article.text.strip().split("\n", 1)[0].strip()


def figure_text(figure) -> str:
    """A figure as its chip on the card reads: "3,000 fighters"."""
    value = floatformat(figure.value, "-2g")
    return f"{value} {figure.unit}".strip()


def claim_row(claim: Claim, request=None) -> dict:
    """Every source field of a claim and everything its card shows, as plain JSON-able values."""
    speaker = claim.speaker
    article = claim.article
    outlet = article.outlet
    link = claim.get_absolute_url()
    return {
        "claim_id": claim.pk,
        "content": claim.content,
        "kind": claim.kind,
        "cue": claim.cue,
        "speaker": speaker.name if speaker else "",
        "speaker_id": speaker.pk if speaker else None,
        "speaker_mention": claim.speaker_mention,
        "role": speaker.role if speaker else "",
        "organisation": speaker.organization.name if speaker and speaker.organization_id else "",
        "speaker_detail": describe_speaker(speaker),
        "side": claim.side.name if claim.side_id else "",
        "outlet": outlet.name if outlet else "",
        "outlet_affiliation": outlet.affiliation if outlet else "",
        "article_id": article.pk,
        "article_title": full_title(article),
        "article_url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "event": claim.event.slug if claim.event_id else "",
        "event_title": claim.event.title if claim.event_id else "",
        "position": claim.position.slug if claim.position_id else "",
        "position_label": claim.position.label if claim.position_id else "",
        "figures": "; ".join(figure_text(f) for f in claim.figures.all()),
        "start": claim.start,
        "end": claim.end,
        "speaker_start": claim.speaker_start,
        "speaker_end": claim.speaker_end,
        "sentence": claim.sentence,
        "confidence": claim.confidence,
        "origin": claim.origin,
        "reviewed": claim.is_reviewed,
        "reviewed_by": claim.reviewed_by.get_username() if claim.reviewed_by_id else "",
        "reviewed_at": claim.reviewed_at.isoformat() if claim.reviewed_at else None,
        "link": request.build_absolute_uri(link) if request else link,
    }


class _Echo:
    """csv.writer target that hands each line back instead of buffering it."""

    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield writer.writerow(FIELDS)
    for row in rows:
        yield writer.writerow([neutralise("" if row[k] is None else row[k]) for k in FIELDS])


def _json_chunks(event: Event, filters: dict, rows):
    head = {
        "event": {"slug": event.slug, "title": event.title},
        "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()},
        "fields": list(FIELDS),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "claims": ['
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


@login_required
def event_export(request, slug: str, fmt: str):
    if fmt not in ("csv", "json"):
        raise Http404("Export as .csv or .json.")
    event = get_object_or_404(Event, slug=slug)
    filters = EventFilterForm(request.GET, event=event).filters()
    claims = Claim.objects.for_comparison(event, **filters).select_related("event")
    rows = (claim_row(c, request) for c in claims.iterator(chunk_size=1000))
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _json_chunks(event, filters, rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-claims.{fmt}"'
    return response
