"""Shared by the access and XSS tests: a small world built through the ORM, every URL pattern made concrete,
and an HTML scanner that finds anything a hostile text could have turned into markup.

The URL list is read from narratives/urls.py at test time, so a page added later is walked automatically; a
URL with a parameter this file cannot fill fails loudly instead of being skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, reverse

from narratives import urls as app_urls
from narratives.models import (
    Actor,
    ActorAlias,
    Article,
    Claim,
    Correction,
    Event,
    Figure,
    Outlet,
    Position,
    Side,
)

# Hostile text, each with a marker so a failure names its payload.
PAYLOADS = [
    '<script>alert("xss-01")</script>',
    '"><img src=x onerror=alert("xss-02")>',
    "'><svg onload=alert('xss-03')>",
    '<svg><script>alert("xss-04")</script></svg>',
    'javascript:alert("xss-05")',
    "<a href=\"javascript:alert('xss-06')\">xss-06</a>",
    '" onmouseover="alert(\'xss-07\')" data-x="',
    "' onfocus='alert(\"xss-08\")' autofocus='",
    "</textarea><script>alert('xss-09')</script>",
    "</title><script>alert('xss-10')</script>",
    "<iframe src=\"javascript:alert('xss-11')\"></iframe>",
    "</text><foreignObject><img src=x onerror=alert('xss-12')></foreignObject>",
    "]]><script>alert('xss-13')</script>",
    "<math><mtext></p><style><img src=x onerror=alert('xss-14')></style>",
    # Unicode tricks: full-width brackets must not be folded into real ones, nor zero-width or bidi
    # characters let a tag through.
    "\uff1cscript\uff1ealert('xss-15')\uff1c/script\uff1e",
    "<scr\u200bipt>alert('xss-16')</scr\u200bipt>\u202e",
    "<img src=x on\u2028error=alert('xss-17') \u00a0onload=alert('xss-17')>",
    "{{ 7|add:'xss-18' }}{% csrf_token %}",
    "%3Cscript%3Ealert('xss-19')%3C/script%3E",
]

# PostgreSQL stores no NUL character (forms refuse it), so a NUL trick only travels in query strings.
QUERY_PAYLOADS = [*PAYLOADS, "<img src=x on\u0000error=alert('xss-21')>"]

# Spreadsheet formulas for the CSV export.
FORMULAS = ['=HYPERLINK("http://x.invalid","xss-20")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


@dataclass
class World:
    side: Side
    event: Event
    position: Position
    outlet: Outlet
    actor: Actor
    org: Actor
    article: Article
    claims: list
    figure: Figure


def build_world(hostile: bool = False) -> World:
    """One event with a position, an outlet, two actors (one with an alias), an article, claims, a figure.

    With ``hostile``, every free-text field an analyst or an article can fill holds a payload.
    """
    n = iter(range(1000))

    def text(plain: str) -> str:
        return f"{plain} {payload(next(n))}" if hostile else plain

    side = Side.objects.create(name=text("Northland"), slug="northland", color="#1f77b4")
    event = Event.objects.create(
        slug="bridge-dispute",
        title=text("Bridge dispute"),
        description=text("Who controls the bridge."),
        start_date=dt.date(2022, 3, 1),
        terms=[text("bridge")],
    )
    position = Position.objects.create(
        event=event, slug="held", label=text("Bridge held"), description=text("It is held."), order=1
    )
    outlet = Outlet.objects.create(
        name=text("River Post"),
        slug="river-post",
        domain="river.example",
        note=text("Local paper"),
        affiliation=Outlet.Affiliation.PRIVATE,
    )
    org = Actor.objects.create(name=text("Northland Army"), kind=Actor.Kind.ORGANIZATION, side=side)
    actor = Actor.objects.create(
        name=text("Ola Ren"),
        role=text("army spokeswoman"),
        organization=org,
        side=side,
        description=text("Speaks for the army."),
    )
    ActorAlias.objects.create(actor=actor, name=text("Spokeswoman Ren"), normalized="spokeswoman ren")
    quotes = [text("the bridge is held"), text("twelve trucks crossed"), FORMULAS[0], FORMULAS[1]]
    body = " ".join(f"Ola Ren said {q}." for q in quotes)
    if hostile:
        body += "\n\n" + "\n".join(PAYLOADS)
    article = Article.objects.create(
        outlet=outlet,
        title=text("Bridge still held"),
        url="https://river.example/bridge",
        text=body,
        text_hash=("f" if hostile else "e") * 64,
        published=dt.date(2022, 3, 2),
        status=Article.Status.DONE,
    )
    claims = []
    for i, q in enumerate(quotes):
        start = article.text.index(q)
        claims.append(
            Claim.objects.create(
                article=article,
                speaker=actor,
                speaker_mention=text("Ola Ren"),
                cue="said",
                kind=Claim.Kind.DIRECT if i % 2 else Claim.Kind.INDIRECT,
                content=q,
                start=start,
                end=start + len(q),
                sentence=f"Ola Ren said {q}.",
                event=event,
                position=position,
                fingerprint=f"fp-{i}",
            )
        )
    trucks = article.text.index(quotes[1])
    figure = Figure.objects.create(
        article=article,
        claim=claims[1],
        value=12,
        unit=text("trucks"),
        subject=text("trucks crossed"),
        content=quotes[1],
        start=trucks,
        end=trucks + len(quotes[1]),
        source=text("Ola Ren"),
    )
    Correction.objects.create(
        claim=claims[0],
        article=article,
        action=Correction.Action.EDIT,
        changes={"content": [text("before"), text("after")]},
    )
    return World(side, event, position, outlet, actor, org, article, claims, figure)


# --- the URL patterns -------------------------------------------------------------------------------

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def app_patterns():
    """Every named URL pattern of narratives/urls.py outside the admin include: (name, route)."""
    found = []
    for entry in app_urls.urlpatterns:
        if isinstance(entry, URLPattern) and entry.name:
            found.append((entry.name, str(entry.pattern)))
        elif isinstance(entry, URLResolver):
            continue  # the admin: walked through its registered models instead
    return found


def _value(route: str, match: re.Match, w: World):
    name = match.group("name")
    before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
    if name == "fmt":
        return "csv"
    by_segment = {
        ("events", "slug"): w.event.slug,
        ("outlets", "slug"): w.outlet.slug,
        ("articles", "pk"): w.article.pk,
        ("claims", "pk"): w.claims[0].pk,
        ("actors", "pk"): w.actor.pk,
        ("positions", "pk"): w.position.pk,
        ("review", "pk"): w.claims[0].pk,
    }
    if (before, name) not in by_segment:
        raise LookupError(
            f"tests/security_fixtures.py has no value for <{name}> after '{before}/' in {route!r}; add one"
        )
    return by_segment[(before, name)]


def concrete_urls(w: World) -> list[tuple[str, str]]:
    """(name, path) for every app URL pattern, its parameters filled from the world."""
    out = []
    for name, route in app_patterns():
        kwargs = {m.group("name"): _value(route, m, w) for m in PARAM.finditer(route)}
        out.append((name, reverse(name, kwargs=kwargs)))
        if "fmt" in kwargs:
            out.append((name, reverse(name, kwargs={**kwargs, "fmt": "json"})))
    return out


def admin_urls(with_views: bool = False) -> list:
    """The admin index plus, for every registered model, its changelist, add and change pages.

    With ``with_views``, (url, model_admin or None, "index"/"changelist"/"add"/"change") tuples.
    """
    from django.contrib import admin

    found = [(reverse("admin:index"), None, "index")]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        found.append((reverse(f"{prefix}_changelist"), model_admin, "changelist"))
        found.append((reverse(f"{prefix}_add"), model_admin, "add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            found.append((reverse(f"{prefix}_change", args=[first.pk]), model_admin, "change"))
    return found if with_views else [url for url, _, _ in found]


# --- the database, before and after -------------------------------------------------------------------

WATCHED = (Side, Event, Position, Outlet, Actor, ActorAlias, Article, Claim, Figure, Correction)


def snapshot() -> dict:
    """Every row of every narratives table a page could change, minus timestamps."""
    state = {}
    for model in WATCHED:
        skip = ("created_at", "updated_at")
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        state[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    return state


# --- scanning rendered HTML ---------------------------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}


class MarkupScanner(HTMLParser):
    """Collects what could run script or restyle the page: inline scripts, event handlers, javascript: URLs,
    hx-on, and elements a hostile text would need (iframes, <img src=x>, <style>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.scripts: list[dict] = []
        self._in_script: dict | None = None
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs_d = {k.lower(): (v or "") for k, v in attrs}
        self.tags.append((tag, attrs_d))
        for key, value in attrs_d.items():
            if key.startswith("on"):
                self.findings.append(f"<{tag} {key}={value!r}>: event handler attribute")
            if key.startswith("hx-on"):
                self.findings.append(f"<{tag} {key}>: hx-on needs eval")
            if key in URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.findings.append(f"<{tag} {key}={value!r}>: script URL")
            if key == "autofocus" and tag not in ("input", "textarea", "select", "button"):
                self.findings.append(f"<{tag} autofocus>: attribute breakout")
        if tag == "script":
            self._in_script = {"attrs": attrs_d, "body": ""}
            self.scripts.append(self._in_script)
        if tag == "img" and attrs_d.get("src") == "x":
            self.findings.append("<img src=x>: payload image")
        if tag in ("iframe", "frame", "object", "embed", "foreignobject"):
            self.findings.append(f"<{tag}>: embedded content")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["body"] += data


def scan_html(html: str) -> list[str]:
    """Everything in ``html`` that hostile text could have produced; empty when the page is clean."""
    scanner = MarkupScanner()
    scanner.feed(html)
    scanner.close()
    findings = list(scanner.findings)
    for script in scanner.scripts:
        kind = script["attrs"].get("type", "")
        if kind == "application/json":
            if "<" in script["body"]:
                findings.append("JSON data block holds an unescaped '<'")
        elif not script["attrs"].get("src") or script["body"].strip():
            findings.append(f"inline <script>: {script['body'][:80]!r}")
    for tag, _attrs in scanner.tags:
        if tag == "style":
            findings.append("<style> element (CSP forbids it)")
    for marker in re.findall(r"alert\(['\"]xss-(\d+)", html):
        # The marker may appear as escaped text (&quot;, &#x27;), never right after raw markup.
        for raw in re.finditer(rf"<[^>]*alert\(['\"]xss-{marker}", html):
            findings.append(f"payload xss-{marker} inside a tag: {raw.group(0)[:80]!r}")
    return findings
