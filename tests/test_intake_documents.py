"""The intake package read directly: text, Markdown, PDF, DOCX, HTML, language, fetching, title and date."""

from __future__ import annotations

import datetime as dt

import pytest
from intake_helpers import ARTICLE_BODY, STORY, make_docx, make_pdf, web_server

from narratives import intake

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


def test_a_caption_never_stands_in_for_the_title(db):
    from narratives.models import Article

    text = "© Wire Photo: the harbour at dawn\n\nThe ferry left at noon, the captain said."
    article = Article(text=text, text_hash="c" * 64)
    assert article.display_title == "The ferry left at noon, the captain said."
    assert intake.read_text(text).title == ""
