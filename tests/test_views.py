"""Views: each page full and as an htmx fragment, access, the upload flow, the comparison's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from narratives.models import Actor, Article, Claim, Event, Figure, Outlet, Position, Side
from narratives.nlp import types as t
from narratives.views.articles import highlight_claims
from narratives.views.common import describe_speaker
from narratives.views.grouping import Column, comparison_columns, stack_columns

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- data ---------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """Two sides arguing about one event, in a state-controlled and a private outlet."""
    north = Side.objects.create(name="Northland", slug="northland", color="#1f77b4")
    south = Side.objects.create(name="Southland", slug="southland", color="#d62728")
    event = Event.objects.create(
        slug="bridge-closure",
        title="Bridge closure",
        description="Whether the river bridge is closed.",
        start_date=dt.date(2020, 3, 1),
        terms=["bridge"],
    )
    closed = Position.objects.create(event=event, slug="closed", label="Bridge closed", order=1)
    open_ = Position.objects.create(event=event, slug="open", label="Bridge open", order=2)
    state = Outlet.objects.create(
        name="North Herald", slug="north-herald", affiliation=Outlet.Affiliation.STATE
    )
    private = Outlet.objects.create(
        name="River Post", slug="river-post", affiliation=Outlet.Affiliation.PRIVATE
    )
    ministry = Actor.objects.create(name="Northland Ministry", kind=Actor.Kind.ORGANIZATION, side=north)
    ann = Actor.objects.create(name="Ann Example", role="spokeswoman", organization=ministry, side=north)
    bob = Actor.objects.create(name="Bob Sample", role="mayor", side=south)
    text_a = (
        "Ann Example said the bridge was <b>closed</b> & guarded. "
        '"It will stay shut," she told reporters. Bob Sample insisted it was open.'
    )
    article_a = Article.objects.create(
        outlet=state,
        title="Bridge shut",
        text=text_a,
        text_hash="a" * 64,
        published=dt.date(2020, 3, 2),
        status=Article.Status.DONE,
    )
    article_b = Article.objects.create(
        outlet=private,
        title="Mayor: bridge open",
        text="Bob Sample said traffic flows normally.",
        text_hash="b" * 64,
        published=dt.date(2020, 3, 3),
        status=Article.Status.DONE,
    )

    def claim(article, speaker, content, kind=Claim.Kind.INDIRECT, position=None, cue="said"):
        start = article.text.index(content)
        return Claim.objects.create(
            article=article,
            speaker=speaker,
            speaker_mention=speaker.name,
            cue=cue,
            kind=kind,
            content=content,
            start=start,
            end=start + len(content),
            event=event,
            position=position,
        )

    c1 = claim(article_a, ann, "the bridge was <b>closed</b> & guarded", position=closed)
    c2 = claim(article_a, ann, "It will stay shut", kind=Claim.Kind.DIRECT, position=closed, cue="told")
    c3 = claim(article_a, bob, "it was open", position=open_, cue="insisted")
    c4 = claim(article_b, bob, "traffic flows normally", position=open_)
    Figure.objects.create(
        article=article_a, value=2, unit="lanes", subject="bridge lanes", content="2 lanes", start=0, end=3
    )
    return {
        "north": north,
        "south": south,
        "event": event,
        "closed": closed,
        "open": open_,
        "state": state,
        "private": private,
        "ann": ann,
        "bob": bob,
        "ministry": ministry,
        "article_a": article_a,
        "article_b": article_b,
        "claims": [c1, c2, c3, c4],
    }


@pytest.fixture
def no_nlp(monkeypatch):
    """Extraction stand-in: 'X said Y.' first gives one claim; the NLP is not the point here."""
    calls = []

    def fake_extract(text, knowledge):
        calls.append(text)
        first = text.split(".")[0]
        if " said " not in first:
            return t.ExtractionResult(language="en", extractor_version="fake")
        speaker, content = first.split(" said ", 1)
        start = text.index(content)
        return t.ExtractionResult(
            language="en",
            extractor_version="fake",
            claims=(
                t.ExtractedClaim(
                    content=content,
                    start=start,
                    end=start + len(content),
                    kind=t.INDIRECT,
                    cue="said",
                    speaker_mention=speaker,
                    speaker_start=0,
                    speaker_end=len(speaker),
                    speaker=t.Speaker(name=speaker, side="Northland"),
                    event="bridge-closure",
                    stance="closed",
                ),
            ),
        )

    monkeypatch.setattr("narratives.nlp.pipeline.extract", fake_extract, raising=False)
    return calls


@pytest.fixture
def admin_client_logged(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client.force_login(user)
    return client


def page_urls(world):
    return [
        reverse("home"),
        reverse("event_detail", args=[world["event"].slug]),
        reverse("article_detail", args=[world["article_a"].pk]),
        reverse("actor_detail", args=[world["ann"].pk]),
        reverse("outlet_detail", args=[world["state"].slug]),
        reverse("article_new"),
    ]


# --- access -----------------------------------------------------------------------


def test_every_page_needs_login(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_login_page_renders_in_app_layout(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to Parallax" in response.content
    assert b"app.css" in response.content


def test_viewer_reads_but_cannot_upload(viewer_client, world, no_nlp):
    for url in page_urls(world)[:-1]:
        assert viewer_client.get(url).status_code == 200, url
    assert viewer_client.get(reverse("article_new")).status_code == 403
    articles = Article.objects.count()
    response = viewer_client.post(reverse("article_new"), {"text": "Ann Example said the bridge was closed."})
    assert response.status_code == 403
    assert Article.objects.count() == articles
    assert no_nlp == []


def test_upload_link_shown_only_to_analysts(viewer, analyst, world):
    viewer_client, analyst_client = Client(), Client()
    viewer_client.force_login(viewer)
    analyst_client.force_login(analyst)
    assert reverse("article_new").encode() not in viewer_client.get(reverse("home")).content
    assert reverse("article_new").encode() in analyst_client.get(reverse("home")).content


def test_superuser_may_upload_without_the_group(admin_client_logged, db):
    assert admin_client_logged.get(reverse("article_new")).status_code == 200


# --- home ---------------------------------------------------------------------------


def test_home_lists_events_with_side_counts(viewer_client, world):
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and 'href="/events/bridge-closure/"' in html
    # Two claims per side, as a bar and a legend.
    assert "Northland <strong>2</strong>" in html
    assert "Southland <strong>2</strong>" in html
    assert "--side: #1f77b4; flex-grow: 2" in html
    assert "Mayor: bridge open" in html  # recent articles


def test_home_htmx_returns_the_event_list_fragment(viewer_client, world):
    response = viewer_client.get(reverse("home"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="event-list"' in html and "Bridge closure" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(viewer_client, world):
    response = viewer_client.get(reverse("home"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert b"<html" in response.content


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
    viewer_client.get(url)  # warm the session
    # session, user, user's groups (can_upload), event; the filter form's sides, outlets, speakers and
    # positions; group counts, the ids of one page of claims per group, those claims and their figures.
    # The timeline, figures and repeated wording load separately. tests/test_explore.py pins both at two
    # data sizes.
    with django_assert_num_queries(12):
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


# --- article -------------------------------------------------------------------------


def test_article_page_highlights_and_escapes(viewer_client, world):
    article = world["article_a"]
    response = viewer_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    c1, c2, c3, _ = world["claims"]
    assert f'id="claim-{c1.pk}"' in html and f'id="claim-{c2.pk}"' in html and f'id="claim-{c3.pk}"' in html
    assert "<b>closed</b>" not in html  # untrusted text is escaped
    assert "&lt;b&gt;closed&lt;/b&gt; &amp; guarded</mark>" in html
    assert "--side: #1f77b4" in html and "--side: #d62728" in html
    assert "2 lanes" in html  # margin figures
    assert f'href="#claim-{c2.pk}"' in html  # margin claim list


def test_article_page_htmx_returns_the_body(viewer_client, world):
    response = viewer_client.get(reverse("article_detail", args=[world["article_a"].pk]), **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="article-body"' in html and "claim-span" in html


def test_highlight_escapes_every_piece_and_survives_bad_offsets(world):
    ann = world["ann"]
    text = "<script>alert(1)</script> Ann said x<y. End"
    claims = [
        Claim(pk=1, speaker=ann, content="x<y", start=text.index("x<y"), end=text.index("x<y") + 3),
        Claim(
            pk=2,
            speaker=None,
            speaker_mention="<i>m</i>",
            content="y",
            start=text.index("x<y") + 1,
            end=text.index("x<y") + 3,
        ),  # overlaps claim 1
        Claim(pk=3, speaker=None, content="gone", start=500, end=510),  # past the end of the text
    ]
    html = str(highlight_claims(text, claims))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark class="claim-span" id="claim-1" style="--side: #1f77b4"' in html
    assert "x&lt;y</mark>" in html
    assert 'id="claim-2"' in html and 'id="claim-3"' in html
    assert "<i>" not in html
    assert html.endswith('. End<span class="claim-anchor" id="claim-3"></span>')


# --- actor and outlet ----------------------------------------------------------------


def test_actor_page(viewer_client, world):
    world["ann"].aliases.create(name="A. Example", normalized="a example")
    response = viewer_client.get(reverse("actor_detail", args=[world["ann"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ann Example" in html and "spokeswoman" in html and "A. Example" in html and "Northland" in html
    assert "Bridge closure" in html and "Bridge closed" in html and "“It will stay shut”" in html
    assert f'href="/actors/{world["ministry"].pk}/"' in html


def test_actor_page_htmx_and_event_filter(viewer_client, world):
    other = Event.objects.create(slug="ferry", title="Ferry strike")
    ann = world["ann"]
    Claim.objects.create(article=world["article_b"], speaker=ann, content="Bob", start=0, end=3, event=other)
    url = reverse("actor_detail", args=[ann.pk])
    response = viewer_client.get(url, {"event": "ferry"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="actor-claims"' in html
    assert "Ferry strike" in html and "It will stay shut" not in html


def test_outlet_page(viewer_client, world):
    response = viewer_client.get(reverse("outlet_detail", args=["north-herald"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "State media" in html and "State-controlled" in html and "Bridge shut" in html
    assert "Northland <strong>2</strong>" in html and "Southland <strong>1</strong>" in html


def test_outlet_page_htmx_paginates(viewer_client, world):
    for i in range(25):
        Article.objects.create(
            outlet=world["private"], title=f"Story {i:02d}", text=f"t{i}", text_hash=f"{i:064d}"
        )
    url = reverse("outlet_detail", args=["river-post"])
    response = viewer_client.get(url, {"page": 2}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'id="outlet-articles"' in html and "Page 2 of 2" in html


# --- upload ----------------------------------------------------------------------------


def test_upload_form_full_and_htmx(analyst_client, world):
    full = analyst_client.get(reverse("article_new")).content.decode()
    for name in ("title", "outlet", "published", "url", "text", "file"):
        assert f'name="{name}"' in full
    assert '<option value="North Herald">' in full  # outlet suggestions
    fragment = analyst_client.get(reverse("article_new"), **HTMX).content.decode()
    assert "<html" not in fragment and 'id="upload-form"' in fragment


def test_upload_happy_path_lands_on_article_page(analyst_client, analyst, world, no_nlp):
    response = analyst_client.post(
        reverse("article_new"),
        {
            "title": "Ferry news",
            "outlet": "Harbour Gazette",
            "published": "2020-03-05",
            "url": "https://example.org/ferry",
            "text": "Cara Lane said the bridge was closed again. Nothing else.",
        },
        follow=True,
    )
    article = Article.objects.get(title="Ferry news")
    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    assert article.outlet.name == "Harbour Gazette"  # a new name creates the outlet
    assert article.uploaded_by == analyst and article.published == dt.date(2020, 3, 5)
    html = response.content.decode()
    assert "1 claim added to Bridge closure: 1 for Northland" in html
    claim = article.claims.get()
    assert f'id="claim-{claim.pk}"' in html
    # ...and it shows up on the event page.
    event_html = analyst_client.get(reverse("event_detail", args=["bridge-closure"])).content.decode()
    assert "the bridge was closed again" in event_html


def test_upload_htmx_success_redirects_client(analyst_client, world, no_nlp):
    response = analyst_client.post(
        reverse("article_new"), {"text": "Dan Roe said the bridge was closed."}, **HTMX
    )
    article = Article.objects.get(text="Dan Roe said the bridge was closed.")
    assert response.status_code == 200
    assert response["HX-Redirect"] == article.get_absolute_url()


@pytest.mark.parametrize("htmx", [False, True])
def test_empty_upload_is_rejected_and_stores_nothing(analyst_client, world, no_nlp, htmx):
    counts = (Article.objects.count(), Outlet.objects.count(), Claim.objects.count(), Actor.objects.count())
    response = analyst_client.post(
        reverse("article_new"),
        {"title": "Empty", "outlet": "Brand New Outlet", "text": "   \n  "},
        **(HTMX if htmx else {}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paste the article text or choose a file." in html
    assert ("<html" in html) is not htmx
    assert counts == (
        Article.objects.count(),
        Outlet.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
    )
    assert no_nlp == []


def test_duplicate_upload_links_to_the_original(analyst_client, world, no_nlp):
    text = "Eve Moss said the bridge was closed."
    analyst_client.post(reverse("article_new"), {"text": text})
    original = Article.objects.get(text=text)
    response = analyst_client.post(
        reverse("article_new"), {"text": "  Eve Moss said the bridge\nwas closed. "}, follow=True
    )
    assert Article.objects.filter(text_hash=original.text_hash).count() == 1
    assert response.redirect_chain[-1][0] == original.get_absolute_url()
    html = response.content.decode()
    assert "already in Parallax" in html and f'href="{original.get_absolute_url()}"' in html


def test_upload_text_file(analyst_client, world, no_nlp):
    upload = SimpleUploadedFile("note.txt", "Fay Wu said the bridge was closed – again.".encode("utf-8-sig"))
    response = analyst_client.post(reverse("article_new"), {"file": upload})
    article = Article.objects.get(uploaded_by__isnull=False)
    assert response["Location"] == article.get_absolute_url()
    assert article.text == "Fay Wu said the bridge was closed – again."


def test_upload_html_file_extracts_main_text_and_metadata(analyst_client, world, no_nlp):
    html = (
        "<html><head><title>Bridge row deepens</title>"
        '<meta property="og:site_name" content="Delta Courier">'
        '<meta property="article:published_time" content="2020-03-07"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Bridge row deepens</h1>"
        "<p>Gus Hale said the bridge was closed. The ministry gave no timetable for reopening it, and "
        "drivers queued for hours at the ferry terminal while officials argued over the repairs.</p>"
        "<p>Engineers were seen on the span late on Friday, according to residents who live nearby.</p>"
        "</article><footer>Copyright the paper</footer></body></html>"
    )
    upload = SimpleUploadedFile("story.html", html.encode())
    analyst_client.post(reverse("article_new"), {"file": upload})
    article = Article.objects.get(uploaded_by__isnull=False)
    assert "repairs.\n\nEngineers were seen" in article.text  # paragraphs kept apart
    assert "<p>" not in article.text and "Copyright" not in article.text and "Sport" not in article.text
    assert article.title == "Bridge row deepens"
    assert article.published == dt.date(2020, 3, 7)
    assert article.outlet.name == "Delta Courier"
    assert article.claims.get().content.startswith("the bridge was closed")


def test_form_fields_win_over_html_metadata(analyst_client, world, no_nlp):
    html = "<html><head><title>Page title</title></head><body><article><p>" + "Kim Ode said it. " * 20
    html += "</p></article></body></html>"
    upload = SimpleUploadedFile("story.htm", html.encode())
    analyst_client.post(reverse("article_new"), {"file": upload, "title": "My title", "outlet": "River Post"})
    article = Article.objects.get(uploaded_by__isnull=False)
    assert (article.title, article.outlet) == ("My title", world["private"])


def test_html_without_text_is_rejected(analyst_client, world, no_nlp):
    upload = SimpleUploadedFile(
        "empty.html", b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>"
    )
    response = analyst_client.post(reverse("article_new"), {"file": upload})
    assert b"No article text could be found" in response.content
    assert Article.objects.count() == 2


def test_upload_rejects_other_file_types_and_big_files(analyst_client, world, no_nlp, settings):
    response = analyst_client.post(reverse("article_new"), {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert b"Parallax reads .txt, .md, .html, .pdf and .docx files" in response.content
    settings.NARRATIVES_MAX_UPLOAD_BYTES = 10
    response = analyst_client.post(
        reverse("article_new"), {"file": SimpleUploadedFile("a.txt", b"x said y" * 5)}
    )
    assert b"larger than" in response.content
    response = analyst_client.post(reverse("article_new"), {"text": "Gil said it was closed for sure."})
    assert b"larger than" in response.content
    assert Article.objects.count() == 2  # only the fixture's


def test_upload_with_text_and_file_asks_for_one(analyst_client, world, no_nlp):
    upload = SimpleUploadedFile("a.txt", b"Hal said the bridge was closed.")
    response = analyst_client.post(reverse("article_new"), {"text": "Ivy said so.", "file": upload})
    assert b"not both" in response.content
    assert Article.objects.count() == 2


def test_extraction_failure_is_reported_and_stores_nothing(analyst_client, world, monkeypatch):
    def broken(text, knowledge):
        raise RuntimeError("model exploded")

    monkeypatch.setattr("narratives.nlp.pipeline.extract", broken, raising=False)
    response = analyst_client.post(reverse("article_new"), {"text": "Jo said the bridge was closed."})
    assert response.status_code == 200
    assert b"Extraction failed" in response.content
    assert Article.objects.count() == 2


# --- admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "side",
        "outlet",
        "article",
        "actor",
        "actoralias",
        "event",
        "position",
        "claim",
        "figure",
        "correction",
    ],
)
def test_admin_changelists_and_search(admin_client_logged, world, model):
    url = reverse(f"admin:narratives_{model}_changelist")
    assert admin_client_logged.get(url).status_code == 200
    assert admin_client_logged.get(url, {"q": "bridge"}).status_code == 200


def test_admin_change_pages_with_inlines(admin_client_logged, world):
    for name, obj in [("article", world["article_a"]), ("actor", world["ann"]), ("event", world["event"])]:
        assert (
            admin_client_logged.get(reverse(f"admin:narratives_{name}_change", args=[obj.pk])).status_code
            == 200
        )


def test_analysts_group_exists(db):
    assert Group.objects.filter(name="analysts").exists()


# --- the demo, end to end ----------------------------------------------------------------


@pytest.mark.slow
def test_demo_isis_defeat_shows_russia_and_us_side_by_side(demo, viewer_client):
    response = viewer_client.get(reverse("event_detail", args=["isis-defeat"]))
    html = response.content.decode()
    comparison = html[html.index('id="comparison"') :]
    for side in ("russia", "united-states"):
        start = comparison.index(f'id="col-{side}"')
        column = comparison[start : comparison.find("</section>", start)]
        # A side's column holds claims whose speaker has that side: each card links the speaker,
        # the outlet, and gives the date (or "undated").
        cards = column.split('<li class="claim-card')[1:]
        assert cards, side
        for card in cards:
            assert 'href="/actors/' in card and 'href="/outlets/' in card and "<time" in card
