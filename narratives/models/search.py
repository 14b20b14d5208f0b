"""Full-text search expressions: PostgreSQL (websearch syntax, English stemming, GIN indexes) with a word
match on SQLite. The QuerySets' ``search`` methods build on these; the search page only renders.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction

# Private-use characters mark the hits in text coming back from the database, so the text can be escaped
# first and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
CANDIDATES = 1001  # the search page's count cap + 1


def terms_of(q: str) -> list[str]:
    """The words of a query, without websearch operators and quotes."""
    words = re.findall(r"[\w’'-]+", q)
    return [w for w in words if w.lower() not in {"or", "and"} and w.strip("-'’")][:12]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_query(q: str) -> SearchQuery:
    return SearchQuery(q, config="english", search_type="websearch")


def claim_vector() -> SearchVector:
    """The same expression as the GIN index claim_content_search_gin (migration 0003), so it is used."""
    return SearchVector("content", config="english")


def article_vector() -> SearchVector:
    """Title and text as one document: the expression of the GIN index article_search_gin (migration 0007)."""
    return SearchVector("title", "text", config="english")


def first_matches(matches) -> list[int]:
    """Ids of at most CANDIDATES matches, in no order, so a word found everywhere costs as much as one
    found a thousand times: ranking, dates and snippets then work on these rows only. One more than the
    count cap, so the page can still say "1,000+"."""
    return list(matches.order_by().values_list("pk", flat=True)[:CANDIDATES])


def first_matches_by_index(matches) -> list[int]:
    """first_matches, made to go through the GIN index (PostgreSQL).

    The planner prices to_tsvector of a whole article like that of a sentence, so for a word most articles
    hold it prefers a sequential scan that stops after CANDIDATES rows, rebuilding the vector of every
    article it passes: 155 ms at 10k articles, against 2 ms through the index. SET LOCAL ends with the
    transaction, so no other query sees the setting.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return first_matches(matches)
