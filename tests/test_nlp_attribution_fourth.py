"""Issue 13, fourth attribution pass (branch ``attr4``). Every sentence was written for these tests."""

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.pipeline import extract


def run(text):
    return extract(text, demo_knowledge()).claims


def speaker_of(claims, cue):
    return next(c.speaker.name for c in claims if c.cue.startswith(cue))


# --- "her government", "the government": the country of the person it belongs to --------


def test_a_possessive_government_is_the_owners_country():
    text = (
        "French President Jean Dupont visited Berlin on Monday. "
        "He told reporters that his government had concluded the attack was planned abroad."
    )
    assert speaker_of(run(text), "concluded") == "France"


def test_the_government_after_a_narrated_person_is_that_persons_country():
    text = (
        "French President Jean Dupont announced new sanctions on Tuesday, including a ban on ten "
        "officials who the government said had helped plan the attack."
    )
    assert speaker_of(run(text), "said") == "France"


def test_a_known_persons_government_is_the_country_of_their_side():
    text = "Dmitry Peskov arrived in Minsk. He said that his government had concluded the attack was planned."
    assert speaker_of(run(text), "concluded") == "Russia"


def test_a_government_with_no_country_to_tell_stays_as_written():
    text = "Jean Dupont visited Berlin. He said that his government had concluded the attack was planned."
    assert speaker_of(run(text), "concluded") == "his government"


def test_their_government_is_not_one_persons_country():
    text = (
        "French President Jean Dupont met the envoys. "
        "They said their government had concluded the attack was planned abroad."
    )
    assert all(c.speaker.name != "France" for c in run(text) if c.cue.startswith("concluded"))


# --- "Former", "Veteran" open a title, they are no one's name ---------------------------


def test_a_former_official_in_a_related_story_line_is_the_description():
    text = (
        "Senators were briefed on Tuesday.\n\n"
        "- Former KGB officer dismisses Berlin's 'absurd' claims over pipeline blast\n\n"
        "The committee met again."
    )
    assert [c.speaker.name for c in run(text)] == ["Former KGB officer"]


def test_a_veteran_aide_is_not_a_person_named_veteran():
    text = "Veteran Kremlin aide says the pipeline talks will resume in spring."
    assert [c.speaker.name for c in run(text)] == ["Veteran Kremlin aide"]


def test_a_former_president_is_still_the_named_person():
    claims = run("Former President Jan Kowalski said the bridge would hold.")
    assert [c.speaker.name for c in claims] == ["Jan Kowalski"]


# --- "May said": a capitalised "modal" before a finite verb is a name -------------------


def test_a_surname_the_tagger_reads_as_a_modal_speaks():
    claims = run("Brian May arrived on Monday. May said the bridge would hold.")
    assert [(c.speaker.name, c.content) for c in claims] == [("Brian May", "the bridge would hold")]


def test_a_first_name_read_as_a_modal_speaks():
    claims = run("Will Jones arrived on Monday. Will said the bridge would hold.")
    assert [c.speaker.name for c in claims] == ["Will Jones"]


def test_a_real_modal_is_no_speaker():
    assert list(run("The ferry may sail today. It may say nothing about the delay.")) == []


# --- "claimed to be …": the infinitive is what was claimed -------------------------------


def test_a_claim_with_an_infinitive_is_the_infinitive():
    claims = run("The company claimed to have fixed the fault.")
    assert [(c.speaker.name, c.content) for c in claims] == [("company", "to have fixed the fault")]


def test_a_claim_in_a_relative_clause_stops_with_it():
    claims = run("Two men who claimed to be tourists were stopped at the border.")
    assert [c.content for c in claims] == ["to be tourists"]


def test_a_that_clause_claim_is_unchanged():
    claims = run("The army claimed that the town had fallen.")
    assert [c.content for c in claims] == ["the town had fallen"]


# --- idioms: a verb that is a cue only with one object noun ("took aim at") -------------


def test_took_aim_at_is_a_cue():
    claims = run("The minister also took aim at Brussels for its handling of the crisis.")
    assert [(c.speaker.name, c.cue) for c in claims] == [("minister", "took aim")]


def test_took_issue_with_is_a_cue():
    claims = run("The mayor took issue with the council's figures.")
    assert [c.content for c in claims] == ["the council's figures"]


def test_take_with_another_noun_is_no_cue():
    assert list(run("The coach took criticism for the loss. The rebels took control of the town.")) == []


def test_placing_the_blame_on_someone_is_about_them_not_the_cause():
    claims = run("Beijing has long placed the blame for the outage on Manila.")
    assert [(c.speaker.name, c.content) for c in claims] == [("Beijing", "Manila")]


def test_pushing_the_blame_on_is_a_cue():
    claims = run("The ministry tried to push the blame on the contractors.")
    assert [c.content for c in claims] == ["the contractors"]


def test_put_with_another_object_is_no_cue():
    assert list(run("The coach put the ball on the spot.")) == []
