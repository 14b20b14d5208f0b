"""Issue 13: the lexicon is data. No word list may sit in the extractor's code (``narratives/nlp``).

A word list is three or more lower-case words written together in the source: a set, tuple or list of
strings, a table of words to constant values, a string of words to ``split()``, or a regex alternation
(``(?:a|b|c)``, ``(a|b|c)``). Such lists belong in ``narratives/data/lexicon/*.json`` (one per concept),
read through ``narratives.nlp.lexicon``. Grammar stays in code: spaCy's dependency, part-of-speech and
entity labels (``spacy.glossary``) do not count, nor does punctuation.
"""

import ast
import json
import re
from pathlib import Path

from spacy.glossary import GLOSSARY

REPO = Path(__file__).resolve().parent.parent
NLP = REPO / "narratives" / "nlp"
LEXICON = REPO / "narratives" / "data" / "lexicon"
WORD = re.compile(r"[a-z][a-z'.\-]*")
ALTERNATION = re.compile(r"\((?:\?:)?([a-z|]+)\)")
MIN_WORDS = 3

# Names, not words: field names and keys of the code's own data, and a regex of ordinal suffixes.
NOT_LEXICON = {
    frozenset({"slug", "title", "description", "terms", "positions"}): "event definition fields",
    frozenset({"slug", "label", "description", "opposite", "examples", "terms"}): "position fields",
    frozenset({"gold", "predicted", "matched"}): "evaluation count fields",
    frozenset({"content", "sentence", "paragraph", "document"}): "classifier text scopes",
    frozenset({"gap", "number", "prefix", "exact", "caps", "stem", "proper"}): "term part kinds",
    frozenset({"st", "nd", "rd", "th"}): "ordinal suffixes of digits (1st, 22nd)",
    frozenset({"model", "mode", "overwrite"}): "spaCy lemmatizer config fields",
}


def _words(strings) -> frozenset[str]:
    return frozenset(s for s in strings if WORD.fullmatch(s) and s not in GLOSSARY)


def _strings(nodes) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _constant(node) -> bool:
    """A literal value: ``3``, ``"x"``, ``10**6``."""
    literal = ast.Constant | ast.BinOp | ast.UnaryOp | ast.operator | ast.unaryop
    return all(isinstance(n, literal) for n in ast.walk(node))


def _docstrings(tree) -> set[int]:
    """ids of docstring constants (module, class and function docstrings)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _split(tree) -> set[int]:
    """ids of strings split into words: ``"a b c".split()``, or ``X = "a b c"`` and ``X.split()``."""
    receivers, names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split":
            if isinstance(node.func.value, ast.Constant):
                receivers.add(id(node.func.value))
            elif isinstance(node.func.value, ast.Name):
                names.add(node.func.value.id)
    for node in ast.walk(tree):
        named = isinstance(node, ast.Assign) and any(getattr(t, "id", None) in names for t in node.targets)
        if named and isinstance(node.value, ast.Constant):
            receivers.add(id(node.value))
    return receivers


def word_lists(source: str) -> list[tuple[int, list[str]]]:
    """(line, words) of every word list written in ``source``."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    split = _split(tree)
    # a class's __slots__ name its own attributes, not words of the language
    slots = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__slots__" for t in node.targets)
    }
    found = []
    for node in ast.walk(tree):
        words: frozenset[str] = frozenset()
        if id(node) in slots:
            continue
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            words = _words(_strings(node.elts))
        elif isinstance(node, ast.Dict) and all(_constant(v) for v in node.values):
            words = _words(_strings(k for k in node.keys if k is not None))  # a table: {"one": 1, …}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if id(node) in split and _words(node.value.split()) == frozenset(node.value.split()):
                words = frozenset(node.value.split())  # _NOISE = """a an the"""; _NOISE.split()
            for alternatives in ALTERNATION.findall(node.value):
                if len(_words(alternatives.split("|"))) >= MIN_WORDS:
                    words = _words(alternatives.split("|"))  # r"^(?:the|a|an)\s+"
        if len(words) >= MIN_WORDS and not any(words <= names for names in NOT_LEXICON):
            found.append((node.lineno, sorted(words)))
    return found


def test_no_word_lists_in_the_extractor_code():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {words}"
        for path in sorted(NLP.rglob("*.py"))
        for line, words in word_lists(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "word lists belong in narratives/data/lexicon/*.json, read through narratives.nlp.lexicon "
        "(or, for names of the code's own fields, in NOT_LEXICON here):\n  " + "\n  ".join(offenders)
    )


def test_the_check_finds_each_shape_of_word_list():
    source = '''
STOP = frozenset({"the", "a", "an"})
def f(tok):
    return tok.lower_ in ("this", "that", "these") and tok.dep_ in ("nsubj", "dobj", "pobj")
VALUES = {"one": 1, "two": 2, "million": 10**6}
NOISE = """um uh er""".split()
LEADING = r"^(?:the|a|an)\\s+|\\b(it|that|he)'s\\b"
_FILLERS = """so like you know"""
FILLERS = frozenset(_FILLERS.split())
ERROR = f"{name}: used twice in this event"
'''
    assert sorted(line for line, _ in word_lists(source)) == [2, 4, 5, 6, 7, 8]
    # spaCy labels, punctuation, field names and dicts built from code are not word lists
    assert not word_lists('D = {"nsubj", "dobj", "ORG", ",", ";"}\nO = {"a": x.a, "b": x.b, "c": x.c}')


def test_every_lexicon_file_says_what_it_holds():
    for path in sorted(LEXICON.glob("*.json")):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")).get("_doc"), str), path.name
