"""Where a cue's content lies: left or right of the frame, quotes, interruptions.

:class:`Context` holds one parsed ``Doc`` with its quotes and the lexicon; every cue family reads it.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from .doctext import doc_text
from .lexicon import Lexicon, word_set
from .quotes import QUOTE_MARKS, Quote, quote_sentences, trim_span
from .syntax import (
    DIRECT,
    INDIRECT,
    LEAD,
    SOFT_TAIL,
    child,
    in_quote,
    mention_bounds,
    np_end,
    span_chars,
)

# a cue's time, place and manner adjuncts: the narrator's words, never its content
ADJUNCT_DEPS = frozenset({"advmod", "mark", "prep", "npadvmod"})
_CONTRAST = word_set("stance", "contrast")
_COMPLEMENTIZERS = word_set("cues", "function_words", "complementizers")  # "said that …"


class Context:
    """One article being read: the doc, its quotes, the lexicon, and region helpers over them."""

    def __init__(self, doc: Doc, quotes: list[Quote], lexicon: Lexicon):
        self.doc, self.quotes, self.lex = doc, quotes, lexicon
        self.text = doc_text(doc)
        self.override: dict[int, tuple[Token, str]] = {}  # "said he believed": cue -> (speaker, prefix)
        # read once: every family filters on them. From the token arrays, each distinct string looked up
        # once, since a Token object per token is the cost.
        strings = doc.vocab.strings
        ids = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
        lemma_of = {h: strings[h].lower() for h in {row[0] for row in ids}}
        lower_of = {h: strings[h] for h in {row[1] for row in ids}}
        self.lemmas: list[str] = [lemma_of[row[0]] for row in ids]
        self.lowers: list[str] = [lower_of[row[1]] for row in ids]

    def tokens_with_lemma(self, lemmas) -> list[Token]:
        return [self.doc[i] for i, lemma in enumerate(self.lemmas) if lemma in lemmas]

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
        if doc[i].idx <= start or self.adjunct_only(v, sent.start, i):
            return None
        return (start, doc[i].idx)

    def adjunct_only(self, v: Token, a: int, b: int) -> bool:
        """'Shortly after the vote, X claimed …': words before the frame that only say when or where."""
        tops = [t for t in self.doc[a:b] if not a <= t.head.i < b]
        return bool(tops) and all(t.head.i == v.i and t.dep_ in ADJUNCT_DEPS for t in tops)

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
        # "urged Berlin to respond": the infinitive is the content even when its verb is a cue
        infinitive = bool((self.lex.verb(v.lemma_) or {}).get("infinitive"))
        cue_children = {
            c.i
            for c in v.children
            if c.i > start_tok.i
            and (
                (
                    c.dep_ in ("advcl", "conj", "xcomp")
                    and self.is_verb_cue(c)
                    and not (infinitive and c.dep_ == "xcomp")
                )
                or (
                    c.dep_ in ("advcl", "xcomp")
                    and c.tag_ in ("VBG", "VBN")
                    and self.doc[c.left_edge.i - 1].text == ","
                )
                or self.with_speaking(c) is not None  # "…, with the minister saying …"
            )
        }
        for t in doc[start_tok.i : sent.end]:
            if t.dep_ == "conj" and t.head.dep_ == "ccomp" and t.head.head.i == v.i and self.is_verb_cue(t):
                k = t.left_edge.i  # "… that A and warned that B": stop before "and warned"
                while k > start_tok.i and doc[k - 1].dep_ == "cc":
                    k -= 1
                return doc[k].idx
            if t.i in cue_children:
                k = t.left_edge.i
                while k > start_tok.i and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                    k -= 1
                return doc[k].idx
            if t.i != v.i and not v.is_ancestor(t) and v.dep_ != "ROOT" and not t.is_punct:
                return t.idx
        return sent.end_char

    def with_speaking(self, prep: Token) -> Token | None:
        """The cue of an absolute 'with X saying …' phrase hanging on a verb, if ``prep`` is one."""
        if prep.dep_ != "prep" or prep.lower_ != "with":
            return None
        verb = child(prep, "pcomp")
        return verb if verb is not None and self.is_verb_cue(verb) else None

    def is_verb_cue(self, t: Token) -> bool:
        return t.pos_ in ("VERB", "AUX") and self.lex.verb(t.lemma_) is not None

    def right_region(self, start_tok: Token, v: Token) -> tuple[int, int]:
        doc = self.doc
        k = start_tok.i
        while k < len(doc) - 1 and (doc[k].dep_ == "mark" and doc[k].lower_ in _COMPLEMENTIZERS):
            k += 1
        start = doc[k].idx
        q = in_quote(self.quotes, start) or next((q for q in self.quotes if q.open_at == start), None)
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
            if q.open_at == pos:
                return q
        return None

    def previous_sentence(self, tok: Token) -> tuple[int, int] | None:
        sent = tok.sent
        end = sent.start_char
        while sent.start > 0:
            sent = self.doc[sent.start - 1].sent
            if any(t.is_alpha for t in sent):  # skip a stray closing mark spaCy left on its own
                return (sent.start_char, end)
        return None

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
            pcomp = child(c, "pcomp") if c.dep_ == "prep" and c.lower_ == "as" else None
            if pcomp is not None and any(k.dep_ in ("ccomp", "dobj") for k in pcomp.children):
                return False  # "quoted X as saying that …": the participle carries the content
        return True

    def frame_chars(self, v: Token, speaker: Token | None) -> tuple[int, int]:
        first = self.frame_start(v, speaker)
        last = v.i
        if speaker is not None and speaker.i > v.i and speaker.sent == v.sent:
            last = max(last, np_end(speaker))
        return span_chars(self.doc, first, last)

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
        if first.tag_ in ("VBG", "VBN", "VBD", "VBZ", "VBP") or (
            first.head.i == v.i and first.dep_ in ("advcl", "prep", "npadvmod")
        ):
            return left  # "…, Erdogan said, addressing parliament": an adjunct, not content
        if first.lower_ in _CONTRAST and first.dep_ == "cc":
            return left  # "A, officials say, but residents doubt it": the narrator's counterpoint
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

    def region_claims(self, s: int, e: int) -> list[tuple[int, int, str]]:
        """A content region as claims: one per sentence when it is exactly a quote, else one indirect."""
        text = self.text
        s, e = trim_span(text, s, e, lead=LEAD, tail=" \t\n\r\u00a0")
        if e <= s:
            return []
        for q in self.quotes:
            if (q.open_at == s or q.start == s) and not text[q.outer_end : e].strip(' ,.;:…"”’»\u00a0'):
                return [(a, b, DIRECT) for a, b in quote_sentences(text, q.start, q.end)]
        closing = {q.close_at for q in self.quotes if q.close_at is not None}
        for q in self.quotes:
            # Keep a closing mark with the punctuation it encloses: … "with victory,"
            if q.close_at is not None and q.start < e <= q.end and not text[e : q.end].strip(SOFT_TAIL):
                e = q.outer_end
        while e > s and text[e - 1] in SOFT_TAIL and (e - 1) not in closing:
            e -= 1
        if not any(c.isalpha() for c in text[s:e]):
            return []
        return [(s, e, INDIRECT)]
