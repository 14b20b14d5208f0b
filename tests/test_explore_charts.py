"""The SVG charts: pure functions, escaped text, safe colours, one scale per chart."""

from __future__ import annotations

import datetime as dt
import re

from narratives.charts import FigureBar, Series, figure_chart, format_number, safe_color, timeline_chart


def widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]


def test_figure_chart_escapes_text_and_shares_one_scale():
    bars = [
        FigureBar("Ministry <script>alert(1)</script>", 503, dt.date(2017, 12, 1), "#1f77b4", note="A & B"),
        FigureBar('Data "Center"', 1720, dt.date(2017, 12, 6)),
        FigureBar("Pentagon", 2000, None, "red; background: url(x)"),
    ]
    svg = str(figure_chart(bars, subject="Troops <in> Syria", unit="troops"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; B · 1 Dec 2017" in svg and "Data &quot;Center&quot;" in svg
    assert "<title>Troops &lt;in&gt; Syria: figures by source and date (troops)</title>" in svg
    assert "503" in svg and "1,720" in svg and "2,000" in svg and "undated" in svg
    assert 'fill="red' not in svg and 'fill="#6b7280"' in svg  # an unsafe colour falls back to grey
    small, mid, big = widths(svg)
    assert big == 340.0 and abs(small / big - 503 / 2000) < 0.01 and abs(mid / big - 1720 / 2000) < 0.01
    assert svg.startswith('<svg class="chart chart--figures"') and 'role="img"' in svg


def test_figure_chart_clips_long_labels_but_keeps_them_in_the_tooltip():
    name = "The Very Long Name of a Statistical Office of the Armed Forces"
    svg = str(figure_chart([FigureBar(name, 5)], subject="x"))
    visible = svg.split("</desc>")[1].split("<rect")[0]
    assert f"<title>{name}: 5</title>" in svg
    assert name not in visible and "The Very Long Name of a Statist…" in visible


def test_timeline_stacks_sides_per_day_and_keeps_empty_days():
    series = [
        Series("North <N>", "#1f77b4", {dt.date(2020, 3, 1): 2, dt.date(2020, 3, 4): 1}),
        Series("South", "#d62728", {dt.date(2020, 3, 1): 1}),
    ]
    svg = str(timeline_chart(series, title="Claims & days"))
    assert "North &lt;N&gt;, 1 Mar 2020: 2" in svg and "<N>" not in svg
    assert "<title>Claims &amp; days</title>" in svg
    for day in ("1 Mar", "2 Mar", "3 Mar", "4 Mar"):
        assert f">{day}<" in svg
    bars = re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="(#\w+)"', svg)
    assert len(bars) == 3
    # On 1 March the South bar sits on top of the North bar; the tallest day fills the plot height.
    (y_n, h_n, c_n), (y_s, h_s, c_s) = bars[0], bars[1]
    assert c_n == "#1f77b4" and c_s == "#d62728" and abs(float(y_s) + float(h_s) - float(y_n)) < 0.2
    assert abs(float(h_n) / float(h_s) - 2) < 0.01
    assert "2020-03-01: North &lt;N&gt; 2, South 1" in svg


def test_timeline_without_dates_and_long_ranges():
    assert "No dated claims" in str(timeline_chart([]))
    long = [Series("A", "#000000", {dt.date(2020, 1, 1) + dt.timedelta(days=i): 1 for i in range(0, 120, 3)})]
    svg = str(timeline_chart(long))
    assert len(re.findall(r'class="chart__sub"', svg)) < 20  # axis labels thinned out


def test_helpers():
    assert format_number(1720.0) == "1,720" and format_number(2.5) == "2.5" and format_number(0.125) == "0.12"
    assert (
        safe_color("#A1b2C3") == "#A1b2C3"
        and safe_color("#fff") == "#6b7280"
        and safe_color(None) == "#6b7280"
    )
