"""Issue 13, third attribution pass (branch ``attr3``). Every sentence was written for these tests."""

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


# --- "The US" as a sentence's subject is the country, not the pronoun --------------------


def test_the_us_first_in_a_sentence_speaks():
    claims = run("The US accused the shipping firm of hiding the cargo's origin.")
    assert [c.speaker.name for c in claims] == ["United States"]


def test_the_us_and_a_country_with_a_time_phrase_speak_together():
    text = "The US and Germany on Monday accused the shipping firm of hiding the cargo's origin."
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["United States and Germany"]


def test_the_pronoun_us_is_still_no_speaker():
    assert list(run("Let us say the bridge will hold.")) == []


# --- words before the frame that only say when are not the claim ------------------------


def test_a_time_clause_before_the_cue_is_not_content():
    assert list(run("Shortly after the vote, the committee claimed.")) == []


def test_a_quote_before_the_cue_is_still_content():
    claims = run("The dam will hold, the engineer said.")
    assert [c.content for c in claims] == ["The dam will hold"]


# --- "claimed without giving any proof that …": the that-clause is the claim ------------


def test_that_clause_after_a_gerund_phrase():
    claims = run(
        "Shortly after the vote, the committee claimed without offering any proof that the count was rigged."
    )
    assert [(c.content, c.speaker_mention) for c in claims] == [("the count was rigged", "the committee")]


def test_said_after_doing_something_that():
    claims = run("The mayor said after reviewing the footage that the fire had been set deliberately.")
    assert [c.content for c in claims] == ["the fire had been set deliberately"]


# --- "the US and its allies": the owned group joins the joint speaker ---------------------


def test_a_country_and_its_partners_speak_together():
    claims = run("Britain and its Gulf partners said the strait would stay open.")
    assert [c.speaker.name for c in claims] == ["United Kingdom and Gulf partners"]


# --- another country's body is not the registry's body of the same name -----------------


def test_a_possessive_country_keeps_its_own_defence_ministry():
    text = "Russia said the drills were legal. Norway's defence ministry said the drills would go on."
    claims = run(text)
    assert claims[-1].speaker.name == "Norway's defence ministry"


def test_a_nationality_adjective_qualifies_the_body_it_names():
    claims = run("The Norwegian defence ministry said the drills would continue until May.")
    assert [c.speaker.name for c in claims] == ["Norwegian defence ministry"]


def test_a_known_nationality_still_finds_the_registered_body():
    claims = run("The Russian defence ministry said the drills would continue until May.")
    assert [c.speaker.name for c in claims] == ["Russian Defense Ministry"]


# --- title-case headlines: the speaker stops at its verb; "tells a story" is what was said --


def test_title_case_headline_speaker_stops_at_the_verb():
    text = (
        "The Dutch Navy Confirms Frigate Collided With Tanker Off Coast\n\nThe frigate was damaged on Sunday."
    )
    claims = run(text)
    assert [(c.speaker_mention, c.content) for c in claims] == [
        ("The Dutch Navy", "Frigate Collided With Tanker Off Coast")
    ]


def test_a_headline_body_that_tells_a_story():
    text = (
        "Flood Crisis: Poland's Health Ministry Tells A Very Different Story About The Dam\n\nThe dam broke."
    )
    claims = run(text)
    assert [(c.speaker_mention, c.content) for c in claims] == [
        ("Poland's Health Ministry", "A Very Different Story About The Dam")
    ]


def test_told_a_story_and_told_reporters():
    story, listeners = run(
        "The mayor told a very different story about the fire. "
        "The mayor told reporters the bridge would reopen."
    )
    assert story.content == "a very different story about the fire"
    assert (listeners.cue, listeners.content) == ("told reporters", "the bridge would reopen")


# --- a person named in the speaker's apposition is not the speaker ----------------------


def test_an_adviser_to_a_known_leader_is_not_the_leader():
    claims = run("Jan Novak, an adviser to Vladimir Putin, said the talks had failed.")
    assert [c.speaker.name for c in claims] == ["Jan Novak"]


def test_a_name_inside_the_apposition_is_not_the_speaker():
    text = (
        '"The cables were cut," Jan Novak, adviser to head engineer of the Kopa crane system producer '
        "Mostostal-Lift, said Tuesday during a briefing in Warsaw."
    )
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["Jan Novak"]


def test_a_name_in_brackets_after_a_title_is_the_speaker():
    claims = run("The Defense Minister (Sergei Shoigu) said the talks had failed.")
    assert [c.speaker.name for c in claims] == ["Sergei Shoigu"]


# --- "said in remarks carried by X that …": the speaker's words, not the carrier's -------


def test_remarks_carried_by_agencies_are_the_speakers():
    text = (
        "The spokeswoman, Anna Kowal, said in remarks carried by Polish news agencies that the "
        'accusations represented "another campaign based on a provocation".'
    )
    claims = run(text)
    assert [(c.cue, c.speaker.name) for c in claims] == [("said", "Anna Kowal")]


# --- "a meeting was called by X" convenes; "X was called a farce by Y" names ---------------


def test_a_meeting_called_by_someone_is_no_claim():
    assert list(run("A special session of the city council on Monday night was called by the mayor.")) == []


def test_a_passive_call_with_a_predicate_is_a_claim():
    claims = run("The tender was called a farce by the opposition.")
    assert [(c.content, c.speaker_mention) for c in claims] == [("The tender", "the opposition")]


# --- a conclusion under "would … if" is a condition, however the if-clause is parsed --------


def test_would_conclude_if_is_no_claim_when_the_condition_hangs_on_the_quote():
    text = (
        "Poland would conclude the blast “amounts to an act of sabotage” if Berlin does not give a "
        "“credible answer” to the letter."
    )
    assert list(run(text)) == []


# --- indirect questions: "asked why/whether …" is reported speech; what it asks is not stated --


def test_asking_why_is_a_claim_and_its_inner_verb_is_not():
    text = (
        "Ombudsman Anna Kowal opened the hearing by asking why residents would believe the council "
        'chose "the most expensive route" for the new tram.'
    )
    claims = run(text)
    assert [(c.cue, c.speaker.name) for c in claims] == [("asking", "Anna Kowal")]
    assert claims[0].content.startswith("why residents would believe")


def test_asked_whether():
    claims = run("The senator asked whether the tender had been rigged.")
    assert [c.content for c in claims] == ["the tender had been rigged"]


def test_asked_with_a_quote_and_asked_to_act():
    assert [c.content for c in run('"Who pays for this?" she asked.')] == ["Who pays for this?"]
    assert list(run("The mayor asked residents to stay at home.")) == []


# --- "urged X against doing", "warned against doing": the gerund clause is the claim --------


def test_urged_partners_against_a_gerund():
    text = (
        "The foreign minister has urged his partners against jumping to conclusions over what caused "
        "the fire before an inquiry is held."
    )
    claims = run(text)
    assert [c.cue for c in claims] == ["urged"]
    assert claims[0].content.startswith("jumping to conclusions")


def test_warned_against_a_gerund():
    claims = run("The mayor warned against building on the flood plain.")
    assert [c.content for c in claims] == ["building on the flood plain"]


# --- a headline "Name 'quote'" with no colon ------------------------------------------------


def test_headline_name_then_quote_without_colon():
    text = (
        "Novak 'We have solid proof about this that points to the operator'\n\n"
        "The dam broke on Monday. Jan Novak, the mayor, said the cables had been cut."
    )
    claims = run(text)
    assert (claims[0].content, claims[0].speaker.name) == (
        "We have solid proof about this that points to the operator",
        "Jan Novak",
    )


def test_headline_name_then_unquoted_words_is_no_claim():
    text = "Novak defends the tender\n\nThe dam broke. Jan Novak, the mayor, said the cables had been cut."
    assert [c.content for c in run(text)] == ["the cables had been cut"]


# --- "…, days after the minister, X, said …": a subject the parser lost ---------------------


def test_a_name_right_before_said_speaks_when_the_parser_lost_the_subject():
    text = (
        "The mayor also took aim at the council for its spending, days after the finance chief, "
        "Jan Novak, said the city should “stop wasting money”."
    )
    claims = run(text)
    assert [(c.content, c.speaker.name) for c in claims] == [
        ("the council for its spending", "mayor"),  # "took aim at" is a cue since attr4
        ("the city should “stop wasting money”", "Jan Novak"),
    ]


# --- "X's comments were the strongest assertions yet from Y that …": X's claim --------------


def test_a_statement_noun_after_a_copula_belongs_to_the_subjects_owner():
    text = (
        "Novak's comments were the strongest public assertions yet from Poland that the tender had "
        "been rigged."
    )
    claims = run(text)
    assert [(c.content, c.speaker.name) for c in claims] == [("the tender had been rigged", "Novak")]


# --- "said on Tuesday it had …": the date is the cue's, not the claim's --------------------


def test_a_date_before_the_clause_subject_is_not_content():
    claims = run("The company said on Tuesday it had suspended all shipments.")
    assert [c.content for c in claims] == ["it had suspended all shipments"]


# --- "the ministry" after its spokesman spoke is the ministry the article named --------------


def test_the_ministry_is_the_body_named_in_its_spokesmans_title():
    text = (
        "A spokesman for the Polish Foreign Ministry, Jan Novak, said the talks had failed. "
        "The ministry added that it would recall its envoy."
    )
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["Jan Novak", "Polish Foreign Ministry"]


def test_the_ministry_is_not_a_body_named_only_later():
    claims = run("The ministry said the talks had failed. The Polish Foreign Ministry is in Warsaw.")
    assert [c.speaker.name for c in claims] == ["ministry"]


# --- "the three countries", "both countries": the coordination named before -----------------


def test_the_three_countries_are_the_three_named_before():
    text = (
        "Britain, France and Germany issued a joint statement on Monday. "
        "The three countries said the attack was a clear breach of the treaty."
    )
    claims = run(text)
    assert [c.speaker.name for c in claims] == ["United Kingdom, France and Germany"]


def test_both_countries_and_a_count_that_does_not_fit():
    both = run("Poland and Spain signed the deal. Both countries said the port would reopen.")
    assert [c.speaker.name for c in both] == ["Poland and Spain"]
    three = run("Poland and Spain signed the deal. The three countries said the port would reopen.")
    assert [c.speaker.name for c in three] == ["three countries"]


# --- "the UN's OCHA": the body owned, not its owner ------------------------------------------


def test_a_known_body_after_its_owners_possessive():
    claims = run("The UN's OCHA said aid had been blocked at the border.")
    assert [c.speaker.name for c in claims] == ["OCHA"]


# --- "…, but residents are not convinced": the narrator's counterpoint is not the claim ------


def test_a_contrast_after_an_interrupting_frame_is_not_content():
    claims = run("The bridge will reopen, officials say, but residents are not convinced.")
    assert [c.content for c in claims] == ["The bridge will reopen"]


def test_content_stops_before_the_conjunction_of_a_joined_cue():
    claims = run("Officials say the bridge will reopen, but residents are not convinced.")
    assert [c.content for c in claims] == ["the bridge will reopen"]


# --- "the mayor, in a post on Facebook, said": the parenthesis is not the speaker ------------


def test_a_parenthetical_prepositional_phrase_is_not_part_of_the_speaker():
    claims = run("The mayor, in a post on Facebook, said the bridge would reopen.")
    assert [(c.speaker_mention, c.speaker.name) for c in claims] == [("The mayor", "mayor")]


# --- title-case headlines the parser cannot read ---------------------------------------------


def test_title_case_headline_with_a_misparsed_verb():
    text = "Ukraine's President Warns Of New Offensive In The East\n\nThe bridge collapsed on Monday.\n"
    claims = run(text)
    assert [(c.cue, c.speaker_mention, c.content) for c in claims] == [
        ("Warns", "Ukraine's President", "New Offensive In The East")
    ]


def test_title_case_headline_blames():
    claims = run("Russia Blames Ukraine For Dam Collapse\n\nThe dam collapsed on Monday.\n")
    assert [(c.speaker.name, c.content) for c in claims] == [("Russia", "Ukraine For Dam Collapse")]


def test_title_case_lines_without_a_source_or_behind_read_more():
    text = (
        "Mayor Jan Novak Vows To Rebuild The Bridge\n\n"
        "READ MORE: City Plan to Move Offices to the Port Threatens Jobs in the Centre\n\n"
        "The bridge collapsed on Monday.\n"
    )
    assert list(run(text)) == []


# --- "urged Berlin to respond": an infinitive that is itself a cue verb is still the content ---


def test_urged_someone_to_do_a_cue_verb():
    claims = run("The ministers also urged Berlin to respond.")
    assert [c.content for c in claims] == ["Berlin to respond"]


# --- a country the registry does not know is a place, and "they" can point back to it ----------


def test_an_unknown_country_is_a_country_and_takes_they():
    claims = run("Poland said the port would reopen. They added that the tolls would fall.")
    assert [(c.speaker.name, c.speaker.kind) for c in claims] == [
        ("Poland", "country"),
        ("Poland", "country"),
    ]


def test_they_after_a_joint_speaker_is_the_pair():
    claims = run("Poland and Spain said the port would reopen. They added that the tolls would fall.")
    assert [c.speaker.name for c in claims] == ["Poland and Spain", "Poland and Spain"]


# --- "The rebels denied it. They said …": "they" takes an unnamed group that spoke ------------


def test_they_after_an_unnamed_group():
    claims = run("The rebels denied the charge. They said the bridge had been mined by the army.")
    assert [c.speaker.name for c in claims] == ["rebels", "rebels"]
    assert claims[1].speaker.anonymous


def test_it_does_not_take_a_group():
    text = (
        "The ministry said the port was closed. Officials said the strike would go on. "
        "It added that talks would resume."
    )
    assert run(text)[-1].speaker.name == "ministry"


# --- "a document seen by Reuters" is not Reuters' document ------------------------------------


def test_a_document_seen_by_an_agency_is_not_the_agencys():
    claims = run("The dam was not maintained, according to a document seen by Reuters.")
    assert [c.speaker_mention for c in claims] == ["a document"]
    claims = run("The dam was not maintained, according to a report issued by the ministry.")
    assert [c.speaker_mention for c in claims] == ["the ministry"]
