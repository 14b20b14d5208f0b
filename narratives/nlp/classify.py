"""Assign a claim to an event and a position, from data only (Event.terms, Position.cue_terms).

Term syntax (one term per line, as typed in the admin textarea)
----------------------------------------------------------------
``withdraw troops``
    Words in sequence, case-insensitive, matched on word stems of both the surface words and their
    lemmas: ``withdraw troop`` also matches "withdrew troops" and "withdrawing the troops" is *not*
    matched (words must be adjacent; use ``..`` for a gap).
``ISIS``
    A word written in capitals (two letters or more) matches only that exact capitalised word, so
    ``IS`` (the group) never matches the verb "is" and ``US`` never matches "us".
``liberat*``
    A trailing ``*`` matches any word starting with the prefix (liberate, liberated, liberation).
``=defeated``
    A leading ``=`` matches that exact word form only ("defeated", not "defeat" or "defeating").
``no .. reason*``
    ``..`` allows up to three words in between ("no more reasons", "no legal reason").
``# troops``
    ``#`` matches a number, in digits or words ("2,000 troops", "a couple thousand troops").
``premature | 2.5``
    An optional weight after ``|`` (default 1). Event terms may have negative weights: topics that
    mark a claim as *not* about the event ("ceasefire | -1.5"). A weight of 0 makes a neutral phrase
    that masks the shorter terms inside it ("to defeat | 0" keeps "defeat" from counting).

Parsing and matching live in ``terms.py``. Terms are optional: the classifier
(``placement/classifier.py``) also places claims from the events' and positions' descriptions and
examples, the claim's grammar (negation, rejection, denial cues, modality, contrast) and, when given,
models fitted on analysts' labelled claims (``placement/learn.py``). ``EventClassifier`` is that
classifier, under the name the rest of the app uses.
"""

from __future__ import annotations

from .placement.classifier import Classification, Classifier, Memo
from .placement.learn import EventModel, LabelledClaim, fit_event_model, fit_event_models
from .terms import Hit, Term, TermIndex, Tok, find_hits, parse_term, stem, term_errors, tokenize

EventClassifier = Classifier


__all__ = [
    "Classification",
    "Classifier",
    "EventClassifier",
    "EventModel",
    "Hit",
    "LabelledClaim",
    "Memo",
    "Term",
    "TermIndex",
    "Tok",
    "find_hits",
    "fit_event_model",
    "fit_event_models",
    "parse_term",
    "stem",
    "term_errors",
    "tokenize",
]
