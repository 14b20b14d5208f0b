"""Search over claims, articles and actors.

PostgreSQL: full-text search (websearch syntax, English stemming) on the same expression as the GIN index of
migration 0003, ranked, with ts_headline snippets. SQLite: every word must occur (icontains), snippets cut
in Python. Either way the highlight is built from escaped text: only our own <mark> tags reach the page.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..forms import SearchForm
from ..models import Actor, ActorAlias, Article, Claim
from .common import _render, describe_speaker

# Private-use characters mark the hits in text coming back from the database, so the text can be escaped
# first and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
PER_PAGE = 20
CANDIDATES = 1001  # CappedPaginator.cap + 1
PREVIEW = 5  # results per kind on the "Everything" view
SNIPPET = 240


def render_marked(text: str) -> SafeString:
    """Escape ``text``, then turn START…STOP pairs into <mark>; stray markers are dropped."""
    html = _MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escape(text))
    return mark_safe(html.replace(START, "").replace(STOP, ""))


def terms_of(q: str) -> list[str]:
    """The words of a query, without websearch operators and quotes."""
    words = re.findall(r"[\w’'-]+", q)
    return [w for w in words if w.lower() not in {"or", "and"} and w.strip("-'’")][:12]


def mark_terms(text: str, terms: list[str], *, snippet: int | None = None) -> str:
    """``text`` with START/STOP around each term (case-insensitive); cut to about ``snippet`` characters
    around the first hit when given."""
    terms = [t.strip("-'’") for t in terms if t.strip("-'’")]
    if not terms:
        return text[:snippet] if snippet else text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    if snippet and len(text) > snippet:
        hit = pattern.search(text)
        begin = max(0, (hit.start() if hit else 0) - snippet // 3)
        end = min(len(text), begin + snippet)
        # Cut at spaces so no word is shown in half.
        if begin:
            space = text.find(" ", begin, hit.start() if hit else end)
            begin = space + 1 if space != -1 else begin
        if end < len(text):
            space = text.rfind(" ", (hit.end() if hit else begin), end)
            end = space if space != -1 else end
        text = ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)


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


def claim_results(q: str, *, side: str = "", event: str = ""):
    qs = Claim.objects.live().select_related(
        "speaker__side", "speaker__organization", "article__outlet", "event", "position"
    )
    if side:
        qs = qs.filter(side__slug=side)
    if event:
        qs = qs.filter(event__slug=event)
    if is_postgres():
        query, vector = search_query(q), claim_vector()
        matches = qs.annotate(search=vector).filter(search=query)
        return (
            qs.filter(pk__in=first_matches(matches))
            .annotate(
                rank=SearchRank(vector, query),
                headline=SearchHeadline(
                    "content", query, config="english", start_sel=START, stop_sel=STOP, highlight_all=True
                ),
            )
            .order_by("-rank", F("article__published").desc(nulls_last=True), "pk")
        )
    for term in terms_of(q):
        qs = qs.filter(content__icontains=term)
    return qs.order_by(F("article__published").desc(nulls_last=True), "pk")


def article_results(q: str, *, side: str = "", event: str = ""):
    qs = Article.objects.select_related("outlet")
    if event or side:
        claims = Claim.objects.live()
        if event:
            claims = claims.filter(event__slug=event)
        if side:
            claims = claims.filter(side__slug=side)
        qs = qs.filter(pk__in=claims.values("article_id"))
    if is_postgres():
        query = search_query(q)
        matches = qs.annotate(search=article_vector()).filter(search=query)
        return (
            qs.filter(pk__in=first_matches_by_index(matches))
            .annotate(
                headline=SearchHeadline(
                    "text",
                    query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            # No ts_rank here: it would rebuild the vector of every matching article's whole text.
            .order_by(F("published").desc(nulls_last=True), "pk")
        )
    for term in terms_of(q):
        qs = qs.filter(Q(title__icontains=term) | Q(text__icontains=term))
    return qs.order_by(F("published").desc(nulls_last=True), "pk")


def actor_results(q: str, *, side: str = "", event: str = ""):
    qs = Actor.objects.active().select_related("side", "organization")
    if side:
        qs = qs.filter(side__slug=side)
    if event:
        qs = qs.filter(pk__in=Claim.objects.live().filter(event__slug=event).values("speaker_id"))
    for term in terms_of(q):
        aliases = ActorAlias.objects.filter(name__icontains=term).values("actor_id")
        qs = qs.filter(Q(name__icontains=term) | Q(role__icontains=term) | Q(pk__in=aliases))
    return qs.order_by("name", "pk")


def _decorate(kind: str, objects, terms: list[str]):
    """Attach the highlighted html each result shows."""
    for obj in objects:
        if kind == "claims":
            obj.speaker_detail = describe_speaker(obj.speaker)
            text = getattr(obj, "headline", None) or mark_terms(obj.content, terms)
            obj.highlighted = render_marked(text)
        elif kind == "articles":
            obj.highlighted_title = render_marked(mark_terms(obj.display_title, terms))
            text = getattr(obj, "headline", None) or mark_terms(obj.text, terms, snippet=SNIPPET)
            obj.highlighted = render_marked(text)
        else:
            obj.highlighted = render_marked(mark_terms(obj.name, terms))
            obj.speaker_detail = describe_speaker(obj)
    return objects


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results: a common word must not make the page count every match."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"


FINDERS = {"claims": claim_results, "articles": article_results, "actors": actor_results}


@login_required
def search(request):
    form = SearchForm(request.GET)
    params = form.params()
    q = params.get("q", "")
    kind = params.get("type", "")
    terms = terms_of(q)
    sections = []
    if q and terms:
        for name, finder in FINDERS.items():
            if kind and kind != name:
                continue
            qs = finder(q, side=params.get("side", ""), event=params.get("event", ""))
            page = CappedPaginator(qs, PER_PAGE if kind else PREVIEW).get_page(request.GET.get("page"))
            _decorate(name, page.object_list, terms)
            sections.append(
                {
                    "name": name,
                    "label": dict(SearchForm.TYPES)[name],
                    "singular": name[:-1],
                    "page": page,
                    "all_query": form.query(type=name),
                    "prev_query": form.query(page=page.previous_page_number()) if page.has_previous() else "",
                    "next_query": form.query(page=page.next_page_number()) if page.has_next() else "",
                }
            )
    context = {
        "form": form,
        "q": q,
        "kind": kind,
        "sections": sections,
        "searched": bool(q and terms),
        "engine": "PostgreSQL full-text search" if is_postgres() else "word match",
    }
    return _render(request, "narratives/search.html", context, partial="results")
