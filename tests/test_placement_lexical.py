"""The lexical share of a claim's similarity to a position's texts: exact shared stems, no hash collisions."""

import numpy as np
import pytest

from narratives.nlp.definitions import parse_definitions
from narratives.nlp.placement.lexical import StemIndex, stem_bag
from narratives.nlp.placement.profiles import LEXICAL, build_profiles, position_votes

# "garden", "frost" and "island" fell into one bucket, with one sign, of the 256-bucket hashed bag of
# stems: a claim about an island matched a position about gardens as if it said the same words.
GARDENS = {
    "events": [
        {
            "slug": "orchard-dispute",
            "title": "The orchard dispute",
            "description": "Who owns the old orchard.",
            "start_date": "2031-05-01",
            "end_date": None,
            "positions": [
                {
                    "slug": "gardens",
                    "label": "Gardens",
                    "opposite": None,
                    "description": "The garden froze.",
                    "examples": ["Garden frost."],
                },
                {
                    "slug": "ferries",
                    "label": "Ferries",
                    "opposite": None,
                    "description": "The ferry sails at dawn.",
                    "examples": ["The island ferry sails daily."],
                },
            ],
        }
    ]
}


class Blind:
    """An embedder that sees nothing: only the lexical share is left."""

    def embed(self, texts):
        return np.zeros((len(texts), 4), dtype=np.float32)


@pytest.fixture(scope="module")
def profile():
    return build_profiles(parse_definitions(GARDENS), Blind())["orchard-dispute"]


def test_texts_without_a_shared_stem_score_zero(profile):
    votes = position_votes(np.zeros(4, dtype=np.float32), 1, profile, stem_bag("Island"))
    assert votes["gardens"] == 0.0
    assert votes["ferries"] > 0.0


def test_the_same_words_score_the_whole_lexical_share(profile):
    votes = position_votes(np.zeros(4, dtype=np.float32), 1, profile, stem_bag("gardens frost"))
    # the best two texts: "Garden frost." (cosine 1) and "The garden froze." (one stem of two: 1/2)
    assert votes["gardens"] == pytest.approx(LEXICAL * (1 + 0.5) / 2, abs=1e-6)
    assert votes["ferries"] == 0.0


def test_the_bag_is_an_exact_cosine_of_stem_counts():
    index = StemIndex(["the harbour bridge was rebuilt", "farmers protest prices, prices, prices"])
    claim = stem_bag("the bridge and the harvest")  # "harvest" collided with "rebuilt"
    sims = index.rows @ index.vector(claim)
    assert sims == pytest.approx([1 / (np.sqrt(3) * np.sqrt(2)), 0.0], abs=1e-6)
    assert stem_bag("the of and") == {}
    assert index.vector({}).sum() == 0.0
