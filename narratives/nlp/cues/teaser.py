"""Headline teasers ("… – Kremlin"), tweet embeds, and de-duplication of raw claims."""

from __future__ import annotations

import re
from functools import cache

from ..doctext import doc_text
from ..lexicon import lexicon_file, word_pattern
from ..quotes import trim_span
from ..regions import Context
from ..syntax import DIRECT, INDIRECT, RawClaim

_TWEET = re.compile(
    r"^(?P<body>[^\n]+?)\s+(?:(?:https?://|pic\.twitter\.com/)\S+\s+)*[—–-]\s+(?P<name>[^\n()]+?)\s+"
    # the embed's date, month first or day first, in the reader's language ("13 octobre 2015")
    r"\((?P<handle>@\w+)\)\s+(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} \w+\.? \d{4})\s*$",
    re.M,
)
_TEASER = re.compile(
    r"^(?P<line>[^\n]*?\S)[ \t\u00a0]+[-–—][ \t\u00a0]+"
    r"(?P<src>(?:[A-Z][\w.]*(?:-[A-Z][\w.]*)*)(?:[ \t\u00a0]+[A-Z][\w.]*(?:-[\w.]+)*){0,3})[ \t\u00a0]*$",
    re.M,
)
# A full date ("March 13, 2018", "13 March 2018") marks a photo caption, not a headline.
_MONTHS = word_pattern("cues", "teasers", "months")
_DATE = re.compile(
    rf"\b(?:{_MONTHS})[a-z]*\.? \d{{1,2}}, \d{{4}}\b|\b\d{{1,2}} (?:{_MONTHS})[a-z]* \d{{4}}\b"
)


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    data = lexicon_file("cues")["teasers"]

    def alternation(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    prefix = re.compile(
        rf"^(?:(?:{alternation(data['prefixes'])})\s*:\s*|©[^/\n]*/\s*(?:[A-Z][\w'-]*\s+){{2}})"
    )
    boilerplate = re.compile(alternation(data["boilerplate"]), re.I)
    caption = re.compile(rf"\s*(?:{alternation(data['caption_words'])})\b\s*[:/|]", re.I)
    return prefix, boilerplate, caption


def teaser_claims(text: str) -> list[RawClaim]:
    """'… – Kremlin' teasers and '— Name (@handle) December 15, 2017' tweet embeds."""
    prefix, boilerplate, caption = _patterns()
    out = []
    for m in _TWEET.finditer(text):
        s, e = m.span("body")
        s, e = trim_span(text, s, e)
        ns, ne = m.span("name")
        out.append(
            RawClaim(s, e, DIRECT, "—", None, ns, ne, None, "name", m.start(), m.end(), origin="tweet")
        )
    tweet_lines = {m.start() for m in _TWEET.finditer(text)}
    for m in _TEASER.finditer(text):
        if m.start() in tweet_lines:
            continue
        line_s, line_e = m.span("line")
        line = text[line_s:line_e]
        whole = text[m.start() : m.end()]
        if line.rstrip().endswith((".", "!", "?", ":", ",")) or boilerplate.search(whole):
            continue
        p = prefix.match(line)
        s = line_s + (p.end() if p else 0)
        if _DATE.search(line) or caption.match(text, s):
            continue  # "Photo: …", "… at the scene, Tuesday, March 13, 2018 - Agency": a caption and credit
        s, e = trim_span(text, s, line_e)
        if len(text[s:e].split()) < 3:
            continue
        ns, ne = m.span("src")
        dash = text[line_e:ns].strip()
        out.append(
            RawClaim(s, e, INDIRECT, dash, None, ns, ne, None, "name", m.start(), m.end(), origin="teaser")
        )
    return out


# a related-stories list may put a bullet before the line ("- Minister: …")
_COLON_LINE = re.compile(
    r"^(?:[-–—•*][ \t]+)?(?P<src>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})(?P<colon>:?)"
    r"[ \t]+(?P<body>\S[^\n]{10,200}?)[ \t]*$",
    re.M,
)


def colon_headlines(doc) -> list[RawClaim]:
    """'Lindqvist: nobody wants another strike': a headline naming its source before a colon.

    The words before the colon must name a person or organisation the article names elsewhere, so
    'MH17 Crash: …' or 'Update: …' are not sources.
    """
    text = doc_text(doc)
    names = {
        w.lower()
        for ent in doc.ents
        if ent.label_ in ("PERSON", "ORG")
        for w in ent.text.split()
        if w[:1].isupper()
    }
    out = []
    for m in _COLON_LINE.finditer(text):
        src = m.group("src")
        body = m.group("body")
        if src.split()[-1].lower() not in names or body.rstrip().endswith((".", ":", ",")):
            continue
        s, e = trim_span(text, *m.span("body"))
        whole = text[m.start("body") : m.end("body")].strip()
        kind = DIRECT if whole[:1] in "'‘\"“" and whole[-1:] in "'’\"”" else INDIRECT
        if not m.group("colon") and kind != DIRECT:
            continue  # without a colon only a whole quote after the name: "Novak 'We will rebuild'"
        ns, ne = m.span("src")
        tok = doc.char_span(ns, ne, alignment_mode="expand")
        out.append(
            RawClaim(
                start=s,
                end=e,
                kind=kind,
                cue=":",
                cue_start=ne,
                speaker_start=ns,
                speaker_end=ne,
                speaker_token=tok.root.i if tok is not None else None,
                mention_kind="name",
                sent_start=m.start(),
                sent_end=m.end(),
                origin="teaser",
            )
        )
    return out


MAX_SOURCE = 5  # tokens
_TITLE_LINE = re.compile(r"^(?:[^\n:]{1,40}:[ \t]+)?(?P<line>[A-Z][^\n]{10,200}?)[ \t]*$", re.M)


def title_headlines(ctx: Context, claims: list[RawClaim]) -> list[RawClaim]:
    """'Ukraine's President Warns Of New Offensive': a title-case headline the parser cannot read. Its
    first capitalised present-tense cue verb ("Warns", "Denies") splits the source from the claim."""
    doc, out = ctx.doc, []
    for m in _TITLE_LINE.finditer(ctx.text):
        s, e = m.span("line")
        words = [w for w in ctx.text[s:e].split() if len(w) > 3]
        if (
            ctx.text[e - 1] in ".!?,;"
            or len(words) < 3
            or sum(w[:1].isupper() for w in words) < 0.8 * len(words)
        ):
            continue
        if any(s <= (c.cue_start or -1) < e for c in claims) or _patterns()[0].match(ctx.text, m.start()):
            continue  # the parser read it, or a "READ MORE:" link
        span = doc.char_span(s, e, alignment_mode="expand")
        found = next(((t, v) for t in (span or [])[1:] if (v := _headline_verb(ctx, t)) is not None), None)
        if found is None:
            continue
        verb, entry = found
        source, rest = doc[span.start : verb.i], doc[verb.i + 1 : span.end]
        if len(rest) and rest[0].lower_ in entry.get("prep_object", ()):
            rest = rest[1:]  # "Warns Of New Offensive": the offensive is the claim
        # a source is a short name ("Ukraine's President"), not a phrase ("US Plan to Keep Troops in X")
        if (
            len(rest) < 2
            or len(source) > MAX_SOURCE
            or not any(t.pos_ == "PROPN" or t.ent_type_ for t in source)
        ):
            continue
        out.append(
            RawClaim(
                start=rest.start_char,
                end=rest.end_char,
                kind=INDIRECT,
                cue=verb.text,
                cue_start=verb.idx,
                speaker_start=source.start_char,
                speaker_end=source.end_char,
                speaker_token=source[-1].i,
                mention_kind="name",
                sent_start=s,
                sent_end=e,
                origin="teaser",
            )
        )
    return out


def _headline_verb(ctx: Context, tok) -> dict | None:
    """The cue entry of a capitalised third-person verb: Says, Warns, Accuses, Denies."""
    w = tok.text
    if not (w[:1].isupper() and w.endswith("s")):
        return None
    for stem in (w[:-1], w[:-2], w[:-3] + "y"):
        entry = ctx.lex.verb(stem)
        if entry is not None and not entry.get("quote_only") and not entry.get("relay"):
            return entry
    return None


def dedupe(claims: list[RawClaim], text: str = "") -> list[RawClaim]:
    """One claim per span and speaker; a repeated line (a headline echoed at the end) counts once."""
    seen: set = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        key = (c.start, c.end, c.speaker_start)
        if key in seen:
            continue
        if text:
            line_s = text.rfind("\n", 0, c.start) + 1
            line_e = text.find("\n", c.start)
            line = text[line_s : line_e if line_e >= 0 else len(text)].strip()
            if len(line) > 20 and text.find(line) < line_s:
                continue
        seen.add(key)
        out.append(c)
    return out
