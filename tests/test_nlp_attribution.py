"""Cue detection, speaker attachment and content spans. Every sentence here was written for these tests."""

import pytest

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.lexicon import load_lexicon
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


def one(text):
    claims = run(text)
    assert len(claims) == 1, [(c.content, c.cue) for c in claims]
    return claims[0]


def by_content(claims, fragment):
    hits = [c for c in claims if fragment in c.content]
    assert hits, [(c.content, c.cue) for c in claims]
    return hits[0]


def test_offsets_point_into_the_text():
    text = "The governor said that the roads would reopen on Sunday."
    c = one(text)
    assert text[c.start : c.end] == c.content == "the roads would reopen on Sunday"
    assert text[c.speaker_start : c.speaker_end] == c.speaker_mention == "The governor"


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("The mayor stated that the budget was balanced.", "stated"),
        ("The company claimed that its sales had doubled.", "claimed"),
        ("The minister noted that exports had grown.", "noted"),
        ("The coach added that the team was ready.", "added"),
        ("The envoy stressed that talks must continue.", "stressed"),
        ("The ministry insisted that no civilians were hurt.", "insisted"),
        ("Doctors warned that the virus could spread.", "warned"),
        ("The governor assured residents that the water was safe.", "assured"),
        ("The engineer explained that the dam had cracked.", "explained"),
        ("The army announced that the offensive was over.", "announced"),
        ("The veteran recalled that the camp had no heating.", "recalled"),
        ("The judge emphasised that the law applied to all.", "emphasised"),
        ("The senator tweeted that the vote was rigged.", "tweeted"),
        ("The ambassador wrote that relations had never been better.", "wrote"),
        ("The agency believes that the figures are too low.", "believes"),
    ],
)
def test_reporting_verbs_from_the_lexicon(sentence, cue):
    c = one(sentence)
    assert c.cue.startswith(cue)
    assert c.kind == "indirect"
    assert c.content == sentence.split(" that ", 1)[1].rstrip(".")


def test_told_keeps_the_listener_out_of_the_content():
    c = one("The colonel told reporters on Tuesday that the convoy had arrived.")
    assert c.content == "the convoy had arrived"
    assert c.cue.startswith("told")


def test_multiword_cues():
    c = one("The prime minister did not rule out that elections could be held early.")
    assert c.cue == "did not rule out"
    assert c.content == "elections could be held early"
    c = one("Western diplomats voiced skepticism about the rebels' promise of a truce.")
    assert c.content == "the rebels' promise of a truce"
    c = one("The foreign ministry expressed bewilderment over the decision to close the consulate.")
    assert c.content.startswith("the decision to close the consulate")
    c = one("The general pointed out that the bridge was still standing.")
    assert c.content == "the bridge was still standing"


def test_quoted_x_as_saying():
    c = one("The agency quoted the governor as saying that the floods had receded.")
    assert "governor" in c.speaker_mention
    assert c.content == "the floods had receded"
    c = one("“The harvest is lost,” the local radio quoted a farmer as saying.")
    assert c.kind == "direct"
    assert "farmer" in c.speaker_mention


def test_according_to():
    c = one("According to the health ministry, twelve clinics remain closed.")
    assert c.speaker_mention == "the health ministry"
    assert c.content == "twelve clinics remain closed"
    c = one("Twelve clinics remain closed, according to the health ministry.")
    assert c.content == "Twelve clinics remain closed"


def test_according_to_a_data_source_is_not_a_claim():
    assert not run("According to the agency's latest report, there were 300 trucks at the border.")


def test_subject_verb_inversion():
    c = one("“We will rebuild the school,” said the mayor.")
    assert c.kind == "direct"
    assert c.content == "We will rebuild the school"
    assert c.speaker_mention == "the mayor"
    c = one("The harbour will reopen next week, said Harbour Master Lena Ostrova.")
    assert c.content == "The harbour will reopen next week"
    assert "Ostrova" in c.speaker_mention


def test_participles_give_a_claim_each():
    claims = run("The president declared victory over the insurgents, noting that the last town had fallen.")
    assert [c.cue for c in claims] == ["declared", "noting"]
    assert claims[1].content == "the last town had fallen"
    assert claims[1].speaker_mention == "The president"
    claims = run("“The border is calm,” the officer said, adding that patrols would continue.")
    assert {c.cue for c in claims} == {"said", "adding"}
    assert by_content(claims, "patrols").speaker_mention == "the officer"


def test_nominal_attributions():
    claims = run("Analysts doubted the ministry's statement that the reactor was safe.")
    c = by_content(claims, "reactor")
    assert c.content == "the reactor was safe"
    assert c.speaker_mention == "the ministry's"
    claims = run("The mayor rejected the union's claims that wages had fallen.")
    # Both: the rejection (a noun-phrase object) and the nested claim with its proposition.
    assert {(c.cue, c.content) for c in claims} == {
        ("rejected", "the union's claims that wages had fallen"),
        ("claims", "wages had fallen"),
    }


def test_headline_with_source_after_a_dash():
    text = "Rebels Agree to Leave Eastern District – Kremlin\n\nThe body text follows here."
    c = one(text)
    assert c.content == "Rebels Agree to Leave Eastern District"
    assert c.speaker_mention == "Kremlin"


def test_teaser_with_photo_credit_and_read_more_prefix():
    text = "READ MORE: Drought Threatens Wheat Harvest Across Region — Farm Lobby\n"
    c = one(text)
    assert c.content == "Drought Threatens Wheat Harvest Across Region"
    assert c.speaker_mention == "Farm Lobby"


def test_tweet_embed():
    text = (
        "Ministry comments on the flood response in the north https://t.co/abc123 "
        "— Water Ministry (@water_min) May 3, 2019\n"
    )
    c = one(text)
    assert c.kind == "direct"
    assert c.content == "Ministry comments on the flood response in the north"
    assert c.speaker_mention == "Water Ministry"


def test_passive_with_demonstrative_takes_the_previous_sentence():
    text = "The dam is safe and no evacuation is needed. This was stated by the regional governor."
    c = one(text)
    assert c.content == "The dam is safe and no evacuation is needed"
    assert c.speaker_mention == "the regional governor"


def test_passive_with_a_noun_subject_takes_the_noun_phrase():
    c = one("The report was confirmed by the defence minister.")
    assert c.content == "The report"


def test_direct_quote_one_claim_per_sentence():
    text = "“The water is rising. We need more boats. Send help now,” the mayor said."
    claims = run(text)
    assert [c.content for c in claims] == ["The water is rising", "We need more boats", "Send help now"]
    assert {c.kind for c in claims} == {"direct"}
    assert {c.speaker_mention for c in claims} == {"the mayor"}


def test_quote_after_a_colon():
    c = one("The commander told the assembled troops: “Nobody goes home before the job is done.”")
    assert c.kind == "direct"
    assert c.content == "Nobody goes home before the job is done"


def test_mixed_quote_is_indirect_and_keeps_its_marks():
    c = one('The minister said the plan was "dead on arrival" and would be withdrawn.')
    assert c.kind == "indirect"
    assert c.content == 'the plan was "dead on arrival" and would be withdrawn'


def test_closing_mark_kept_with_the_punctuation_it_encloses():
    c = one('The spokesman said the rebels were "retreating in disorder."')
    assert c.content == 'the rebels were "retreating in disorder."'


def test_quote_that_starts_mid_sentence_is_mixed():
    text = 'It seems the ministry "has lost control of the situation," opposition leader Dana Kirov said.'
    c = one(text)
    assert c.kind == "indirect"
    assert c.content == 'It seems the ministry "has lost control of the situation,"'


def test_continuation_quote_takes_the_previous_cue():
    text = "The harvest was poor this year, the farmer explained. “We lost half of the wheat to the frost.”"
    claims = run(text)
    assert len(claims) == 2
    assert claims[1].kind == "direct"
    assert claims[1].speaker_mention == claims[0].speaker_mention == "the farmer"


def test_cue_interrupting_the_content_keeps_the_longer_side():
    c = one("To keep the roads open, the engineer said, the crews will work through the night.")
    assert c.content == "the crews will work through the night"
    c = one("The crews will work through the night to clear the snow, the engineer said, and at dawn.")
    assert c.content.startswith("The crews will work through the night")


def test_speaker_after_adjunct_phrase_stays_a_speaker():
    c = one("“The camp is full,” the aid worker said, speaking from the border.")
    assert c.content == "The camp is full"


def test_said_he_believed_is_one_claim():
    c = one("The officer said he believed the fighters had left the valley.")
    assert c.cue == "said he believed"
    assert c.content == "the fighters had left the valley"
    assert c.speaker_mention == "The officer"


def test_relay_by_a_news_agency_is_not_a_separate_claim():
    claims = run("The state news agency reported the minister said that the talks had failed.")
    assert len(claims) == 1
    assert claims[0].speaker_mention == "the minister"


def test_narration_and_reported_actions_are_not_claims():
    assert not run("The president ordered the withdrawal of the troops on Monday.")
    assert not run("Unlike its neighbour, the country was never invited to join the alliance.")
    assert not run("The ministry declined to comment on the figures.")


def test_first_person_cue_inside_a_quote_is_not_a_nested_claim():
    claims = run("“I believe the deal is fair and we said so from the start,” the trade minister said.")
    assert len(claims) == 1
    assert claims[0].speaker_mention == "the trade minister"


def test_nested_third_person_attribution_inside_a_quote():
    text = "“The mayor reported that the fire was under control,” the governor said."
    claims = run(text)
    assert {c.speaker_mention for c in claims} == {"the governor", "The mayor"}


def test_negated_reporting_verb_is_not_a_claim():
    assert not run("The minister did not say whether the plant would close.")


def test_lexicon_is_data():
    lex = load_lexicon()
    assert {"say", "tell", "claim", "believe", "tweet"} <= set(lex.verbs)
    assert lex.verb("quote")["object_speaker"]
    assert "statement" in lex.nouns
    assert ("according", "to") in lex.according


def test_call_needs_an_object_and_what_it_is_called():
    c = one("The opposition called the election result “a shameless fraud” on Monday.")
    assert c.content.startswith("the election result “a shameless fraud”")
    c = one("The ministry called the report – a crude fabrication by foreign agents.")
    assert c.content.startswith("the report – a crude fabrication")
    assert not run("The minister called the ambassador on Monday.")
    # Issue 13: an appeal is reported speech; its addressee and infinitive are the content.
    assert one("The union called on workers to strike.").content == "workers to strike"


def test_according_to_an_agency_around_a_full_attribution_only_relays():
    claims = run("“The dam is safe,” the governor said, according to local news agencies.")
    assert [c.speaker_mention for c in claims] == ["the governor"]
    claims = run("According to the wire services, the governor said the dam was safe.")
    assert [c.speaker_mention for c in claims] == ["the governor"]


def test_according_to_with_a_parenthetical_cue_keeps_both_sources():
    claims = run("According to the Red Cross, she added, the camps were full.")
    assert sorted(c.speaker_mention for c in claims) == ["she", "the Red Cross"]
    assert {c.content for c in claims} == {"the camps were full"}


def test_describe_as():
    c = one("The foreign minister described the ceasefire as “a fragile first step”.")
    assert c.content.startswith("the ceasefire as")


def test_reduced_relative_participle_is_not_a_cue():
    claims = run("The ministry's statement, posted on its website, said the pullout was complete.")
    assert [(c.cue, c.content) for c in claims] == [("said", "the pullout was complete")]


def test_passive_quoted_as_saying_by_an_agency():
    c = one("“The roads are open,” the governor was quoted as saying by the regional news agency.")
    assert c.kind == "direct"
    assert c.speaker_mention == "the governor"


def test_warned_of_takes_the_prepositional_object():
    c = one("The governor warned of a second wave of flooding in the valley.")
    assert c.content == "a second wave of flooding in the valley"


def test_commissives_are_not_reported_speech():
    assert not run("The two governments pledged to keep the border open.")
    # Issue 13 counts a promise ("is promising to …") as reported speech; a pledge stays a commitment.
    assert one("The mayor promised that the school would reopen.").content == "the school would reopen"


def test_boilerplate_line_with_a_dash_is_not_a_teaser():
    assert not run("Copyright 2019 The Daily Planet - All Rights Reserved\n")


def test_single_quote_style_direct_quotes_and_continuations():
    text = "‘We don’t know how many boats are missing,’ a coast guard officer said. ‘But it’s more than ten.’"
    claims = run(text)
    assert [c.content for c in claims] == [
        "We don’t know how many boats are missing",
        "But it’s more than ten",
    ]
    assert {c.kind for c in claims} == {"direct"}
    c = one("The premier said: ‘The border stays open.’")
    assert c.kind == "direct" and c.content == "The border stays open"


def test_coordinated_cue_misparsed_as_an_adjective():
    claims = run("Days later the governor toured the dam and proclaimed victory over the flood.")
    c = by_content(claims, "victory")
    assert c.content == "victory over the flood"
    assert c.speaker_mention == "the governor"


def test_agency_quoting_someone_as_telling_is_one_claim():
    claims = run(
        "In the capital, the state news agency quoted the king as telling envoys that the war was over."
    )
    assert [c.content for c in claims] == ["the war was over"]
    assert claims[0].speaker_mention == "the king"


def test_coordinated_cue_inside_the_complement_is_its_own_claim():
    text = (
        "A senior engineer told the inquiry that the pumps had failed and warned that the levee could break."
    )
    claims = run(text)
    assert [c.content for c in claims] == ["the pumps had failed", "the levee could break"]
    assert {c.speaker_mention for c in claims} == {"A senior engineer"}


def test_translated_style_inversions_and_predicative_cues():
    c = one("The border will stay closed until spring, writes the newspaper Kurier.")
    assert c.content == "The border will stay closed until spring"
    assert "Kurier" in c.speaker_mention
    c = one("The analyst is convinced that the truce will hold.")
    assert c.content == "the truce will hold"
    assert not run("The bridge is certain to reopen.")


def test_quote_only_cues():
    c = one("“Why would we leave now?” the commander asked.")
    assert c.kind == "direct" and c.content == "Why would we leave now?"
    c = one("“The work is not finished,” she continued.")
    assert c.content == "The work is not finished"
    assert not run("The shelling continued, and residents asked for help.")
    assert not run("Talks will continue next week.")


def test_quote_only_cue_never_takes_a_quote_after_it():
    claims = run("The agency said the crews will continue work on the dam, “to finish before the rains.”")
    assert [c.cue for c in claims] == ["said"]
