"""Search over claims, articles and actors.

PostgreSQL: full-text search (websearch syntax, English stemming) on the same expression as the GIN index of
migration 0003, ranked, with ts_headline snippets. SQLite: every word must occur (icontains), snippets cut
in Python. Either way the highlight is built from escaped text: only our own <mark> tags reach the page.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..forms import SearchForm
from ..models import Actor, Article, Claim
from ..models.search import START, STOP, is_postgres, terms_of
from .common import describe_speaker, render_page

# Private-use characters mark the hits in text coming back from the database, so the text can be escaped
# first and the marks turned into <mark> afterwards.
_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
PER_PAGE = 20
PREVIEW = 5  # results per kind on the "Everything" view
SNIPPET = 240


def render_marked(text: str) -> SafeString:
    """Escape ``text``, then turn START…STOP pairs into <mark>; stray markers are dropped."""
    html = _MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escape(text))
    return mark_safe(html.replace(START, "").replace(STOP, ""))


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


FINDERS = {
    "claims": lambda q, **where: Claim.objects.search(q, **where),
    "articles": lambda q, **where: Article.objects.search(q, **where),
    "actors": lambda q, **where: Actor.objects.search(q, **where),
}


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
    return render_page(request, "narratives/search.html", context, partial="results")
