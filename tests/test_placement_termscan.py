"""A claim's and its sentence's term hits read off its paragraph's scan are those of scanning them alone."""

from narratives.nlp.placement.termscan import scan_paragraph, slice_scan
from narratives.nlp.terms import TermIndex, find_hits, parse_term, tokenize

TERMS = ["withdraw .. troop", "# troops", "not defeated", "defeated", "=pullout", "Hmeimim", "partial*"]
PARAGRAPH = (
    "Moscow said it would withdraw most of its troops – but 2,000 troops stay at Hmeimim. "
    "Officials don't think ISIS is defeated, though others say it is not defeated yet; "
    "a partial pullout began."
)


def index():
    return TermIndex([parse_term(t, event="e", position="p") for t in TERMS])


def alone(text):
    toks = tokenize(text)
    return toks, find_hits(index(), toks)


def test_every_piece_of_a_paragraph_gets_the_hits_of_its_own_scan():
    idx = index()
    paragraph = scan_paragraph(idx, PARAGRAPH, {})
    words = PARAGRAPH.split(" ")
    sliced = 0
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            text = " ".join(words[i:j])
            found = slice_scan(PARAGRAPH, paragraph, text)
            if found is not None:
                sliced += 1
                assert found == alone(text), text
    assert sliced > 500  # most pieces are read off the paragraph


def test_pieces_that_only_a_scan_of_their_own_can_read():
    paragraph = scan_paragraph(index(), PARAGRAPH, {})
    assert (
        slice_scan(PARAGRAPH, paragraph, "– but 2,000 troops") is None
    )  # a dash is a token only between spaces
    assert slice_scan(PARAGRAPH, paragraph, "but 2,0") is None  # cuts a number
    assert slice_scan(PARAGRAPH, paragraph, "Officials do") is None  # cuts "don't" (do + n't)
    assert slice_scan(PARAGRAPH, paragraph, "withdraw most of its") is None  # the paragraph's match runs on
    assert slice_scan(PARAGRAPH, paragraph, "not in the paragraph") is None
