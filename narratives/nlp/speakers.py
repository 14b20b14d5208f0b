"""Speaker resolution for one article: registry names, coreference by salience, unnamed sources."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from .attribution import RawClaim, mention_bounds
from .collectives import counted_group, joint_speaker
from .coref import GROUP, Antecedent, Salience, collect_people, surname_of
from .doctext import doc_text
from .lexicon import load_lexicon, word_set, word_table
from .names import LEADING_ARTICLE
from .quotes import Quote, paragraph_at
from .speaker_passes import FORWARD_WINDOW, acronyms, country_for_its_body, joint, name_later
from .types import Speaker


def _np_text(doc: Doc):
    def np_text(tok) -> str:
        head = tok
        while head.dep_ in ("appos", "compound", "flat") and head.head.pos_ in ("NOUN", "PROPN"):
            if head.head.i == head.i:
                break
            head = head.head
        first, last = mention_bounds(head)
        return doc[first : last + 1].text

    return np_text


def resolve_speakers(doc: Doc, raws: list[RawClaim], registry, same_person=None) -> list[Speaker | None]:
    """One Speaker (or None) per raw claim: names through the registry, pronouns and descriptions
    through the article's salience, unnamed sources profiled from their titles."""
    lex = load_lexicon()
    sal = Salience(lex, same_person)
    np_text = _np_text(doc)
    quotes = [Quote(**q) for q in (doc._.parallax_quotes or [])]
    spans = [(q.start, q.end) for q in quotes] + [(c.start, c.end) for c in raws]
    # Subjects inside quotes or reported content are not the narration's subject.
    collect_people(doc, sal, np_text, lambda pos: any(a <= pos < b for a, b in spans))
    unnamed: dict[str, tuple[int, Speaker]] = {}  # head noun -> last unnamed speaker ("a senior official")
    orgs: list[tuple[int, str, Speaker]] = []  # organisations that spoke: position, mention, speaker
    text = doc_text(doc)
    cache: dict[int, Speaker | None] = {}
    pending: list[tuple[int, str]] = []  # indefinite descriptions that a later mention may name
    speakers: list[Speaker | None] = [None] * len(raws)
    order = sorted(
        range(len(raws)), key=lambda i: raws[i].speaker_start or raws[i].cue_start or raws[i].start
    )

    def person_speaker(person) -> Speaker | None:
        key = id(person)
        if key not in cache:
            cache[key] = registry.resolve(person.name, context=person.context, label="PERSON")
        return cache[key]

    for i in order:
        c = raws[i]
        if c.speaker_start is None:
            continue
        pos = c.speaker_start
        # A speaker named inside someone else's words ("she noted that Putin had announced …") is
        # mentioned, not speaking: it must not take over the following pronouns.
        nested = any(o.start <= pos < o.end for o in raws if o is not c)
        sal.quiet = nested or _list_item(text, pos)
        mention = text[c.speaker_start : c.speaker_end]
        tok = doc[c.speaker_token] if c.speaker_token is not None else None
        sentence = text[c.sent_start : c.sent_end]
        if c.mention_kind == "pronoun":
            ant = sal.resolve_pronoun(mention, pos)
            speakers[i] = _from_antecedent(ant, registry, person_speaker)
            if ant is not None and ant.person is not None:
                sal.spoke(pos, person=ant.person)
            continue
        if c.mention_kind == "description":
            span = doc.char_span(c.speaker_start, c.speaker_end, alignment_mode="expand")
            nats = [t.text for t in span if t.ent_type_ in ("NORP", "GPE")] if span is not None else []
            plural = tok is not None and tok.tag_ in ("NNS", "NNPS")
            indefinite = mention.lower().startswith(("a ", "an ", "one "))  # a new, unnamed source
            ant = None if plural or indefinite else sal.resolve_description(mention, pos, nats, c.sent_end)
            if indefinite and not plural:
                # "A spokeswoman for X said … The spokeswoman, Jane Doe, added": named right after
                # (the naming sentence seldom repeats the nationality, so it is not required)
                ant = sal.resolve_forward(mention, pos, [], limit=FORWARD_WINDOW)
            head = tok.lemma_.lower() if tok is not None else ""
            earlier = unnamed.get(head)
            last = sal.last_person_speaker(pos)
            if earlier is not None and not indefinite and (last is None or earlier[0] >= max(last.spoke)):
                speakers[i] = earlier[1]  # "a senior official said …" then "the official told …"
                unnamed[head] = (pos, earlier[1])
                continue
            if ant is not None:
                speakers[i] = _from_antecedent(ant, registry, person_speaker)
                if ant.person is not None:
                    sal.spoke(pos, person=ant.person)
                continue
            group = counted_group(doc, tok) if plural and not indefinite else None
            if group is not None:  # "the four countries said", after "Britain, the US, France and Germany"
                members = [
                    registry.resolve(np_text(t), label="GPE") or Speaker(np_text(t), "country") for t in group
                ]
                speakers[i] = joint_speaker(members, "country")
                continue
            body = None if indefinite or tok is None else _body_named_in(doc, tok, pos, sentence, registry)
            if body is None and plural and not indefinite and orgs and tok is not None:
                body = _members_of(lex, tok, orgs[-1])  # "the ministry said … The diplomats noted"
            if body is not None:
                speakers[i] = body  # "investigators said" in an article naming the Joint Investigation Team
                orgs.append((pos, mention, body))
                continue
            if indefinite or plural:
                # "a US defense official", "experts": unnamed sources, never a known named actor
                speakers[i] = _unnamed(mention, sentence, registry)
                unnamed[head] = (pos, speakers[i])
                if plural and not nested:  # "The rebels denied it. They said …"
                    sal.spoke(pos, org=Antecedent(mention, sentence, GROUP))
                if indefinite and not plural:
                    pending.append((i, head))
                continue
        span = doc.char_span(c.speaker_start, c.speaker_end, alignment_mode="expand")
        if tok is not None and span is not None and _bare_noun_phrase(span, tok):
            # "the ministry said", "the statement added": the last organisation that fits.
            head = tok.lemma_.lower()
            document = head in lex.document_nouns
            media = head in lex.media_nouns
            for _, org_mention, org_speaker in reversed(orgs):
                names = f"{org_mention} {org_speaker.name}".lower()
                if (
                    document
                    or head in names
                    or _shares_stem(head, names.split())
                    or any(t in names for t in _BODY_NOUNS.get(head, ()))
                    or (
                        media
                        and (
                            org_speaker.side == registry.media_side
                            or any(m in names for m in lex.media_nouns)
                        )
                    )
                ):
                    speakers[i] = org_speaker
                    break
            if speakers[i] is None and not document and not media:
                # "A spokesman for the X Ministry said … The ministry added": the body named before
                speakers[i] = _body_named_in(doc, tok, pos, sentence, registry, after=False)
            if speakers[i] is not None:
                continue
        persons = _person_names(span) if span is not None and not _name_is_modifier(tok) else []
        label = tok.ent_type_ or None if tok is not None else None
        person = None
        if persons:  # the name the mention is headed by, not one in its apposition ("X, adviser to Y,")
            own = [p for p in persons if tok is None or tok.text in p.split()]
            if not own and tok.pos_ == "PROPN":
                k = tok.i
                while k > span.start and doc[k - 1].dep_ == "compound" and doc[k - 1].pos_ == "PROPN":
                    k -= 1
                own = [doc[k : tok.i + 1].text]  # a name NER missed
            person = sal.add_person((own or persons)[-1], pos, mention)
        elif tok is not None and (tok.pos_ == "PROPN" or tok.text[:1].isupper()):
            person = sal.find_person(mention)
        if person is not None:
            speaker = registry.resolve(mention, context=sentence, label="PERSON")
            if speaker is None or not speaker.known:
                speaker = person_speaker(person) or speaker
            speakers[i] = speaker
            sal.spoke(pos, person=person)
            continue
        speaker = (
            _government_of(tok, pos, sal, registry, person_speaker)
            or _nationality_speaker(mention, tok, registry)
            or registry.resolve(mention, context=sentence, label=label)
        )
        if speaker is None and c.mention_kind in ("name", "description"):
            speaker = _unnamed(mention, sentence, registry)
            if tok is not None:
                unnamed[tok.lemma_.lower()] = (pos, speaker)
        speakers[i] = speaker
        if speaker is not None and speaker.kind != "person":
            sal.spoke(pos, org=Antecedent(mention, sentence, label))
            if not nested:
                orgs.append((pos, mention, speaker))
        elif speaker is not None and surname_of(speaker.name):
            sal.spoke(pos, person=sal.add_person(speaker.name, pos, mention))
    name_later(doc, raws, speakers, pending)
    country_for_its_body(text, raws, speakers, order)
    joint(doc, raws, speakers, registry, np_text)
    full = acronyms(text)
    for i, sp in enumerate(speakers):
        if sp is not None and not sp.known and sp.name.strip() in full:  # "JIT": as the article spells it out
            speakers[i] = replace(sp, name=full[sp.name.strip()], anonymous=False)
    return speakers


_BULLET = re.compile(r"[-–—•*][ \t]+\S")


def _list_item(text: str, pos: int) -> bool:
    """A bulleted line with no closing stop ('- X says …'): a link to another story, whose speaker
    does not take the article's following pronouns."""
    line = paragraph_at(text, pos).rstrip().rstrip("\"”’'")
    return bool(_BULLET.match(line)) and not line.endswith((".", "!", "?"))


_DEFINITE = word_set("determiners", "definite_determiners")
_GOVERNMENTS = word_set("cues", "government_nouns")
_BODY_NOUNS = word_table("cues", "body_nouns")  # "the military" -> the defence ministry that spoke


# a shared start this long ties "investigators" to "Investigation", "regulators" to "Regulatory"
STEM_CHARS = 6


def _shares_stem(word: str, others) -> bool:
    word = word.lower()
    if len(word) < STEM_CHARS:
        return False
    return any(len(o) >= STEM_CHARS and o.lower()[:STEM_CHARS] == word[:STEM_CHARS] for o in others)


def _body_named_in(doc: Doc, head, pos: int, sentence: str, registry, after=True) -> Speaker | None:
    """A collective description ("investigators", "the prosecutors") is the organisation the article
    names with a word of the same stem: the nearest such ORG entity before it, else the first after."""
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or len(lemma) < STEM_CHARS:
        return None
    found = [
        ent
        for ent in doc.ents
        if ent.label_ == "ORG" and not ent.start <= head.i < ent.end and _shares_stem(lemma, ent.text.split())
    ]
    if not found:
        return None
    before = [e for e in found if e.start_char < pos]
    if not before and not after:
        return None
    ent = before[-1] if before else found[0]
    speaker = registry.resolve(ent.text, context=sentence, label="ORG")
    if speaker is None or speaker == "":
        return None
    return speaker


def _members_of(lex, head, org: tuple[int, str, Speaker]) -> Speaker | None:
    """'The diplomats', 'the officers': the last body that spoke, when the description's titles fit it."""
    _, mention, speaker = org
    if speaker.anonymous or speaker.kind != "organization":
        return None
    names = f"{mention} {speaker.name} {speaker.role}".lower()
    titles = lex.descriptions.get(head.lemma_.lower(), ())
    return speaker if any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", names) for t in titles) else None


def _nationality_speaker(mention: str, tok, registry) -> Speaker | None:
    """'the Russian claim that …': a bare nationality word speaks for its country."""
    if tok is None or tok.ent_type_ != "NORP" or len(mention.split()) != 1:
        return None
    word = mention.strip().lower()
    for side in registry.knowledge.sides:
        if word in (t.lower() for t in side.terms):
            return registry.resolve(side.name, label="GPE")
    return None


def _government_of(tok, pos: int, sal, registry, person_speaker) -> Speaker | None:
    """'her government said', 'who the government said' (after 'X announced'): the country of the
    person the owner pronoun, or the narration, points to. None when no country can be told."""
    if tok is None or tok.pos_ != "NOUN" or tok.lemma_.lower() not in _GOVERNMENTS:
        return None
    if any(t.pos_ == "PROPN" or t.ent_type_ for t in tok.subtree):
        return None  # "the Syrian government", "Dupont's government": the name says whose
    owner = next((t for t in tok.children if t.dep_ == "poss"), None)
    if owner is None and not any(t.dep_ == "det" and t.lower_ in _DEFINITE for t in tok.children):
        return None
    gender = sal.lex.pronoun_gender(owner.text) if owner is not None else ""
    if owner is not None and not gender:
        return None  # "their government": no single person
    person = sal.salient_person(pos, gender)
    if person is None:
        return None
    found = person_speaker(person)
    sides = [found.side] if found is not None and found.known and found.side else []
    sides.append(registry.describe(person.name, context=person.context).side)
    for side in sides:
        actor = registry.lookup(side) if side else None
        if actor is not None and actor.kind == "country":
            return registry.speaker_for(actor)
    # a nationality word in the person's titles names the country's government ("British" -> UK)
    for word in re.findall(r"\b[A-Z][\w-]+", person.context):
        actor = registry.lookup(f"{word} {tok.lemma_.lower()}")
        if actor is not None and actor.kind == "country":
            return registry.speaker_for(actor)
    return None


def _bare_noun_phrase(span, head) -> bool:
    """'the ministry', 'the statement': a definite common noun with no name in it."""
    return (
        head.pos_ == "NOUN"
        and span[0].lower_ in _DEFINITE
        and not any(t.pos_ == "PROPN" or t.ent_type_ for t in span)
    )


def _name_is_modifier(tok) -> bool:
    """'Clinton aides', 'the Trump campaign': the head is a common noun, the name only qualifies it."""
    return (
        tok is not None
        and tok.pos_ == "NOUN"
        and tok.ent_type_ != "PERSON"
        and not any(c.dep_ == "appos" for c in tok.children)
    )


def _person_names(span) -> list[str]:
    """PERSON entity texts inside a span, read from token IOB tags (cheaper than ``span.ents``)."""
    names: list[list[str]] = []
    for t in span:
        if t.ent_type_ != "PERSON":
            continue
        if t.ent_iob_ == "B" or not names or t.i == span.start or t.doc[t.i - 1].ent_type_ != "PERSON":
            names.append([])
        names[-1].append(t.text_with_ws)
    return ["".join(n).strip() for n in names]


def _unnamed(mention: str, sentence: str, registry) -> Speaker:
    """A speaker the text does not name ("a senior administration official"), profiled from its title."""
    profile = registry.describe(mention, context=sentence)
    name = LEADING_ARTICLE.sub("", mention.strip())
    name = re.sub(r"['’]s?$", "", name).strip()
    return Speaker(
        name=name,
        kind=profile.kind,
        known=False,
        role=profile.role,
        organization=profile.organization,
        side=profile.side,
        anonymous=True,
        side_inferred=profile.side is not None,
    )


def _from_antecedent(ant: Antecedent | None, registry, person_speaker) -> Speaker | None:
    if ant is None:
        return None
    if ant.person is not None:
        return person_speaker(ant.person)
    found = registry.resolve(ant.mention, context=ant.context, label=ant.label)
    # "the airline said … it added": the same unnamed body the pronoun points back to
    return found if found is not None else _unnamed(ant.mention, ant.context, registry)
