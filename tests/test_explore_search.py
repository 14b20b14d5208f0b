"""Search: full page and fragment, kinds, filters, escaping, paging, caps, PostgreSQL full text."""

from __future__ import annotations

import explore_fixtures
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from explore_fixtures import HTMX, more_claims

from narratives.models import (
    Article,
    Claim,
    Event,
)

# Shared fixtures, bound here rather than loaded with pytest_plugins (a plugin's are global).
harbour = explore_fixtures.harbour


# --- search ---------------------------------------------------------------------------------------


def test_search_full_page_and_fragment(viewer_client, harbour):
    url = reverse("search")
    html = viewer_client.get(url, {"q": "quays"}).content.decode()
    assert "<html" in html and 'name="q"' in html and 'hx-push-url="true"' in html
    assert "<mark>quays</mark>" in html
    fragment = viewer_client.get(url, {"q": "quays"}, **HTMX).content.decode()
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="search-results"')


def test_search_claims_articles_and_actors(viewer_client, harbour):
    url = reverse("search")
    html = viewer_client.get(url, {"q": "harbour"}, **HTMX).content.decode()
    assert 'id="results-claims"' in html and 'id="results-articles"' in html and 'id="results-actors"' in html
    assert "<mark>harbour</mark>" in html.lower() or "<mark>Harbour</mark>" in html
    actors = viewer_client.get(url, {"q": "Harbourmaster", "type": "actors"}, **HTMX).content.decode()
    assert f'href="/actors/{harbour["ivo"].pk}/"' in actors  # found by alias
    assert 'id="results-claims"' not in actors


def test_search_filters_by_side_and_event(viewer_client, harbour):
    url = reverse("search")
    html = viewer_client.get(
        url, {"q": "ships", "type": "claims", "side": "westmark"}, **HTMX
    ).content.decode()
    assert "No claims match" in html
    html = viewer_client.get(
        url, {"q": "ships", "type": "claims", "side": "eastmark"}, **HTMX
    ).content.decode()
    assert html.count('class="result result--claim"') == 2
    other = Event.objects.create(slug="other", title="Other")
    html = viewer_client.get(
        url, {"q": "ships", "type": "claims", "event": other.slug}, **HTMX
    ).content.decode()
    assert "No claims match" in html


def test_search_escapes_untrusted_text(viewer_client, harbour):
    article = harbour["a1"]
    article.text = 'Mira Tal said <img src=x onerror="alert(1)"> ships sank.'
    article.save()
    Claim.objects.filter(pk=harbour["claims"][0].pk).update(
        content='<img src=x onerror="alert(1)"> ships sank'
    )
    html = viewer_client.get(reverse("search"), {"q": "ships"}).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<mark>ships</mark>" in html


def test_search_pages_one_kind(viewer_client, harbour):
    more_claims(harbour, 25, prefix="ships")
    url = reverse("search")
    html = viewer_client.get(url, {"q": "ships"}, **HTMX).content.decode()
    assert "All 27 claims" in html and 'href="?q=ships&amp;type=claims"' in html
    page2 = viewer_client.get(url, {"q": "ships", "type": "claims", "page": 2}, **HTMX).content.decode()
    assert "Page 2 of 2" in page2 and html.count("result--claim") == 5


def test_search_counts_stop_at_a_cap(viewer_client, harbour, monkeypatch):
    from narratives.views.search import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    more_claims(harbour, 5, prefix="ships")
    html = viewer_client.get(reverse("search"), {"q": "ships", "type": "claims"}, **HTMX).content.decode()
    assert "3+ claims" in html and '<span class="count count--small">3+</span>' in html
    # Pages stop after the cap (here 3 + 1 shown); with the real cap of 1,000 that is page 50.
    assert html.count('class="result result--claim"') == 4


def test_search_without_words(viewer_client, harbour):
    assert b"Search the claims" in viewer_client.get(reverse("search")).content
    assert b"at least one word" in viewer_client.get(reverse("search"), {"q": "--"}).content


def test_mark_helpers_escape_then_mark():
    from narratives.models.search import START, STOP, terms_of
    from narratives.views.search import mark_terms, render_marked

    assert terms_of('"harbour closed" -ships OR quays') == ["harbour", "closed", "-ships", "quays"]
    marked = mark_terms("A <b>Harbour</b> & a harbour.", ["harbour"])
    assert (
        str(render_marked(marked))
        == "A &lt;b&gt;<mark>Harbour</mark>&lt;/b&gt; &amp; a <mark>harbour</mark>."
    )
    assert str(render_marked(f"x{START}y")) == "xy"  # a stray marker never opens a tag
    long = "word " * 200 + "harbour" + " word" * 200
    snippet = mark_terms(long, ["harbour"], snippet=120)
    assert snippet.startswith("…word ") and snippet.endswith(" word…") and f"{START}harbour{STOP}" in snippet


def test_postgres_search_uses_full_text_and_the_gin_index(viewer_client, harbour):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite uses the word-match fallback")
    html = viewer_client.get(reverse("search"), {"q": "turning ship", "type": "claims"}).content.decode()
    assert "PostgreSQL full-text search" in html
    assert html.count('class="result result--claim"') == 2  # stemmed: turning ~ turned, ship ~ ships
    assert "<mark>turned</mark>" in html and "<mark>ships</mark>" in html
    from narratives.models.search import claim_vector, search_query

    # The search vector must be the indexed expression (a tiny table needs a forced plan to show it).
    qs = Claim.objects.annotate(search=claim_vector()).filter(search=search_query("ships")).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_content_search_gin" in plan


def test_postgres_article_search_goes_through_its_gin_index(viewer_client, harbour):
    """article_search_gin (migration 0007) holds article_vector()'s expression, and the article search
    forces it even where the planner would rather rebuild every article's vector in a sequential scan."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite uses the word-match fallback")

    from narratives.models import Outlet
    from narratives.models.search import article_vector, content_query, match_ids

    vectors = Article.objects.annotate(search=article_vector())
    names = {"outlets": Outlet.objects, "outlet": "outlet"}
    with CaptureQueriesContext(connection) as queries:
        found = match_ids(vectors, "ships", content_query("ships"), names, by_index=True)
    assert found and set(found) <= set(Article.objects.values_list("pk", flat=True))
    select = next(q["sql"] for q in queries.captured_queries if 'AS "part0"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + select)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_gin" in plan
    html = viewer_client.get(reverse("search"), {"q": "ships", "type": "articles"}).content.decode()
    assert html.count('<h3 class="result__title">') == 2 and "<mark>ships</mark>" in html
