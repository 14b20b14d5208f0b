"""The upload flow: text and files, rejected and duplicate uploads, extraction failures."""

from __future__ import annotations

import datetime as dt

import pytest
import views_fixtures
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from views_fixtures import HTMX

from narratives.models import Actor, Article, Claim, Outlet

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
world, no_nlp = views_fixtures.world, views_fixtures.no_nlp


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
