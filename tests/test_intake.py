"""Upload sources and metadata: text, .txt/.md/.html/.pdf/.docx files, URLs; pre-filled title and date;
the summary after submitting; both extraction modes (now, and queued for a worker); every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from intake_helpers import HTMX, make_docx, make_pdf, web_server

from narratives import intake
from narratives.models import Article, Outlet

pytest_plugins = ["intake_fixtures"]  # fixtures: bridge, fake_nlp

STORY = (
    "Ann Lee said the bridge was closed to all traffic on Monday. "
    "Engineers inspected the span for several hours while drivers waited at the ferry terminal. "
    "Bob Ray said the bridge would reopen next week."
)
ARTICLE_BODY = f"<article><p>{STORY}</p></article>"


# --- pure functions ---------------------------------------------------------------------------------


def test_tidy_text_unifies_lines_and_drops_control_characters():
    assert intake.tidy_text("  a\r\nb\rc\x00d\u200b\t \n\n\n\n\ne  ") == "a\nb\ncd\n\ne"


def test_markdown_front_matter_and_heading_become_metadata():
    doc = intake.read_file(
        b"---\ntitle: 'Bridge row'\ndate: 2020-03-05\n---\n# Ignored heading\n\n"
        b"Ann said **the bridge** was [closed](https://x.example/).\n\n- one point\n> a quote\n",
        "story.md",
    )
    assert (doc.title, doc.published, doc.kind) == ("Bridge row", dt.date(2020, 3, 5), "markdown")
    assert doc.text == "Ignored heading\n\nAnn said the bridge was closed.\n\none point\na quote"


def test_markdown_first_heading_is_the_title_without_front_matter():
    doc = intake.read_file(b"# Ferry strike\n\nThe ferry stopped.", "a.md")
    assert doc.title == "Ferry strike" and doc.text == "The ferry stopped."


def test_pdf_text_paragraphs_and_metadata():
    pdf = make_pdf(
        [
            "Bridge talks stall",
            "",
            "Ann Lee said the bridge was closed to traffic on Monday and would stay",
            "closed until the engineers finish their inspec-",
            "tion of the eastern span.",
        ],
        title="Bridge talks",
        created="D:20200307120000Z",
    )
    doc = intake.read_file(pdf, "report.PDF")
    assert doc.kind == "pdf" and doc.title == "Bridge talks" and doc.published == dt.date(2020, 3, 7)
    assert doc.text == (
        "Bridge talks stall\n\nAnn Lee said the bridge was closed to traffic on Monday and would stay "
        "closed until the engineers finish their inspection of the eastern span."
    )


def test_docx_paragraphs_and_core_properties():
    data = make_docx(
        ["Ferry row", "", "Cy Moe said the ferry was late."], title="Ferry", created=dt.datetime(2021, 1, 2)
    )
    doc = intake.read_file(data, "a.docx")
    assert (doc.text, doc.title, doc.published) == (
        "Ferry row\n\nCy Moe said the ferry was late.",
        "Ferry",
        dt.date(2021, 1, 2),
    )


def test_html_main_text_title_date_and_site_name():
    html = (
        "<html><head><title>Bridge row</title><meta property='og:site_name' content='Delta Courier'>"
        "<meta property='article:published_time' content='2020-03-07T10:00:00Z'></head><body>"
        "<nav>Home | Sport</nav><article><p>Gus Hale said the bridge was closed for repairs after the "
        "storm, and the ministry gave no timetable for reopening it to cars or lorries.</p>"
        "<p>Drivers queued for hours at the ferry.</p></article></body></html>"
    )
    doc = intake.read_file(html.encode(), "page.html")
    assert (doc.title, doc.outlet, doc.published) == ("Bridge row", "Delta Courier", dt.date(2020, 3, 7))
    assert doc.text.endswith("lorries.\n\nDrivers queued for hours at the ferry.") and "Sport" not in doc.text


def test_html_declared_charset_is_honoured():
    body = (
        "<p>Le pont est fermé depuis lundi, a déclaré le maire de la ville aux journalistes réunis.</p>" * 3
    )
    html = f"<html><head><meta charset='windows-1252'></head><body><article>{body}</article></body></html>"
    doc = intake.read_file(html.encode("cp1252"), "a.htm")
    assert "fermé depuis lundi" in doc.text


def test_detect_language():
    assert intake.detect_language(STORY).code == "en"
    assert intake.detect_language("Too short to say.").is_english  # short text counts as English
    russian = (
        "Министр обороны заявил во вторник, что войска будут выведены из страны в ближайшие недели. " * 2
    )
    assert intake.detect_language(russian).code == "ru"


def test_english_with_foreign_names_and_a_quoted_headline_stays_english():
    text = (
        "The Kremlin said Vladimir Putin (Владимир Путин) had ordered the pullout during a visit to the "
        "Khmeimim air base, according to the newspaper Izvestia, which ran the headline 'Миссия выполнена'."
    )
    assert intake.detect_language(text).is_english


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_public_address_check(address, public):
    assert intake.is_public_address(address) is public


def test_fetch_follows_redirects_and_reads_the_page(monkeypatch):
    page = f"<html><head><title>Fetched story</title></head><body>{ARTICLE_BODY}</body></html>"
    routes = {
        "/old": (301, {"Location": "/story"}, b""),
        "/story": (200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()),
    }
    with web_server(routes) as base:
        doc = intake.read_url(f"{base}/old", max_bytes=100_000, allowed=lambda a: a == "127.0.0.1")
    assert doc.title == "Fetched story" and doc.url == f"{base}/story" and "Bob Ray said" in doc.text


def test_fetch_caps_the_size(monkeypatch):
    big = {"/big": (200, {"Content-Type": "text/plain"}, b"word " * 5000)}
    with web_server(big) as base, pytest.raises(intake.IntakeError, match="larger than the upload limit"):
        intake.read_url(f"{base}/big", max_bytes=1000, allowed=lambda a: True)


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


# --- title and date from the text first -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, published",
    [
        ("date 2019-02-03 Ana said so.\n\nMore.", "2019-02-03"),
        ("BERLIN, December 14, 2017 — Ana said so.", "2017-12-14"),
        ("NEW YORK (Wire), 3 March 2020 - Ana said so.", "2020-03-03"),
        ("Headline words here\n\nPublished: Tuesday, May 5, 2021\n\nAna said so.", "2021-05-05"),
        ("MOSCOW, September 28. /Agency/. Ana said so.", None),  # no year: no date
        ("Ana said on December 14, 2017 that it was over.", None),  # a date in a sentence is no dateline
    ],
)
def test_the_date_comes_from_the_text(text, published):
    doc = intake.read_text(text)
    assert (str(doc.published) if doc.published else None) == published


def test_the_date_marker_leaves_text_and_title():
    doc = intake.read_text("date 2017-12-15 In the wake of the vote, Ana said the count was fair.\n\nMore.")
    assert doc.text.startswith("In the wake") and doc.title == ""
    assert str(doc.published) == "2017-12-15" and doc.language == "en" and doc.origin == "pasted text"


def test_a_pdf_creation_date_never_beats_the_texts_date():
    pdf = make_pdf(
        ["PARIS, June 2, 2015", "", "Ana said the port had reopened on time."], created="D:20240101"
    )
    doc = intake.read_file(pdf, "story.pdf")
    assert str(doc.published) == "2015-06-02" and doc.origin == "story.pdf"
    undated = make_pdf(["Ana said the port had reopened on time."], created="D:20240101")
    assert str(intake.read_file(undated, "x.pdf").published) == "2024-01-01"  # the last resort


def test_a_headline_is_taken_from_the_first_line_but_not_a_caption_or_a_sentence():
    assert intake.read_text("Port Reopens After Week Of Talks\n\nAna said so.").title == (
        "Port Reopens After Week Of Talks"
    )
    assert intake.read_text("© Wire Photo: the harbour at dawn today\n\nAna said so.").title == ""
    assert intake.read_text("Ana said the port reopened after talks.\n\nMore.").title == ""


def test_every_path_caps_the_size():
    with pytest.raises(intake.IntakeError, match="larger than"):
        intake.read_text("x" * 50, max_bytes=10)
    with pytest.raises(intake.IntakeError, match="larger than"):
        intake.read_file(b"x" * 50, "a.txt", max_bytes=10)
