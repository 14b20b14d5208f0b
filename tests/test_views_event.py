"""The event comparison page: columns by side, filters, htmx fragment, and its pinned query count."""

from __future__ import annotations

import pytest
import views_fixtures
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from views_fixtures import HTMX

from narratives.models import Actor, Claim, Side
from narratives.views.common import describe_speaker
from narratives.views.grouping import Column, comparison_columns, stack_columns

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
world = views_fixtures.world


# --- event comparison -------------------------------------------------------------


def test_event_page_shows_one_column_per_side(viewer_client, world):
    bob_extra = Claim.objects.create(
        article=world["article_b"],
        speaker=world["bob"],
        speaker_mention="Bob",
        cue="said",
        content="Bob Sample",
        start=0,
        end=10,
        event=world["event"],
        position=world["open"],
    )
    response = viewer_client.get(reverse("event_detail", args=["bridge-closure"]))
    assert response.status_code == 200
    html = response.content.decode()
    columns = html[html.index('id="comparison"') :]
    # Southland now has three claims, so it comes first.
    assert columns.index(">Southland<") < columns.index(">Northland<")
    assert "“It will stay shut”" in html  # direct quote in quote marks
    assert "the bridge was &lt;b&gt;closed&lt;/b&gt; &amp; guarded" in html  # indirect, escaped, no marks
    assert f'href="/actors/{world["ann"].pk}/"' in html
    assert "spokeswoman, Northland Ministry" in html
    assert ">told<" in html and ">insisted<" in html  # cues as written
    assert "State media" in html
    assert "2 Mar 2020" in html
    c1 = world["claims"][0]
    assert f'href="/articles/{c1.article_id}/#claim-{c1.pk}"' in html
    assert "Bridge closed" in html and "Bridge open" in html
    assert f"#claim-{bob_extra.pk}" in html


def test_event_page_htmx_returns_the_columns_only(viewer_client, world):
    response = viewer_client.get(
        reverse("event_detail", args=["bridge-closure"]), {"side": "northland"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="comparison"' in html
    assert "It will stay shut" in html and "traffic flows normally" not in html


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"side": "southland"}, "traffic flows normally", "It will stay shut"),
        ({"outlet": "river-post"}, "traffic flows normally", "it was open"),
        ({"kind": "direct"}, "It will stay shut", "traffic flows normally"),
        ({"position": "closed"}, "It will stay shut", "it was open"),
    ],
)
def test_event_filters(viewer_client, world, params, present, absent):
    html = viewer_client.get(reverse("event_detail", args=["bridge-closure"]), params).content.decode()
    assert present in html and absent not in html


def test_unknown_filter_values_are_ignored(viewer_client, world):
    response = viewer_client.get(reverse("event_detail", args=["bridge-closure"]), {"side": "atlantis"})
    assert response.status_code == 200
    assert b"It will stay shut" in response.content and b"traffic flows normally" in response.content


def test_rejected_claims_are_hidden(viewer_client, world):
    Claim.objects.filter(pk=world["claims"][1].pk).update(rejected=True)
    html = viewer_client.get(reverse("event_detail", args=["bridge-closure"])).content.decode()
    assert "It will stay shut" not in html


def test_unknown_event_is_404(viewer_client, world):
    assert viewer_client.get(reverse("event_detail", args=["nope"])).status_code == 404


def _event_page_queries(client, slug):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("event_detail", args=[slug]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_event_page_query_count_is_pinned(viewer_client, world, django_assert_num_queries):
    url = reverse("event_detail", args=["bridge-closure"])
    viewer_client.get(url)  # warm the session; it counts the groups, which are cached from then on
    # session, user, user's groups (can_upload), event; the filter form's sides, outlets, speakers and
    # positions; the ids of one page of claims per group, those claims and their figures. The group counts
    # are one more query after a write (tests/test_event_counts.py). The timeline, figures and repeated
    # wording load separately. tests/test_explore.py pins both at two data sizes.
    with django_assert_num_queries(11):
        viewer_client.get(url)


def test_event_page_query_count_does_not_grow_with_claims(viewer_client, world):
    slug = world["event"].slug
    viewer_client.get(reverse("event_detail", args=[slug]))
    before = _event_page_queries(viewer_client, slug)
    extra_side = Side.objects.create(name="Eastland", slug="eastland", color="#2ca02c")
    for i in range(30):
        actor = Actor.objects.create(name=f"Speaker {i}", side=extra_side, organization=world["ministry"])
        Claim.objects.create(
            article=world["article_b"],
            speaker=actor,
            content="Bob",
            start=0,
            end=3,
            event=world["event"],
            position=world["closed"] if i % 2 else None,
        )
    assert _event_page_queries(viewer_client, slug) == before + 1  # the group counts, after the writes
    assert _event_page_queries(viewer_client, slug) == before


def test_comparison_columns_groups_by_side_then_position(world):
    claims = list(Claim.objects.for_comparison(world["event"]))
    columns = comparison_columns(claims)
    assert [c.name for c in columns] == ["Northland", "Southland"]  # tie: by name
    assert [g.label for g in columns[0].groups] == ["Bridge closed"]
    assert [g.label for g in columns[1].groups] == ["Bridge open"]
    unattributed = Claim(content="x", start=0, end=1, position=None)
    columns = comparison_columns([*claims, unattributed])
    assert columns[-1].name == "Unattributed" and columns[-1].groups[0].label == "No position assigned"


def test_byline_does_not_repeat_the_organisation(world):
    assert describe_speaker(world["ann"]) == "spokeswoman, Northland Ministry"
    world["ann"].role = "Northland Ministry spokeswoman"
    assert describe_speaker(world["ann"]) == "Northland Ministry spokeswoman"
    assert describe_speaker(world["bob"]) == "mayor"
    assert describe_speaker(None) == ""


def test_small_sides_share_the_last_track():
    columns = [Column(side=None, groups=[], count=n) for n in (40, 29, 6, 2, 1, 1)]
    tracks = stack_columns(columns, max_tracks=4)
    assert [[c.count for c in track] for track in tracks] == [[40], [29], [6], [2, 1, 1]]
    assert stack_columns(columns[:3], max_tracks=4) == [[c] for c in columns[:3]]
