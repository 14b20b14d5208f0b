"""Bad input around the text: duplicates and races, bad metadata, private and hostile URLs."""

from __future__ import annotations

import socket
import threading

import bad_input_fixtures
import pytest
from django.db import connection
from django.urls import reverse
from intake_helpers import STORY, row_counts, web_server

from narratives import intake, services
from narratives.models import Article, Claim
from narratives.nlp import types as t

pytest_plugins = ["intake_fixtures"]  # fixtures: bridge, fake_nlp

# post is bound here, not loaded as a plugin: a plugin's fixtures are global.
post = bad_input_fixtures.post


# --- duplicates and races -----------------------------------------------------------------------------


def test_same_article_twice_links_to_the_original(post, analyst_client):
    post({"text": STORY}, stores=True)
    original = Article.objects.get()
    before = row_counts()
    response = analyst_client.post(
        reverse("article_new"), {"text": STORY.replace(". ", ".\n\n")}, follow=True
    )
    assert row_counts() == before
    html = response.content.decode()
    assert "already in Parallax" in html and f'href="{original.get_absolute_url()}"' in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: concurrent writers on one table"
)
# serialized_rollback like every other transactional test: a plain flush re-creates content types, which the
# next serialized test would then insert twice.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_uploads_give_one_article(bridge, monkeypatch):
    """Both uploads pass the duplicate check before either writes; the unique hash lets one win."""
    barrier = threading.Barrier(2, timeout=20)

    def slow_extract(text, knowledge):
        barrier.wait()  # both threads are past the duplicate check now
        return t.ExtractionResult(language="en", extractor_version="fake")

    monkeypatch.setattr("narratives.nlp.pipeline.extract", slow_extract)
    results, errors = [], []

    def upload():
        try:
            results.append(services.ingest_article(text=STORY, outlet_name="Race Wire"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert Article.objects.count() == 1
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.article.pk for r in results}) == 1


def test_the_database_refuses_a_second_row_with_the_same_hash(bridge):
    from django.db import IntegrityError, transaction

    Article.objects.create(text=STORY, text_hash=services.text_hash(STORY))
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(text=STORY + " ", text_hash=services.text_hash(STORY + " "))


# --- bad metadata ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("published", "2017-02-30", "Enter the date as YYYY-MM-DD"),
        ("published", "yesterday", "Enter the date as YYYY-MM-DD"),
        ("published", "2999-01-01", "The date is in the future."),
        ("published", "1066-10-14", "The date is before 1900."),
        ("url", "not a url", "Enter a full web address"),
        ("url", "javascript:alert(1)", "Enter a full web address"),
        ("url", "file:///etc/passwd", "Enter a full web address"),
        ("url", "http://2130706433/", "Enter a full web address"),  # 127.0.0.1 as one number
        ("outlet", "O" * 300, "An outlet name has at most 200 characters, not 300."),
        ("title", "T" * 501, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_metadata(post, field, value, message):
    html = post({"text": STORY, field: value})
    assert message in html


@pytest.fixture
def fetching(settings):
    settings.NARRATIVES_URL_FETCH = "on"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/admin",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.8/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
    ],
)
def test_private_and_loopback_urls_are_refused(post, fetching, url):
    html = post({"url": url})
    assert "Refused:" in html and "private or local network address" in html


def test_a_name_with_any_private_address_is_refused(post, fetching, monkeypatch):
    def two_records(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_records)
    assert "Refused: news.example points to a private or local network address (192.168.0.10)" in post(
        {"url": "https://news.example/story"}
    )


def test_a_redirect_into_private_space_is_refused(post, fetching, monkeypatch):
    # Only the test server's own address passes, standing in for a public host.
    monkeypatch.setattr(intake.urls, "is_public_address", lambda address: address == "127.0.0.1")
    routes = {"/story": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")}
    with web_server(routes) as base:
        html = post({"url": f"{base}/story"})
    assert "Refused: 169.254.169.254 points to a private or local network address" in html


def test_other_schemes_and_unreachable_hosts(post, fetching, monkeypatch):
    assert "Only http and https URLs can be fetched." in post({"url": "ftp://example.org/a.txt"})

    def no_such_host(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert "The host nowhere.example could not be found." in post({"url": "https://nowhere.example/"})


def test_fetch_errors_are_messages(post, fetching, monkeypatch):
    monkeypatch.setattr(intake.urls, "is_public_address", lambda address: address == "127.0.0.1")
    routes = {
        "/gone": (404, {}, b"no"),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG"),
    }
    with web_server(routes) as base:
        assert "The server answered 404 for this URL." in post({"url": f"{base}/gone"})
        assert "The URL redirects more than 5 times." in post({"url": f"{base}/loop"})
        assert "The page at this URL is image/png, not an article." in post({"url": f"{base}/image"})


def test_nothing_partial_when_the_store_fails(post, monkeypatch):
    """A failure while writing claims rolls back the article and outlet too."""

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Claim.objects, "bulk_create", broken_bulk_create)
    assert "Extraction failed on this text; nothing was stored." in post(
        {"text": STORY, "outlet": "New Outlet"}
    )
