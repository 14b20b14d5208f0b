"""Explore pages: event comparison (filters, load more, panels, query count), home and outlet."""

from __future__ import annotations

import datetime as dt

import explore_fixtures
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from explore_fixtures import HTMX, event_url, more_claims, panels_url

from narratives.models import (
    NONE_SLUG,
    Actor,
    Article,
    Claim,
    Figure,
    Outlet,
    Position,
    Side,
)
from narratives.views.events import PER_GROUP
from narratives.views.grouping import position_matrix
from narratives.views.panels import group_subjects, subject_words

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
harbour = explore_fixtures.harbour


# --- event page ---------------------------------------------------------------------------


def test_event_page_full_has_filter_form_that_works_without_js(viewer_client, harbour):
    html = viewer_client.get(event_url(harbour)).content.decode()
    assert "<html" in html
    form = html[
        html.index('<form class="filters"') : html.index("</form>", html.index('<form class="filters"'))
    ]
    for name in ("side", "outlet", "actor", "kind", "position", "date_from", "date_to", "reviewed"):
        assert f'name="{name}"' in form, name
    assert 'method="get"' in form and 'action="/events/harbour-blockade/"' in form
    assert 'hx-get="/events/harbour-blockade/"' in form and 'hx-push-url="true"' in form
    # Every claim here has a side and a position: "none" is offered only where such claims exist.
    assert f'value="{NONE_SLUG}"' not in form
    # Every card: quote marks for direct quotes, speaker link with role and organisation, cue, outlet badge,
    # date, link to the sentence.
    c1, c2, c3, _ = harbour["claims"]
    assert "“the quays stayed busy”" in html
    assert f'href="/actors/{harbour["mira"].pk}/"' in html and "navy spokeswoman, Eastmark Navy" in html
    assert ">claimed<" in html and "State media" in html and "2 May 2021" in html
    assert f'href="/articles/{c1.article_id}/#claim-{c1.pk}"' in html


def test_event_page_htmx_returns_the_comparison_and_loads_its_panels(viewer_client, harbour):
    response = viewer_client.get(event_url(harbour), {"side": "westmark"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="comparison"')
    assert "the quays stayed busy" in html and "ships were turned away" not in html
    # The panels load after the columns, with the same filters; a plain link without JavaScript.
    slot = html[html.index('id="analysis"') :]
    assert 'hx-get="/events/harbour-blockade/panels/?side=westmark"' in slot and 'hx-trigger="load"' in slot
    assert 'href="/events/harbour-blockade/panels/?side=westmark"' in slot
    # The export links carry the filter, so the export is what is shown.
    assert "/events/harbour-blockade/export.csv?side=westmark" in html
    assert "HX-Request" in response["Vary"]


def test_panels_full_page_and_fragment(viewer_client, harbour):
    full = viewer_client.get(panels_url(harbour), {"side": "westmark"}).content.decode()
    assert "<html" in full and 'href="/events/harbour-blockade/?side=westmark"' in full  # back, same filter
    fragment = viewer_client.get(panels_url(harbour), {"side": "westmark"}, **HTMX).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<div class="analysis" id="analysis">')
    for title in ("Timeline", "Same words, different speakers", "Figures"):
        assert title in fragment
    assert "Westmark" in fragment and "Eastmark, " not in fragment  # filtered timeline


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"kind": "direct"}, "“the quays stayed busy”", "ships were turned away"),
        ({"date_from": "2021-05-03"}, "Coast Daily", "East Wire"),
        ({"date_to": "2021-05-03"}, "East Wire", "Coast Daily"),
        ({"outlet": "coast-daily"}, "Coast Daily", "East Wire"),
        ({"position": "open"}, "the quays stayed busy", "ships were turned away"),
    ],
)
def test_event_filters(viewer_client, harbour, params, present, absent):
    html = viewer_client.get(event_url(harbour), params, **HTMX).content.decode()
    columns = html[: html.index('id="analysis"')]
    assert present in columns and absent not in columns


def test_actor_reviewed_and_none_filters(viewer_client, harbour, viewer):
    c1 = harbour["claims"][0]
    Claim.objects.filter(pk=c1.pk).update(
        reviewed_at=dt.datetime(2021, 6, 1, tzinfo=dt.UTC), reviewed_by=viewer
    )
    html = viewer_client.get(event_url(harbour), {"reviewed": "on"}, **HTMX).content.decode()
    assert html.count('<li class="claim-card') == 1 and "✓ Reviewed" in html
    html = viewer_client.get(event_url(harbour), {"actor": harbour["ivo"].pk}, **HTMX).content.decode()
    assert "the quays stayed busy" in html and "ships were turned away" not in html
    orphan = harbour["claim"](harbour["a1"], None, "Ivo Brand claimed", None)
    html = viewer_client.get(event_url(harbour), {"side": NONE_SLUG}, **HTMX).content.decode()
    assert f"#claim-{orphan.pk}" in html and "the quays stayed busy" not in html
    assert "No position assigned" in html and 'id="col-_none"' in html
    html = viewer_client.get(event_url(harbour), {"position": NONE_SLUG}, **HTMX).content.decode()
    assert html.count('<li class="claim-card') == 1


def test_bad_filter_values_are_ignored(viewer_client, harbour):
    response = viewer_client.get(
        event_url(harbour), {"side": "atlantis", "actor": "x", "date_from": "yesterday", "page": "-3"}
    )
    assert response.status_code == 200
    assert response.content.decode().count('<li class="claim-card') == 4


def test_columns_ordered_by_claim_count_and_grouped_by_position(viewer_client, harbour):
    more_claims(harbour, 2, side_actor=harbour["ivo"], position=harbour["open"])
    html = viewer_client.get(event_url(harbour), **HTMX).content.decode()
    assert html.index('id="col-westmark"') < html.index('id="col-eastmark"')
    matrix = html[html.index('class="table table--compact matrix"') : html.index("</table>")]
    assert "Harbour blockaded" in matrix and "Harbour open" in matrix
    assert "side=westmark&amp;position=open" in matrix  # each count links to its filtered view


def test_position_matrix_counts_per_side():
    from narratives.views.grouping import Column, PositionGroup

    a, b = Position(slug="a", label="A", order=1), Position(slug="b", label="B", order=2)
    north = Column(Side(name="N", slug="n"), [PositionGroup(a, total=3), PositionGroup(b, total=1)], 4)
    south = Column(Side(name="S", slug="s"), [PositionGroup(b, total=5)], 5)
    rows = position_matrix([south, north])
    assert [r.label for r in rows] == ["A", "B"]
    assert [n for _, n, _ in rows[0].cells] == [0, 3] and [n for _, n, _ in rows[1].cells] == [5, 1]


def test_load_more_pages_one_group_with_htmx_and_with_plain_links(viewer_client, harbour):
    extra = more_claims(harbour, PER_GROUP + 3)
    total = PER_GROUP + 3 + 2  # two blockade claims in the fixture
    html = viewer_client.get(event_url(harbour)).content.decode()
    html = html[: html.index('id="analysis"')]  # the columns, not the panels link below
    more = html[html.index('id="more-eastmark-blockaded"') :]
    more = more[: more.index("</li>")]
    href = more[more.index('href="') + 6 : more.index('"', more.index('href="') + 6)].replace("&amp;", "&")
    assert href == "?side=eastmark&position=blockaded&page=2"
    assert f'hx-get="{href.replace("&", "&amp;")}"' in more and 'hx-target="#more-eastmark-blockaded"' in more
    assert f"({total} in all)" in more
    shown = [c for c in [*harbour["claims"], *extra] if f'#claim-{c.pk}"' in html]
    assert len([c for c in shown if c.position_id == harbour["blockaded"].pk]) == PER_GROUP
    # htmx: only the next cards of that group, and the button for the page after, if any.
    url = event_url(harbour) + href
    fragment = viewer_client.get(url, HTTP_HX_TARGET="more-eastmark-blockaded", **HTMX).content.decode()
    assert "<html" not in fragment and 'id="comparison"' not in fragment
    assert fragment.count('<li class="claim-card') == min(PER_GROUP, total - PER_GROUP)
    assert fragment.count("data-focus-on-load") == 1  # keyboard focus lands on the first new card
    assert ("more-eastmark-blockaded" in fragment) == (total > 2 * PER_GROUP)
    # Without JavaScript the same href is a full page of that group, with a way back.
    page2 = viewer_client.get(url).content.decode()
    page2 = page2[: page2.index('id="analysis"')]
    assert "<html" in page2 and f"Claims {PER_GROUP + 1}–" in page2 and ">previous<" in page2
    ids = {c.pk for c in [*harbour["claims"], *extra] if f'#claim-{c.pk}"' in page2}
    assert ids.isdisjoint(c.pk for c in shown)


def _queries(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(h, n):
    """Many more claims over new sides, speakers, outlets, days, positions and figures."""
    sides = [Side.objects.create(name=f"Side {i}", slug=f"side-{i}", color="#2ca02c") for i in range(3)]
    outlets = [Outlet.objects.create(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(3)]
    for i in range(n):
        article = Article.objects.create(
            outlet=outlets[i % 3],
            title=f"Story {i}",
            text=f"text {i}",
            text_hash=f"{i + 100:064d}",
            published=dt.date(2021, 5, 1) + dt.timedelta(days=i % 9),
        )
        speaker = Actor.objects.create(name=f"Speaker {i}", side=sides[i % 3], organization=h["navy"])
        claim = Claim.objects.create(
            article=article,
            speaker=speaker,
            content=f"claim {i}",
            start=0,
            end=4,
            event=h["event"],
            position=[h["blockaded"], h["open"], None][i % 3],
            fingerprint=f"fp-{i % 5}",
        )
        Figure.objects.create(
            article=article,
            claim=claim,
            value=i,
            unit="ships",
            subject="ships in the harbour",
            content=f"{i} ships",
            start=0,
            end=2,
        )


@pytest.mark.parametrize(
    "params", [{}, {"kind": "indirect"}, {"side": "eastmark", "date_from": "2021-05-01"}]
)
def test_event_page_query_count_is_constant(viewer_client, harbour, django_assert_num_queries, params):
    """The same number of queries with 4 claims and with 124: cards are paged per group in the database."""
    url = event_url(harbour) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
    viewer_client.get(url)  # warm the session; the group counts are cached from here
    small = _queries(viewer_client, url)
    _grow(harbour, 120)
    # The claims changed: the first view counts the groups again (one query), the next read the cache.
    with django_assert_num_queries(small + 1):
        response = viewer_client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(small):
        viewer_client.get(url)
    # The htmx swap costs the same as the page, at both sizes.
    assert _queries(viewer_client, url, **HTMX) == small


def test_event_page_query_count_is_pinned(viewer_client, harbour, django_assert_num_queries):
    url = event_url(harbour)
    viewer_client.get(url)
    # session, user, groups; event; the form's sides, outlets, speakers, positions; the ids of one page of
    # claims per group, those claims, their figures. The group counts are cached until the claims change.
    with django_assert_num_queries(11):
        viewer_client.get(url)
    _grow(harbour, 60)
    with django_assert_num_queries(12):  # the claims changed: the group counts once more
        viewer_client.get(url)
    with django_assert_num_queries(11):
        viewer_client.get(url)


def test_panels_query_count_is_constant(viewer_client, harbour, django_assert_num_queries):
    url = panels_url(harbour)
    Figure.objects.create(
        article=harbour["a1"], value=3, unit="ships", subject="ships", content="3 ships", start=0, end=1
    )
    viewer_client.get(url)
    # session, user, groups; event; the form's four choices; timeline; figure subjects; their figures'
    # ids and rows; repeated wording's ids and rows.
    with django_assert_num_queries(14):
        viewer_client.get(url, **HTMX)
    _grow(harbour, 60)
    with django_assert_num_queries(14):
        viewer_client.get(url, **HTMX)


def test_figures_panel_shows_the_discrepancy(viewer_client, harbour):
    a1, a2 = harbour["a1"], harbour["a2"]
    a3 = Article.objects.create(
        outlet=harbour["private"],
        title="Earlier count",
        text="x",
        text_hash="3" * 64,
        published=dt.date(2021, 4, 1),
    )
    Claim.objects.create(
        article=a3, speaker=harbour["ivo"], content="x", start=0, end=1, event=harbour["event"]
    )
    for article, value, subject, source in [
        (a3, 503, "troops in Eastmark", "Defence ministry"),
        (a1, 1720, "foreign troops in Eastmark", "Manpower <Data> Center"),
        (a2, 2000, "troops in Eastmark", "Pentagon"),
    ]:
        Figure.objects.create(
            article=article,
            value=value,
            unit="troops",
            subject=subject,
            content=f"{value} troops",
            start=0,
            end=3,
            source=source,
        )
    html = viewer_client.get(panels_url(harbour)).content.decode()
    panel = html[html.index('id="figures-title"') :]
    chart = panel[panel.index("<svg") : panel.index("</svg>")]
    assert "503" in chart and "1,720" in chart and "2,000" in chart
    assert "Manpower &lt;Data&gt; Center" in chart and "<Data>" not in html
    # One subject, one shared scale: the widest bar is 2,000, the 503 bar about a quarter of it.
    assert "Foreign troops in Eastmark" in panel[: panel.index("<svg")]
    assert "Troops in Eastmark" not in panel  # one subject, not two
    assert chart.index("Defence ministry") < chart.index("Manpower") < chart.index("Pentagon")  # by date


def test_figure_subjects_merge_by_contained_words_only_when_specific():
    def row(subject, unit, n, low, high):
        return {"subject": subject, "unit": unit, "n": n, "low": low, "high": high}

    groups = group_subjects(
        [
            row("troops in Eastmark", "troops", 2, 503, 2000),
            row("foreign troops in Eastmark", "troops", 1, 1720, 1720),
            row('fighters ("a few")', "fighters", 1, 3, 3),
            row("rebel fighters", "fighters", 1, 4, 4),
            row("troops in Eastmark", "percent", 1, 5, 5),
        ]
    )
    summary = {(g.label, g.unit): (g.count, g.low, g.high, len(g.subjects)) for g in groups}
    assert summary == {
        ("Foreign troops in Eastmark", "troops"): (3, 503, 2000, 2),
        ("Fighters", "fighters"): (1, 3, 3, 1),
        ("Rebel fighters", "fighters"): (1, 4, 4, 1),
        ("Troops in Eastmark", "percent"): (1, 5, 5, 1),
    }
    assert groups[0].label == "Foreign troops in Eastmark"  # most stated first
    assert subject_words('The harbour\'s ships ("about 40")') == {"harbour", "ships"}


def test_timeline_and_shared_words(viewer_client, harbour):
    html = viewer_client.get(panels_url(harbour)).content.decode()
    timeline = html[html.index('id="timeline-title"') :]
    svg = timeline[timeline.index("<svg") : timeline.index("</svg>")]
    assert "Eastmark, 2 May 2021: 1" in svg and "Westmark, 4 May 2021: 1" in svg
    assert "3 May" in svg  # days without claims stay on the axis
    shared = html[html.index('id="shared-title"') :]
    shared = shared[: shared.index("</section>")]
    # The same words from one speaker in two outlets: both, side by side.
    assert shared.count('class="shared__item"') == 2 and "East Wire" in shared and "Coast Daily" in shared


def test_unknown_event_is_404(viewer_client, harbour):
    assert viewer_client.get(reverse("event_detail", args=["nowhere"])).status_code == 404
    assert viewer_client.get(reverse("event_export", args=["nowhere", "csv"])).status_code == 404


# --- home and outlet ----------------------------------------------------------------------------


def test_home_counts_per_side_in_the_database(viewer_client, harbour):
    html = viewer_client.get(reverse("home")).content.decode()
    assert "Eastmark <strong>2</strong>" in html and "Westmark <strong>2</strong>" in html
    assert "4 claims" in html
    before = _queries(viewer_client, reverse("home"))
    _grow(harbour, 30)
    assert _queries(viewer_client, reverse("home")) == before
    fragment = viewer_client.get(reverse("home"), **HTMX).content.decode()
    assert "<html" not in fragment and 'id="event-list"' in fragment and "34 claims" in fragment


def test_outlet_page_lists_claims_paginated(viewer_client, harbour):
    url = reverse("outlet_detail", args=["east-wire"])
    html = viewer_client.get(url).content.decode()
    assert 'id="outlet-claims"' in html and "ships were turned away at dawn" in html
    assert "State-controlled" in html and "Navy closes the harbour" in html
    more_claims(harbour, 25)
    fragment = viewer_client.get(
        url, {"claims_page": 2}, HTTP_HX_TARGET="outlet-claims", **HTMX
    ).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="outlet-claims"')
    assert "Page 2 of 2" in fragment and 'href="?claims_page=1"' in fragment
