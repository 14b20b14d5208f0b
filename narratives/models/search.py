"""Full-text search expressions: PostgreSQL (websearch syntax, English stemming, GIN indexes) with a word
match on SQLite; speakers, aliases and outlets match by the start of a word on both. The QuerySets'
``search`` methods build on these; the search page only renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.expressions import RawSQL

# Private-use characters mark the hits in text coming back from the database, so the text can be escaped
# first and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
CANDIDATES = 1001  # the search page's count cap + 1
MAX_NAMED_PARTS = 16  # "every word a name" split into index-answerable parts; beyond this, one OR query


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


@contextmanager
def index_scans():
    """No sequential scans inside (PostgreSQL): made for the article search.

    The planner prices to_tsvector of a whole article like that of a sentence, so for a word most articles
    hold it prefers a sequential scan that stops after CANDIDATES rows, rebuilding the vector of every
    article it passes: 155 ms at 10k articles, against 2 ms through the index. SET LOCAL ends with the
    transaction, so no other query sees the setting.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


# --- names and word starts: "Konash" finds Konashenkov, on both databases --------------------------------


def word_start(field: str, term: str) -> Q:
    """``field`` holds a word that starts with ``term``, case-insensitive (a regex both databases run)."""
    return Q(**{f"{field}__iregex": r"(^|\W)" + re.escape(term)})


def prefix_query(terms: list[str]) -> SearchQuery | None:
    """Every term as the start of a word (``konash:*``), for PostgreSQL's full-text index."""
    words = [w for term in terms for w in re.findall(r"[^\W_]+", term)]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), config="english", search_type="raw")


def content_query(q: str) -> SearchQuery:
    """What a content match means on PostgreSQL: the websearch query, or every word as a prefix."""
    query, prefixes = search_query(q), prefix_query(terms_of(q))
    return query | prefixes if prefixes is not None else query


def named(term: str, *, outlets, actors=None, speaker: str = "speaker", outlet: str = "article__outlet") -> Q:
    """Rows whose outlet or (given ``actors``) speaker, by its name or an alias, has a word starting with
    ``term``. The managers come in as arguments (this module imports no model); subqueries keep the joins
    out of the outer query, so no row is repeated once per alias."""
    found = Q(**{f"{outlet}__in": outlets.filter(word_start("name", term)).values("pk")})
    if actors is not None:
        speakers = actors.filter(word_start("name", term) | word_start("aliases__name", term)).values("pk")
        found |= Q(**{f"{speaker}__in": speakers})
    return found


def matching(q: str, content: Callable[[str], Q], **names) -> Q:
    """Every word of ``q`` matches the content (``content(term)``) or a name (``named``)."""
    match = Q()
    for term in terms_of(q):
        match &= content(term) | named(term, **names)
    return match


def union_all(querysets) -> list:
    """The rows of several LIMITed one-column querysets, in one round trip.

    Each part is wrapped as a derived table: SQLite (and so Django's union()) refuses LIMIT inside a
    compound SELECT, but accepts it in a subquery.
    """
    parts, params = [], []
    for i, qs in enumerate(querysets):
        sql, part_params = qs.query.sql_with_params()
        parts.append(f'SELECT * FROM ({sql}) AS "part{i}"')
        params.extend(part_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]


def name_hits(
    terms: list[str], *, outlets, actors=None, speaker: str = "speaker", outlet: str = "article__outlet"
) -> list[dict[str, list[int]]]:
    """Per term, the rows ``named`` would find, as {lookup: ids} (``speaker__in``, ``article__outlet__in``),
    lookups with no id left out: one query for the outlets and (given ``actors``) the speakers together.

    Outlets and actors are few and short; knowing the ids first keeps the claims' part of the search on
    their indexes, and skips a part whose word names nothing, which is most of them."""
    if not terms:
        return []

    def flagged(manager, lookup: str, matches: Callable[[str], Q]):
        flags = {
            f"t{i}": ExpressionWrapper(matches(t), output_field=BooleanField()) for i, t in enumerate(terms)
        }
        rows = manager.filter(reduce(or_, (matches(t) for t in terms)))
        return (
            rows.annotate(name_lookup=Value(lookup), **flags)
            .order_by()
            .values_list("name_lookup", "pk", *flags)
        )

    parts = [flagged(outlets, f"{outlet}__in", lambda t: word_start("name", t))]
    if actors is not None:
        aliases = actors.model.aliases.rel.related_model.objects
        by_alias = lambda t: Q(pk__in=aliases.filter(word_start("name", t)).values("actor_id"))  # noqa: E731
        parts.append(flagged(actors, f"{speaker}__in", lambda t: word_start("name", t) | by_alias(t)))
    hits: list[dict[str, set[int]]] = [{} for _ in terms]
    for lookup, pk, *flags in parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]:
        for found, flag in zip(hits, flags, strict=True):
            if flag:
                found.setdefault(lookup, set()).add(pk)
    return [{lookup: sorted(ids) for lookup, ids in found.items()} for found in hits]


def every_word_named(hits: list[dict[str, list[int]]]) -> list[dict[str, list[int]]] | None:
    """Filters for rows whose speaker or outlet holds every word: per way of giving each word to the speaker
    or the outlet, the ids that hold all words given to each. None: too many ways, use ``named`` instead."""
    ways: list[dict[str, set[int]]] = [{}]
    for found in hits:
        ways = [
            {**way, lookup: kept}
            for way in ways
            for lookup, ids in found.items()
            if (kept := way.get(lookup, set(ids)) & set(ids))
        ]
        if len(ways) > MAX_NAMED_PARTS:
            return None
    unique = {tuple(sorted((lookup, tuple(sorted(ids))) for lookup, ids in way.items())) for way in ways}
    return [{lookup: list(ids) for lookup, ids in way} for way in sorted(unique)]


def among(ids: set[int]) -> RawSQL | list:
    """For ``pk__in``: ``ids`` as one array parameter (PostgreSQL). Django prepares each value of a list
    apart, about 9 ms for the 1,001 candidates of a common word, and the page filters by them twice. No ids:
    an empty list, which Django answers without a query."""
    return RawSQL("SELECT unnest(%s::bigint[])", (sorted(ids),)) if ids else []


def match_ids(vectors, q: str, query, names: dict, *, by_index: bool = False) -> set[int]:
    """Ids of the rows of ``vectors`` (annotated ``search``) whose content holds every word of ``q``, or
    whose names (``named``) hold some words while the content holds the rest.

    Each part is a query an index answers (the GIN index of the content, the speaker or outlet ids that
    ``name_hits`` found first); one OR across content and names would make PostgreSQL rebuild the vector of
    every row. A word that names nothing adds no part. Two round trips: the names, then every part.
    At most CANDIDATES ids a part, in no order, so a word found everywhere costs as much as one found a
    thousand times: ranking, dates and snippets then work on these rows only (one more than the count cap,
    so the page can still say "1,000+"). ``by_index``: see index_scans.
    """
    terms = terms_of(q)
    hits = name_hits(terms, **names)
    parts = [vectors.filter(search=query)]
    for i, found in enumerate(hits):
        rest = prefix_query(terms[:i] + terms[i + 1 :])
        for lookup, ids in found.items():  # this word a name, the others in the content
            part = vectors.filter(**{lookup: ids})
            parts.append(part.filter(search=rest) if rest is not None else part)
    if len(terms) > 1:  # every word a name ("Igor Konashenkov")
        ways = every_word_named(hits)
        if ways is None:
            parts.append(vectors.filter(reduce(lambda a, t: a & named(t, **names), terms, Q())))
        parts += [vectors.filter(**where) for where in ways or ()]
    ids = [p.order_by().values_list("pk", flat=True)[:CANDIDATES] for p in parts]
    if not by_index:
        return set(union_all(ids))
    with index_scans():
        return set(union_all(ids))
