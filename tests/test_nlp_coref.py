"""Speaker coreference: pronouns and descriptions resolved by agreement and salience. Own sentences."""

from narratives.nlp.coref import Salience, surname_of, title_gender
from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.lexicon import load_lexicon
from narratives.nlp.pipeline import extract


def speakers(text):
    return [
        (c.speaker_mention, c.speaker.name if c.speaker else None)
        for c in extract(text, demo_knowledge()).claims
    ]


# --- the pure salience model ------------------------------------------------------


def test_surname_and_title_gender():
    assert surname_of("Maj. Gen. Anton Velikov") == "velikov"
    assert surname_of("Velikov's") == "velikov"
    assert title_gender("Foreign Ministry spokeswoman") == "f"
    assert title_gender("press spokesman") == "m"
    assert title_gender("minister") == ""


def test_pronoun_takes_the_last_person_who_spoke():
    sal = Salience(load_lexicon())
    a = sal.add_person("Anton Velikov", 10, "General Anton Velikov")
    b = sal.add_person("Mara Lind", 50, "envoy Mara Lind")
    sal.spoke(12, person=a)
    sal.spoke(55, person=b)
    assert sal.resolve_pronoun("she", 80).person is b  # genders unknown: salience decides
    # The pronoun taught the model Lind's gender, so "he" now goes back to Velikov.
    assert sal.resolve_pronoun("he", 90).person is a


def test_pronoun_gender_agreement_skips_a_mismatch():
    sal = Salience(load_lexicon())
    a = sal.add_person("Anton Velikov", 10, "spokesman Anton Velikov")
    b = sal.add_person("Mara Lind", 50, "spokeswoman Mara Lind")
    sal.spoke(12, person=a)
    sal.spoke(55, person=b)
    assert sal.resolve_pronoun("he", 80).person is a


def test_description_matches_titles_and_nationality():
    sal = Salience(load_lexicon())
    ru = sal.add_person("Oleg Sidorin", 10, "Russian army spokesman Oleg Sidorin")
    us = sal.add_person("Tom Reyes", 40, "US Navy spokesman Tom Reyes")
    sal.spoke(12, person=ru)
    sal.spoke(45, person=us)
    assert sal.resolve_description("the spokesman", 90, []).person is us
    assert sal.resolve_description("the Russian spokesman", 90, ["Russian"]).person is ru


def test_description_with_of_phrase_needs_those_words_in_the_title():
    sal = Salience(load_lexicon())
    chief = sal.add_person("Ilya Gorin", 10, "the chief of the Naval Staff, Admiral Ilya Gorin")
    other = sal.add_person("Pavel Rusk", 40, "Colonel Pavel Rusk")
    sal.spoke(12, person=chief)
    sal.spoke(45, person=other)
    assert sal.resolve_description("the chief of the Naval Staff", 90, []).person is chief


def test_unmatched_description_is_a_new_source_but_an_official_is_the_last_speaker():
    sal = Salience(load_lexicon())
    a = sal.add_person("Ilya Gorin", 10, "deputy chairman of the regional council")
    sal.spoke(12, person=a)
    assert sal.resolve_description("the general", 50, []) is None
    assert sal.resolve_description("the official", 50, []).person is a
    assert sal.resolve_description("the chairman", 50, []).person is a


# --- in the pipeline ---------------------------------------------------------------


def test_he_said_after_a_named_speaker():
    text = (
        "Harbour Master Lena Ostrova said the port would reopen on Friday.\n\n"
        "“The cranes are already back in service,” she said."
    )
    got = speakers(text)
    assert got[1][0] == "she"
    assert got[1][1] == got[0][1] and "Ostrova" in got[0][1]


def test_she_prefers_the_new_subject_of_the_narration():
    text = (
        "General Anton Velikov said the offensive was over.\n\n"
        "Deputy Minister Mara Lind disputed the figures at a briefing. "
        "“Nothing is over yet,” she said."
    )
    got = speakers(text)
    assert got[-1] == ("she", "Mara Lind")


def test_the_general_and_the_head_of_state():
    text = (
        "President Aurel Danu visited the front on Sunday. "
        "Army General Petru Vlad said the town had been retaken.\n\n"
        "“Our units hold every bridge,” said the general.\n\n"
        "The head of state said the victory belonged to the soldiers."
    )
    got = dict(speakers(text))
    assert "Vlad" in got["the general"]
    assert "Danu" in got["The head of state"]


def test_the_senator_is_the_last_matching_speaker():
    text = (
        "Senator Ruth Hale said the bill would pass.\n\n"
        "Governor Sam Ortiz said he would veto it.\n\n"
        "The senator replied that she had the votes."
    )
    got = speakers(text)
    assert got[-1][0] == "The senator"
    assert "Hale" in got[-1][1]


def test_they_resolves_to_the_last_organisation():
    text = "The Interior Ministry said curfews would end.\n\nThey added that checkpoints would remain."
    got = speakers(text)
    assert got[1][0] == "They"
    assert got[1][1] == got[0][1]


def test_speaker_named_after_the_quote():
    got = speakers("“We are not leaving,” said Colonel Ida Brask, the garrison commander.")
    assert "Brask" in got[0][1]


def test_speaker_named_in_the_next_sentence():
    text = "The corridor will stay open for three more days. This was stated by Colonel Ida Brask."
    got = speakers(text)
    assert len(got) == 1 and "Brask" in got[0][1]


def test_indefinite_and_plural_descriptions_are_new_unnamed_sources():
    text = (
        "Colonel Ida Brask said the corridor would stay open.\n\n"
        "A senior diplomat said the talks had stalled.\n\n"
        "Experts said the ceasefire was fragile."
    )
    got = speakers(text)
    assert "Brask" not in got[1][1] and "diplomat" in got[1][1]
    assert got[2][1] == "Experts"


def test_definite_description_reuses_an_earlier_unnamed_source():
    text = (
        "The army will stay in the region, a senior defence official said.\n\n"
        "“We have no plans to leave,” the official told reporters."
    )
    got = speakers(text)
    assert got[0][1] == got[1][1]


def test_the_ministry_and_the_statement_resolve_to_the_organisation_that_spoke():
    text = (
        "The Agriculture Ministry of Freedonia said the harvest was lost. The ministry added that imports "
        "would rise.\n\nThe statement also said that prices were stable."
    )
    got = speakers(text)
    assert len(got) == 3
    assert got[1][0] == "The ministry" and got[1][1] == got[0][1]
    assert got[2][0] == "The statement" and got[2][1] == got[0][1]


def test_speaker_named_in_the_next_sentence_by_a_demonstrative_noun():
    text = "“The river will crest tonight.”\n\nThose were the words of Captain Ines Morel, the harbour chief."
    claims = extract(text, demo_knowledge()).claims
    assert len(claims) == 1
    assert claims[0].content == "The river will crest tonight"
    assert claims[0].kind == "direct"
    assert "Morel" in claims[0].speaker.name


def test_a_nationality_word_speaks_for_its_country():
    text = "The coalition rejected the Russian claim that the militants had been defeated."
    (nested,) = [c for c in extract(text, demo_knowledge()).claims if c.cue == "claim"]
    assert nested.speaker_mention == "Russian"
    assert nested.speaker.name == "Russia"


def test_a_person_named_inside_reported_words_does_not_take_the_next_pronoun():
    text = (
        "“The dam was never inspected,” said Irena Dvorak, an engineer.\n\n"
        "Dvorak noted that Governor Paul Kane had promised an inspection in 2015. "
        "“Nothing happened,” she said."
    )
    got = speakers(text)
    assert got[-1][0] == "she" and "Dvorak" in got[-1][1]


def test_a_negated_inner_cue_leaves_the_outer_claim():
    claims = extract(
        "Asked about the talks, a ministry official said he could not comment.", demo_knowledge()
    ).claims
    assert [c.content for c in claims] == ["he could not comment"]


def test_speaker_named_in_the_next_sentence_by_made_the_remarks():
    text = "“The levee will hold through the weekend.” Chief engineer Omar Haddad made the remarks on Monday."
    claims = extract(text, demo_knowledge()).claims
    assert len(claims) == 1
    assert claims[0].content == "The levee will hold through the weekend"
    assert "Haddad" in claims[0].speaker.name
    assert not extract("The mayor made the decision on Monday.", demo_knowledge()).claims


def test_appositive_titles_before_and_after_the_name():
    got = speakers(
        "Health Ministry spokeswoman Ana Ruiz said the clinics had reopened.\n\n"
        "Tomas Berg, a spokesman for the water board, said the pipes were safe."
    )
    assert got[0] == ("Health Ministry spokeswoman Ana Ruiz", "Ana Ruiz")
    assert got[1][0].startswith("Tomas Berg, a spokesman") and got[1][1] == "Tomas Berg"


# --- collective bodies and time adjuncts ----------------------------------------------


def test_a_collective_description_is_the_body_the_article_names_with_its_stem():
    text = (
        "The Northern Border Inspection Agency opened its report on Tuesday. "
        "Inspectors said that the fence had been cut in three places."
    )
    assert speakers(text) == [("Inspectors", "Northern Border Inspection Agency")]


def test_a_collective_description_named_only_later_still_finds_the_body():
    text = (
        "Regulators said the port had lost millions in fees. "
        "The Federal Energy Regulatory Commission published its findings in March."
    )
    assert speakers(text)[0] == ("Regulators", "Federal Energy Regulatory Commission")


def test_a_description_with_no_body_of_its_stem_stays_unnamed():
    text = "Engineers said that the dam would hold. The Velmar Water Board declined to comment."
    [(mention, name)] = speakers(text)
    assert mention == "Engineers" and name != "Velmar Water Board"


def test_a_time_adjunct_is_not_part_of_the_speaker():
    text = "The regional water authority on Thursday said that the reservoir was full."
    [(mention, _name)] = speakers(text)
    assert mention == "The regional water authority"
