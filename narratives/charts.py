"""Server-rendered SVG charts: pure functions from plain rows to escaped markup.

No JavaScript and no inline styles: colours are presentation attributes, every text is escaped, and each
chart carries a title and a text description so it reads without sight. Sizes are viewBox units; CSS scales
the SVG to its container.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

NEUTRAL = "#6b7280"
INK = "#1a1d23"
MUTED = "#4a5160"
GRID = "#dfe2e8"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def safe_color(value: str | None) -> str:
    """A #rrggbb colour or the neutral grey: colours land in attributes, so nothing else gets through."""
    return value if value and _HEX.match(value) else NEUTRAL


def format_number(value: float) -> str:
    """1720.0 -> '1,720'; 2.5 -> '2.5'."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, *, anchor: str = "start", cls: str = "", fill: str = INK) -> str:
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{klass}>{escape(content)}</text>'
    )


def _svg(width: int, height: int, title: str, desc: str, body: list[str], cls: str) -> SafeString:
    head = (
        f'<svg class="chart {cls}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg" font-size="14">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")


# --- figures: one bar per (source, date) ----------------------------------------------


@dataclass(frozen=True)
class FigureBar:
    label: str  # who states it: the source, else the outlet
    value: float
    date: dt.date | None = None
    color: str = NEUTRAL
    note: str = ""  # e.g. the outlet when the label is a named source
    low: float | None = None  # a range or bound, drawn beside the nominal value
    high: float | None = None
    amount: str = ""  # the value as stated ("≥ 2,000"); the plain number when empty


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def figure_chart(bars: list[FigureBar], *, subject: str, unit: str = "") -> SafeString:
    """One bar per figure on a shared scale from zero, so 503 next to 2,000 reads as a fourfold gap.

    Who states it and when sits above each bar, so long source names never push the bars aside.
    """
    width, row_h, top, value_w = 400, 46, 4, 60
    plot_w = width - value_w
    height = top + row_h * max(len(bars), 1)
    peak = max((max(b.value, b.high or 0) for b in bars), default=0) or 1
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        date = bar.date.strftime("%-d %b %Y") if bar.date else "undated"
        sub = f"{bar.note} · {date}" if bar.note else date
        label = _clip(bar.label, 32)
        # Both parts share one line of about 50 characters at this size.
        sub = _clip(sub, max(14, 50 - len(label)))
        body.append(
            f'<text x="0" y="{y + 14}" fill="{INK}"><tspan class="chart__label">'
            f"{escape(label)}</tspan>"
            f'<tspan fill="{MUTED}" class="chart__sub"> {escape(sub)}</tspan></text>'
        )
        w = max(plot_w * max(bar.value, 0) / peak, 2)
        amount = bar.amount or format_number(bar.value)
        body.append(
            f'<rect x="0" y="{y + 20}" width="{w:.1f}" height="16" rx="2" fill="{safe_color(bar.color)}">'
            f"<title>{escape(bar.label)}: {escape(amount)}</title></rect>"
        )
        end = w
        if bar.low is not None or bar.high is not None:
            # A range or bound: a whisker from its bottom to its top (open-ended bounds reach the edge).
            lo = plot_w * (bar.low if bar.low is not None else 0) / peak
            hi = plot_w * bar.high / peak if bar.high is not None else min(w * 1.15, plot_w)
            body.append(
                f'<line x1="{lo:.1f}" y1="{y + 28}" x2="{hi:.1f}" y2="{y + 28}" stroke="{INK}" '
                f'stroke-width="2" stroke-dasharray="{"none" if bar.high is not None else "3 2"}"/>'
            )
            end = max(w, hi)
        body.append(_text(end + 6, y + 33, amount, cls="chart__value"))
    values = "; ".join(
        f"{b.label}{' (' + b.note + ')' if b.note else ''}, "
        f"{b.date.isoformat() if b.date else 'undated'}: {b.amount or format_number(b.value)}"
        for b in bars
    )
    title = f"{subject}: figures by source and date" + (f" ({unit})" if unit else "")
    return _svg(width, height, title, values, body, "chart--figures")


# --- timeline: claims per day, stacked by side -------------------------------------------


@dataclass
class Series:
    name: str
    color: str
    counts: dict[dt.date, int] = field(default_factory=dict)


def _ticks(peak: int) -> list[int]:
    """0, a round middle and the top, enough to read a count off without a grid of noise."""
    if peak <= 1:
        return [0, 1]
    step = max(1, round(peak / 2))
    return sorted({0, step, peak})


def timeline_chart(series: list[Series], *, title: str = "Claims per day by side") -> SafeString:
    """One stacked bar per day between the first and the last day with claims; empty days stay visible."""
    dates = sorted({d for s in series for d in s.counts})
    width, height, left, right, top, bottom = 560, 210, 34, 10, 12, 40
    if not dates:
        return _svg(
            width,
            60,
            title,
            "No dated claims.",
            [_text(width / 2, 34, "No dated claims", anchor="middle")],
            "chart--timeline",
        )
    first, last = dates[0], dates[-1]
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    totals = {d: sum(s.counts.get(d, 0) for s in series) for d in days}
    peak = max(totals.values()) or 1
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(days)
    bar_w = max(min(slot * 0.7, 48), 1)
    body = []
    for tick in _ticks(peak):
        y = top + plot_h - plot_h * tick / peak
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, str(tick), anchor="end", cls="chart__sub", fill=MUTED))
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for s in series:
            n = s.counts.get(day, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{safe_color(s.color)}"><title>{escape(s.name)}, {day:%-d %b %Y}: {n}</title></rect>'
            )
    # Date labels: every day when they fit, else about six evenly spaced.
    every = max(1, -(-len(days) // 6)) if len(days) * 46 > plot_w else 1
    for i, day in enumerate(days):
        if i % every and i != len(days) - 1:
            continue
        x = left + i * slot + slot / 2
        body.append(
            _text(x, height - bottom + 18, f"{day:%-d %b}", anchor="middle", cls="chart__sub", fill=MUTED)
        )
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{MUTED}"/>'
    )
    desc = "; ".join(
        f"{day.isoformat()}: " + ", ".join(f"{s.name} {s.counts[day]}" for s in series if s.counts.get(day))
        for day in days
        if totals[day]
    )
    return _svg(width, height, title, desc, body, "chart--timeline")
