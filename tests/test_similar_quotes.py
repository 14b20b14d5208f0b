"""Near-identical quotes credited to different speakers or outlets are linked, with their similarity."""

from narratives.nlp.similar import Quote, similar_groups

BASE = "We will keep our forces in the region until the last of the fighters has been driven out"


def test_exact_and_near_identical_quotes_are_one_group():
    quotes = [
        Quote(1, BASE, speaker="a", outlet="x"),
        Quote(2, BASE.replace("We will", "We'll") + ".", speaker="b", outlet="y"),  # punctuation, contraction
        Quote(3, BASE.replace("the last of", "the last"), speaker="c", outlet="z"),  # a word dropped
        Quote(4, BASE.replace("driven out", "expelled"), speaker="d", outlet="z"),  # a translation variant
        Quote(
            5, "Talks on the border crossing will resume next week in the capital", speaker="e", outlet="x"
        ),
    ]
    (group,) = similar_groups(quotes)
    assert group.keys == [1, 2, 3, 4]
    assert group.similarity[2] == 100 and 82 <= group.similarity[4] < 100


def test_one_speaker_in_one_outlet_repeating_itself_is_not_shown():
    quotes = [Quote(1, BASE, speaker="a", outlet="x"), Quote(2, BASE + ".", speaker="a", outlet="x")]
    assert similar_groups(quotes) == []


def test_short_quotes_match_only_exactly_and_different_ones_stay_apart():
    (exact,) = similar_groups(
        [Quote(1, "This is great news", speaker="a", outlet="x"), Quote(2, "This is great news!", "b", "y")]
    )
    assert exact.keys == [1, 2] and exact.lowest == 100
    quotes = [
        Quote(1, "This is great news", speaker="a", outlet="x"),
        Quote(2, "This is good news", speaker="b", outlet="y"),
        Quote(3, "The convoy reached the northern bridge before dawn on Friday", speaker="c", outlet="x"),
        Quote(4, "The ministry denied that any convoy had crossed the river", speaker="d", outlet="y"),
    ]
    assert similar_groups(quotes) == []
