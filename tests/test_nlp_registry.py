"""Actor registry: normalisation, aliases, transliteration variants, near misses and unknown speakers."""

import pytest

from narratives.nlp.knowledge import demo_knowledge
from narratives.nlp.registry import ActorRegistry, normalize_name, same_person, skeleton, surname_variant
from narratives.nlp.types import ActorEntry, Knowledge, SideEntry


@pytest.fixture(scope="module")
def registry():
    return ActorRegistry(demo_knowledge())


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("President Donald Trump", "donald trump"),
        ("Maj. Gen. Igor Konashenkov", "igor konashenkov"),
        ("the U.S. military", "us military"),
        ("Russia’s Ministry of Defense", "russia ministry of defense"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("H. R. McMaster", "hr mcmaster"),
        ("  spokesman   Adrian Rankine-Galloway ", "adrian rankine galloway"),
        ("the General Staff of the Russian Federation", "general staff of the russian federation"),
        ("Defense Department", "defense department"),
    ],
)
def test_normalize_name(raw, key):
    assert normalize_name(raw) == key


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("the Kremlin’s press secretary, Dmitri Peskov", "Dmitry Peskov"),
        ("Peshkov", "Dmitry Peskov"),
        ("Russian Defence Minister Sergey Shoygu", "Sergei Shoigu"),
        ("the Minister of Defense (Sergei Shoigu)", "Sergei Shoigu"),
        ("Defense Department spokesperson Erik Pehon", "Eric Pahon"),
        ("Eric Pahana", "Eric Pahon"),
        ("Pehon", "Eric Pahon"),
        ("US Army Col. Ryan Dillon", "Ryan Dillon"),
        ("Iraqi Prime Minister Haider al-Abadi", "Haider al-Abadi"),
        ("al-Assad", "Bashar al-Assad"),
        ("UN envoy Staffan de Mistura", "Staffan de Mistura"),
        ("Vladimir Putin’s spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("the Supreme Commander-in-Chief of the Russian Federation Vladimir Putin", "Vladimir Putin"),
        ("Pentagon chief Jim Mattis", "James Mattis"),
    ],
)
def test_people_resolve_through_titles_and_spellings(registry, mention, name):
    speaker = registry.resolve(mention)
    assert speaker is not None and speaker.known
    assert speaker.name == name


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("the U.S. Department of Defense", "Pentagon"),
        ("the Defense Department", "Pentagon"),
        ("the US military", "Pentagon"),
        ("Russia's Ministry of Defence", "Russian Defense Ministry"),
        ("the Ministry of Defense of the Russian Federation", "Russian Defense Ministry"),
        ("@mod_russia", "Russian Defense Ministry"),
        ("Минобороны России", "Russian Defense Ministry"),
        ("Washington", "United States"),
        ("the global coalition", "US-led coalition"),
        ("the U.N. Security Council", "UN Security Council"),
    ],
)
def test_organisation_synonyms(registry, mention, name):
    speaker = registry.resolve(mention)
    assert speaker is not None and speaker.name == name


def test_organisation_speaks_for_itself_and_person_carries_org_and_side(registry):
    pentagon = registry.resolve("the Pentagon")
    assert (pentagon.organization, pentagon.side, pentagon.kind) == (
        "Pentagon",
        "United States",
        "organization",
    )
    council = registry.resolve("the UN Security Council")
    assert council.organization == "United Nations"
    person = registry.resolve("Sergey Lavrov")
    assert (person.organization, person.side) == ("Russian Foreign Ministry", "Russia")


def test_generic_ministry_needs_a_nationality_in_context(registry):
    russian = registry.resolve(
        "the Defense Ministry", context="Moscow said the Defense Ministry had done so."
    )
    assert russian is not None and russian.name == "Russian Defense Ministry"
    iraqi = registry.resolve("the Defense Ministry", context="In Baghdad, the Iraqi Defense Ministry said")
    assert iraqi is not None and iraqi.side == "Iraq"
    assert registry.resolve("the Defense Ministry", context="") is None


@pytest.mark.parametrize(
    "mention",
    [
        "Mark Pahon",
        "Chelsea Manning",
        "Anna Lavrova",
        "Sergei Lavrentyev-Smirnov",
        "Ivan Petrov",
        "Marina Zakharenko",
    ],
)
def test_near_misses_are_not_merged_with_known_people(registry, mention):
    speaker = registry.resolve(mention)
    assert speaker is not None
    assert not speaker.known


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Eric Pahon", "Erik Pehon", True),
        ("Pahon", "Pahana", True),
        ("Sergei Shoigu", "Sergey Shoygu", True),
        ("Peskov", "Peshkov", True),
        ("Igor Konashenkov", "Konashenkov", True),
        ("Russian Defense Ministry", "Russian Defence Ministry", True),
        ("Ivanov", "Ivanova", False),
        ("Robert Manning", "Chelsea Manning", False),
        ("Sergei Lavrov", "Sergei Lavrentiev", False),
        ("Peskov", "Petrov", False),
        ("Pentagon", "Eric Pahon", False),
        ("United States", "United States and Russia", False),
    ],
)
def test_same_person(a, b, same):
    assert same_person(a, b) is same


def test_skeleton_and_length_guard():
    assert skeleton("Khmeimim") == skeleton("Hmeymim")
    assert not surname_variant("Ali", "Ala")  # too short to call a variant


@pytest.mark.parametrize(
    ("mention", "name", "side", "organization"),
    [
        (
            "Russian Defense Ministry spokesman Maj. Gen. Pavel Orlov",
            "Pavel Orlov",
            "Russia",
            "Russian Defense Ministry",
        ),
        ("US Army Col. John Hartley", "John Hartley", "United States", None),
        ("Iraqi Prime Minister Adil Mahdi", "Adil Mahdi", "Iraq", None),
        ("Turkish presidential aide Kemal Demir", "Kemal Demir", "Turkey", None),
        ("Russian ambassador to the US Anatoly Antonov", "Anatoly Antonov", "Russia", None),
        ("coalition spokesman Col. Tom Harris", "Tom Harris", "United States", "US-led coalition"),
    ],
)
def test_unknown_speakers_are_profiled_from_titles(registry, mention, name, side, organization):
    speaker = registry.resolve(mention)
    assert speaker is not None and not speaker.known
    assert (speaker.name, speaker.side, speaker.organization) == (name, side, organization)


@pytest.mark.parametrize(
    "mention",
    ["Syrian opposition spokesman Omar Haddad", "rebel commander Abu Khalid", "Jane Miller"],
)
def test_side_left_empty_when_unsure(registry, mention):
    speaker = registry.resolve(mention)
    assert speaker is not None and speaker.side is None


def test_appositive_in_context_gives_the_profile(registry):
    context = "Amir Karimi, a spokesman for the Iranian Foreign Ministry, said on Tuesday that"
    speaker = registry.resolve("Amir Karimi", context=context)
    assert (speaker.side, speaker.organization) == ("Iran", "Iranian Foreign Ministry")


def test_media_titles_and_state_media(registry):
    assert registry.resolve("Russian columnist Oleg Zimin").side == "media"
    state = registry.resolve("Iranian state television", label="ORG")
    assert state is not None and state.side == "Iran"


@pytest.mark.parametrize("mention", ["he", "She", "the spokesman", "the Russian general", "the senator"])
def test_pronouns_and_descriptions_are_left_to_the_caller(registry, mention):
    assert registry.resolve(mention) is None


def test_registry_built_from_custom_knowledge():
    knowledge = Knowledge(
        sides=(SideEntry(name="Ruritania", slug="ruritania", terms=("Ruritanian", "Strelsau")),),
        actors=(
            ActorEntry(
                name="Ruritanian Army", kind="organization", side="Ruritania", aliases=("Royal Army",)
            ),
            ActorEntry(
                name="Rudolf Rassendyll", kind="person", organization="Ruritanian Army", side="Ruritania"
            ),
        ),
    )
    registry = ActorRegistry(knowledge)
    assert registry.resolve("General Rudolph Rassendill").name == "Rudolf Rassendyll"
    assert registry.resolve("the Royal Army").name == "Ruritanian Army"
    unknown = registry.resolve("Ruritanian envoy Fritz Tarlenheim")
    assert (unknown.known, unknown.side) == (False, "Ruritania")


@pytest.mark.parametrize(
    ("description", "name"),
    [
        ("the head of the White House", "Donald Trump"),
        ("the chief of the General Staff of the Russian Armed Forces", "Valery Gerasimov"),
        ("the Iraqi prime minister", "Haider al-Abadi"),
        ("the Turkish foreign minister", "Mevlut Cavusoglu"),
        ("the Syrian president", "Bashar al-Assad"),  # not his adviser "to the Syrian president"
        ("the official representative of the Russian Defence Ministry", "Igor Konashenkov"),
    ],
)
def test_a_unique_office_holder_resolves_a_description(registry, description, name):
    speaker = registry.resolve(description)
    assert speaker is not None and speaker.name == name


@pytest.mark.parametrize(
    "description",
    [
        "the Russian spokesman",
        "a Pentagon spokesman",
        "the deputy head of the Russian General Staff",
        "the head of state",
    ],
)
def test_ambiguous_or_unmatched_offices_stay_unresolved(registry, description):
    assert registry.resolve(description) is None


def test_an_unnamed_official_is_not_the_office_holder():
    from narratives.nlp.knowledge import demo_knowledge
    from narratives.nlp.registry import ActorRegistry

    registry = ActorRegistry(demo_knowledge())
    assert registry.resolve("an American defense official") is None
    assert registry.resolve("the American defense secretary").name == "James Mattis"
