"""Cue detection, speaker attachment and content spans on a parsed ``Doc``.

Everything here keys on grammar (dependency labels, entity types) and on the
data lexicon; nothing knows about particular articles or people. The output is
:class:`RawClaim`, plain offsets that coref, the registry and the classifier use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .quotes import QUOTE_MARKS, Quote, quote_sentences, trim_span

DIRECT, INDIRECT = "direct", "indirect"
PERSONAL = {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_SOFT_TAIL = " \t\n\r\u00a0,.;:…–—-"
_LEAD = " \t\n\r\u00a0,.;:–—-"
_NP_BREAKS = frozenset(',;:()[]—–"“”„«»')


@dataclass(frozen=True)
class RawClaim:
    start: int
    end: int
    kind: str
    cue: str
    cue_start: int | None
    speaker_start: int | None  # the mention as written
    speaker_end: int | None
    speaker_token: int | None  # head token of the mention, for coref
    mention_kind: str  # name | pronoun | description | none
    sent_start: int
    sent_end: int
    origin: str = "verb"
    speaker_text: str = ""  # mention text when it is not a span of the doc's tokens


@dataclass
class _Cue:
    head: Token
    words: str
    speaker: Token | None
    region: tuple[int, int] | None  # content region in characters
    frame: tuple[int, int]  # character span of the cue frame, for cutting other regions
    origin: str = "verb"
    relay: bool = False
    demonstrative: bool = False
    side: str = "right"  # where the content lies relative to the cue
    relay_of: _Cue | None = None  # the attribution this cue only relays


# --- small token helpers ------------------------------------------------------


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _span_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last])


def _in_quote(quotes: list[Quote], pos: int) -> Quote | None:
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _np_end(tok: Token) -> int:
    """Right edge of a noun phrase, leaving out clauses hanging off it."""
    last = tok.i
    for c in tok.rights:
        if c.dep_ == "punct":
            continue
        if c.dep_ in ("relcl", "acl", "ccomp", "advcl", "cc", "parataxis", "conj"):
            break
        last = max(last, c.right_edge.i)
    return last


def mention_bounds(tok: Token) -> tuple[int, int]:
    """Token bounds of the speaker noun phrase headed by ``tok``."""
    if tok.lower_ in PERSONAL:
        return tok.i, tok.i
    first = tok.left_edge.i
    for k in range(tok.i - 1, first - 1, -1):
        if tok.doc[k].text in _NP_BREAKS or "\n" in tok.doc[k].text:
            first = k + 1
            break
    while first < tok.i and (tok.doc[first].is_punct or tok.doc[first].dep_ in ("cc", "preconj")):
        first += 1
    last = _np_end(tok)
    while last > tok.i and tok.doc[last].is_punct:
        last -= 1
    if tok.ent_type_:
        # An entity split by the parser ("al - Assad" as three objects) is kept whole.
        doc = tok.doc
        k = tok.i
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        m = tok.i
        while m + 1 < len(doc) and doc[m + 1].ent_iob_ == "I":
            m += 1
        first, last = min(first, k), max(last, m)
    return first, last


def owner(noun: Token) -> Token | None:
    """Who a statement-like noun belongs to: possessor, 'by/from/of X', or an 'issued by X' clause."""
    best = None
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            p = _child(c, "pobj")
            if p is not None and (p.pos_ == "PROPN" or p.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
                best = best or p
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            p = _child(c, "pobj")
            if p is not None:
                inner = owner(p)
                best = best or inner
        if c.dep_ in ("acl", "relcl"):
            agent = _child(c, "agent")
            if agent is not None and _child(agent, "pobj") is not None:
                best = best or _child(agent, "pobj")
    if best is None:
        for c in noun.lefts:
            if c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
                best = c
    return best


# --- the finder ----------------------------------------------------------------


class ClaimFinder:
    def __init__(self, doc: Doc, quotes: list[Quote], lexicon: Lexicon):
        self.doc, self.quotes, self.lex = doc, quotes, lexicon
        self.text = doc.text
        self.override: dict[int, tuple[Token, str]] = {}  # "said he believed": cue -> (speaker, prefix)

    # speakers --------------------------------------------------------------
    def valid_speaker(self, tok: Token | None, inside_quote: bool, any_noun: bool = False) -> bool:
        if tok is None:
            return False
        low = tok.lower_
        if low in self.lex.non_speakers:
            return False
        if tok.pos_ == "PRON":
            return low in PERSONAL and not (inside_quote and low in ("they", "them", "it"))
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") or tok.pos_ == "PROPN":
            return True
        if any_noun and tok.pos_ == "NOUN" and not tok.ent_type_:
            return True  # "the governor said": a strong reporting verb makes its subject a source
        return tok.lemma_.lower() in self.lex.agent_nouns or tok.lower_ in self.lex.agent_nouns

    def verb_speaker(self, v: Token, depth: int = 0) -> Token | None:
        entry = self.lex.verb(v.lemma_) or {}
        if v.i in self.override:
            return self.override[v.i][0]
        passive = _child(v, "nsubjpass", "auxpass") is not None
        if entry.get("object_speaker"):
            if passive:
                return _child(v, "nsubjpass")
            obj = _child(v, "dobj")
            if obj is not None:
                return obj
            for c in v.children:
                if c.dep_ in ("ccomp", "xcomp") and _child(c, "nsubj") is not None:
                    return _child(c, "nsubj")
        subjects = [c for c in v.children if c.dep_ == "nsubj"]
        subj = min(subjects, key=lambda c: abs(c.i - v.i)) if subjects else None
        if subj is None:
            inverted = self.inverted_subject(v) or self.detached_subject(v)
            if inverted is not None:
                return inverted
        if subj is not None:
            if subj.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                return v.head
            if subj.lemma_.lower() in self.lex.document_nouns:
                return owner(subj) or subj
            return subj
        if passive:
            agent = _child(v, "agent")
            if agent is not None and _child(agent, "pobj") is not None:
                return _child(agent, "pobj")
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in self.lex.passive_sources:
                    p = _child(c, "pobj")
                    if p is not None and (p.pos_ == "PROPN" or p.ent_type_):
                        return p
            return None
        if depth > 3 or v.head is v:
            return None
        head = v.head
        if v.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            if head.lemma_.lower() in self.lex.document_nouns:
                return owner(head)
            return head
        if v.dep_ == "pcomp" and head.dep_ == "prep":
            # "quoted X as saying", "responded by saying": the verb the preposition hangs on.
            if head.lower_ == "with" or head.head.pos_ not in ("VERB", "AUX"):
                return None
            return self.verb_speaker(head.head, depth + 1)
        if v.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl") and head.pos_ in ("VERB", "AUX"):
            if _child(head, "nsubjpass", "auxpass") is not None and _child(head, "nsubj") is None:
                return None  # a passive clause's agent did not utter this verb
            return self.verb_speaker(head, depth + 1)
        return None

    def inverted_subject(self, v: Token) -> Token | None:
        """', claimed the ministry in a statement.': spaCy makes the inverted subject an object."""
        if v.i == 0 or not (self.doc[v.i - 1].text == "," or self.doc[v.i - 1].text in QUOTE_MARKS):
            return None
        obj = _child(v, "dobj")
        if obj is None or obj.left_edge.i != v.i + 1:
            return None
        if obj.pos_ != "PROPN" and obj.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        return obj

    def detached_subject(self, v: Token) -> Token | None:
        """'Pahon, asked about the figures, said: …' parsed with Pahon under the inserted clause."""
        for c in v.lefts:
            if c.dep_ not in ("ccomp", "advcl") or c.tag_ not in ("VBN", "VBG", "VBD"):
                continue
            s = _child(c, "nsubj", "nsubjpass")
            if (
                s is not None
                and s.i < c.i
                and s.i + 1 < len(self.doc)
                and self.doc[_np_end(s) + 1].text == ","
            ):
                return s
        return None

    # regions ---------------------------------------------------------------
    def sent_of(self, tok: Token) -> Span:
        return tok.sent

    def frame_start(self, v: Token, speaker: Token | None) -> int:
        first = v.i
        for c in v.lefts:
            if c.dep_ in ("aux", "auxpass", "neg") or (c.dep_ == "advmod" and c.i > first - 3):
                first = min(first, c.left_edge.i)
            if c.dep_ in ("nsubj", "nsubjpass") and c.i > v.i - 12:
                first = min(first, mention_bounds(c)[0])
        if speaker is not None and speaker.i < v.i and speaker.sent == v.sent:
            first = min(first, mention_bounds(speaker)[0])
        return first

    def left_region(self, v: Token, first: int) -> tuple[int, int] | None:
        """Content before a post-position cue: up to the comma or closing mark before the frame."""
        doc, text = self.doc, self.text
        sent = v.sent
        i = first - 1
        while i >= sent.start and not doc[i].is_punct:
            i -= 1
        if i < sent.start:
            # The frame may sit right after a quote that spaCy put in a previous sentence.
            i = first - 1
            if i < 0 or not (doc[i].is_punct):
                return None
        end_char = doc[i].idx + len(doc[i])
        # Walk back over ", ” ," to find a closing quote mark.
        j = end_char
        while j > 0 and text[j - 1] in " ,\u00a0":
            j -= 1
        for q in self.quotes:
            if q.close_at is not None and q.close_at == j - 1:
                return self.quote_region(q)
        if not (doc[i].text in (",", ":", "—", "–", "-") or doc[i].text in QUOTE_MARKS):
            return None
        start = sent.start_char
        return (start, doc[i].idx) if doc[i].idx > start else None

    def quote_region(self, q: Quote) -> tuple[int, int]:
        """A quote closed right before a cue: the whole quote, or from its sentence start when mixed."""
        text = self.text
        k = q.open_at
        while k > 0 and text[k - 1] in " \u00a0\t":
            k -= 1
        if k == 0 or text[k - 1] in '\n.!?…:–—-"“”' or text[k - 1] in QUOTE_MARKS:
            return (q.open_at, q.outer_end)
        tok = self.doc.char_span(q.open_at, q.open_at + 1, alignment_mode="expand")
        start = tok.sent.start_char if tok is not None else q.open_at
        return (start, q.outer_end)

    def right_limit(self, v: Token, start_tok: Token, sent: Span) -> int:
        """Where a right-hand complement stops: sentence end, a participle cue, or leaving v's clause."""
        doc = self.doc
        cue_children = {
            c.i
            for c in v.children
            if c.i > start_tok.i
            and (
                (c.dep_ in ("advcl", "conj", "xcomp") and self.is_verb_cue(c))
                or (
                    c.dep_ in ("advcl", "xcomp")
                    and c.tag_ in ("VBG", "VBN")
                    and self.doc[c.left_edge.i - 1].text == ","
                )
            )
        }
        for t in doc[start_tok.i : sent.end]:
            if t.i in cue_children:
                k = t.left_edge.i
                return doc[k].idx
            if t.i != v.i and not v.is_ancestor(t) and v.dep_ != "ROOT" and not t.is_punct:
                return t.idx
        return sent.end_char

    def is_verb_cue(self, t: Token) -> bool:
        return t.pos_ in ("VERB", "AUX") and self.lex.verb(t.lemma_) is not None

    def right_region(self, start_tok: Token, v: Token) -> tuple[int, int]:
        doc = self.doc
        k = start_tok.i
        while k < len(doc) - 1 and (doc[k].dep_ == "mark" and doc[k].lower_ in ("that", "whether")):
            k += 1
        start = doc[k].idx
        q = _in_quote(self.quotes, start) or next((q for q in self.quotes if q.open_at == start), None)
        end = self.right_limit(v, doc[k], v.sent)
        if q is not None and q.open_at <= start <= q.start and q.outer_end > end:
            end = q.outer_end
        # A quote opened inside the region runs to its own end.
        for q2 in self.quotes:
            if start <= q2.open_at < end < q2.outer_end and q2.close_at is not None:
                end = q2.outer_end
        return (start, end)

    def after_frame_quote(self, v: Token) -> Quote | None:
        """'X told Reuters on Friday: “…”' - a quote opening right after the frame."""
        last = v.i
        for c in v.rights:
            if c.dep_ in ("dobj", "dative", "prep", "npadvmod", "advmod", "prt", "nsubj", "agent"):
                last = max(last, c.right_edge.i)
            else:
                break
        pos = self.doc[last].idx + len(self.doc[last])
        while pos < len(self.text) and self.text[pos] in " ,:\u00a0\n–—":
            pos += 1
        for q in self.quotes:
            if q.open_at == pos and q.family == "double":
                return q
        return None

    # cues ------------------------------------------------------------------
    def previous_sentence(self, tok: Token) -> tuple[int, int] | None:
        sent = tok.sent
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        return (prev.start_char, prev.end_char)

    def verb_cue(self, v: Token) -> _Cue | None:
        entry = self.lex.verb(v.lemma_)
        if entry is None or v.pos_ not in ("VERB", "AUX"):
            return None
        words = [v]
        particle = entry.get("particle")
        if particle:
            prt = next((c for c in v.children if c.lower_ == particle), None)
            if prt is None and v.i + 1 < len(self.doc) and self.doc[v.i + 1].lower_ == particle:
                prt = self.doc[v.i + 1]
            if prt is None:
                return None
            words.append(prt)
        if _negated(v) and not entry.get("negatable"):
            return None
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
            return None  # "as noted in X", "as he said": a source frame, read by according_cue
        inside = _in_quote(self.quotes, v.idx) is not None
        speaker = self.verb_speaker(v)
        if not self.valid_speaker(speaker, inside, bool(entry.get("any_subject"))):
            return None
        if inside and speaker.pos_ == "PRON":
            return None
        if entry.get("document_subject"):
            subj = _child(v, "nsubj")
            if subj is None or subj.lemma_.lower() not in self.lex.document_nouns:
                return None
        region = None
        demonstrative = False
        passive = _child(v, "nsubjpass") is not None and not entry.get("object_speaker")
        rights = [c for c in v.children if c.i > v.i]
        ccomp = next((c for c in rights if c.dep_ in ("ccomp",)), None)
        if ccomp is None and entry.get("addressee"):
            # "assured residents that …" parsed with the clause hanging on the listener
            for obj in (c for c in rights if c.dep_ in ("dobj", "dative")):
                ccomp = next(
                    (k for k in obj.rights if k.dep_ in ("acl", "relcl", "ccomp") and _child(k, "mark")),
                    None,
                )
        dobj = None if entry.get("addressee") else next((c for c in rights if c.dep_ == "dobj"), None)
        if passive:
            subj = _child(v, "nsubjpass")
            if subj.lower_ in self.lex.demonstratives:
                region, demonstrative = (None if inside else self.previous_sentence(v)), True
            elif ccomp is not None:
                region = self.right_region(ccomp.left_edge, v)
            else:
                region = _span_chars(self.doc, subj.left_edge.i, _np_end(subj))
        elif ccomp is not None:
            inner_subj = _child(ccomp, "nsubj")
            if (
                self.is_verb_cue(ccomp)
                and inner_subj is not None
                and inner_subj.lower_ in PERSONAL
                and ccomp.left_edge.i == inner_subj.i
            ):
                # "said he believed ...": one claim, carried by the inner cue.
                self.override[ccomp.i] = (speaker, f"{v.text} {inner_subj.text}")
                return None
            region = self.right_region(ccomp.left_edge, v)
        elif dobj is not None and any(c.dep_ == "acl" and c.pos_ == "VERB" for c in dobj.children):
            region = self.right_region(dobj.left_edge, v)  # headline style: "X says ISIL not defeated"
        elif dobj is not None and dobj.lower_ in self.lex.demonstratives:
            region, demonstrative = (None if inside else self.previous_sentence(v)), True
        elif entry.get("needs_predicate"):
            # "called the statement a pretext": an object plus what it is called, however parsed.
            objs = [c for c in rights if c.dep_ in ("dobj", "oprd") and c.i != speaker.i]
            predicate = (
                len(objs) > 1
                or any(
                    t.dep_ in ("appos", "attr", "oprd", "xcomp")
                    for o in objs
                    for t in o.subtree
                    if t.i != o.i
                )
                or any(
                    c.dep_ == "prep" and c.lower_ == "as" and _child(c, "pobj") is not None for c in rights
                )
            )
            if not objs or not predicate:
                return None
            region = self.right_region(objs[0].left_edge, v)
        elif dobj is not None and entry.get("np_object") and dobj.i != speaker.i:
            region = self.right_region(dobj.left_edge, v)
        else:
            q = self.after_frame_quote(v)
            if q is not None:
                region = (q.open_at, q.outer_end)
        side = "right"
        participle = v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "acl", "pcomp", "conj")
        if region is None and not demonstrative and not participle and self.closes_clause(v, speaker):
            left = self.left_region(v, self.frame_start(v, speaker))
            region = self.maybe_interrupted(v, speaker, left)
            side = "left" if region is not None and region == left else "right"
        if region is None:
            return None
        cue_words = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        neg = [c for c in v.lefts if c.dep_ in ("aux", "neg")]
        if _negated(v):
            cue_words = " ".join(t.text for t in neg) + " " + cue_words
        if v.i in self.override:
            cue_words = f"{self.override[v.i][1]} {cue_words}"
        if entry.get("addressee"):
            obj = next((c for c in rights if c.dep_ in ("dobj", "dative")), None)
            if obj is not None and obj.i <= v.i + 3:
                cue_words += " " + self.doc[v.i + 1 : obj.i + 1].text
        return _Cue(
            v,
            cue_words,
            speaker,
            region,
            self.frame_chars(v, speaker),
            relay=bool(entry.get("relay")),
            demonstrative=demonstrative,
            side=side,
        )

    def closes_clause(self, v: Token, speaker: Token | None) -> bool:
        """A post-position frame ('…, X said on Friday.') has no object or clause after the verb."""
        addressee = bool((self.lex.verb(v.lemma_) or {}).get("addressee"))
        for c in v.rights:
            if speaker is not None and c.i == speaker.i:
                continue
            if addressee and c.dep_ in ("dobj", "dative"):
                continue
            if c.dep_ in ("dobj", "attr", "xcomp", "acomp", "oprd") and c.i < v.i + 4:
                return False
        return True

    def frame_chars(self, v: Token, speaker: Token | None) -> tuple[int, int]:
        first = self.frame_start(v, speaker)
        last = v.i
        if speaker is not None and speaker.i > v.i and speaker.sent == v.sent:
            last = max(last, _np_end(speaker))
        return _span_chars(self.doc, first, last)

    def maybe_interrupted(
        self, v: Token, speaker: Token | None, left: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """'A, Dillon explained, and B' / 'A, the senator said, B': keep the longer side."""
        doc, sent = self.doc, v.sent
        _, fend = self.frame_chars(v, speaker)
        k = doc.char_span(fend - 1, fend, alignment_mode="expand")
        if k is None:
            return left
        i = k.end
        while i < sent.end and not doc[i].is_punct:
            i += 1
        if i >= sent.end or doc[i].text != ",":
            return left
        rest = [t for t in doc[i + 1 : sent.end] if not t.is_punct]
        if len(rest) < 3:
            return left
        first = rest[0]
        if first.tag_ in ("VBG", "VBN") or (
            first.head.i == v.i and first.dep_ in ("advcl", "prep", "npadvmod")
        ):
            return left  # "…, Erdogan said, addressing parliament": an adjunct, not content
        right = (doc[i + 1].idx, sent.end_char)
        if left is None or self.is_source_phrase(left):
            return right
        if any(q.open_at == left[0] for q in self.quotes) and self.text[right[0]] not in QUOTE_MARKS:
            return left  # a quote before the cue is the content
        return right if (right[1] - right[0]) > (left[1] - left[0]) else left

    def is_source_phrase(self, region: tuple[int, int]) -> bool:
        """Is the region just 'According to the Red Cross' (a frame, not content)?"""
        span = self.doc.char_span(*trim_span(self.text, *region), alignment_mode="expand")
        if span is None or not len(span):
            return False
        return any(
            len(p) <= len(span) and all(q == "*" or t.lower_ == q for t, q in zip(span, p, strict=False))
            for p in self.lex.according
        )

    def light_cue(self, v: Token) -> _Cue | None:
        if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in self.lex.light_verbs:
            return None
        noun = next(
            (
                c
                for c in v.children
                if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.lex.light_nouns
            ),
            None,
        )
        if noun is None:
            return None
        inside = _in_quote(self.quotes, v.idx) is not None
        speaker = self.verb_speaker(v)
        if not self.valid_speaker(speaker, inside) or (inside and speaker.pos_ == "PRON"):
            return None
        target = None
        prep_word = ""
        for holder in (noun, v):
            for c in holder.children:
                if c.i <= noun.i:
                    continue
                if c.dep_ == "prep" and _child(c, "pobj", "pcomp") is not None:
                    target, prep_word = _child(c, "pobj", "pcomp"), c.text
                elif c.dep_ in ("acl", "xcomp", "ccomp") and (holder.i == noun.i or c.dep_ == "xcomp"):
                    target = c
                if target is not None:
                    break
            if target is not None:
                break
        if target is None:
            return None
        start = target.left_edge
        region = (start.idx, target.right_edge.idx + len(target.right_edge))
        if target.dep_ == "ccomp":
            region = self.right_region(target.left_edge, v)
        words = f"{v.text} {noun.text}" + (f" {prep_word}" if prep_word in ("to",) else "")
        return _Cue(v, words, speaker, region, self.frame_chars(v, speaker), origin="light")

    def noun_cue(self, n: Token) -> _Cue | None:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in self.lex.nouns:
            return None
        clause = None
        for c in n.rights:
            if c.dep_ in ("acl", "ccomp", "appos") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children
            ):
                clause = c
                break
            if c.dep_ == "prep" and c.lower_ == "of":
                g = _child(c, "pcomp")
                if g is not None and g.pos_ in ("VERB", "AUX"):
                    clause = g
                    break
        if clause is None:
            return None
        speaker = owner(n)
        inside = _in_quote(self.quotes, n.idx) is not None
        if not self.valid_speaker(speaker, inside):
            return None
        first = clause.left_edge.i
        while first < clause.i and self.doc[first].dep_ == "mark":
            first += 1
        region = _span_chars(self.doc, first, clause.right_edge.i)
        return _Cue(n, n.text, speaker, region, _span_chars(self.doc, n.i, n.i), origin="noun")

    def according_cue(self, t: Token) -> _Cue | None:
        low = t.lower_
        for phrase in self.lex.according:
            if phrase[0] != low or t.i + len(phrase) > len(self.doc):
                continue
            words = self.doc[t.i : t.i + len(phrase)]
            if any(p != "*" and w.lower_ != p for w, p in zip(words, phrase, strict=True)):
                continue
            last = words[-1]
            wild = [w for w, p in zip(words, phrase, strict=True) if p == "*"]
            src = wild[0] if wild else _child(last, "pobj")
            if src is None and last.i + 1 < len(self.doc):
                nxt = self.doc[last.i + 1 :]
                src = next((w for w in nxt[:6] if w.dep_ == "pobj"), None)
            if src is None or src.lemma_.lower() in self.lex.data_nouns:
                return None
            if any(c.dep_ == "compound" and c.lemma_.lower() in self.lex.data_nouns for c in src.children):
                return None
            inside = _in_quote(self.quotes, t.idx) is not None
            if not self.valid_speaker(src, inside):
                return None
            sent = t.sent
            fs, fe = _span_chars(self.doc, t.i, max(last.i, _np_end(src)))
            left = trim_span(self.text, sent.start_char, fs, lead=_LEAD, tail=_SOFT_TAIL)
            right = trim_span(self.text, fe, sent.end_char, lead=_LEAD, tail=" \t\n\r\u00a0")
            region = right if (right[1] - right[0]) >= (left[1] - left[0]) else left
            if region[1] <= region[0]:
                return None
            return _Cue(t, words.text, src, region, (fs, fe), origin="according")
        return None

    # assembling -----------------------------------------------------------
    def region_claims(self, s: int, e: int) -> list[tuple[int, int, str]]:
        text = self.text
        s, e = trim_span(text, s, e, lead=_LEAD, tail=" \t\n\r\u00a0")
        if e <= s:
            return []
        for q in self.quotes:
            if q.family != "double" and q.open_at != s:
                continue
            if (q.open_at == s or q.start == s) and not text[q.outer_end : e].strip(' ,.;:…"”’»\u00a0'):
                return [(a, b, DIRECT) for a, b in quote_sentences(text, q.start, q.end)]
        closing = {q.close_at for q in self.quotes if q.close_at is not None}
        for q in self.quotes:
            # Keep a closing mark with the punctuation it encloses: … "with victory,"
            if q.close_at is not None and q.start < e <= q.end and not text[e : q.end].strip(_SOFT_TAIL):
                e = q.outer_end
        while e > s and text[e - 1] in _SOFT_TAIL and (e - 1) not in closing:
            e -= 1
        if e - 1 in closing and e - 1 > s:
            pass
        if not any(c.isalpha() for c in text[s:e]):
            return []
        return [(s, e, INDIRECT)]

    def mention_kind(self, tok: Token) -> str:
        if tok.lower_ in PERSONAL:
            return "pronoun"
        first, last = mention_bounds(tok)
        span = self.doc[first : last + 1]
        if any(t.ent_type_ == "PERSON" for t in span):
            return "name"
        if any(t.dep_ == "appos" and t.pos_ == "PROPN" for t in span):
            return "name"  # "the UN envoy, Staffan de Mistura," with a name NER missed
        if tok.pos_ != "PROPN" and tok.lemma_.lower() in self.lex.descriptions:
            return "description"
        return "name"

    def to_raw(self, cue: _Cue) -> list[RawClaim]:
        sp = cue.speaker
        out = []
        if sp is not None:
            first, last = mention_bounds(sp)
            s_start, s_end = _span_chars(self.doc, first, last)
            kind = self.mention_kind(sp)
        else:
            s_start = s_end = None
            kind = "none"
        sent = cue.head.sent
        for a, b, k in self.region_claims(*cue.region):
            out.append(
                RawClaim(
                    a,
                    b,
                    k,
                    cue.words,
                    cue.head.idx,
                    s_start,
                    s_end,
                    sp.i if sp is not None else None,
                    kind,
                    sent.start_char,
                    sent.end_char,
                    origin=cue.origin,
                )
            )
        return out

    def find(self) -> list[RawClaim]:
        cues: list[_Cue] = []
        for tok in self.doc:
            cue = self.verb_cue(tok) or self.light_cue(tok) or self.noun_cue(tok) or self.according_cue(tok)
            if cue is not None:
                cues.append(cue)
        cues = [c for c in cues if c.head.i not in self.override or c.speaker is not None]
        for c in cues:
            if c.origin == "according" and any(self.relays(c, o) for o in cues if o is not c):
                c.relay_of = c  # "…,” Putin said, according to news agencies": the agencies only relay
        self.trim_frames(cues)
        claims: list[RawClaim] = []
        for cue in cues:
            if cue.relay_of is not None:
                continue
            if cue.relay and any(
                o is not cue and not o.relay and cue.region[0] <= o.head.idx < cue.region[1] for o in cues
            ):
                continue  # "TASS reported X said …": the agency only relays.
            claims.extend(self.to_raw(cue))
        claims.extend(self.orphan_quotes(claims))
        claims.extend(teaser_claims(self.text))
        return dedupe(claims, self.text)

    def relays(self, c: _Cue, o: _Cue) -> bool:
        """Does source frame ``c`` wrap another full attribution ``o``?

        "According to the UN, he added, …" keeps both: the inner frame is a parenthesis at the start.
        """
        s, e = c.region
        fs, fe = o.frame
        if o.origin == "according" or not (s <= o.head.idx < e):
            return False
        parenthesis = not self.text[s:fs].strip(_LEAD) and self.text[fe:e].lstrip(" \u00a0").startswith(",")
        return not parenthesis

    def trim_frames(self, cues: list[_Cue]) -> None:
        """Cut another cue's frame ('he added,') off the edges of a region."""
        for c in cues:
            s, e = c.region
            for o in cues:
                if o is c:
                    continue
                fs, fe = o.frame
                if s <= fs and fe <= e:
                    if not self.text[s:fs].strip(_LEAD):
                        if c.side == "left" and o.region is not None and fe <= o.region[0] < e:
                            c.relay_of = o  # "X reported that Y, the press service said": X's claim only
                        elif self.text[fe:e].lstrip(" \u00a0").startswith(","):
                            s = fe  # "According to the UN, he added, …"
                    elif not self.text[fe:e].strip(_SOFT_TAIL):
                        e = fs
            c.region = (s, e)

    def orphan_quotes(self, claims: list[RawClaim]) -> list[RawClaim]:
        """A whole-sentence quote with no cue of its own continues the previous attributed sentence."""
        text = self.text
        out: list[RawClaim] = []
        covered = sorted(claims, key=lambda c: c.start)
        for q in self.quotes:
            size = max(1, q.end - q.start)
            if q.family != "double" or any(
                2 * (min(c.end, q.end) - max(c.start, q.start)) >= size for c in claims
            ):
                continue  # already someone's words (a nested claim inside it does not count)
            k = q.open_at
            while k > 0 and text[k - 1] in " \t\u00a0":
                k -= 1
            if k > 0 and text[k - 1] not in "\n.!?…":
                continue
            inner_end = text[q.start : q.end].rstrip(" ,\u00a0")
            after = text[q.outer_end : q.outer_end + 3].lstrip(" \u00a0")
            if not (inner_end.endswith((".", "!", "?", "…")) or after[:1] in ("", "\n", ".", "!", "?")):
                continue
            line_start = text.rfind("\n", 0, q.open_at) + 1
            prefix = text[line_start : q.open_at]
            if prefix.strip(" \t\u00a0") and not prefix.strip(" \t\u00a0–—-"):
                continue  # a "– “…” –" subheading
            if len(text[q.start : q.end].split()) < 4:
                continue
            prev = [c for c in covered if c.end <= q.open_at and c.speaker_start is not None]
            if not prev:
                continue
            p = prev[-1]
            gap = text[max(p.end, p.sent_end) : q.open_at]
            if gap.strip(' \t\n\u00a0.,;:!?…"“”’»') or gap.count("\n") > 2:
                continue
            for a, b in quote_sentences(text, q.start, q.end):
                out.append(replace(p, start=a, end=b, kind=DIRECT, origin="continuation"))
        return out


# --- headlines, teasers and tweet embeds -------------------------------------------

_TWEET = re.compile(
    r"^(?P<body>[^\n]+?)\s+(?:(?:https?://|pic\.twitter\.com/)\S+\s+)*[—–-]\s+(?P<name>[^\n()]+?)\s+"
    r"\((?P<handle>@\w+)\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$",
    re.M,
)
_TEASER = re.compile(
    r"^(?P<line>[^\n]*?\S)\s+[-–—]\s+(?P<src>(?:[A-Z][\w.]*(?:-[A-Z][\w.]*)*)(?:\s+[A-Z][\w.]*(?:-[\w.]+)*){0,3})\s*$",
    re.M,
)
_PREFIX = re.compile(
    r"^(?:(?:READ MORE|ALSO READ|READ ALSO|RELATED|SEE ALSO|WATCH)\s*:\s*|©[^/\n]*/\s*(?:[A-Z][\w'-]*\s+){2})"
)


def teaser_claims(text: str) -> list[RawClaim]:
    """'… – Kremlin' teasers and '— Name (@handle) December 15, 2017' tweet embeds."""
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
        if line.rstrip().endswith((".", "!", "?", ":", ",")):
            continue
        p = _PREFIX.match(line)
        s = line_s + (p.end() if p else 0)
        s, e = trim_span(text, s, line_e)
        if len(text[s:e].split()) < 3:
            continue
        ns, ne = m.span("src")
        dash = text[line_e:ns].strip()
        out.append(
            RawClaim(s, e, INDIRECT, dash, None, ns, ne, None, "name", m.start(), m.end(), origin="teaser")
        )
    return out


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


def find_claims(doc: Doc, quotes: list[Quote], lexicon: Lexicon) -> list[RawClaim]:
    return ClaimFinder(doc, quotes, lexicon).find()
