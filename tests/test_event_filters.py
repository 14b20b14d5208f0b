"""The event page's filters: only choices that have claims in the event, selects that fire on change, and
panels (figures, timeline, same words) that follow the same filters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from narratives.models import Actor, Article, Claim, Event, Figure, Outlet, Position, Side

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def town(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#d62728")
    Side.objects.create(name="Northmark", slug="northmark", color="#2ca02c")  # no claims anywhere
    event = Event.objects.create(slug="harbour", title="Harbour closure")
    other = Event.objects.create(slug="strike", title="Dock strike")
    closed = Position.objects.create(event=event, slug="closed", label="Harbour closed", order=1)
    Position.objects.create(event=event, slug="open", label="Harbour open", order=2)  # no claims
    daily = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    Outlet.objects.create(name="Inland Times", slug="inland")  # no claims
    weekly = Outlet.objects.create(name="Strike Weekly", slug="weekly")
    mara = Actor.objects.create(name="Mara Quill", side=west)
    tom = Actor.objects.create(name="Tom Reyes", side=east)
    text = "Mara Quill said twelve ships were stuck. Tom Reyes said only three ships were stuck."

    def claim(content, speaker, *, outlet=daily, on=event, position=closed, rejected=False, article=None):
        article = article or Article.objects.create(
            outlet=outlet,
            title=f"Report {Article.objects.count()}",
            text=text,
            text_hash=f"{Article.objects.count():064d}",
            published=dt.date(2021, 5, 3),
        )
        start = text.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            content=content,
            start=start,
            end=start + len(content),
            event=on,
            position=position,
            rejected=rejected,
            fingerprint="ships-stuck",
        )

    c_west = claim("twelve ships were stuck", mara)
    # The same article: its figures follow the claims' filters, not only the article's.
    c_east = claim("only three ships were stuck", tom, position=None, article=c_west.article)
    claim("twelve ships were stuck", mara, outlet=weekly, on=other)  # another event
    claim("only three ships were stuck", tom, outlet=weekly, rejected=True)  # deleted
    for c, value in ((c_west, 12), (c_east, 3)):
        Figure.objects.create(
            article=c.article,
            claim=c,
            value=value,
            unit="ships",
            subject="ships",
            content=str(value),
            start=0,
            end=1,
        )
    return {"event": event, "west": c_west, "east": c_east}


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r">([^<]+)</option>", select)


def test_filters_offer_only_choices_with_claims_in_the_event(viewer_client, town):
    html = viewer_client.get(town["event"].get_absolute_url()).content.decode()
    assert _options(html, "side") == ["All sides", "Eastmark", "Westmark"]  # no Northmark, all sided
    assert _options(html, "outlet") == ["All outlets", "Coast Daily"]  # Strike Weekly: other event, deleted
    assert _options(html, "position") == ["All positions", "Harbour closed", "No position assigned"]
    assert _options(html, "actor") == ["All speakers", "Mara Quill", "Tom Reyes"]


def test_unattributed_is_offered_when_such_claims_exist(viewer_client, town):
    Claim.objects.filter(pk=town["east"].pk).update(speaker=None, side=None)
    html = viewer_client.get(town["event"].get_absolute_url()).content.decode()
    assert _options(html, "side") == ["All sides", "Westmark", "Unattributed"]


def test_selects_fire_on_change_and_replace_an_older_request(viewer_client, town):
    html = viewer_client.get(town["event"].get_absolute_url()).content.decode()
    for name in ("side", "outlet", "actor", "kind", "position"):
        tag = re.search(rf'<select name="{name}"[^>]*>', html).group(0)
        assert 'hx-trigger="change"' in tag and 'hx-sync="closest form:replace"' in tag
        assert 'hx-include="closest form"' in tag
    form = re.search(r'<form class="filters"[^>]*>', html, re.S).group(0)
    assert 'hx-trigger="submit"' in form and "keyup" not in html


def test_filtered_page_and_htmx_swap(viewer_client, town, django_assert_num_queries):
    url = town["event"].get_absolute_url() + "?side=eastmark"
    viewer_client.get(url)
    with django_assert_num_queries(11):  # as the unfiltered page: the filtered counts are cached too
        html = viewer_client.get(url).content.decode()
    assert "only three ships" in html and "twelve ships" not in html
    # The panels load with the same filters.
    assert f'hx-get="{reverse("event_panels", args=["harbour"])}?side=eastmark"' in html
    fragment = viewer_client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and "1 claim from 1 side, filtered" in fragment


def test_figures_timeline_and_same_words_follow_the_filters(viewer_client, town):
    url = reverse("event_panels", args=["harbour"])
    everything = viewer_client.get(url).content.decode()
    assert "Mara Quill" in everything and "Tom Reyes" in everything
    east = viewer_client.get(url + "?side=eastmark", **HTMX).content.decode()
    assert "Tom Reyes" in east and "Mara Quill" not in east  # figures and same words
    assert "Westmark" not in east  # the timeline's series
    by_position = viewer_client.get(url + "?position=closed").content.decode()
    assert "Mara Quill" in by_position and "Tom Reyes" not in by_position
