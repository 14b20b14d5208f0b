"""/actors/: every active actor with search, side and kind filters, live-claim counts, sorting and pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from narratives.models import Actor, ActorAlias, Article, Claim, Outlet, Side
from narratives.views import actors as actor_views

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/actors/"


@pytest.fixture
def cast(db):
    west = Side.objects.create(name="Westmark", slug="westmark", color="#1f77b4")
    east = Side.objects.create(name="Eastmark", slug="eastmark", color="#d62728")
    navy = Actor.objects.create(name="Eastmark Navy", kind=Actor.Kind.ORGANIZATION, side=east)
    igor = Actor.objects.create(name="Igor Konashenkov", role="spokesman", side=east, organization=navy)
    ActorAlias.objects.create(actor=igor, name="Major General Konashenkov", normalized="mgk")
    mara = Actor.objects.create(name="Mara Quill", side=west)
    loner = Actor.objects.create(name="Zed Nobody")  # no side, no claims
    merged = Actor.objects.create(name="Mara Q.", merged_into=mara)
    outlet = Outlet.objects.create(name="Coast Daily", slug="coast-daily")
    article = Article.objects.create(outlet=outlet, title="T", text="x" * 200, text_hash="a" * 64)
    for i, (speaker, rejected) in enumerate([(igor, False), (igor, False), (igor, True), (mara, False)]):
        Claim.objects.create(
            article=article, speaker=speaker, content="words", start=i, end=i + 5, rejected=rejected
        )
    return {"navy": navy, "igor": igor, "mara": mara, "loner": loner, "merged": merged}


def _rows(html: str) -> list[tuple[str, str]]:
    """(name, claim count) per row, in order."""
    rows = re.findall(
        r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>.*?<td class="num">(\d+)</td>', html, re.S
    )
    return [(name, n) for name, n in rows]


def test_directory_lists_active_actors_with_live_claim_counts(viewer_client, cast, django_assert_num_queries):
    viewer_client.get(URL)
    # session, user, groups; the side choices; the count; one page of actors with their counts.
    with django_assert_num_queries(6):
        response = viewer_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert _rows(html) == [
        ("Eastmark Navy", "0"),
        ("Igor Konashenkov", "2"),
        ("Mara Quill", "1"),
        ("Zed Nobody", "0"),
    ]
    assert "Mara Q.<" not in html  # merged away
    assert "spokesman" in html and "No side" in html


def test_directory_htmx_returns_the_list_only(viewer_client, cast):
    html = viewer_client.get(URL, {"side": "eastmark"}, **HTMX).content.decode()
    assert "<html" not in html and 'id="actor-list"' in html
    assert [name for name, _ in _rows(html)] == ["Eastmark Navy", "Igor Konashenkov"]


@pytest.mark.parametrize(
    "params, names",
    [
        ({"q": "Konash"}, ["Igor Konashenkov"]),
        ({"q": "Major General"}, ["Igor Konashenkov"]),  # an alias
        ({"side": "_none"}, ["Zed Nobody"]),
        ({"kind": "organization"}, ["Eastmark Navy"]),
        ({"sort": "claims"}, ["Igor Konashenkov", "Mara Quill", "Eastmark Navy", "Zed Nobody"]),
        ({"sort": "-name"}, ["Zed Nobody", "Mara Quill", "Igor Konashenkov", "Eastmark Navy"]),
        (
            {"side": "nowhere", "kind": "alien"},
            ["Eastmark Navy", "Igor Konashenkov", "Mara Quill", "Zed Nobody"],
        ),
    ],
)
def test_directory_filters_and_sorts(viewer_client, cast, params, names):
    html = viewer_client.get(URL, params).content.decode()
    assert [name for name, _ in _rows(html)] == names


def test_headers_sort_and_pages_link_with_href_and_hx_get(viewer_client, cast, monkeypatch):
    monkeypatch.setattr(actor_views, "PER_PAGE", 2)
    html = viewer_client.get(URL, {"side": "eastmark"}).content.decode()
    assert 'href="?side=eastmark&amp;sort=-name" hx-get="?side=eastmark&amp;sort=-name"' in html
    assert 'href="?side=eastmark&amp;sort=claims" hx-get="?side=eastmark&amp;sort=claims"' in html
    html = viewer_client.get(URL).content.decode()
    assert 'href="?page=2" hx-get="?page=2"' in html and "Page 1 of 2" in html
    second = viewer_client.get(URL, {"page": 2}, **HTMX).content.decode()
    assert [name for name, _ in _rows(second)] == ["Mara Quill", "Zed Nobody"]


def test_breadcrumbs_lead_to_the_directory(viewer_client, cast):
    html = viewer_client.get(reverse("actor_detail", args=[cast["igor"].pk])).content.decode()
    assert '<a href="/actors/">Actors</a>' in html
    assert reverse("actor_list") == URL
