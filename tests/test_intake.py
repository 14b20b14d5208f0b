"""The upload page: pasted text, files, URLs, pre-filled fields, the summary after submitting, every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from intake_helpers import ARTICLE_BODY, HTMX, STORY, make_docx, make_pdf, web_server

from narratives import intake
from narratives.models import Article, Outlet

pytest_plugins = ["intake_fixtures"]  # fixtures: bridge, fake_nlp


# --- the upload page: sources -----------------------------------------------------------------------


def test_upload_page_full_and_htmx_for_each_role(client, analyst, viewer, admin_user, bridge):
    url = reverse("article_new")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    for user in (analyst, admin_user):
        client.force_login(user)
        full = client.get(url).content.decode()
        assert "<html" in full and 'name="file"' in full and 'accept=".txt,.md,.html,.htm,.pdf,.docx"' in full
        assert '<option value="River Post">' in full  # outlets to pick from
        fragment = client.get(url, **HTMX).content.decode()
        assert "<html" not in fragment and 'id="upload-form"' in fragment


def test_upload_pasted_text_summarises_where_the_claims_went(analyst_client, analyst, bridge, fake_nlp):
    response = analyst_client.post(
        reverse("article_new"),
        {"text": STORY, "title": "Bridge shut", "outlet": "  Harbour   Gazette ", "published": "2020-03-05"},
        follow=True,
    )
    article = Article.objects.get()
    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    assert (article.title, article.outlet.name, article.published) == (
        "Bridge shut",
        "Harbour Gazette",  # a new name creates the outlet, blanks collapsed
        dt.date(2020, 3, 5),
    )
    assert article.uploaded_by == analyst and article.language == "en" and article.status == "done"
    assert "2 claims added to Bridge closure: 2 for Northland" in response.content.decode()


def test_upload_known_outlet_is_reused_whatever_its_case(analyst_client, bridge, fake_nlp):
    analyst_client.post(reverse("article_new"), {"text": STORY, "outlet": "river post"})
    assert Article.objects.get().outlet.slug == "river-post" and Outlet.objects.count() == 1


@pytest.mark.parametrize(
    "name, data, title",
    [
        ("story.txt", STORY.encode("utf-8"), ""),
        ("story.md", f"# Bridge shut\n\n{STORY}".encode(), "Bridge shut"),
        ("story.pdf", make_pdf([STORY[:60], STORY[60:150], STORY[150:]], title="Bridge shut"), "Bridge shut"),
        ("story.docx", make_docx(["Bridge shut", STORY], title="Bridge shut"), "Bridge shut"),
        (
            "story.html",
            f"<html><head><title>Bridge shut</title></head><body>{ARTICLE_BODY}</body></html>".encode(),
            "Bridge shut",
        ),
    ],
)
def test_upload_each_file_type(analyst_client, bridge, fake_nlp, name, data, title):
    response = analyst_client.post(reverse("article_new"), {"file": SimpleUploadedFile(name, data)})
    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert "Ann Lee said the bridge was closed" in " ".join(article.text.split())
    assert article.title == title
    assert article.claims.count() == 2


def test_file_metadata_fills_only_blank_fields(analyst_client, bridge, fake_nlp):
    pdf = make_pdf([STORY], title="PDF title", created="D:20190102000000Z")
    analyst_client.post(reverse("article_new"), {"file": SimpleUploadedFile("a.pdf", pdf), "title": "Mine"})
    article = Article.objects.get()
    assert (article.title, article.published) == ("Mine", dt.date(2019, 1, 2))


def test_prefill_reads_the_file_and_fills_title_and_date(analyst_client, bridge):
    docx = make_docx([STORY], title="From the docx", created=dt.datetime(2018, 5, 6, 7, 8))
    response = analyst_client.post(
        reverse("article_prefill"),
        {"file": SimpleUploadedFile("a.docx", docx), "outlet": "River Post"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="upload-meta"' in html
    assert 'value="From the docx"' in html and 'value="2018-05-06"' in html and 'value="River Post"' in html
    assert "filled in the title and date from the document itself" in html
    assert Article.objects.count() == 0  # reading only


def test_prefill_shows_why_a_file_cannot_be_read(analyst_client, bridge):
    response = analyst_client.post(
        reverse("article_prefill"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken")}, **HTMX
    )
    assert "This PDF is damaged or truncated" in response.content.decode()


def test_prefill_and_outlet_search_are_for_analysts(client, viewer, bridge):
    client.force_login(viewer)
    assert client.post(reverse("article_prefill"), {}).status_code == 403
    assert client.get(reverse("article_outlets"), {"outlet": "riv"}).status_code == 403


def test_outlet_search_narrows_the_datalist(analyst_client, bridge):
    Outlet.objects.create(name="Delta Courier", slug="delta-courier")
    html = analyst_client.get(reverse("article_outlets"), {"outlet": "delt"}, **HTMX).content.decode()
    assert html.strip() == '<option value="Delta Courier">'


def test_url_is_fetched_when_fetching_is_on(analyst_client, bridge, fake_nlp, settings, monkeypatch):
    settings.NARRATIVES_URL_FETCH = "on"
    # The local test server lives on loopback, which the real check refuses (see test_bad_input).
    monkeypatch.setattr(intake.urls, "is_public_address", lambda address: address == "127.0.0.1")
    page = (
        "<html><head><title>Web story</title><meta property='og:site_name' content='Web Times'></head>"
        f"<body><article><p>{STORY}</p></article></body></html>"
    )
    with web_server({"/s": (200, {"Content-Type": "text/html"}, page.encode())}) as base:
        response = analyst_client.post(reverse("article_new"), {"url": f"{base}/s"})
    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert (article.title, article.outlet.name, article.url) == ("Web story", "Web Times", f"{base}/s")


def test_url_is_only_metadata_when_fetching_is_off(analyst_client, bridge, fake_nlp, settings):
    settings.NARRATIVES_URL_FETCH = "off"
    response = analyst_client.post(reverse("article_new"), {"url": "https://example.org/a"})
    assert "This server does not fetch URLs." in response.content.decode()
    analyst_client.post(reverse("article_new"), {"url": "https://example.org/a", "text": STORY})
    assert Article.objects.get().url == "https://example.org/a"


# --- after submitting ---------------------------------------------------------------------------------


def test_htmx_upload_redirects_the_client(analyst_client, bridge, fake_nlp):
    response = analyst_client.post(reverse("article_new"), {"text": STORY}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == Article.objects.get().get_absolute_url()


def test_queued_upload_lands_on_the_pending_article(analyst_client, bridge, fake_nlp, monkeypatch):
    """With a broker the article is stored pending and the page it lands on polls for the claims."""
    queued = []
    monkeypatch.setattr("narratives.celery.runs_eagerly", lambda: False)
    monkeypatch.setattr(
        "narratives.services.queue.enqueue_extraction", lambda pk, **kw: queued.append(pk) or True
    )
    for extra in ({}, HTMX):
        text = STORY if not extra else STORY + " Again."
        response = analyst_client.post(reverse("article_new"), {"text": text}, **extra)
        article = Article.objects.get(text=text)
        target = response["HX-Redirect"] if extra else response["Location"]
        assert target == article.get_absolute_url() and article.status == Article.Status.PENDING
    assert fake_nlp == []  # nothing extracted in the web process
    page = analyst_client.get(article.get_absolute_url()).content.decode()
    assert "being extracted" in page


def test_duplicate_links_to_the_original(analyst_client, bridge, fake_nlp):
    analyst_client.post(reverse("article_new"), {"text": STORY})
    original = Article.objects.get()
    response = analyst_client.post(
        reverse("article_new"), {"text": "  " + STORY.replace(" ", "\n", 3)}, follow=True
    )
    assert Article.objects.count() == 1
    html = response.content.decode()
    assert "already in Parallax" in html and f'href="{original.get_absolute_url()}"' in html


def test_prefill_from_a_url_when_fetching_is_on(analyst_client, bridge, settings, monkeypatch):
    settings.NARRATIVES_URL_FETCH = "on"
    monkeypatch.setattr(intake.urls, "is_public_address", lambda address: address == "127.0.0.1")
    page = f"<html><head><title>Web story</title></head><body>{ARTICLE_BODY}</body></html>"
    with web_server({"/s": (200, {"Content-Type": "text/html"}, page.encode())}) as base:
        response = analyst_client.post(reverse("article_prefill"), {"url": f"{base}/s"}, **HTMX)
    html = response.content.decode()
    assert 'value="Web story"' in html and "Read 35 words from the HTML" in html
    assert 'name="outlet" value' not in html  # the host name is not an outlet name
    assert Article.objects.count() == 0


def test_prefill_without_a_source_returns_the_fields_unchanged(analyst_client, bridge):
    response = analyst_client.post(reverse("article_prefill"), {"title": "Typed"}, **HTMX)
    html = response.content.decode()
    assert 'id="upload-meta"' in html and 'value="Typed"' in html and "upload-read" not in html


def test_anonymous_users_cannot_reach_the_upload_helpers(client, bridge):
    for response in (
        client.post(reverse("article_prefill"), {}),
        client.get(reverse("article_outlets"), {"outlet": "riv"}),
        client.post(reverse("article_new"), {"text": STORY}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Article.objects.count() == 0


def test_csrf_is_checked_after_the_size_limited_parse(bridge, analyst, fake_nlp):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert client.post(reverse("article_new"), {"text": STORY}).status_code == 403
    assert client.post(reverse("article_prefill"), {"url": "https://example.org/"}).status_code == 403
    assert Article.objects.count() == 0 and fake_nlp == []
