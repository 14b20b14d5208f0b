"""The pipeline's boundary: the knowledge-dependent component, plain results, worker processes."""

from pathlib import Path

import srsly

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract_many, get_nlp, result_from_plain, result_to_plain

CORPUS = Path(__file__).resolve().parent.parent / "narratives" / "data" / "corpus"


def corpus_texts(n: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:n]]


def test_results_survive_the_msgpack_trip_from_a_worker():
    results = list(extract_many(corpus_texts(5), demo_knowledge()))
    claims = [c for r in results for c in r.claims]
    assert any(c.speaker is not None for c in claims) and any(c.quantity is not None for c in claims)
    assert any(r.figures for r in results)
    for result in results:
        plain = srsly.msgpack_loads(srsly.msgpack_dumps(result_to_plain(result)))
        assert result_from_plain(plain) == result


def test_two_worker_processes_extract_what_one_process_does():
    """With n_process=2, speakers, events and figures are resolved inside spaCy's workers."""
    texts = corpus_texts(2)
    knowledge = demo_knowledge()
    assert list(extract_many(texts, knowledge, n_process=2, batch_size=1)) == list(
        extract_many(texts, knowledge)
    )


def test_a_bare_nlp_call_without_knowledge_leaves_no_result():
    doc = get_nlp()("“We will not leave,” the minister said.")
    assert doc._.parallax_claims and doc._.parallax_result is None


def _line_starts_walking_every_token(doc):
    """The rule of parallax_paragraphs written as a walk over every token (what it replaced)."""
    starts = []
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        gap = before.text + before.whitespace_ if before.is_space else before.whitespace_
        if "\n" not in gap:
            continue
        word = doc[tok.i - 2] if before.is_space and tok.i > 1 else before
        if not (gap.count("\n") == 1 and not word.is_punct and not word.is_space and tok.text[:1].islower()):
            starts.append(tok.i)
    return starts


def test_line_breaks_start_sentences_except_where_they_only_wrap_one():
    texts = [
        "The minister said the troops\nwould stay until spring.\nOfficials disagreed.",
        "Headline: Bridge reopens\n\nThe mayor said on Monday it was safe.",
        "A wrapped line,\nstill the same sentence. \n  \nA new paragraph\r\nafter a CRLF.\n",
        "\nStarts with a break.\n\n\nand three before a lower-case word\n.\n",
        "No line breaks at all.",
    ]
    nlp = get_nlp()
    paragraphs = nlp.get_pipe("parallax_paragraphs")
    for text in texts:
        doc = paragraphs(nlp.make_doc(text))
        expected = _line_starts_walking_every_token(doc)
        set_here = [tok.i for tok in doc[1:] if tok.is_sent_start]
        assert set_here == expected, text
    doc = nlp(texts[0])
    assert [s.text.strip() for s in doc.sents] == [
        "The minister said the troops\nwould stay until spring.",
        "Officials disagreed.",
    ]
