"""Issue 13, attribution beyond the sample articles (branch ``attr2``). Every sentence was written for these
tests."""

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


# --- a quote over several paragraphs is claimed once ----------------------------------


def test_quote_over_paragraphs_is_not_also_a_continuation():
    text = (
        "Anna Kowal, the head of the river authority, said the dam would hold.\n\n"
        '"We are checking every gate twice a day," she said.\n\n'
        '"We have three worries — the rain, the old pumps and the pressure on the east wall.\n\n'
        '"Also the road to the dam is flooded.\n\n'
        '"And finally, nobody knows how long the storm will last?" Ms Kowal said.\n'
    )
    claims = run(text)
    contents = [c.content for c in claims]
    assert len(contents) == len(set(contents))
    assert contents[-1] == "And finally, nobody knows how long the storm will last?"
    assert {c.speaker_mention for c in claims[-3:]} == {"Ms Kowal"}


# --- a place named inside a clause of the speaker's phrase is not the speaker ----------


def test_name_inside_a_clause_of_a_collective_speaker_is_not_the_speaker():
    text = (
        "The Bridge Inspection Board opened its inquiry in March. Inspectors on the hunt for those "
        "responsible for blowing up the old bridge in Bulgaria are now convinced the cables were cut."
    )
    claims = run(text)
    assert [(c.content, c.speaker.name) for c in claims] == [
        ("the cables were cut", "Bridge Inspection Board")
    ]


# --- countries speaking together are one joint speaker ---------------------------------


def test_conjoined_countries_are_one_joint_speaker():
    text = "Britain and France on Monday accused the shipping firm of hiding the cargo's origin."
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["United Kingdom and France"]


def test_a_person_and_a_description_are_not_joined():
    text = "Anna Kowal and her deputy said the dam would hold."
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["Anna Kowal"]


# --- "the US" is the country, not the pronoun "us" -----------------------------------


def test_the_us_as_a_conjunct_is_the_united_states():
    text = "Germany and the US on Monday accused the shipping firm of hiding the cargo's origin."
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["Germany and United States"]


# --- "a man who …" is the person the next turn introduces ------------------------------


def test_a_man_is_named_by_the_next_turn():
    text = (
        "Photo: the river at dawn\n"
        "A man who claims to have designed the flood barrier in the UK attempted to explain why the "
        "gates did not close in time.\n\n"
        "Jan Novak, a retired engineer who moved to Canada in the 1990s, told reporters that the "
        "barrier had one critical flaw."
    )
    claims = run(text)
    assert [(c.content, c.speaker.name) for c in claims] == [
        ("to have designed the flood barrier in the UK", "Jan Novak"),  # "claims to have …" (attr4)
        ("why the gates did not close in time", "Jan Novak"),
        ("the barrier had one critical flaw", "Jan Novak"),
    ]


def test_a_man_is_not_a_person_named_before_him():
    text = (
        "Jan Novak opened the flood barrier on Monday.\n"
        "A man who lives by the river said the water rose fast.\n"
        "Jan Novak told reporters that the barrier had held."
    )
    claims = run(text)
    assert claims[0].speaker.name != "Jan Novak"


# --- reported speech inside a relative clause ------------------------------------------


def test_accusation_inside_a_relative_clause_is_the_prepositional_phrase():
    text = (
        "Foreign Minister Anna Kowal has dismissed as a sham the interview on state TV of two men "
        "resembling suspects London accuses of smuggling paintings out of the country."
    )
    claims = run(text)
    assert [(c.content, c.speaker.name) for c in claims][-1] == (
        "of smuggling paintings out of the country",
        "United Kingdom",
    )


# --- a court's findings: "qualified X as Y", "recognised that …" ------------------------


def test_court_qualifies_and_recognises():
    text = (
        "In its ruling, the tribunal also qualified the blockade of the harbour as 'an act of war' and "
        "recognised that the port had been closed illegally."
    )
    claims = run(text)
    assert [c.cue for c in claims] == ["qualified", "recognised"]
    assert claims[0].content.startswith("the blockade of the harbour as 'an act of war'")
    assert claims[1].content == "the port had been closed illegally"
    assert {c.speaker_mention for c in claims} == {"the tribunal"}


# --- "called for X to …", and a call refused ------------------------------------------


def test_called_for_someone_to_act():
    claims = run("The union has called for drivers to stay at home on Monday.")
    assert [(c.content, c.speaker_mention) for c in claims] == [
        ("drivers to stay at home on Monday", "The union")
    ]


def test_refused_to_call_for_is_not_a_claim():
    assert list(run("The mayor has refused to call for new elections.")) == []


# --- "the military" after a defence ministry spoke is that ministry --------------------


def test_the_military_is_the_defence_ministry_that_just_spoke():
    text = (
        "The defence ministry said the convoy had left the border area. "
        "The military denied that any soldier had crossed the river."
    )
    first, second = run(text)
    assert second.speaker_mention == "The military"
    assert second.speaker == first.speaker


# --- "X believes Y, the spokeswoman said": both the frame and the nested view ----------


def test_spokeswoman_frames_her_ministrys_view():
    text = (
        "The Transport Ministry believes the bridge inquiry is biased, the ministry’s spokeswoman "
        "Anna Kowal said on Wednesday."
    )
    claims = run(text)
    assert sorted((c.content, c.speaker.name) for c in claims) == [
        ("The Transport Ministry believes the bridge inquiry is biased", "Anna Kowal"),
        ("the bridge inquiry is biased", "Transport Ministry"),
    ]
