"""Cue detection, speaker attachment and content spans on a parsed ``Doc``.

Everything here keys on grammar (dependency labels, entity types) and on the
data lexicon; nothing knows about particular articles or people. The output is
:class:`RawClaim`, plain offsets that coref, the registry and the classifier use.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .quotes import QUOTE_MARKS, Quote, trim_span
from .regions import Regions
from .syntax import (
    DIRECT,
    INDIRECT,
    LEAD,
    PERSONAL,
    SOFT_TAIL,
    RawClaim,
    child,
    in_quote,
    mention_bounds,
    negated,
    np_end,
    owner,
    span_chars,
)
from .teasers import dedupe, teaser_claims

__all__ = ["DIRECT", "INDIRECT", "ClaimFinder", "RawClaim", "find_claims", "mention_bounds"]


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
    more: tuple[tuple[int, int], ...] = ()  # a second quote the cue splits off ("A," he said, "B.")


# --- the finder ----------------------------------------------------------------


class ClaimFinder(Regions):
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
        passive = child(v, "nsubjpass", "auxpass") is not None
        if entry.get("object_speaker"):
            if passive:
                return child(v, "nsubjpass")
            obj = child(v, "dobj")
            if obj is not None:
                return obj
            for c in v.children:
                if c.dep_ in ("ccomp", "xcomp") and child(c, "nsubj") is not None:
                    return child(c, "nsubj")
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
            agent = child(v, "agent")
            if agent is not None and child(agent, "pobj") is not None:
                return child(agent, "pobj")
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in self.lex.passive_sources:
                    p = child(c, "pobj")
                    if p is not None and (p.pos_ == "PROPN" or p.ent_type_):
                        return p
            return None
        if depth > 3 or v.head.i == v.i:
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
        if v.dep_ == "acomp":
            return self.verb_speaker(head, depth + 1)  # "X is convinced that"
        if v.dep_ == "conj" and head.dep_ == "ccomp" and self.is_verb_cue(head.head):
            # "told CNN that A and warned that B": spaCy hangs 'warned' on A; it belongs to 'told'
            return self.verb_speaker(head.head, depth + 1)
        if v.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl") and head.pos_ in ("VERB", "AUX"):
            if child(head, "nsubjpass", "auxpass") is not None and child(head, "nsubj") is None:
                return None  # a passive clause's agent did not utter this verb
            return self.verb_speaker(head, depth + 1)
        return None

    def inverted_subject(self, v: Token) -> Token | None:
        """', claimed the ministry in a statement.': spaCy makes the inverted subject an object."""
        if v.i == 0 or not (self.doc[v.i - 1].text == "," or self.doc[v.i - 1].text in QUOTE_MARKS):
            return None
        obj = child(v, "dobj")
        if obj is None or obj.left_edge.i != v.i + 1:
            return None
        named = obj.pos_ == "PROPN" or obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        titled = obj.lemma_.lower() in self.lex.agent_nouns or any(
            c.dep_ == "appos" and c.pos_ == "PROPN" for c in obj.children
        )
        return obj if named or titled else None

    def detached_subject(self, v: Token) -> Token | None:
        """'Pahon, asked about the figures, said: …' parsed with Pahon under the inserted clause."""
        for c in v.lefts:
            if c.dep_ not in ("ccomp", "advcl") or c.tag_ not in ("VBN", "VBG", "VBD"):
                continue
            s = child(c, "nsubj", "nsubjpass")
            if (
                s is not None
                and s.i < c.i
                and s.i + 1 < len(self.doc)
                and self.doc[np_end(s) + 1].text == ","
            ):
                return s
        return None

    # cues ------------------------------------------------------------------
    def verb_cue(self, v: Token) -> _Cue | None:
        entry = self.lex.verb(v.lemma_)
        if entry is None or v.pos_ not in ("VERB", "AUX", "ADJ"):
            return None
        predicative = v.pos_ == "ADJ" or entry.get("predicative")
        # "the expert is convinced that …": only after 'be', and only with a that-clause
        if predicative and (
            not entry.get("predicative") or v.dep_ not in ("acomp", "ROOT") or child(v, "ccomp") is None
        ):
            return None
        if v.dep_ == "amod":
            return self.coordinated_as_modifier(v, entry)
        words = [v]
        particle = entry.get("particle")
        if particle:
            prt = next((c for c in v.children if c.lower_ == particle), None)
            if prt is None and v.i + 1 < len(self.doc) and self.doc[v.i + 1].lower_ == particle:
                prt = self.doc[v.i + 1]
            if prt is None:
                return None
            words.append(prt)
        if negated(v) and not entry.get("negatable"):
            return None
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
            return None  # "as noted in X", "as he said": a source frame, read by according_cue
        inside = in_quote(self.quotes, v.idx) is not None
        speaker = self.verb_speaker(v)
        if not self.valid_speaker(speaker, inside, bool(entry.get("any_subject"))):
            return None
        if inside and speaker.pos_ == "PRON":
            return None
        if entry.get("document_subject"):
            subj = child(v, "nsubj")
            if subj is None or subj.lemma_.lower() not in self.lex.document_nouns:
                return None
        found = self.complement(v, entry, speaker, inside)
        if found is None:
            return None
        region, demonstrative = found
        side = "right"
        more: tuple[tuple[int, int], ...] = ()
        if region is not None and not demonstrative:
            region, more = self.split_quote(v, speaker, region)
        participle = (v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "acl", "pcomp", "conj")) or (
            v.tag_ == "VBN" and v.dep_ == "acl"  # "the statement, posted on its website, said …"
        )
        if region is None and not demonstrative and not participle and self.closes_clause(v, speaker):
            left = self.left_region(v, self.frame_start(v, speaker))
            region = self.maybe_interrupted(v, speaker, left)
            side = "left" if region is not None and region == left else "right"
        if region is None:
            return None
        if entry.get("quote_only") and (
            region[1] > v.idx or not any(k == DIRECT for *_, k in self.region_claims(*region))
        ):
            return None  # "the fighting continued": only “…,” he continued is a cue
        cue_words = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        neg = [c for c in v.lefts if c.dep_ in ("aux", "neg")]
        if negated(v):
            cue_words = " ".join(t.text for t in neg) + " " + cue_words
        if v.i in self.override:
            cue_words = f"{self.override[v.i][1]} {cue_words}"
        if entry.get("addressee"):
            obj = next((c for c in v.rights if c.dep_ in ("dobj", "dative")), None)
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
            more=more,
        )

    def split_quote(self, v: Token, speaker: Token, region: tuple[int, int]):
        """'“A,” he said, “B.”': both quotes when B opens a new sentence, else the longer one."""
        after = self.after_frame_quote(v)
        if after is None or not (after.open_at <= region[0] <= after.start and region[1] >= after.end):
            return region, ()
        if speaker.i > v.i and speaker.sent == v.sent:
            return region, ()  # ', said X, “…”' is handled as an inverted frame
        before = self.left_region(v, self.frame_start(v, speaker))
        if before is None or not any(q.open_at == before[0] and q.close_at for q in self.quotes):
            return region, ()
        if self.text[after.start : after.start + 1].isupper():
            return region, (before,)
        return max(region, before, key=lambda r: r[1] - r[0]), ()

    def coordinated_as_modifier(self, v: Token, entry: dict) -> _Cue | None:
        """'… made a visit and proclaimed victory': spaCy reads 'proclaimed' as an adjective of 'victory'."""
        noun, prev = v.head, self.doc[v.i - 1] if v.i else None
        if not entry.get("np_object") or prev is None or prev.lower_ not in ("and", ","):
            return None
        if noun.dep_ not in ("conj", "dobj") or noun.head.pos_ not in ("VERB", "AUX") or noun.i < v.i:
            return None
        speaker = self.verb_speaker(noun.head)
        if not self.valid_speaker(speaker, in_quote(self.quotes, v.idx) is not None, True):
            return None
        region = span_chars(self.doc, v.i + 1, noun.right_edge.i)
        return _Cue(v, v.text, speaker, region, span_chars(self.doc, v.i, v.i))

    def complement(self, v: Token, entry: dict, speaker: Token, inside: bool):
        """The content region right of a cue (or the previous sentence for 'this was stated').

        Returns (region or None, demonstrative), or None when the cue is not an attribution.
        """
        rights = [c for c in v.children if c.i > v.i]
        region = None
        demonstrative = False
        passive = child(v, "nsubjpass") is not None and not entry.get("object_speaker")
        ccomp = next((c for c in rights if c.dep_ in ("ccomp",)), None)
        if ccomp is None and entry.get("addressee"):
            # "assured residents that …" parsed with the clause hanging on the listener
            for obj in (c for c in rights if c.dep_ in ("dobj", "dative")):
                ccomp = next(
                    (k for k in obj.rights if k.dep_ in ("acl", "relcl", "ccomp") and child(k, "mark")),
                    None,
                )
        dobj = None if entry.get("addressee") else next((c for c in rights if c.dep_ == "dobj"), None)
        if passive:
            subj = child(v, "nsubjpass")
            if subj.lower_ in self.lex.demonstratives:
                region, demonstrative = (None if inside else self.previous_sentence(v)), True
            elif ccomp is not None:
                region = self.right_region(ccomp.left_edge, v)
            else:
                region = span_chars(self.doc, subj.left_edge.i, np_end(subj))
        elif ccomp is not None:
            inner_subj = child(ccomp, "nsubj")
            inner = self.lex.verb(ccomp.lemma_) or {}
            if (
                self.is_verb_cue(ccomp)
                and (not negated(ccomp) or inner.get("negatable"))
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
        elif prep := self.prep_object(rights, entry):
            # "warned of a new offensive": the prepositional object is the claim
            region = self.right_region(child(prep, "pobj").left_edge, v)
        elif entry.get("infinitive") and any(c.dep_ == "xcomp" for c in rights):
            # "urged X to act", "is promising to pay": the object and the infinitive are the claim
            x = next(c for c in rights if c.dep_ == "xcomp")
            obj = next((c for c in rights if c.dep_ in ("dobj", "nsubj") and c.i < x.i), None)
            region = self.right_region((obj or x).left_edge, v)
        elif entry.get("needs_predicate"):
            # "called the statement a pretext": an object plus what it is called, however parsed.
            objs = [c for c in rights if c.dep_ in ("dobj", "oprd") and c.i != speaker.i]
            predicate = (
                len(objs) > 1
                or any(
                    t.dep_ in ("appos", "attr", "oprd", "xcomp") or (t.dep_ == "prep" and t.lower_ == "as")
                    for o in objs
                    for t in o.subtree
                    if t.i != o.i
                )
                or any(c.dep_ == "prep" and c.lower_ == "as" and child(c, "pobj") is not None for c in rights)
            )
            if not objs or not predicate:
                return None
            region = self.right_region(objs[0].left_edge, v)
        elif dobj is not None and entry.get("np_object") and dobj.i != speaker.i:
            if any(c.dep_ == "nummod" for c in dobj.children) or any(
                c.dep_ in ("prep", "dative") and c.lower_ in entry.get("not_with_prep", ()) for c in rights
            ):
                return None  # "claiming 298 lives", "denied visas to the staff": acts, not speech
            region = self.right_region(dobj.left_edge, v)
        else:
            q = self.after_frame_quote(v)
            if q is not None:
                region = (q.open_at, q.outer_end)
        return region, demonstrative

    def prep_object(self, rights: list[Token], entry: dict) -> Token | None:
        """The preposition whose object is the claim; 'called … on Monday' is a date, not content."""
        for c in rights:
            p = child(c, "pobj") if c.dep_ == "prep" and c.lower_ in entry.get("prep_object", ()) else None
            if p is not None and p.ent_type_ not in self.lex.non_source_entities:
                return c
        return None

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
            return self.made_the_remarks(v)
        inside = in_quote(self.quotes, v.idx) is not None
        speaker = self.verb_speaker(v)
        if not self.valid_speaker(speaker, inside) or (inside and speaker.pos_ == "PRON"):
            return None
        target = None
        prep_word = ""
        for holder in (noun, v):
            for c in holder.children:
                if c.i <= noun.i:
                    continue
                if c.dep_ == "prep" and child(c, "pobj", "pcomp") is not None:
                    target, prep_word = child(c, "pobj", "pcomp"), c.text
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

    def made_the_remarks(self, v: Token) -> _Cue | None:
        """'“…” Pahon made the remarks on Monday.': the quote before, spoken by the subject."""
        obj = child(v, "dobj")
        if obj is None or obj.lemma_.lower() not in self.lex.nouns:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this") for c in obj.children):
            return None
        if in_quote(self.quotes, v.idx) is not None:
            return None
        speaker = self.verb_speaker(v)
        region = self.previous_sentence(v)
        if not self.valid_speaker(speaker, False, True) or region is None:
            return None
        if not any(q.open_at <= region[0] + 1 and q.outer_end >= region[1] - 2 for q in self.quotes):
            return None  # only a quote can be "the remarks"
        return _Cue(v, f"{v.text} {obj.text}", speaker, region, self.frame_chars(v, speaker))

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
                g = child(c, "pcomp")
                if g is not None and g.pos_ in ("VERB", "AUX"):
                    clause = g
                    break
        if clause is None:
            return self.demonstrative_noun_cue(n)
        speaker = owner(n)
        inside = in_quote(self.quotes, n.idx) is not None
        if not self.valid_speaker(speaker, inside):
            return None
        first = clause.left_edge.i
        while first < clause.i and self.doc[first].dep_ == "mark":
            first += 1
        region = span_chars(self.doc, first, clause.right_edge.i)
        return _Cue(n, n.text, speaker, region, span_chars(self.doc, n.i, n.i), origin="noun")

    def demonstrative_noun_cue(self, n: Token) -> _Cue | None:
        """'“…” Those were the words of Colonel X.': the previous sentence, spoken by the owner."""
        head = n.head
        if n.dep_ != "attr" or head.lemma_ != "be":
            return None
        subj = child(head, "nsubj")
        if subj is None or subj.lower_ not in self.lex.demonstratives:
            return None
        speaker = owner(n)
        if in_quote(self.quotes, n.idx) is not None or not self.valid_speaker(speaker, False):
            return None
        region = self.previous_sentence(n)
        if region is None:
            return None
        frame = span_chars(self.doc, subj.i, np_end(n))
        return _Cue(n, f"{subj.text} {head.text} the {n.text} of", speaker, region, frame, origin="noun")

    def according_cue(self, t: Token) -> _Cue | None:
        low = t.lower_
        for phrase in self.lex.according:
            if phrase[0] != low or t.i + len(phrase) > len(self.doc):
                continue
            nxt = self.doc[t.i + 1].lower_ if len(phrase) > 1 else ""
            if len(phrase) > 1 and phrase[1] not in ("*", nxt):
                continue  # cheap test before building the span
            words = self.doc[t.i : t.i + len(phrase)]
            if any(p != "*" and w.lower_ != p for w, p in zip(words, phrase, strict=True)):
                continue
            last = words[-1]
            wild = [w for w, p in zip(words, phrase, strict=True) if p == "*"]
            src = wild[0] if wild else child(last, "pobj")
            if src is None and last.i + 1 < len(self.doc):
                nxt = self.doc[last.i + 1 :]
                src = next((w for w in nxt[:6] if w.dep_ == "pobj"), None)
            if src is None or src.lemma_.lower() in self.lex.data_nouns:
                return None
            if any(c.dep_ == "compound" and c.lemma_.lower() in self.lex.data_nouns for c in src.children):
                return None
            if src.ent_type_ in self.lex.non_source_entities:
                return None  # "according to Tuesday's schedule"
            if src.lemma_.lower() in self.lex.document_nouns:
                src = owner(src) or src  # "according to a statement from the ministry"
            inside = in_quote(self.quotes, t.idx) is not None
            if not self.valid_speaker(src, inside, any_noun=True):
                return None
            sent = t.sent
            # The frame takes the source's whole phrase: "people familiar with the plans", "X quoted by Y".
            tail = src.right_edge.i if src.right_edge.i < sent.end else np_end(src)
            fs, fe = span_chars(self.doc, t.i, max(last.i, tail))
            left = trim_span(self.text, sent.start_char, fs, lead=LEAD, tail=SOFT_TAIL)
            right = trim_span(self.text, fe, sent.end_char, lead=LEAD, tail=" \t\n\r\u00a0")
            region = right if (right[1] - right[0]) >= (left[1] - left[0]) else left
            if region[1] <= region[0]:
                return None
            return _Cue(t, words.text, src, region, (fs, fe), origin="according")
        return None

    # assembling -----------------------------------------------------------
    def mention_kind(self, tok: Token) -> str:
        if tok.lower_ in PERSONAL:
            return "pronoun"
        first, last = mention_bounds(tok)
        span = self.doc[first : last + 1]
        if any(t.ent_type_ == "PERSON" for t in span):
            return "name"
        if any(t.dep_ == "appos" and t.pos_ == "PROPN" for t in span):
            return "name"  # "the UN envoy, Staffan de Mistura," with a name NER missed
        if tok.lemma_.lower() in self.lex.descriptions and (tok.pos_ != "PROPN" or not tok.ent_type_):
            return "description"  # also a capitalised title alone: "the Prime Minister said"
        if (
            tok.pos_ == "NOUN"
            and (tok.tag_ == "NNS" or span[0].lower_ in ("a", "an"))
            and not any(t.pos_ == "PROPN" or t.ent_type_ for t in span)
        ):
            return "description"  # "Sources close to the ministry": an unnamed source, not a name
        return "name"

    def to_raw(self, cue: _Cue) -> list[RawClaim]:
        sp = cue.speaker
        out = []
        if sp is not None:
            first, last = mention_bounds(sp)
            s_start, s_end = span_chars(self.doc, first, last)
            kind = self.mention_kind(sp)
        else:
            s_start = s_end = None
            kind = "none"
        sent = cue.head.sent
        for a, b, k in [c for r in (cue.region, *cue.more) for c in self.region_claims(*r)]:
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


def find_claims(doc: Doc, quotes: list[Quote], lexicon: Lexicon) -> list[RawClaim]:
    return ClaimFinder(doc, quotes, lexicon).find()
