"""The event page's analysis panels: timeline, figures by source and date, repeated wording.

They load after the columns (htmx on load; a page of their own without JavaScript), with the same filters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from .. import charts
from ..forms import EventFilterForm
from ..models import Claim, Event, Figure
from ..nlp.similar import Quote, similar_groups
from ..nlp.subjects import subject_words
from .common import UNATTRIBUTED_COLOR, render_page

# --- figures: the same quantity as each source states it ----------------------------------

_PARENS = re.compile(r"\s*\([^)]*\)")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class FigureSubject:
    """Figures about one thing: subjects whose words contain one another, in the same unit."""

    label: str
    unit: str
    words: frozenset
    subjects: set[str] = field(default_factory=set)
    count: int = 0
    low: float = 0.0
    high: float = 0.0
    figures: list[Figure] = field(default_factory=list)

    @property
    def spread(self) -> float:
        return self.high / self.low if self.low > 0 else 1.0

    def bars(self) -> list[charts.FigureBar]:
        return [figure_bar(f) for f in self.figures]

    def chart(self):
        return charts.figure_chart(self.bars(), subject=self.label, unit=self.unit)


def figure_source(figure: Figure) -> str:
    if figure.source:
        return figure.source
    if figure.claim_id and figure.claim.speaker_id:
        return figure.claim.speaker.name
    if figure.claim_id and figure.claim.speaker_mention:
        return figure.claim.speaker_mention
    return figure.article.outlet.name if figure.article.outlet_id else "Unknown source"


def figure_bar(figure: Figure) -> charts.FigureBar:
    outlet = figure.article.outlet.name if figure.article.outlet_id else ""
    label = figure_source(figure)
    side = figure.claim.speaker.side if figure.claim_id and figure.claim.speaker_id else None
    return charts.FigureBar(
        label=label,
        value=figure.value,
        date=figure.article.published,
        color=side.color if side else charts.NEUTRAL,
        note=outlet if outlet != label else "",
        low=figure.low,
        high=figure.high,
        amount=figure.amount,
    )


def group_subjects(rows) -> list[FigureSubject]:
    """FigureQuerySet.subject_summary rows grouped by unit and subject: a subject whose words contain
    another's joins it ("US troops in Syria" with "troops in Syria"), unless one of them is only its unit
    ("fighters"). Subjects stated most often, then the most disputed (highest/lowest), first."""
    groups: list[FigureSubject] = []
    for row in rows:
        subject, unit = row["subject"], row["unit"]
        words = subject_words(subject or unit)
        for group in groups:
            specific = bool(words - {unit.casefold()}) and bool(group.words - {unit.casefold()})
            same_unit = group.unit.casefold() == unit.casefold()
            if same_unit and specific and (words <= group.words or group.words <= words):
                if len(words) > len(group.words):
                    group.words, group.label = words, _capitalised(_PARENS.sub("", subject).strip())
                break
        else:
            label = _PARENS.sub("", subject).strip() or unit or "Unlabelled figures"
            group = FigureSubject(_capitalised(label), unit, words, low=row["low"], high=row["high"])
            groups.append(group)
        group.subjects.add(subject)
        group.count += row["n"]
        group.low, group.high = min(group.low, row["low"]), max(group.high, row["high"])
    return sorted(groups, key=lambda g: (-g.count, -g.spread, g.label))


def figure_panel(event: Event, filters: dict, *, charts_max: int = 6, singles_max: int = 20, per_subject=12):
    """Subjects stated more than once (chart and table), and figures stated once (a table). Two queries."""
    groups = group_subjects(Figure.objects.subject_summary(event, **filters))
    charted = [g for g in groups if g.count > 1][:charts_max]
    singles = [g for g in groups if g.count == 1][:singles_max]
    wanted = {s for g in charted + singles for s in g.subjects}
    by_subject: dict[str, list[Figure]] = defaultdict(list)
    if wanted:
        for figure in Figure.objects.for_subjects(event, wanted, per_subject=per_subject, **filters):
            figure.label = _capitalised(_PARENS.sub("", figure.subject).strip() or figure.unit)
            by_subject[figure.subject].append(figure)
    for group in charted + singles:
        figures = [f for s in group.subjects for f in by_subject[s]]
        figures.sort(key=lambda f: (f.article.published is None, f.article.published, f.value))
        group.figures = figures[-per_subject:]
    return charted, [f for g in singles for f in g.figures]


# --- timeline and repeated words ------------------------------------------------------------


def timeline_series(rows) -> tuple[list[charts.Series], int]:
    """Chart series per side from ClaimQuerySet.per_day_by_side rows, and the number of undated claims."""
    series: dict = {}
    undated = 0
    for row in rows:
        if row["published"] is None:
            undated += row["n"]
            continue
        slug = row["side__slug"]
        if slug not in series:
            series[slug] = charts.Series(
                row["side__name"] or "Unattributed",
                row["side__color"] or UNATTRIBUTED_COLOR,
            )
        series[slug].counts[row["published"]] = row["n"]
    ordered = sorted(series.values(), key=lambda s: (-sum(s.counts.values()), s.name))
    return ordered, undated


def similar_quotes(event: Event, filters: dict, *, groups_max: int = 12, per_group: int = 6) -> list:
    """Groups of the same or near-identical words from more than one speaker or outlet, each claim with its
    similarity (0-100) to the closest other member. Two queries."""
    quotes = [
        Quote(key=pk, text=content, speaker=speaker, outlet=outlet)
        for pk, content, speaker, outlet in Claim.objects.quotes_to_compare(event, **filters)
    ]
    groups = similar_groups(quotes)[:groups_max]
    wanted = [key for group in groups for key in group.keys[:per_group]]
    claims = Claim.objects.filter(pk__in=wanted).select_related("speaker__side", "article__outlet").in_bulk()
    shown = []
    for group in groups:
        members = [claims[key] for key in group.keys[:per_group] if key in claims]
        for claim in members:
            claim.similarity = group.similarity[claim.pk]
        shown.append(members)
    return shown


# --- view ----------------------------------------------------------------------------------------


@login_required
def event_panels(request, slug: str):
    """Timeline, figures and repeated wording for the same filters as the page.

    The event page loads them with htmx once it is shown, so the columns never wait for them; without
    JavaScript the page links here and this is a page of its own. Six queries after the form's choices.
    """
    event = get_object_or_404(Event, slug=slug)
    form = EventFilterForm(request.GET, event=event)
    filters = form.filters()
    series, undated = timeline_series(Claim.objects.per_day_by_side(event, **filters))
    charted, singles = figure_panel(event, filters)
    context = {
        "event": event,
        "form": form,
        "query": form.query(),
        "timeline": charts.timeline_chart(series, title=f"{event.title}: claims per day by side")
        if series
        else None,
        "timeline_series": series,
        "undated": undated,
        "figure_subjects": charted,
        "single_figures": singles,
        "shared": similar_quotes(event, filters),
    }
    return render_page(request, "narratives/event_panels.html", context, partial="panels")
