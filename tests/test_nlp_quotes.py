"""Quote-mark detection on raw text; sentences written for these tests."""

from narratives.nlp.quotes import find_quotes, is_apostrophe, quote_sentences


def inner(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_straight_double_quotes():
    text = 'The mayor said: "The bridge will open in May." Nobody believed him.'
    assert inner(text) == ["The bridge will open in May."]


def test_curly_double_quotes():
    text = "“We have done our part,” the envoy said."
    assert inner(text) == ["We have done our part,"]


def test_low_high_and_guillemet_quotes():
    assert inner("Er sagte „Wir bleiben“ und ging.") == ["Wir bleiben"]
    assert inner("The paper wrote «a bitter defeat» on Monday.") == ["a bitter defeat"]


def test_single_curly_quotes_pair_but_apostrophes_do_not():
    text = "‘We will not leave,’ the colonel’s deputy said of the soldiers’ base."
    assert inner(text) == ["We will not leave,"]


def test_apostrophes_are_not_quote_marks():
    text = "The ministry’s aide said it wasn't the troops' fault and they’d stay."
    assert find_quotes(text) == []
    assert is_apostrophe(text, text.index("’"))
    assert is_apostrophe(text, text.index("'"))


def test_quote_running_over_several_sentences():
    text = "“The port is closed. Ships are waiting. Nobody knows why,” a trader said."
    (q,) = find_quotes(text)
    spans = [text[a:b] for a, b in quote_sentences(text, q.start, q.end)]
    assert spans == ["The port is closed", "Ships are waiting", "Nobody knows why"]


def test_quote_continued_over_paragraphs_with_reopening_mark():
    text = "“The first point is the ceasefire.\n\n“The second is the aid corridor,” the minister said."
    (q,) = find_quotes(text)
    spans = [text[a:b] for a, b in quote_sentences(text, q.start, q.end)]
    assert spans == ["The first point is the ceasefire", "The second is the aid corridor"]


def test_quote_continued_into_a_paragraph_without_opening_mark():
    # Translated copy: the next paragraph carries on and closes with a stray opening-shaped mark.
    text = "“Talks must go on.\n\nThe format worked in the past, “the general said."
    (q,) = find_quotes(text)
    assert text[q.start : q.end].endswith("worked in the past, ")
    assert q.close_at == text.index("“the general")


def test_misplaced_opening_mark_used_as_closing_mark():
    text = "“Supplies are short. Winter is coming, “said the aid worker. The trucks left at dawn."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "Supplies are short. Winter is coming, "


def test_nested_quote_inside_a_quote():
    text = "“They call it “a temporary measure” but it has lasted years,” the lawyer said."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "They call it “a temporary measure” but it has lasted years,"


def test_nested_straight_quote_with_one_closing_mark():
    text = 'A notice reads: "As the charter says, "every member shall help... which is why we act."\n'
    (q,) = find_quotes(text)
    assert text[q.start : q.end].startswith("As the charter says")
    assert text[q.start : q.end].endswith("we act.")


def test_partial_quotes_inside_reported_speech():
    text = 'The senator said the plan was "dead on arrival" and "a waste of money".'
    assert inner(text) == ["dead on arrival", "a waste of money"]


def test_unclosed_quote_stops_at_paragraph_end():
    text = "He wrote “we will see\n\nThe next paragraph is narration."
    (q,) = find_quotes(text)
    assert q.close_at is None
    assert text[q.start : q.end] == "we will see"


def test_sentence_split_keeps_abbreviations_and_lowercase_ellipsis():
    text = "Gen. Smith met Mr. Lee in the U.S. capital... and then left. The talks ended … Nobody spoke."
    spans = [text[a:b] for a, b in quote_sentences(text, 0, len(text))]
    assert spans == [
        "Gen. Smith met Mr. Lee in the U.S. capital... and then left",
        "The talks ended",
        "Nobody spoke",
    ]


def test_no_is_a_word_unless_a_number_follows():
    text = "No. We are not done. The rule in Art. 5 and No. 7 applies."
    spans = [text[a:b] for a, b in quote_sentences(text, 0, len(text))]
    assert spans == ["No", "We are not done", "The rule in Art. 5 and No. 7 applies"]
