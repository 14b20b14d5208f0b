"""spaCy's two rule components, attribute ruler and lemmatizer, read from tables: the same result, faster.

The trained pipeline's ``attribute_ruler`` maps tags to POS, morphology and some lemmas with ~180
patterns, nearly all of one token ("TAG DT and LOWER the"). spaCy runs them through its general
``Matcher``, which took about 8% of the bare pipeline's time here (0.6 s of CPU per 30k words). Whether a
token passes a one-token test depends only on its own attributes, so each distinct combination of them is
tested once and remembered (a string no test names counts only by its regex outcomes, so the table stays
a few hundred entries whatever the vocabulary); a fixed sequence of such tests ("gon" + "na") is checked
from the positions where its first test passed. Patterns with operators the table does not read ("OP",
"LENGTH", ...) still go through a ``Matcher``. Matches are applied in spaCy's own order (pattern number,
then position) by spaCy's own ``set_annotations``, so every token ends with the same tag, POS, morphology
and lemma (tested token by token against the stock component).

The rule lemmatizer's answer depends only on a token's text, POS and morphology (spaCy caches it by just
these), but spaCy still visits every token in Python (0.3 s per 30k words). Here the tokens without a
lemma are read as one array, each distinct (text, POS, morphology) is lemmatized once by spaCy's own
``lemmatize``, and the lemmas are written back as one array (remembered up to MEMO_LIMIT, like spaCy's own
unbounded cache, which it also fills).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from spacy.attrs import DEP, IS_PUNCT, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler

# the attributes a table test may read: each is read for the whole doc at once (``Doc.to_array``)
_STRING_ATTRS = {"TAG": TAG, "DEP": DEP, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM}
_FLAG_ATTRS = {"IS_SPACE": IS_SPACE, "IS_PUNCT": IS_PUNCT}
MEMO_LIMIT = 50_000  # entries remembered; cleared past it so memory stays flat
# A string no test names reads as one of a few classes (its outcome under the regex tests of its slot), so
# the ruler's table does not grow with the vocabulary. Class ids are small numbers, which no 64-bit string
# hash in practice is.
FIRST_CLASS = 1

Test = Callable[[tuple], bool]
Anchor = tuple[int, frozenset[int]] | None  # (slot, values): a token passes only with one of them there


class TableAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose fixed-length patterns are read from a per-token-signature table."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clear()

    def clear(self) -> None:
        super().clear()
        self._attrs: list[int] = []  # attribute ids of a token's signature, in slot order
        self._elements: list[tuple[Test, ...]] = []  # one-token tests, each a conjunction
        self._anchored: dict[tuple[int, int], list[int]] = {}  # (slot, value) -> elements needing it
        self._free: list[int] = []  # elements with no such value: tried on every new signature
        self._single: list[tuple[int, int]] = []  # (pattern number, element)
        self._multi: list[tuple[int, tuple[int, ...]]] = []  # (pattern number, elements in sequence)
        self._rest = Matcher(self.vocab, validate=self.validate)
        self._memo: dict[tuple, tuple[tuple[int, ...], frozenset[int]]] = {}
        self._named: dict[int, set[int]] = {}  # string slot -> the values its tests name
        self._regexes: dict[int, list[re.Pattern]] = {}  # string slot -> its regex tests
        self._classes: dict[int, dict[tuple[bool, ...], int]] = {}  # slot -> regex outcomes -> class id
        self._ids: dict[int, int] = {}  # pattern number -> its match id, as the Matcher reports it

    def add(self, patterns, attrs, index=0) -> None:
        super().add(patterns, attrs, index)
        key = len(self.attrs) - 1
        for pattern in patterns:
            elements = [self._element(token) for token in pattern]
            if not elements or None in elements:
                self._rest.add(str(key), [pattern])
            elif len(elements) == 1:
                self._single.append((key, elements[0]))
            else:
                self._multi.append((key, tuple(elements)))
        self._memo.clear()
        self._classes.clear()  # outcomes under the regexes known so far

    def _element(self, token: dict) -> int | None:
        """The id of a one-token test (a new one if needed), or None if it reads what the table cannot."""
        tests, anchors = [], []
        for name, value in token.items():
            read = self._test(name, value)
            if read is None:
                return None
            tests.append(read[0])
            if read[1] is not None:
                anchors.append(read[1])
        element = len(self._elements)
        self._elements.append(tuple(tests))
        if anchors:  # indexed under its narrowest required value set
            slot, values = min(anchors, key=lambda a: len(a[1]))
            for value in values:
                self._anchored.setdefault((slot, value), []).append(element)
        else:
            self._free.append(element)
        return element

    def _slot(self, attr: int) -> int:
        if attr not in self._attrs:  # a new attribute takes the next slot; earlier slots stay put
            self._attrs.append(attr)
        return self._attrs.index(attr)

    def _test(self, name: str, value) -> tuple[Test, Anchor] | None:
        """A test of one attribute as ``Doc.to_array`` gives it (a string's hash, a flag's 0/1)."""
        if name in _FLAG_ATTRS:
            if not isinstance(value, bool):
                return None
            slot, flag = self._slot(_FLAG_ATTRS[name]), int(value)
            return (lambda sig: sig[slot] == flag), (slot, frozenset([flag]))
        if name not in _STRING_ATTRS:
            return None
        if isinstance(value, str):
            slot, code = self._slot(_STRING_ATTRS[name]), self.vocab.strings.add(value)
            self._named.setdefault(slot, set()).add(code)
            return (lambda sig: sig[slot] == code), (slot, frozenset([code]))
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (op, arg), strings = next(iter(value.items())), self.vocab.strings
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            slot, codes = self._slot(_STRING_ATTRS[name]), frozenset(strings.add(v) for v in arg)
            self._named.setdefault(slot, set()).update(codes)
            if op == "IN":
                return (lambda sig: sig[slot] in codes), (slot, codes)
            return (lambda sig: sig[slot] not in codes), None
        if op == "REGEX" and isinstance(arg, str):
            slot, regex = self._slot(_STRING_ATTRS[name]), re.compile(arg)
            self._named.setdefault(slot, set())
            regexes = self._regexes.setdefault(slot, [])
            regexes.append(regex)
            k = len(regexes) - 1
            return (lambda sig: self._search(slot, k, sig[slot])), None
        return None

    def _search(self, slot: int, k: int, value: int) -> bool:
        """Regex test ``k`` of ``slot`` on a value, or on a class of values no test names."""
        for outcomes, class_id in self._classes.get(slot, {}).items():
            if class_id == value:
                return outcomes[k]
        return self._regexes[slot][k].search(self.vocab.strings[value]) is not None

    def _signatures(self, doc) -> list:
        """Each token's signature: its attributes, with strings no test names read as their class."""
        table = doc.to_array(self._attrs)
        strings = self.vocab.strings
        for slot, named in self._named.items():
            column = table[:, slot]
            unnamed = ~np.isin(column, np.fromiter(named, dtype=np.uint64, count=len(named)))
            if not unnamed.any():
                continue
            regexes = self._regexes.get(slot, ())
            values, where = np.unique(column[unnamed], return_inverse=True)
            classes = self._classes.setdefault(slot, {})
            ids = [
                classes.setdefault(
                    tuple(r.search(strings[int(v)]) is not None for r in regexes), FIRST_CLASS + len(classes)
                )
                for v in values
            ]
            column[unnamed] = np.array(ids, dtype=np.uint64)[where]
        return table.tolist()

    def _read(self, sig: tuple) -> tuple[tuple[int, ...], frozenset[int]]:
        """What a token of this signature matches: its one-token pattern numbers (in order, each once)
        and the elements it passes that sequences use."""
        elements = self._elements
        candidates = [*self._free]
        for slot, value in enumerate(sig):
            candidates += self._anchored.get((slot, value), ())
        passed = {e for e in candidates if all(test(sig) for test in elements[e])}
        keys = tuple(dict.fromkeys(key for key, element in self._single if element in passed))
        in_sequences = {e for _, sequence in self._multi for e in sequence}
        return keys, frozenset(passed & in_sequences)

    def match(self, doc):
        memo = self._memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        found: set[tuple[int, int, int]] | list[tuple[int, int, int]] = []
        starts: dict[int, list[int]] = {}  # element -> positions of the tokens that pass it
        passes: list[frozenset[int]] = []  # per token, the sequence elements it passes
        if self._elements and len(doc):
            rows = self._signatures(doc) if self._attrs else [()] * len(doc)
            for i, row in enumerate(rows):
                sig = tuple(row) if isinstance(row, list) else (row,)
                read = memo.get(sig)
                if read is None:
                    read = memo[sig] = self._read(sig)
                keys, elements = read
                for key in keys:
                    found.append((key, i, i + 1))
                passes.append(elements)
                for element in elements:
                    starts.setdefault(element, []).append(i)
        if self._multi:
            for key, sequence in self._multi:
                for i in starts.get(sequence[0], ()):
                    end = i + len(sequence)
                    if end <= len(doc) and all(e in passes[i + j] for j, e in enumerate(sequence)):
                        found.append((key, i, end))
            found = set(found)  # one match per pattern number and span, as the Matcher gives
        strings = self.vocab.strings
        if len(self._rest):
            found = set(found) | {(int(strings[m]), s, e) for m, s, e in self._rest(doc, allow_missing=True)}
        ids = self._ids
        for key, _, _ in found:
            if key not in ids:
                ids[key] = strings[str(key)]
        # spaCy's order: by pattern number (later patterns win), then by position
        return sorted((key, ids[key], s, e) for key, s, e in found)


@Language.factory("parallax_attribute_ruler", default_config={"validate": False})
def make_table_attribute_ruler(nlp: Language, name: str, validate: bool) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name, validate=validate)


class TableLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, run once per distinct (text, POS, morphology) of a doc's tokens."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma, as hashes

    def __call__(self, doc):
        if self.overwrite or self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            return super().__call__(doc)  # spaCy validates its tables (and raises) on the first call
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.flatnonzero(table[:, 3] == 0)  # a lemma set before (the attribute ruler's) stays
        if not len(todo):
            return doc
        memo = self._lemmas
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        add = self.vocab.strings.add
        for i, (orth, pos, morph) in zip(todo.tolist(), table[todo, :3].tolist(), strict=True):
            lemma = memo.get((orth, pos, morph))
            if lemma is None:
                token = doc[i]
                if token.pos_ in ("", "eol", "space"):
                    # spaCy neither caches these nor stays silent (a missing POS warns): its own path
                    table[i, 3] = add(self.lemmatize(token)[0])
                    continue
                lemma = memo[(orth, pos, morph)] = add(self.lemmatize(token)[0])
            table[i, 3] = lemma
        doc.from_array([LEMMA], table[:, 3:4])
        return doc


@Language.factory("parallax_lemmatizer", default_config={"model": None, "mode": "rule", "overwrite": False})
def make_table_lemmatizer(nlp: Language, name: str, model, mode: str, overwrite: bool) -> TableLemmatizer:
    return TableLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


def use_table_ruler(nlp: Language) -> None:
    """Swap the pipeline's ``attribute_ruler`` and English rule ``lemmatizer`` for the table versions, with
    the same patterns, lookup tables and names."""
    if "attribute_ruler" in nlp.pipe_names and type(nlp.get_pipe("attribute_ruler")) is AttributeRuler:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        new = nlp.replace_pipe("attribute_ruler", "parallax_attribute_ruler")
        new.add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names:
        old = nlp.get_pipe("lemmatizer")
        if type(old) is EnglishLemmatizer and old.mode == "rule":
            new = nlp.replace_pipe("lemmatizer", "parallax_lemmatizer", config={"overwrite": old.overwrite})
            new.lookups = old.lookups
            new._validated = old._validated
