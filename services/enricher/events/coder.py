"""CAMEO event coding of one article from its dependency parse (version 2).

Triggers are verbs of the CAMEO verb dictionary, coded by its patterns (``patterns.py``), and
the event nouns of the hand lexicon. For each trigger the coder finds:

- the actor: the subject; the 'by' phrase of a passive; inherited by a conjoined or controlled
  verb ("agreed to support", "urged Iran to negotiate"); each conjunct for itself; for plural
  references ("the leaders", "the two", "both sides", "joint"), the last pair of parties the
  article named together. A passive without 'by' names no actor: its subject is the target,
  so a victim is never an actor. Every party gets a CAMEO actor code (``actors.py``); a phrase
  that names no actor and no role ('the plane', 'he') is no party. No actor, no event.
- the target: where the pattern puts it, else the object or the object of a preposition, or
  the other party of a reciprocal event. An event needs one: where the sentence names none, a
  material act takes the country of the place where it happens; otherwise there is no event.
- modality (``modality.py``): an expressed intention ("plans to", "agreed to", "expected to
  meet", "will visit") is coded as the codebook codes it: the intention's own 03x code (13x for
  a hostile act), asserted. Only asserted and reported events are facts.
- reported events: "X said (that) Y did Z" codes Y -> Z with X as the speaker, and not X's
  saying; a statement is coded only with a target other than the audience ('told reporters').
- the location (``places.py``) and the codebook's rules that depend on the parties
  (``rules.py``). Sentences and stories of the discards dictionary (sports, entertainment) are
  not coded.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from spacy.attrs import DEP, LOWER, TAG
from spacy.tokens import Doc, Span, Token

from newsstream.enricher.cameo.dictionaries import ActorDictionaries
from newsstream.enricher.cameo.phrases import phrase_words
from newsstream.enricher.cameo.verbs import (
    FORCE_ROOTS,
    WORDED_HOSTILITY_ROOTS,
    WORDED_ROOTS,
    VerbDictionary,
    VerbEntry,
)
from newsstream.enricher.entities import (
    DATE_LABELS,
    PLACE_LABELS,
    ArticleEntities,
    EntityRef,
    extract_entities,
)
from newsstream.enricher.events.actors import (
    NO_COUNTRY,
    UNIDENTIFIED_ROLE,
    ActorCode,
    ActorCoder,
    Participant,
    in_stance,
    is_backing,
)
from newsstream.enricher.events.dates import is_day, resolve_date
from newsstream.enricher.events.lexicon import EventLexicon, NounRule
from newsstream.enricher.events.modality import ModalityReader
from newsstream.enricher.events.patterns import VerbMatch, match_verb
from newsstream.enricher.events.places import (
    PARAGRAPH_BREAK,
    TOPIC_PREPS,
    Location,
    PlaceFinder,
    at_home,
    attached_to,
    trimmed_offsets,
)
from newsstream.enricher.events.rules import (
    CRITICISE_CODE,
    GENERAL_REQUEST_CODES,
    MATERIAL_ROOTS,
    REQUEST_ROOTS,
    STATEMENT_ROOT,
    UNSPECIFIED_PROTEST_CODE,
    VERBAL_COUNTERPARTS,
    VISIT_CODE,
    WEAPON_KIND_CODES,
    acts_on_place,
    demonstrated,
    is_audience,
    mutual,
    reciprocal,
    refine_code,
    visitor_roles,
)
from newsstream.enricher.events.syntax import (
    ADJECTIVE_TAG,
    CLAUSE_SUBJECT_DEPS,
    NOUN_PHRASE_TAGS,
    NUMBER_TAG,
    PAST_TAG,
    VERB_TAGS,
    clause_subjects,
    counts,
    for_to_marks,
    found_in,
    has_subject,
    string_ids,
)
from newsstream.enricher.gazetteer import Gazetteer, is_water
from newsstream.enricher.known_actors import KnownActorNames

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
OWNER_MODIFIER_DEPS = frozenset({"compound", "amod"})
NON_TRIGGER_DEPS = frozenset({"amod", "compound", "aux", "auxpass"})
# the forms of 'be', which the parser sometimes takes for the verb of a progressive
BE_FORMS = frozenset({"is", "are", "was", "were", "am", "be", "been", "'s", "'re"})
RELATIVE_PRONOUN_TAGS = frozenset({"WP", "WDT"})
PERSONAL_PRONOUN_TAG = "PRP"
PROPER_NOUN_TAG = "NNP"
NOUN_TAGS = frozenset({"NN", "NNS"})
SINGULAR_NOUN_TAG = "NN"
ORG = "ORG"
# participles that give a noun its name: 'a group called the Muslim Brotherhood'
NAMING_PARTICIPLES = frozenset({"called", "named", "known", "dubbed"})
DETERMINER_TAG = "DT"
PRONOUN_TAGS = RELATIVE_PRONOUN_TAGS | {PERSONAL_PRONOUN_TAG, "PRP$", DETERMINER_TAG}
# where a number stands for people: as a subject or an object
PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
# prepositions whose object is the target when no pattern says where it is
OPPOSED_PREPS = frozenset({"against"})
# where what is fired, launched or dropped is aimed: 'fired a missile at Israel'
AIMED_PREPS = frozenset({"at", "into", "on", "toward", "towards", "against", "upon"})
TARGET_PREPS = frozenset(
    {"with", "to", "against", "on", "into", "at", "toward", "towards", "upon", "between"}
)
NOMINAL_TARGET_PREPS = frozenset({"on", "against", "with", "to", "into", "between"})
# where the target of an act on a thing is named: 'sanctions on Iran', 'the coup in Myanmar',
# 'support for Egypt', 'praised the agreement between Israel and Lebanon', 'concern about
# China's military buildup'
HOLDER_TARGET_PREPS = frozenset(
    {"on", "against", "with", "to", "into", "of", "in", "over", "about", "for", "between"}
)
# a resulting state of a verb's object: 'leaving five dead', 'left the city devastated'
RESULT_DEPS = frozenset({"ccomp", "xcomp", "oprd", "acomp"})
RESULT_TAGS = frozenset({"VBN", "JJ"})
# prepositions whose gerund shares the subject of the verb they modify ('left after meeting
# Biden'); not 'of' or 'for', whose gerund may be the object's ('accused Iran of arming')
SUBJECT_SHARING_PREPS = frozenset({"after", "before", "since", "by", "while", "upon", "without"})
# the reason of praise, criticism or punishment, whose gerund is the judged party's act:
# 'blasted Seoul for conducting drills', 'arrested the activist for organising a protest'
REASON_PREPS = frozenset({"for"})
JUDGING_ROOTS = frozenset({"05", "11", "17"})
# the preposition of what a noun is of: its owner, its members, whom it is about
OF = frozenset({"of"})
# roles of people whose attacks are made in words: 'the Labour leader attacked the minister'
POLITICAL_ROLES = frozenset({"GOV", "LEG", "PTY", "OPP", "ELI"})
# the preposition naming the sides of a reciprocal act: 'fighting between the army and the RSF'
SIDES_PREPS = frozenset({"between"})
# the preposition of a controlling object: 'called on Iran to free the sailors'
CONTROL_PREPS = frozenset({"on", "upon"})
# what marks a clause as the condition of a threat or demand: 'if Finland joined NATO'
CONDITION_MARKS = frozenset({"if", "unless"})
# 015 Acknowledge or claim responsibility: who claims an act did it ('responsibility for')
CLAIM_CODE = "015"
CLAIMED_PREPS = frozenset({"for"})
# praise, verbal defence and denial are aimed at the doer of what they answer too: 'welcomed the
# release of X by Russia', 'hailed the decision by Spain' (052), 'denied the accusations made by
# the United States' (016)
ANSWERING_CODES = ("051", "052", "016")
# statements and consultations, and where their channel is named: 'by telephone'
CHANNEL_ROOTS = ("01", "04")
CHANNEL_PREPS = frozenset({"by", "over", "on", "via", "in"})
# where the source of a reversed act is named: 'came under fire from the opposition'
SOURCE_PREPS = frozenset({"from", "by"})
AGENT_PREPS = frozenset({"by"})
SOURCE_PLACE_PREPS = frozenset({"from"})
# where the people of a phrase come from: 'diplomats from the US and Russia'
ORIGIN_PREPS = frozenset({"from"})
COUNTERPART_PREPS = frozenset({"with"})
CONSULT_ROOT = "04"
# prepositions of what talks are about: those of any act's topic, and 'on' ('talks on a
# ceasefire')
TALKS_TOPIC_PREPS = TOPIC_PREPS | {"on"}
# those who stand against their own state, whose words to their country are to the state
CHALLENGER_ROLES = frozenset({"OPP", "REB", "INS", "SEP"})
# the offices of a state, which consult their like in other states
STATE_OFFICE_ROLES = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
# the roles whose acts on things of their country act on the country: its offices, its
# politicians, and those who take up arms in it
AUTHORITY_ROLES = STATE_OFFICE_ROLES | POLITICAL_ROLES | {"REB", "INS", "SEP", "UAF", "RAD"}
# appeals, intentions and demands, and what they ask or hope for: 'called for the release of'
ASKING_ROOTS = frozenset({"02", "03", "10"})
ASKED_FOR_PREPS = frozenset({"for"})
# appeals and demands, and whom they ask: 'requested assistance from the FBI', 'demanded an
# apology from Japan'
ASKING_OF_ROOTS = frozenset({"02", "10"})
# the act a passive happened in: 'killed in an ambush', 'wounded during the shelling'
SETTING_PREPS = frozenset({"in", "during"})
# a meeting the subject of a clause had before it: 'after talks with Iran, Oman proposed'
MEETING_BEFORE_PREPS = frozenset({"after", "following"})
# a clause of what an act is done for: 'rallied to demand'
PURPOSE_DEPS = frozenset({"advcl", "xcomp"})
DEMONSTRATE_ROOT = "14"
# hostile words and protests, aimed at the doer of what they are about
OPPOSING_ROOTS = WORDED_HOSTILITY_ROOTS | {DEMONSTRATE_ROOT}
DISAPPROVE_ROOT = "11"
# a participle after a noun, or a passive relative clause: 'the sanctions imposed by the US',
# 'the attack, which was claimed by the Islamic State'
PARTICIPLE_DEPS = frozenset({"acl", "relcl"})
# roots 11 to 20 code opposition, verbal and material: disapproval, rejection, threats,
# protest, sanctions, coercion and force; not a demand (10), as the verb dictionary codes a
# decree signed ('SIGN * DECREE [100]')
FIRST_OPPOSING_ROOT = 11
# numbers that count no people: '1992 killed socialism', 'traded up at $28.49'
NON_PEOPLE_NUMBERS = DATE_LABELS | {"MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
# what a noun of force hits: 'strikes on Kharkiv'
FORCE_TARGET_PREPS = frozenset({"on"})
# the modifiers that name whose a noun is: 'an Israeli strike', 'Israel's strike'
OWNER_DEPS = OWNER_MODIFIER_DEPS | {"poss"}
# the preposition of a state a light verb's subject enters: 'went on strike'
ENTERED_STATE_PREPS = frozenset({"on"})
# what an end is of: 'an end to the fighting', 'a halt of the bombardment'
ENDED_PREPS = frozenset({"to", "of"})
# the preposition of a state a party is put in: 'placed the dissident under house arrest'
IMPOSED_STATE_PREPS = frozenset({"under"})
# where talks are held is their venue, not a party: 'hold talks in Istanbul'
VENUE_PREPS = frozenset({"in"})
# where a protest is held before a building: 'outside the embassy', 'in front of parliament'
OUTSIDE_PREPS = frozenset({"outside"})
FRONT = "front"
# where a thing of no code is: 'the warring parties in Sudan', 'the waters near Taiwan', 'the
# entry of goods into Gaza'
WHEREABOUTS_PREPS = frozenset({"in", "near", "around", "into", "off"})
VENUE_OR_TARGET_PREPS = frozenset({"at"})
# what an amount or a collection counts: 'a wave of attacks', '$500 million in aid'
COUNTING_PREPS = frozenset({"of", "in"})
AMOUNT_ENTITY_TYPES = frozenset({"MONEY", "QUANTITY"})
FACTUAL = frozenset({"asserted", "reported"})
COLLECTIVE_LABELS = frozenset({"GPE", "NORP", ORG})
OBJECT_PRONOUNS = frozenset({"him", "her", "them"})
# pronouns of one person and of one body
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
BODY_PRONOUNS = frozenset({"it"})
BODY_PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "pobj"})
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
# a clause joined to the one before it: 'and many issued', 'while smaller ones rallied'
JOINED_CLAUSE_DEPS = frozenset({"conj", "advcl"})
# the named entities of an amount: 'tariffs of 25 percent', 'aid of $500 million'
AMOUNT_LABELS = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL"})
# what a verb of force reaches, no one it hits: '14 degrees', '10 percent' (a bare number is
# people: 'killed 12')
MEASURE_LABELS = AMOUNT_LABELS - {"CARDINAL"}
# the prepositions after which a participle of belonging names the owner: 'linked to Israel'
BELONGING_PREPS = frozenset({"to", "with"})
# the prepositions after which 'result' and 'lead' name what an act brought about
CAUSED_PREPS = frozenset({"in", "to"})
# the participle clause that tells what a clause brought about: ', sparking clashes'
RESULT_CLAUSE_DEPS = frozenset({*JOINED_CLAUSE_DEPS, "xcomp"})
# the clause that says what a statement noun states: 'the announcement that it will ...'
STATED_DEPS = frozenset({"acl", "ccomp"})
AFFILIATION_LABELS = COLLECTIVE_LABELS
MAX_PARTIES = 4
PRONOUN_REACH = 2
STORY_LABELS = frozenset({"GPE", "NORP"})
REGION_LABELS = PLACE_LABELS | {"NORP"}
PRONOUNS = frozenset({"they", "them"})
PLURAL_PRONOUNS = PRONOUNS | {"their"}
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
# 'accused each other', 'met one another': the subject's parties act on one another
RECIPROCAL_PRONOUNS = {"other": "each", "another": "one"}
GERUND_TAG = "VBG"
BASE_VERB_TAG = "VB"
PARTICIPLE_TAG = "VBN"
REFLEXIVE_PRONOUNS = frozenset({"himself", "herself", "itself", "themselves", "themself"})
TWO_DEPS = frozenset({"nummod", "det", "predet"})
# roots of acts whose effect falls on a country (aid, yield, investigate, reject, reduce
# relations, coerce): done to a thing, the actor's country ('declared martial law'). Not force
# (18-20): 'blew up a bridge' is no attack on the actor's own country; nor seizing or damaging
# property (171): 'seized the vessel' takes what is another's
AFFECTING_ROOTS = frozenset({7, 8, 9, 12, 16, 17})
PROPERTY_SEIZURE_CODE = "171"
# rejecting, threatening and reducing relations: what a pattern of these roots does to an act
# its object names ('held back military aid': 162)
WITHHOLDING_ROOTS = frozenset({12, 13, 16})
# 192 Occupy territory: a place seized is territory taken, not property ('rebels captured Aleppo')
OCCUPY_TERRITORY_CODE = "192"
# roots of acts that answer what others said or asked: yielding to it, rejecting it
ANSWERING_ROOTS = frozenset({8, 12})
# coercion and force, whose object may be taken from its holder
TAKING_ROOTS = frozenset({17, *FORCE_ROOTS})
# 087 De-escalate military engagement: a withdrawal is from a place
WITHDRAWAL_CODE = "087"
NOMINAL_LABEL = "NOMINAL"
PERSON = "PERSON"
# names placed in a country by their role where they have none: a person, a people
ROLE_LABELS = frozenset({PERSON, "NORP"})
UNGOVERNED_PLACE = "LOC"
CIVILIAN = "CVL"
# who uses force among their own country's people: civilians, governments and their police
HOME_FORCE_ROLES = frozenset({CIVILIAN, "GOV", "COP"})
# the roles of parties a side acts with: 'agreed to disengage troops'
MEANS_ROLES = frozenset({"MIL"})
UNKNOWN_CIVILIAN = ActorCode(NO_COUNTRY + CIVILIAN, None, (CIVILIAN,), None)
JUDICIAL_ROLE = "JUD"
GENERIC_STATEMENT = "010"


@dataclass(slots=True)
class Mention:
    code: str
    actor: Participant
    target: Participant
    modality: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    sentence_index: int
    location: Location | None
    date: str | None
    confidence: float
    speaker: Participant | None
    # the trigger's first token
    anchor: int


@dataclass(slots=True)
class _Parties:
    refs: list[Participant]
    direct: bool


@dataclass(frozen=True, slots=True)
class _Trigger:
    code: str
    reciprocal: bool
    anchor: Token
    tokens: tuple[Token, ...]
    confidence: float
    # a verb of travel, whose destination is its host whatever its pattern codes: 'arrived in
    # Cairo for talks' (046)
    travel: bool = False


@dataclass(slots=True)
class CodingResources:
    lexicon: EventLexicon
    verbs: VerbDictionary
    dictionaries: ActorDictionaries
    gazetteer: Gazetteer
    actor_coder: ActorCoder = field(init=False)
    # the dictionaries' names, to find the entities spaCy's NER missed
    known_actors: KnownActorNames = field(init=False)

    # spaCy string ids of the verb dictionary's forms and of the verb tags, to find trigger
    # candidates on the doc's attribute array without creating a Token for every word
    verb_form_ids: np.ndarray = field(init=False)
    verb_tag_ids: np.ndarray = field(init=False)
    # nouns that count or gather what the verb acts on ('dozens of rockets', 'a barrage of')
    counting_nouns: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.actor_coder = ActorCoder(
            self.dictionaries,
            self.lexicon.agents,
            self.lexicon.role_aliases,
            self.lexicon.title_abbreviations,
            self.lexicon.family_name_first,
            self.gazetteer.region_codes,
            self.gazetteer.country_codes,
        )
        gazetteer = self.gazetteer
        self.known_actors = KnownActorNames.from_dictionaries(
            self.dictionaries, lambda name: gazetteer.lookup(name) is not None
        )
        self.verb_form_ids = string_ids(form.lower() for form in self.verbs.by_form)
        self.verb_tag_ids = string_ids(VERB_TAGS)
        self.counting_nouns = self.lexicon.quantity_nouns | self.lexicon.collection_nouns

    def entities(self, doc: Doc, text: str, title: str | None) -> ArticleEntities:
        """An article's entities as the coder reads them: with the names of the dictionaries
        the NER missed, and the towns it misread that a verb of force or of troops' movement
        takes."""
        known = self.known_actors.spans(doc)
        return extract_entities(doc, text, title, self.gazetteer, known, self.lexicon.place_verbs)


@dataclass(slots=True)
class ArticleCoder:
    doc: Doc
    entities: ArticleEntities
    resources: CodingResources
    published: date | None
    # per category, the pairs of parties named together: (text offset, parties, sentence)
    groups: dict[str, list[tuple[int, tuple[Participant, ...], int]]] = field(default_factory=dict)
    sentence_index: int = 0
    date_starts: list[int] = field(default_factory=list)
    codes: dict[int, ActorCode | None] = field(default_factory=dict)
    entity_codes: dict[str, ActorCode | None] = field(default_factory=dict)
    # a person's code with the roles a title gives them somewhere in the article, by entity
    titled_codes: dict[str, ActorCode | None] = field(default_factory=dict)
    # each verb's dictionary match, read once: a request verb reads the act it asks for too
    verb_matches: dict[int, VerbMatch | None] = field(default_factory=dict)
    places: PlaceFinder = field(init=False)
    story_country: str | None = field(init=False)
    modality: ModalityReader = field(init=False)

    def __post_init__(self) -> None:
        self.date_starts = [span.start for span in self.entities.dates]
        self.places = PlaceFinder(
            self.doc, self.entities, self.resources.gazetteer, self.lexicon.place_nouns
        )
        self.modality = ModalityReader(self.resources.lexicon)
        self.story_country = self._story_country()

    @property
    def lexicon(self) -> EventLexicon:
        return self.resources.lexicon

    # --- traversal ---

    def code(self) -> list[Mention]:
        if self.resources.dictionaries.discards.story_match(self.entities.text):
            return []
        lex, resources = self.lexicon, self.resources
        columns = self.doc.to_array([LOWER, TAG, DEP])
        lowers, tags, deps = columns[:, 0], columns[:, 1], columns[:, 2]
        nouns = _indices(found_in(tags, lex.noun_tag_ids) & found_in(lowers, lex.noun_form_ids))
        verbs = _indices(
            found_in(tags, resources.verb_tag_ids) & found_in(lowers, resources.verb_form_ids)
        )
        conjuncts = _indices(deps == lex.conj_id)
        discards = self.resources.dictionaries.discards
        text = self.entities.text  # the doc's text, which spaCy would join token by token
        mentions: list[Mention] = []
        for index, sentence in enumerate(self.doc.sents):
            self.sentence_index = index
            self._note_coordinations(_within(conjuncts, sentence))
            if discards.sentence_match(text[sentence.start_char : sentence.end_char]):
                continue
            mentions.extend(
                self._code_sentence(sentence, _within(verbs, sentence), _within(nouns, sentence))
            )
        return mentions

    def _code_sentence(self, sentence: Span, verbs: list[int], nouns: list[int]) -> list[Mention]:
        consumed: set[int] = set()
        triggers: list[tuple[_Trigger, VerbMatch]] = []
        mentions: list[Mention] = []
        for i in verbs:
            token = self.doc[i]
            if token.dep_ in NON_TRIGGER_DEPS:
                continue
            if self._tells_how_done(token) or self._tells_the_aim(token):
                continue  # a participle that says how a thing was done or what it aims at
            if self._describes_victims(token):
                continue
            match = self._verb_match(token)
            # where no pattern says what the verb does, a court's finding may say it
            unpatterned = match is None or match.pattern is None
            if unpatterned and (judgements := list(self._judgement_mentions(token, sentence))):
                mentions.extend(judgements)
                continue
            if match is None or (match.pattern is None and self._is_idiom(token)):
                continue
            if not self._states_a_result(token, match):
                triggers.append((self._verb_trigger(token, match), match))
        reporters: set[int] = set()
        forceful: set[int] = set()
        for trigger, match in triggers:
            if self._tells_a_toll(trigger.anchor, forceful):
                continue
            found = list(self._verb_mentions(trigger, match, sentence))
            if any(int(m.code[:2]) in FORCE_ROOTS for m in found):
                forceful.add(trigger.anchor.i)
            if found:  # the nouns of a pattern that gave no event may still be events
                consumed.update(t.i for t in match.used)
                # the act a passive happened in is this event: 'killed in an ambush'; so is
                # the act of force that did it: 'Israeli air strikes destroyed a school'
                consumed.update(t.i for t in self._prep_objects(trigger.anchor, SETTING_PREPS))
                if trigger.anchor.i in forceful:
                    consumed.update(t.i for t in self._means(trigger.anchor))
            for mention in found:
                if mention.speaker is not None:
                    reporters.update(self.modality.reporter_indices(trigger.anchor))
            mentions.extend(found)
        for i in nouns:
            noun = self.doc[i]
            if i in consumed or noun.dep_ in NON_TRIGGER_DEPS:
                continue
            if rule := self._event_rule(noun):
                mentions.extend(self._noun_mentions(noun, rule, sentence))
        intenders = self._intenders(mentions)
        mentions = self._rallies_told_by_their_aim(mentions)
        return [
            m
            for m in mentions
            if m.anchor not in intenders
            and not (m.code.startswith(STATEMENT_ROOT) and m.anchor in reporters)
        ]

    def _tells_how_done(self, verb: Token) -> bool:
        """A light verb's participle after an event noun tells how the noun's act was done,
        no act of its own: 'the raid conducted by US forces', 'the sanctions imposed by'."""
        return (
            verb.dep_ == "acl"
            and verb.lower_ in self.lexicon.light_verbs
            and self._event_rule(verb.head) is not None
        )

    def _describes_victims(self, verb: Token) -> bool:
        """A gerund before the noun of those an act befell describes them, whatever the parser
        makes of it: 'the mother of police shooting victim Michael Brown'."""
        following = verb.nbor() if verb.i + 1 < len(verb.doc) else None
        return (
            verb.tag_ == GERUND_TAG
            and following is not None
            and following.dep_ == "compound"
            and following.lower_ in self.lexicon.victim_nouns
        )

    def _tells_the_aim(self, verb: Token) -> bool:
        """A participle of aiming after a thing other than force says what the thing is aimed
        at, no act of its own: 'sanctions targeting Iran's oil exports', 'an operation
        targeting Julian Assange'; force aimed is force ('air strikes targeting Hezbollah')."""
        return (
            verb.dep_ == "acl"
            and verb.lower_ in self.lexicon.aiming_verbs
            and not self._is_force_act(verb.head)
        )

    def _aims(self, thing: Token) -> list[Token]:
        """What the participles of aiming after a thing name as its aim."""
        aiming = (c for c in thing.children if self._tells_the_aim(c))
        return [o for participle in aiming for o in participle.children if o.dep_ == "dobj"]

    def _rallies_told_by_their_aim(self, mentions: list[Mention]) -> list[Mention]:
        """A demonstration whose purpose clause was coded as a demonstration of its own is one
        act, aimed where the clause says, with the more precise of the two codes: 'thousands
        took to the streets of Buenos Aires to protest against Milei's reforms' is a rally
        (141) against Milei, not also one against Argentina, the place."""
        rallies = {
            (m.anchor, m.actor.key): m.code for m in mentions if m.code.startswith(DEMONSTRATE_ROOT)
        }
        told: set[tuple[int, str]] = set()
        kept: list[Mention] = []
        for mention in mentions:
            aim = self.doc[mention.anchor]
            rally = (aim.head.i, mention.actor.key)
            is_aim = mention.code.startswith(DEMONSTRATE_ROOT) and aim.dep_ in PURPOSE_DEPS
            if is_aim and (rally_code := rallies.get(rally)):
                told.add(rally)
                if mention.code == UNSPECIFIED_PROTEST_CODE:
                    mention = replace(mention, code=rally_code)
            kept.append(mention)
        return [m for m in kept if (m.anchor, m.actor.key) not in told]

    def _tells_a_toll(self, verb: Token, forceful: set[int]) -> bool:
        """A participle of casualties after an act of force is that act's toll, not an act of
        its own: 'a gunman opened fire at a cinema, killing two people and injuring several
        others' is one attack."""
        if verb.tag_ != "VBG" or verb.lower_ not in self.lexicon.toll_verbs:
            return False
        head = verb.head
        while verb.dep_ == "conj" and head.tag_ == "VBG":
            verb, head = head, head.head  # 'killing two and injuring several'
        return verb.dep_ == "advcl" and head.i < verb.i and head.i in forceful

    def _judgement_mentions(self, verb: Token, sentence: Span) -> Iterator[Mention]:
        """'The court found that Amazon can be held liable': a court's finding on the party the
        finding is about (116); the verb dictionary codes these verbs alone as something else
        ('found a company', 'rule a country') or not at all."""
        if verb.lower_ not in self.lexicon.judgement_verbs:
            return
        actors = self._subject(verb)
        actors.refs = [r for r in actors.refs if JUDICIAL_ROLE in r.actor.roles]
        findings = [c for c in verb.children if c.dep_ == "ccomp"] or _inverted_clause(verb)
        findings = [c for c in findings if self._finds_a_wrong(c)]
        subjects = [s for c in findings for s in c.children if s.dep_ in CLAUSE_SUBJECT_DEPS]
        if not actors.refs or not subjects:
            return
        code = self.lexicon.judgement_code
        trigger = _Trigger(code, False, verb, (verb,), 0.7)
        targets = self._resolve_all(subjects, target=True)
        yield from self._mentions(trigger, actors, targets, self.modality.modality(verb), sentence)

    def _finds_a_wrong(self, finding: Token) -> bool:
        """Whether a court's finding names a wrong, not denied ('was liable for fraud'; not
        'is immune from prosecution', 'was not liable')."""
        wrongs = self.lexicon.judgement_wrongs
        for word in finding.subtree:
            if word.lower_ in wrongs:
                return not any(c.dep_ == "neg" for w in (word, finding) for c in w.children)
        return False

    def _intenders(self, mentions: list[Mention]) -> set[int]:
        """Verbs of intention whose complement or object was coded: 'agreed to restore
        relations' is the intention to restore them (03x), not also an agreement; 'proposed new
        sanctions' the intention to impose them, not also a proposal."""
        found: set[int] = set()
        for mention in mentions:
            anchor = self._carrier(self.doc[mention.anchor])  # 'pledged $500 million in aid'
            if anchor.dep_ in ("xcomp", "dobj") and anchor.head.lower_ in self.lexicon.intent:
                found.add(anchor.head.i)
            elif anchor.dep_ == "acl" and self._is_stated_intention(anchor.head):
                found.add(anchor.head.head.i)  # 'announced plans to withdraw troops'
        return found

    def _received_act(self, verb: Token, match: VerbMatch | None) -> VerbMatch | None:
        """'faced accusations from the opposition', 'drew criticism from the UN': where no
        pattern of a receiving verb matched, the act its object names, done by the source to
        the subject."""
        if verb.lower_ not in self.lexicon.receiving_verbs:
            return match
        obj, entry = self._object(verb), self._unpatterned_entry(verb, match)
        rule = None if obj is None else self._event_rule(obj)
        if rule is None or entry is None:
            return match
        return VerbMatch(rule.code, entry, None, (obj,), (), swapped=True)

    def _hosted_visit(self, verb: Token, match: VerbMatch | None) -> VerbMatch | None:
        """'received the Ukrainian president', 'welcomed Modi at the White House': where no
        pattern of a verb of receiving a visitor matched, an official received is a visit
        hosted; not 'welcomed the decision', 'welcomed Syrian refugees'."""
        if verb.lower_ not in self.lexicon.hosting_verbs or (obj := self._object(verb)) is None:
            return match
        if (entry := self._unpatterned_entry(verb, match)) is None:
            return match
        visitors = [] if self._is_thing(obj) else self._resolve(obj, target=True).refs
        roles = self.lexicon.visitor_roles
        if not visitors or not all(roles.intersection(v.actor.roles) for v in visitors):
            return match
        return VerbMatch(self.lexicon.hosting_code, entry, None, (), (), swapped=False)

    def _unpatterned_entry(self, verb: Token, match: VerbMatch | None) -> VerbEntry | None:
        """The verb's first dictionary entry, where no pattern of the verb matched: what a rule
        of the lexicon codes the verb under."""
        entries = self.resources.verbs.entries(verb.text)
        if (match is not None and match.pattern is not None) or not entries:
            return None
        return entries[0]

    def _is_idiom(self, verb: Token) -> bool:
        obj = self._object(verb)
        return obj is not None and obj.lower_ in self.lexicon.idioms.get(verb.lower_, ())

    @staticmethod
    def _states_a_result(verb: Token, match: VerbMatch) -> bool:
        """'clashed ..., leaving several soldiers injured': what the object is left in, not an
        act of the verb's own on it; but force is done to the object ('shot dead a man'),
        unless the object is a measure reached: 'Gwangju hitting 14 degrees', 'inflation hit
        10 percent'."""
        if match.pattern is not None:
            return False
        if int(match.code[:2]) in FORCE_ROOTS:
            return any(c.dep_ == "dobj" and c.ent_type_ in MEASURE_LABELS for c in verb.children)
        return _leaves_in_a_state(verb)

    def _verb_trigger(self, verb: Token, match: VerbMatch) -> _Trigger:
        # the verb with the words its pattern matched after it: 'launched air strikes'
        tokens = (verb, *(t for t in match.used if t.i > verb.i))
        code = match.code
        noun = self._event_object(verb)
        if noun is not None and (
            (match.pattern is None and self._names_its_object(verb, code))
            or _refines(noun.code, code)
            or (
                verb.lower_ in self.lexicon.light_verbs
                and _says_more(noun, match)
                and int(code[:2]) not in WITHHOLDING_ROOTS
            )
        ):
            # no pattern of the verb names its object, the hand lexicon does: 'imposed an
            # embargo' is the embargo's 163, not IMPOSE's 170. A noun that says more precisely
            # what a pattern says wins: 'fought gunbattles with' is 193, not 190; and the object of
            # a light verb, in more words than the pattern read: 'conducted a joint military
            # exercise' is the joint exercise's 062, not CONDUCT * {MILITARY EXERCISES}'s 150;
            # but a pattern that withholds, rejects or threatens the act stands: 'held back
            # military aid' is HOLD's '* AID' 162, not the aid's 072
            code, tokens = noun.code, (*tokens, self._named_act(verb))
        elif match.pattern is None and self._intends_uncoded_act(verb):
            # 'agreed to resume communications': an intention, coded under 03x as the codebook
            # codes intentions, where the act intended has no code of its own
            code = self.lexicon.intention(code)
        elif self._names_it_wrong(verb, match):
            code = CRITICISE_CODE  # 'described the address as very disappointing'
        elif self._recognises_a_state(verb):
            code = self.lexicon.recognition_code  # 'Spain recognised the State of Palestine'
        elif code.startswith(PROPERTY_SEIZURE_CODE) and self._takes_a_place(verb):
            code = OCCUPY_TERRITORY_CODE  # 'Russia seized Crimea': territory, not property
        elif code in GENERAL_REQUEST_CODES and (act := self._requested_act(verb)) is not None:
            code = self.lexicon.request_code(act, code)  # 'urged Iran to release the sailors': 0253
        elif match.pattern is None and code in VERBAL_COUNTERPARTS and self._says_its_object(verb):
            code = VERBAL_COUNTERPARTS[code]  # 'blasted Republican claims': words, not force
        if code.startswith(CHANNEL_ROOTS) and (channel := self._channel(verb)):
            code = channel  # 'told Zuma by telephone'
        if _is_unspecified(code) and (means := self._means_code(verb)) and _specifies(means, code):
            code = means  # 'killed a commander in an air strike': 195
        elif code in WEAPON_KIND_CODES and (kind := self._weapon_kind(verb, match)):
            code = kind  # 'Russian missiles struck energy infrastructure': 195
        travel = (match.entry.code or "").startswith(VISIT_CODE)
        return _Trigger(code, reciprocal(code), verb, tokens, 0.8, travel)

    def _weapon_kind(self, verb: Token, match: VerbMatch) -> str | None:
        """The code of the kind of force the weapons a verb's act is done with name: those its
        pattern read, its subject ('missiles struck'), its 'with' phrase ('attacked the port
        with drones'), or its object where a preposition names what is hit ('fired a
        ballistic missile at Israel'); not what it hits ('shot down three drones')."""
        weapons = [*match.used, *self._prep_objects(verb, COUNTERPART_PREPS)]
        aimed = any(c.dep_ == "prep" and c.lower_ in AIMED_PREPS for c in verb.children)
        fired = ("nsubj", "dobj") if aimed else ("nsubj",)
        weapons += [c for c in verb.children if c.dep_ in fired]
        kinds = (self.lexicon.weapon_kinds.get(t.lower_) for t in weapons)
        return next((kind for kind in kinds if kind), None)

    def _means_code(self, verb: Token) -> str | None:
        """The code of the act a verb's act was done in, if the lexicon names one."""
        rules = [rule for noun in self._means(verb) if (rule := self._event_rule(noun))]
        return rules[0].code if rules else None

    def _means(self, verb: Token) -> list[Token]:
        """The acts a verb's act was done in ('killed in an ambush', 'killed a commander in an
        air strike') or that did it ('Israeli air strikes destroyed a school'): one act."""
        holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # parsed either way
        settings = [s for holder in holders for s in self._prep_objects(holder, SETTING_PREPS)]
        doers = [c for c in verb.children if c.dep_ == "nsubj" and self._is_force_act(c)]
        return [*settings, *doers]

    def _is_force_act(self, noun: Token) -> bool:
        rule = self._event_rule(noun)
        return rule is not None and int(rule.code[:2]) in FORCE_ROOTS

    def _verb_match(self, verb: Token) -> VerbMatch | None:
        if verb.i not in self.verb_matches:
            match = match_verb(verb, self.resources.verbs, self.resources.counting_nouns)
            match = self._received_act(verb, match)
            self.verb_matches[verb.i] = self._hosted_visit(verb, match)
        return self.verb_matches[verb.i]

    def _codes_opposition(self, verb: Token) -> bool:
        match = self._verb_match(verb)
        return match is not None and int(match.code[:2]) >= FIRST_OPPOSING_ROOT

    def _requested_act(self, verb: Token) -> str | None:
        """The code of the act a request verb asks for: 'urged Iran to release the sailors',
        'demanded the release of the journalists', 'called for talks'."""
        if verb.lower_ not in self.lexicon.request:
            return None
        complements = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]
        complements += [mark.head for mark in for_to_marks(verb)]  # 'called for X to resign'
        for complement in complements:
            if complement.tag_ in VERB_TAGS:
                match = self._verb_match(complement)
                return None if match is None else self._verb_trigger(complement, match).code
        asked = [c for c in verb.children if c.dep_ == "dobj"]
        asked += self._prep_objects(verb, ASKED_FOR_PREPS)
        rules = [rule for noun in asked if (rule := self._event_rule(noun))]
        if rules:
            return rules[0].code
        return self.lexicon.ending_code if any(self._ends_force(n) for n in asked) else None

    def _ends_force(self, noun: Token) -> bool:
        """'an end to the fighting', 'a halt of the bombardment'."""
        if noun.lower_ not in self.lexicon.ending_nouns:
            return False
        ended = self._prep_objects(noun, ENDED_PREPS)
        if any(thing.lower_ in self.lexicon.ended_force for thing in ended):
            return True  # 'an end to the war'
        return any(self._is_force_act(thing) for thing in ended)

    def _names_it_wrong(self, verb: Token, match: VerbMatch) -> bool:
        """'described the address as very disappointing', 'called the decision a betrayal'; a
        name given ('oprd') makes it a naming whatever pattern matched ('called ... on')."""
        if verb.lower_ not in self.lexicon.naming_verbs:
            return False
        if match.pattern is not None and not any(c.dep_ == "oprd" for c in verb.children):
            return False
        names = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "acomp")]
        names += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
        # the parser may hang the name on the object, after it: 'called the move irresponsible'
        if (obj := self._object(verb)) is not None:
            names += [a for a in obj.rights if a.dep_ == "amod"]
        return any(t.lower_ in self.lexicon.disapproval for n in names for t in n.subtree)

    def _recognises_a_state(self, verb: Token) -> bool:
        """'recognised Palestine', 'recognised the State of Palestine', 'recognised Kosovo's
        independence': a country or a state recognised is diplomatic recognition."""
        if verb.lower_ not in self.lexicon.recognition_verbs or (obj := self._object(verb)) is None:
            return False
        ref = self.entities.by_token.get(obj.i)
        return obj.lower_ in self.lexicon.recognised or (
            ref is not None and ref.label == "GPE" and ref.country_code is not None
        )

    def _says_its_object(self, verb: Token) -> bool:
        """A verb of force said of words ('blasted Republican claims', 'attacked the
        decision'); 'shelled separatist positions' is force."""
        obj = self._object(verb)
        return (
            verb.lower_ in self.lexicon.verbal_force_verbs
            and obj is not None
            and self._is_verbal(obj)
        )

    def _intends_uncoded_act(self, verb: Token) -> bool:
        return verb.lower_ in self.lexicon.intent and any(
            c.dep_ == "xcomp" and c.tag_ in VERB_TAGS for c in verb.children
        )

    def _names_its_object(self, verb: Token, code: str) -> bool:
        """A light verb ('imposed an embargo') or a statement verb ('declared martial law')
        does what its object names; any other verb does its own act on it: 'condemned the
        air strikes' is a condemnation, 'blasted the exercise' no exercise."""
        return verb.lower_ in self.lexicon.light_verbs or code.startswith(STATEMENT_ROOT)

    def _channel(self, verb: Token) -> str | None:
        """The code of the channel named: 'by telephone', 'in a phone call'."""
        for pobj in self._prep_objects(verb, CHANNEL_PREPS):
            kinds = [pobj, *(c for c in pobj.lefts if c.dep_ == "compound")]
            for kind in kinds:
                if code := self.lexicon.channels.get(kind.lower_):
                    return code
        return None

    def _event_object(self, verb: Token) -> NounRule | None:
        obj = self._named_act(verb)
        return None if obj is None else self._event_rule(obj)

    def _named_act(self, verb: Token) -> Token | None:
        """The object, where a verb's object may name its act; for a light verb, also the
        state its subject enters: 'went on strike'."""
        obj = self._object(verb)
        if obj is None and verb.lower_ in self.lexicon.light_verbs:
            return next(iter(self._prep_objects(verb, ENTERED_STATE_PREPS)), None)
        if obj is not None and obj.ent_type_ in AMOUNT_LABELS:
            # an amount names the act it is given in: 'announced $2 billion in military aid'
            return next(iter(self._prep_objects(obj, VENUE_PREPS)), obj)
        return obj

    def _event_rule(self, noun: Token) -> NounRule | None:
        """The lexicon's rule that makes ``noun`` an event noun here ('air strikes'), if any;
        a word of a date names no act ('went missing on March 8')."""
        if noun.ent_type_ in DATE_LABELS or self._is_topic_of_talks(noun):
            return None
        rules = self.lexicon.noun_rules.get(noun.lower_, ())
        if noun.lower_ in self.lexicon.force_nouns and self._is_force(noun):
            # 'an Israeli strike on a school'; 'an Israeli air strike' as its own rule says
            modified = (r for r in rules if r.head_modifiers and _has_head_modifier(noun, r))
            return next(modified, self.lexicon.force_rule)
        return next((r for r in rules if _has_head_modifier(noun, r) and _has_prep(noun, r)), None)

    def _is_topic_of_talks(self, noun: Token) -> bool:
        """What talks or a meeting are about names no act: 'talks on a Gaza ceasefire'."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in TALKS_TOPIC_PREPS:
            return False
        rules = self.lexicon.noun_rules.get(prep.head.lower_, ())
        return any(rule.code.startswith(CONSULT_ROOT) for rule in rules)

    def _is_force(self, noun: Token) -> bool:
        """'an Israeli strike', 'strikes on Kharkiv', 'carried out strikes against': a noun
        of force where a party's name hangs from it, it hits something, or a verb of military
        action governs it; 'a strike by doctors' is none."""
        by_token = self.entities.by_token
        named = any(
            c.dep_ in OWNER_DEPS and c.i in by_token and by_token[c.i].label in AFFILIATION_LABELS
            for c in noun.lefts
        )
        hits = any(c.dep_ == "prep" and c.lower_ in FORCE_TARGET_PREPS for c in noun.children)
        launched = noun.dep_ == "dobj" and noun.head.lower_ in self.lexicon.force_verbs
        return named or hits or launched

    @staticmethod
    def _object(verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ == "dobj"), None)

    def _carrier(self, noun: Token) -> Token:
        """The collection or amount a noun is counted in ('a wave of attacks', '$500 million in
        aid'), which stands in the clause for it; else the noun itself."""
        prep, holder = noun.head, noun.head.head
        if noun.dep_ != "pobj" or prep.lower_ not in COUNTING_PREPS:
            return noun
        amount = holder.tag_ == NUMBER_TAG or holder.ent_type_ in AMOUNT_ENTITY_TYPES
        counted = holder.lower_ in self.resources.counting_nouns
        if amount or (prep.lower_ == "of" and counted):
            return holder  # 'launched dozens of attacks'
        return noun

    # --- verb and noun mentions ---

    def _verb_mentions(
        self, trigger: _Trigger, match: VerbMatch, sentence: Span
    ) -> Iterator[Mention]:
        verb = trigger.anchor
        if trigger.code == GENERIC_STATEMENT and not _addressee(verb):
            return  # 'X said ...': a statement is coded only when made to someone
        if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVE_PRONOUNS for c in verb.children):
            return  # 'before shooting himself': an act on oneself is between no two parties
        actors = self._subject(verb)
        if match.target_tokens:
            targets = self._resolve_all(match.target_tokens, target=True)
            if not targets.refs:
                places = [p for t in match.target_tokens for p in self._whereabouts(t)]
                targets = self._resolve_all(places, target=True)
        else:
            tokens = self._target_tokens(verb, trigger)
            if _is_symmetric(match):
                # what a pattern done back in kind names is what is traded, no party:
                # 'Ukraine and Russia exchanged 90 prisoners' ('EXCHANGE * PRISONERS'); an
                # event it names still holds its other side ('held meetings with executives')
                tokens = [t for t in tokens if t not in match.used or self._event_rule(t)]
            targets = self._resolve_all(tokens, target=True)
        if not targets.refs and _shares_subject(verb) and verb.lower_ not in self.lexicon.intent:
            # 'plans to reverse its position on Sudan and lift sanctions': what the first verb
            # acts on, the verb coordinated with it and sharing its subject acts on too
            inherited = self._target_tokens(verb.head, trigger)
            targets = self._resolve_all(inherited, target=True)
            targets.direct = False
        if verb.lower_ in self.lexicon.undergo_verbs:
            # '30 people died in Israeli air strikes': the doer of the strikes on the dead
            doers = self._doer_of_setting(verb) or _Parties([], False)
            actors, targets = doers, actors
        elif match.swapped:
            # 'came under fire from the opposition': the source acts on the subject
            sources = targets.refs or self._resolve_all(self._source_tokens(verb, match)).refs
            actors, targets = _Parties(sources, targets.direct), actors
        elif not targets.refs and trigger.code[:2] in WORDED_HOSTILITY_ROOTS:
            # 'warned that Seoul will pay dearly', 'demanded that the president resign': a
            # warning, a charge or a demand is aimed at the subject of what it says
            targets = self._resolve_all(_said_subjects(verb), target=True)
        if not actors.refs:
            return
        if not targets.direct and {t.key for t in targets.refs} == {a.key for a in actors.refs}:
            # 'the two sides' read back to the subject itself: 'Egypt and Qatar are mediating
            # between the two sides' names no sides
            targets = _Parties([], False)
        verbal = match.pattern is None and trigger.code in VERBAL_COUNTERPARTS
        if verbal and self._politicians_act(verb, actors):
            # 'the Labour leader attacked the prime minister': words, not force
            trigger = replace(trigger, code=VERBAL_COUNTERPARTS[trigger.code])
        together = trigger.reciprocal or mutual(trigger.code)  # one pair, done together
        if self._acts_on_each_other(verb) or (
            not targets.refs and len(actors.refs) > 1 and _is_symmetric(match) and not together
        ):
            # each on every other: 'accused each other', 'India and Pakistan traded accusations'
            targets = _Parties(list(actors.refs), True)
        yield from self._mentions(trigger, actors, targets, self.modality.modality(verb), sentence)

    def _politicians_act(self, verb: Token, actors: _Parties) -> bool:
        """Persons of political roles, not forces: their attacks and fights are in words."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        groups = self.lexicon.group_nouns
        refs = self.entities.by_token
        # a person noun ('leader'), a person's name, or a surname the NER missed ('Trump')
        named = all(
            groups.get(s.lower_) == "person"
            or (refs[s.i].label == PERSON if s.i in refs else s.tag_ == PROPER_NOUN_TAG)
            for s in subjects
        )
        roles = {role for party in actors.refs for role in party.actor.roles}
        return bool(subjects) and named and bool(roles) and roles <= POLITICAL_ROLES

    def _host_of_own_post(self, noun: Token) -> Token | None:
        """The place of the actor's own post abroad, which stands for the country it is in:
        'Saudi Arabia reopened its embassy in Damascus' is aimed at Syria."""
        if noun.lower_ not in self.lexicon.abroad_nouns or not _owned_by_possessive(noun):
            return None
        places = self._prep_objects(noun, VENUE_PREPS)
        return next((p for p in places if p.ent_type_ in PLACE_LABELS), None)

    def _acts_on_each_other(self, verb: Token) -> bool:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += self._prep_objects(verb, TARGET_PREPS)
        return any(
            any(c.lower_ == RECIPROCAL_PRONOUNS.get(o.lower_) for c in o.children) for o in objects
        )

    def _source_tokens(self, verb: Token, match: VerbMatch) -> list[Token]:
        """The objects of 'from' or 'by' on the verb or on the words its pattern matched."""
        holders = [verb, *(t for t in match.used if t.i > verb.i)]
        return [o for holder in holders for o in self._prep_objects(holder, SOURCE_PREPS)]

    def _target_tokens(self, verb: Token, trigger: _Trigger) -> list[Token]:
        auxiliary = _has_passive_auxiliary(verb)
        passive = auxiliary or any(c.dep_ == "agent" for c in verb.children)
        passive_subject = "nsubj" if auxiliary else None
        direct: list[Token] = []
        prepositional: list[Token] = []
        venues: list[Token] = []
        for child in verb.children:
            # a dative is a noun ('gave Iran aid') or a preposition ('sent aid to Iran')
            dep = "prep" if child.dep_ == "dative" and child.tag_ == "IN" else child.dep_
            # a name the parser took for one given ('oprd') is the object: 'called Putin'; not
            # in a relative clause, whose object is what it hangs on ('the candidate he calls
            # "Mini Mike"')
            named = dep == "oprd" and child.i in self.entities.by_token and verb.dep_ != "relcl"
            if (
                dep in ("dobj", "dative", passive_subject)
                or (dep == "nsubjpass" and passive)
                or named
            ):
                direct.append(child)
            elif dep == "prep" and child.lower_ in TARGET_PREPS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if child.lower_ in COUNTERPART_PREPS:
                    # the help or mediation an act is done with is a means, its giver no
                    # target: 'exchanged prisoners with the help of Turkey'
                    objects = [o for o in objects if not self._is_thing(o)]
                (venues if child.lower_ in VENUE_OR_TARGET_PREPS else prepositional).extend(objects)
        if not direct:
            direct = _raised_object(verb) or _shared_passive_subjects(verb)
        if verb.lower_ in self.lexicon.topic_verbs:
            direct = []  # 'discussed border security': what is talked about
        direct = self._named_once([self._host_of_own_post(t) or t for t in direct])
        if trigger.code.startswith(CONSULT_ROOT) and (counterparts := self._counterparts(verb)):
            # what is discussed is the topic, whom with the counterpart: 'discussed the Gaza
            # crisis with his Jordanian counterpart'
            return counterparts
        things = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if trigger.reciprocal:
            # the nouns a pattern matched hold the other side: 'arrived for talks with Israel'
            things += [t for t in trigger.tokens if t.tag_ in NOUN_TAGS and t not in things]
        else:
            # ... and a manner a pattern read holds what the act answers: 'reacted with dismay
            # to the sanctions' ('REACT * (WITH DISMAY)')
            things += [t for t in trigger.tokens if t.tag_ in NOUN_TAGS and t.dep_ == "pobj"]
        asked: list[Token] = []
        if trigger.code[:2] in ASKING_ROOTS:
            # what is asked or hoped for is acted upon: 'called for Yoon's ouster', 'called for
            # the release of the journalists', 'called for talks with Ukraine' (036); and who
            # is asked to act: 'called for Fahie to be afforded due process'
            asked_for = self._prep_objects(verb, ASKED_FOR_PREPS)
            things += asked_for
            clauses = [s for mark in for_to_marks(verb) for s in clause_subjects(mark)]
            asked = [*asked_for, *clauses]
        if trigger.code[:2] in ASKING_OF_ROOTS:
            # not where those asked are told what to do: 'asked a person from the company to
            # prepare a phone'
            asked_things = [] if _asks_to_act(verb) else things
            refuges = self.lexicon.refuge_nouns
            askers = [verb, *(t for t in asked_things if t.lower_ not in refuges)]
            asked += [o for t in askers for o in self._prep_objects(t, SOURCE_PLACE_PREPS)]
        preps = HOLDER_TARGET_PREPS
        if trigger.code.startswith(CONSULT_ROOT):
            # a consultation is with its counterpart, not with whom it is about: 'debated aid
            # for Ukraine'; 'received a call from Iran's president' is with him
            preps = COUNTERPART_PREPS | SIDES_PREPS | SOURCE_PLACE_PREPS
        elif trigger.reciprocal:
            # 'held talks in Geneva' happen there
            preps = (preps - VENUE_PREPS) | SOURCE_PLACE_PREPS
        # a country the parser hangs on a verb of words is where the thing spoken of is:
        # 'condemned the coup in Gabon' (a material act is placed there anyway)
        spoken = preps >= VENUE_PREPS and int(trigger.code[:2]) not in MATERIAL_ROOTS
        venues_spoken_of = (
            [o for o in self._prep_objects(verb, VENUE_PREPS) if self._is_country(o)]
            if spoken
            else []
        )
        aimed_preps = AIMED_PREPS - preps
        for thing in things:
            # 'signed a trade agreement in Beijing': a city a thing is in is where it happens;
            # but those where an act asked for is to happen are asked ('called for a ceasefire
            # in Gaza'), unless it is a meeting there ('called for talks in Geneva')
            held = self._prep_objects(thing, preps)
            if thing.lower_ in self.lexicon.weapon_kinds:
                # where weapons are aimed: 'launched drones at Ukrainian cities'
                held += self._prep_objects(thing, aimed_preps)
            if self._is_instrument(thing):
                # what a law or a bill is on is what it regulates, no party unless named:
                # 'vetoed a law on media ownership', 'blocked a bill on border security'
                held = [o for o in held if o.i in self.entities.by_token]
            if venues_spoken_of and thing.dep_ == "dobj" and not self._resolve(thing).refs:
                held += venues_spoken_of
            of_objects = self._prep_objects(thing, OF)
            # the other side of a thing named with 'of': 'signed a memorandum of understanding
            # with Ghana'
            held += [o for h in of_objects for o in self._counterparts(h)]
            # the amount a thing is of, where the parser hangs the target: 'imposed tariffs of
            # 25 percent on Canadian steel'
            amounts = [h for h in of_objects if h.ent_type_ in AMOUNT_LABELS]
            held += [o for amount in amounts for o in self._prep_objects(amount, preps)]
            # ... and the thing it is given in: 'pledged 1 billion euros in aid to Ukraine'
            given_in = [h for h in self._prep_objects(thing, VENUE_PREPS) if self._is_thing(h)]
            held += [o for h in given_in for o in self._prep_objects(h, preps)]
            held += self._aims(thing)  # 'imposed sanctions targeting Iran's oil exports'
            asked_there = thing in asked and self._is_one_sided_act(thing)
            prepositional.extend(o for o in held if asked_there or not self._in_city(o))
        # 'filed a case against Israel at the ICJ': 'at' names a venue more often than a target;
        # 'against' names whom an act is against before any other ('filed a complaint against
        # Israel with the UN Security Council')
        # ... wherever the parser hangs it: on the object of another ('filed a complaint with
        # the UN Security Council against Israel')
        prepositional += [
            o for p in (*prepositional, *venues) for o in self._prep_objects(p, OPPOSED_PREPS)
        ]
        prepositional.sort(key=lambda o: (o.head.lower_ not in OPPOSED_PREPS, o.i))
        if trigger.code.startswith(DEMONSTRATE_ROOT):
            venues += self._protested_at(verb)
        prepositional += venues
        resolved = [p for t in direct for p in self._resolve(t, target=True).refs]
        # 'criticized the Fed's policy', 'blasted Republican claims': the owner of a thing
        # acted upon is the target
        owners = [c for t in (*direct, *things) for c in t.children if self._owns(c)]
        if int(trigger.code[:2]) in TAKING_ROOTS:
            # what force hits was launched by someone: 'shot down 30 of the drones launched by
            # Russia' hits Russia; what is seized is someone's: 'seized a yacht owned by a
            # Russian billionaire'
            hit = [self._counted(t) or t for t in things]
            seized = int(trigger.code[:2]) not in FORCE_ROOTS
            owners += [o for t in hit if seized or self._is_thing(t) for o in self._agents_of(t)]
        if trigger.code.startswith(CONSULT_ROOT):
            # a meeting attended or joined is with its host: 'attended a summit hosted by Japan'
            owners += [o for t in things for o in self._agents_of(t)]
        if trigger.code[:2] in OPPOSING_ROOTS or trigger.code.startswith(ANSWERING_CODES):
            # hostile words are aimed at the doer: 'condemned the test by North Korea';
            # 'blasted South Korea's drills with the US' at South Korea; so are protests:
            # 'protested the killing of a teenager by police'
            # ... and at the doer of a thing it answers: 'reacted angrily to government
            # attempts', 'reacted with dismay to the sanctions imposed by the US'
            answered = [p for p in prepositional if self._is_answerable(p)]
            owners += [c for t in answered for c in t.children if self._owns(c)]
            owners += [o for t in (*direct, *answered) for o in self._agents_of(t)]
            acts = [t for t in direct if self._event_rule(t)]
            if not passive and any(t in acts or self._is_verbal(t) for t in direct):
                # the parser hangs the act's or the words' 'by' on the verb: 'condemned the
                # attack on a convoy by militants', 'rejected the proposal by Egypt'
                owners += self._prep_objects(verb, AGENT_PREPS)
            if doers := self._first_party([o for o in owners if o.head in acts], False):
                return doers  # 'condemned Russia's invasion of Ukraine': at Russia
            candidates = [*owners, *prepositional]
        else:
            candidates = [*prepositional, *owners]
        candidates += [a for a in asked if self._resolve(a, target=True).refs]
        if not resolved:
            sources = [
                o for t in (verb, *things) for o in self._prep_objects(t, SOURCE_PLACE_PREPS)
            ]
            if int(trigger.code[:2]) in TAKING_ROOTS:
                # 'recaptured the town from al-Shabaab', 'seized weapons from the rebels': what is
                # taken by force is taken from someone
                candidates += sources
            elif trigger.code.startswith(WITHDRAWAL_CODE):
                candidates += [
                    o for o in sources if self._names_place(o)
                ]  # 'withdrew from Kherson'
            return self._first_party(candidates, placed_only=False)
        own = all(_owned_by_pronoun(t) for t in direct)
        means = own or all(_unplaced(p) for p in resolved)
        if means and int(trigger.code[:2]) not in TAKING_ROOTS:
            # 'sent 3,000 troops to Afghanistan', 'withdrew its troops from Afghanistan': the
            # troops are the means, not the target; but 'kidnapped 20 students in northern
            # Nigeria' are the students, placed there, and 'arrested 20 activists at the
            # Russian embassy' the activists, whatever venue they are in. The actor's own
            # ('recalled its ambassador from Israel') are left where the parser hangs the place
            # on them
            whereabouts = {o for t in direct for o in self._prep_objects(t, VENUE_PREPS)}
            candidates = [c for c in candidates if c not in whereabouts]
            candidates += self._prep_objects(verb, SOURCE_PLACE_PREPS)
            if own:
                candidates += [o for t in direct for o in self._prep_objects(t, SOURCE_PREPS)]
            # the actor's own alone are no target: 'Russia recalled its ambassador'
            return self._first_party(candidates, placed_only=True) or ([] if own else direct)
        return direct

    def _two_people(self, actor: Participant, target: Participant, sentence: Span) -> bool:
        """Two described people of different offices are two parties, whatever their code:
        'the president congratulated the prime minister'."""
        starts = {actor.first_start, target.first_start}
        heads = [t for t in sentence if t.idx in starts]
        people = [
            h
            for h in heads
            if h.tag_ == SINGULAR_NOUN_TAG and h.lower_ not in self.lexicon.collective_nouns
        ]
        return len(people) == 2 and people[0].lower_ != people[1].lower_

    def _is_one_sided_act(self, noun: Token) -> bool:
        rule = self._event_rule(noun)
        return rule is not None and not rule.reciprocal

    def _takes_a_place(self, verb: Token) -> bool:
        """Whether what a verb takes is a place's name or noun ('captured Aleppo', 'seized
        Crimea'; a town the NER misread is a place by then)."""
        obj = self._object(verb)
        return obj is not None and self._names_place(obj)

    def _names_place(self, token: Token) -> bool:
        """A place's name, or a place noun naming one: 'Kherson', 'the city of Kherson', 'the
        Kherson region'."""
        named = (
            [token, *self._prep_objects(token, OF)]
            if token.lower_ in self.lexicon.place_nouns
            else [token]
        )
        return self._place_named_before(token) is not None or any(
            (ref := self.entities.by_token.get(t.i)) is not None and ref.label in PLACE_LABELS
            for t in named
        )

    def _counterparts(self, verb: Token) -> list[Token]:
        """The parties a verb's 'with' names: 'discussed the crisis with Jordan'."""
        withs = self._prep_objects(verb, COUNTERPART_PREPS)
        return [o for o in withs if self._resolve(o, target=True).refs]

    def _agents_of(self, thing: Token) -> list[Token]:
        """Who a thing is by: 'the test by North Korea', 'the sanctions imposed by the US', 'the
        arrest of the opposition leader by Belarusian authorities', 'the raid on its embassy by
        Ecuadorian police' (the parser hangs the 'by' on the leader, on the embassy), 'the
        attack, which was claimed by the Islamic State'; and whom words come from: 'calls from
        Washington'."""
        participles = [
            c for c in thing.children if c.dep_ in PARTICIPLE_DEPS and c.tag_ == PARTICIPLE_TAG
        ]
        agents = [o for h in (thing, *participles) for o in self._prep_objects(h, AGENT_PREPS)]
        objects = self._prep_objects(thing, OF | NOMINAL_TARGET_PREPS)
        agents += [o for h in objects for o in self._prep_objects(h, AGENT_PREPS)]
        if self._is_verbal(thing):
            agents += self._prep_objects(thing, SOURCE_PLACE_PREPS)
        return agents

    def _is_instrument(self, noun: Token) -> bool:
        return noun.lower_ in self.lexicon.instrument_nouns and noun.tag_ in NOUN_TAGS

    def _is_verbal(self, thing: Token) -> bool:
        return thing.lower_ in self.lexicon.verbal_objects

    def _named_once(self, objects: list[Token]) -> list[Token]:
        """Objects without a title that the parser split from the name after it: 'told his
        Turkish counterpart Recep Tayyip Erdogan' names one party, Erdogan."""
        by_token = self.entities.by_token
        names = {
            o.left_edge.i for o in objects if o.i in by_token and by_token[o.i].label == PERSON
        }
        return [o for o in objects if o.i + 1 not in names]

    def _owns(self, modifier: Token) -> bool:
        if modifier.dep_ == "poss":
            return True
        ref = self.entities.by_token.get(modifier.i)
        if ref is None:
            # a role of authority before a thing says whose it is: 'banned an opposition
            # rally', 'attacked a police station'; not 'the hostage deal'
            return modifier.dep_ == "compound" and self._names_an_authority(modifier)
        return (
            modifier.dep_ in OWNER_MODIFIER_DEPS
            and self._affiliates(ref, modifier)
            and not self._is_venue(ref, modifier.head)
        )

    def _names_an_authority(self, word: Token) -> bool:
        code = None if self._is_thing(word) else self._code_of(word)
        return code is not None and not AUTHORITY_ROLES.isdisjoint(code.roles)

    def _is_country(self, place: Token) -> bool:
        """A name of a country ('Gabon'), not of a town or a region in one."""
        ref = self.entities.by_token.get(place.i)
        return ref is not None and self.places.is_country(ref)

    def _in_city(self, place: Token) -> bool:
        ref = self.entities.by_token.get(place.i)
        return place.head.lower_ in VENUE_PREPS and ref is not None and self.places.is_city(ref)

    def _is_venue(self, ref: EntityRef, noun: Token) -> bool:
        """A city before talks is where they are held: 'opposed the Madrid peace talks'."""
        rules = self.lexicon.noun_rules.get(noun.lower_, ())
        return any(rule.reciprocal for rule in rules) and self.places.is_city(ref)

    def _first_party(self, tokens: list[Token], placed_only: bool) -> list[Token]:
        for token in tokens:
            parties = self._resolve(token, target=True).refs
            if parties and not (placed_only and all(_unplaced(p) for p in parties)):
                return [token]
            if not parties and (place := self._whereabouts(token, placed_only)):
                return place  # 'called on the warring parties in Sudan': parties of no code
        return []

    def _whereabouts(self, token: Token, placed_only: bool = False) -> list[Token]:
        """The place a noun of no code is in or near, when that place is a party (of a
        country, if ``placed_only``: 'sentenced him to eight years in prison' is no act on a
        prison)."""
        places = self._prep_objects(token, WHEREABOUTS_PREPS)
        for place in places:
            refs = self._resolve(place, target=True).refs
            if refs and not (placed_only and all(_unplaced(r) for r in refs)):
                return [place]
        return []

    def _noun_mentions(self, noun: Token, rule: NounRule, sentence: Span) -> Iterator[Mention]:
        carrier = self._carrier(noun)
        head = carrier.head
        # what both sides make is no state one puts the other under ('released prisoners under
        # a deal')
        imposed = None if rule.reciprocal else self._imposing_verb(carrier)
        if imposed is not None:
            head = imposed  # 'placed the dissident under house arrest': the verb does it
        answered = self._answers_with(carrier)
        if answered:
            head = head.head  # 'Israel responded with air strikes on Gaza': Israel's strikes
        caused_by = self._causing_verb(carrier)
        if caused_by is not None:
            head = caused_by  # 'marched on parliament, sparking clashes with police'
        governed = (
            imposed is not None
            or answered
            or caused_by is not None
            or (
                carrier.dep_ in ("dobj", "nsubjpass")
                and head.tag_ in VERB_TAGS
                and (
                    head.lower_ in self.lexicon.light_verbs
                    or head.lower_ in self.lexicon.refusal
                    or head.lower_ in self.lexicon.intent
                )
            )
        )
        between = self._resolve_all(self._prep_objects(noun, SIDES_PREPS))
        reciprocal = rule.reciprocal or _is_joint(noun)
        if governed and (actors := self._subject(head)).refs:
            modality = self.modality.governor_modality(head)
            tokens: tuple[Token, ...] = (head, noun)
        elif reciprocal and len(between.refs) >= 2:
            actors, between = between, _Parties([], False)
            modality, tokens = self.modality.head_modality(noun), (noun,)
        else:
            actors = self._noun_modifier_parties(noun, reciprocal)
            modality, tokens = self.modality.head_modality(noun), (noun,)
            if not actors.refs and (doer := self._doer_of_setting_clause(carrier, reciprocal)):
                actors = doer  # 'in a phone call with Netanyahu, Biden discussed Gaza'
        if not actors.refs:
            return
        target_tokens = self._prep_objects(noun, NOMINAL_TARGET_PREPS | {"of"})
        if governed:
            target_tokens += self._prep_objects(head, NOMINAL_TARGET_PREPS)
        if imposed is not None:
            target_tokens += [c for c in imposed.children if c.dep_ == "dobj"]
        if rule.code.startswith(DEMONSTRATE_ROOT):
            holders = dict.fromkeys((noun, head))  # the noun, and the verb that holds it
            target_tokens += [o for h in holders for o in self._protested_at(h)]
        if caused_by is not None and reciprocal and not target_tokens:
            # 'opposed the insurgents, resulting in a brief gun battle': with the insurgents
            target_tokens = [c for c in caused_by.head.children if c.dep_ == "dobj"]
        targets = self._resolve_all(target_tokens, target=True)
        keys = {ref.key for ref in actors.refs}
        targets.refs = [r for r in [*between.refs, *targets.refs] if r.key not in keys]
        trigger = _Trigger(rule.code, reciprocal, noun, tokens, 0.65)
        yield from self._mentions(trigger, actors, targets, modality, sentence)

    def _answers_with(self, noun: Token) -> bool:
        """A noun naming the act a verb of reply answers with: 'responded with air strikes'."""
        prep = noun.head
        return (
            noun.dep_ == "pobj"
            and prep.lower_ == "with"
            and prep.head.tag_ in VERB_TAGS
            and prep.head.lower_ in self.lexicon.reply_verbs
        )

    def _causing_verb(self, noun: Token) -> Token | None:
        """The participle of a clause that tells what the act of its clause brought about:
        'sparking clashes with police', 'resulting in a brief gun battle', 'leading to clashes'."""
        verb = noun.head
        if noun.dep_ == "pobj" and verb.lower_ in CAUSED_PREPS:
            verb = verb.head
        elif noun.dep_ != "dobj":
            return None
        caused = _is_verb_of(verb, self.lexicon.causing_verbs) and verb.tag_ == GERUND_TAG
        return verb if caused and verb.dep_ in RESULT_CLAUSE_DEPS else None

    def _imposing_verb(self, noun: Token) -> Token | None:
        """The light verb that puts its object under the state a noun names: 'placed the
        dissident under house arrest', 'put the region under curfew'."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in IMPOSED_STATE_PREPS or prep.dep_ != "prep":
            return None
        verb = prep.head
        light = _is_verb_of(verb, self.lexicon.light_verbs)
        return verb if light and any(c.dep_ == "dobj" for c in verb.children) else None

    def _doer_of_setting_clause(self, noun: Token, reciprocal: bool) -> _Parties | None:
        """The subject of an active clause an event noun is the setting of: 'in a phone call
        with Netanyahu, Biden discussed Gaza', 'during talks with Iran, Oman proposed ...'; or,
        of a meeting, the one it came before: 'following a meeting with Saudi officials, the
        minister said' (not so an attack: 'after the attack on Israel, Biden said')."""
        prep = noun.head
        preps = SETTING_PREPS | MEETING_BEFORE_PREPS if reciprocal else SETTING_PREPS
        # the parser may read 'following' as a verb taking the talks: 'following talks with Xi'
        governed = noun.dep_ == "pobj" or (noun.dep_ == "dobj" and prep.dep_ == "prep")
        if not governed or prep.lower_ not in preps:
            return None
        verb = prep.head
        active = not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if verb.tag_ not in VERB_TAGS or not active:
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            return self._resolve_all(subjects)
        if prep.lower_ not in MEETING_BEFORE_PREPS:
            return None
        # 'speaking after talks with Xi, the French president said': the subject it shares
        doers = self._subject(verb)
        return doers if doers.refs else None

    def _noun_modifier_parties(self, noun: Token, reciprocal: bool) -> _Parties:
        """Actors named inside the noun phrase: possessive, nationality, "by", "joint"."""
        refs: list[Participant] = []
        joint = False
        for i in range(noun.i - 1, noun.left_edge.i - 1, -1):
            ref = self.entities.by_token.get(i)
            if ref and self._affiliates(ref, self.doc[i]):  # 'Israeli strikes', "Macron's visit"
                if reciprocal and self.places.is_city(ref):
                    continue  # the venue: 'the Geneva talks'
                participant = self._entity_participant(ref)
                if participant and participant.key not in {r.key for r in refs}:
                    refs.append(participant)
            joint = joint or self.doc[i].lower_ == "joint"
        if not reciprocal:
            refs = refs[:1]
        refs.reverse()
        if not refs:
            # 'the killing of the journalist by Saudi agents', 'the sanctions announced by the
            # Treasury Department'
            refs = self._resolve_all(self._agents_of(noun)).refs
        if not refs and reciprocal:
            # 'fighting between the army and the RSF killed dozens': the sides of it
            refs = self._resolve_all(self._prep_objects(noun, SIDES_PREPS)).refs
        if not refs and joint:
            return _Parties(list(self._group("any", noun.idx)), False)
        if not refs and (claimant := self._claimant(noun)) is not None:
            return self._subject(claimant)  # 'the Taliban claimed responsibility for the attack'
        if not refs and noun.dep_ == "dobj" and noun.head.lower_ in self.lexicon.light_verbs:
            # 'Russia launched a missile attack on Kyiv that killed 20 civilians'
            return self._subject(noun.head)
        return _Parties(refs, False)

    def _claimant(self, act: Token) -> Token | None:
        """The verb of a claim of responsibility for an act ('claimed responsibility for a
        suicide bombing'; CAMEO 015): its subject did the act."""
        prep = act.head
        if act.dep_ != "pobj" or prep.lower_ not in CLAIMED_PREPS or prep.head.dep_ != "dobj":
            return None
        verb = prep.head.head
        match = self._verb_match(verb) if verb.tag_ in VERB_TAGS else None
        return verb if match is not None and match.code == CLAIM_CODE else None

    # --- participants ---

    def _subject(self, verb: Token) -> _Parties:
        """The acting parties of a verb, on the verb itself or inherited."""
        children = list(verb.children)
        for child in children:
            if child.dep_ == "agent":
                return self._resolve_all([c for c in child.children if c.dep_ == "pobj"])
        passive = _has_passive_auxiliary(verb)
        # a passive's subject undergoes the act, whatever the parser calls it: 'X and Y had
        # been shot' is sometimes parsed with X as 'nsubj'
        subjects = [] if passive else [c for c in children if c.dep_ in ("nsubj", "csubj")]
        # an adjective the parser split off a subject is no subject of its own: 'Sudan's
        # paramilitary Rapid Support Forces attacked'
        subjects = [c for c in subjects if c.tag_ != ADJECTIVE_TAG] or subjects
        if not subjects and not passive:
            # the parser sometimes hangs the subject on the auxiliary: 'Egypt [<-are] mediating',
            # or makes the auxiliary the verb: 'Qatar is [->] mediating between'
            auxiliaries = [c for c in children if c.dep_ == "aux"]
            if verb.dep_ == "attr" and verb.tag_ == "VBG" and verb.head.lower_ in BE_FORMS:
                auxiliaries.append(verb.head)
            subjects = [s for aux in auxiliaries for s in aux.children if s.dep_ == "nsubj"]
        if subjects:
            return self._resolve_all(subjects)
        if passive or any(c.dep_ == "nsubjpass" for c in children):
            if agents := _conjunct_agents(verb):
                return self._resolve_all(agents)  # 'were detained and beaten by police'
            # a passive without "by" names its actor at most as the doer of the act it happened
            # in: 'were killed in an ambush by Boko Haram', 'died in Israeli air strikes'
            if doers := self._doer_of_setting(verb):
                return doers
            return self._resolve_all(self._stray_agents(verb))
        inherited = self._inherited_subject(verb)
        inherited.direct = False
        return inherited

    def _stray_agents(self, verb: Token) -> list[Token]:
        """A passive's 'by' phrase that the parser hangs on the verb as a plain preposition or
        on the object of another: 'was hit in the head with a stone by another woman'."""
        objects = [o for p in verb.children if p.dep_ == "prep" for o in p.children]
        holders = [verb, *(o for o in objects if o.dep_ == "pobj")]
        return [a for holder in holders for a in self._prep_objects(holder, AGENT_PREPS)]

    def _doer_of_setting(self, verb: Token) -> _Parties | None:
        for setting in self._prep_objects(verb, SETTING_PREPS):
            if rule := self._event_rule(setting):
                doers = self._noun_modifier_parties(setting, reciprocal=False)
                if not doers.refs and rule.reciprocal:
                    # 'wounded in a clash with Pakistani troops': the other side
                    doers = self._resolve_all(self._prep_objects(setting, COUNTERPART_PREPS))
                if doers.refs:
                    return doers
        return None

    def _inherited_subject(self, verb: Token) -> _Parties:
        head = verb.head
        if verb.dep_ == "xcomp" and head.tag_ in VERB_TAGS:
            # the object, or the object of 'on' ('called on the parties to lay down arms')
            objects = [c for c in head.children if c.dep_ == "dobj"]
            controller = next(iter(objects or self._prep_objects(head, CONTROL_PREPS)), None)
            if controller is not None and head.lower_ in self.lexicon.object_control:
                return self._resolve_all([controller])
            # 'Iran is expected to meet', 'Egypt was forced to close': the passive's subject
            if passive_subjects := [c for c in head.children if c.dep_ == "nsubjpass"]:
                return self._resolve_all(passive_subjects)
            return self._subject(head)
        if verb.dep_ == "xcomp" and head.dep_ == "acomp" and head.head.tag_ in VERB_TAGS:
            return self._subject(head.head)  # 'were loath to criticize', 'is ready to talk'
        if verb.dep_ == "acl" and head.dep_ == "dobj" and self._is_statement(head):
            # 'issued a statement condemning the attack': the statement's maker, the one it is
            # said to be of first ('blocked an EU statement criticising China')
            owners = [c for c in head.children if self._owns(c)]
            return self._resolve_all(owners) if owners else self._subject(head.head)
        if verb.dep_ == "acl" and self._is_stated_intention(head):
            # 'announced plans to withdraw troops': the plan's owner, else its announcer
            owners = self._resolve_all([c for c in head.children if self._owns(c)])
            return owners if owners.refs else self._subject(head.head)
        if verb.dep_ == "acl" and head.dep_ == "dobj" and self._is_instrument(head):
            # 'signed a decree annexing four regions'; but who blocks or vetoes a bill does
            # not do what it would do: 'blocked a bill to protect access to contraception'
            opposed = self._codes_opposition(head.head)
            return _Parties([], False) if opposed else self._subject(head.head)
        if verb.dep_ == "acl" and any(c.dep_ == "dobj" for c in verb.children):
            # 'an official criticized the policy', misparsed; a finite verb's subject is the
            # noun the parser made the sentence's root: 'an Israeli strike on a school
            # sheltering displaced people killed 30 people' (not the people)
            root = verb.sent.root
            finite = verb.tag_ == PAST_TAG and root.tag_ in NOUN_PHRASE_TAGS
            return self._resolve_all([root if finite else head])
        if verb.dep_ == "advcl" and head.tag_ in VERB_TAGS:
            if self._force_told_of(verb, head):
                # 'Ukraine accused Russia of shelling a hospital, killing five': the killing is
                # what the accusation tells, not an act of the accuser
                return _Parties([], False)
            return self._subject(head)  # 'struck Gaza, killing five'; 'marched to demand'
        reason = verb.dep_ == "pcomp" and head.lower_ in REASON_PREPS
        if reason and (judged := self._judged(head.head)):
            return self._resolve_all(judged)  # 'blasted Seoul for conducting drills'
        sharing = verb.dep_ == "pcomp" and head.lower_ in SUBJECT_SHARING_PREPS
        if sharing and head.head.tag_ in VERB_TAGS:
            return self._subject(head.head)  # 'left Washington after meeting Biden'
        if verb.dep_ == "conj":
            for ancestor in (head, *head.ancestors):
                if ancestor.tag_ in VERB_TAGS and any(
                    c.dep_ in ("nsubj", "agent") for c in ancestor.children
                ):
                    return self._subject(ancestor)
        return _Parties([], False)

    def _judged(self, judgement: Token) -> list[Token]:
        """Who a judgement's reason is about: the one praised, criticised or punished, whether
        by a verb ('blasted Seoul for') or a noun ('its criticism of Seoul for')."""
        if judgement.tag_ in VERB_TAGS:
            match = self._verb_match(judgement)
            code = match.code if match else None
            objects = [c for c in judgement.children if c.dep_ == "dobj"]
            # 'stepped up its criticism of Seoul for': whom the act named is about
            judged = [
                j
                for o in objects
                for j in (self._prep_objects(o, OF) if self._is_thing(o) else [o])
            ]
        else:
            rule = self._event_rule(judgement)
            code = rule.code if rule else None
            judged = self._prep_objects(judgement, OF)
        return judged if code is not None and code[:2] in JUDGING_ROOTS else []

    def _force_told_of(self, participle: Token, head: Token) -> bool:
        """Force a participle tells of, hung on a verb of words (a statement, an accusation)."""
        act, words = self._verb_match(participle), self._verb_match(head)
        return (
            act is not None
            and words is not None
            and int(act.code[:2]) in FORCE_ROOTS
            and words.code[:2] in WORDED_ROOTS
        )

    def _is_stated_intention(self, noun: Token) -> bool:
        """A noun of intention that its subject states or has: 'announced plans to', 'made a
        pledge to'; not one it judges ('criticized plans to build a wall')."""
        verb = noun.head
        if noun.dep_ != "dobj" or self.lexicon.noun_complements.get(noun.lower_) != "intended":
            return False
        return verb.lower_ in self.lexicon.light_verbs or verb.lower_ in self.lexicon.report

    def _is_statement(self, noun: Token) -> bool:
        rules = self.lexicon.noun_rules.get(noun.lower_, ())
        return any(rule.code.startswith(STATEMENT_ROOT) for rule in rules)

    def _resolve_all(self, tokens: Iterable[Token], target: bool = False) -> _Parties:
        refs: list[Participant] = []
        direct = True
        expanded = dict.fromkeys(t for token in tokens for t in (token, *token.conjuncts))
        for token in expanded:
            parties = self._resolve(token, target)
            direct = direct and parties.direct
            keys = {r.key for r in refs}
            refs.extend(ref for ref in parties.refs if ref.key not in keys)
        return _Parties(_most_specific(refs)[:MAX_PARTIES], direct)

    def _resolve(self, token: Token, target: bool = False) -> _Parties:
        if self.entities.in_dateline(token.idx):
            return _Parties([], True)  # 'SEOUL (Yonhap) -- North Korea's newspaper blasted'
        if token.tag_ in RELATIVE_PRONOUN_TAGS and token.head.dep_ == "relcl":
            token = token.head.head
        if counted := self._counted(token):
            # 'thousands of protesters', 'an alliance of chefs, celebrities and charities'
            return self._resolve_all([counted], target)
        if (antecedent := _object_of_first_verb(token)) is not None:
            # 'arrested the mayor and released him'
            return self._resolve_all([antecedent], target)
        if token.tag_ == PERSONAL_PRONOUN_TAG and (speaker := self._reporting_subject(token)):
            return speaker  # 'the Pentagon said it would send troops
        if (antecedent := self._antecedent(token)) is not None:
            return self._resolve_all([antecedent], target)  # 'resigned after she was attacked'
        if (group := self._group_of_part(token)) is not None:
            return self._resolve_all([group], target)  # 'Republicans ..., and many issued'
        if self._names_a_body_again(token) and (speaker := self._reporting_subject(token)):
            return speaker  # 'the EU said the bloc would send more aid'
        if (
            _owned_by_pronoun(token)
            and not (target and self._is_thing(token))
            and (speaker := self._reporting_subject(token))
        ):
            # 'Russia said its forces repelled'; what acts for the speaker is the speaker's
            # own: 'the military said its jets struck'
            return self._speakers_own(token, speaker)
        by_token = self.entities.by_token
        ref = by_token.get(token.i)
        if ref:
            participant = self._participant(token, ref, target)
            return _Parties([participant] if participant else [], True)
        if not target and (rule := self._event_rule(token)):
            # 'Israel's bombardment of Gaza killed thousands': the bombardment's doer
            return self._noun_modifier_parties(token, rule.reciprocal)
        if (place := self._place_named_before(token)) is not None:
            return _Parties([place], True)  # 'shelled the Kherson region'
        of_objects = self._prep_objects(token, OF)
        appositive = self._appositive(token, of_objects)
        named = [appositive] if appositive else self._places_of(token, of_objects)
        if not named and len(origins := self._coordinated_origins(token)) > 1:
            named = origins  # 'diplomats from the US and Russia met': each with the role
        if len(named) == 1 and (participant := self._participant(token, named[0], target)):
            return _Parties([participant], True)
        if len(named) > 1:  # 'the leaders of France and Germany': each country with the role
            members = [self._member(token, ref) for ref in named]
            return _Parties([m for m in members if m], True)
        category = self.lexicon.group_nouns.get(token.lower_)
        if _counts_two(token):
            category = "any"  # 'the two former adversaries'
        if category and _refers_back(token):
            group = self._group(category, token.idx, token.lower_ in PRONOUNS)
            if group:
                return _Parties(list(group), False)
        for i in range(token.i - 1, token.left_edge.i - 1, -1):
            ref = by_token.get(i)
            if ref and self._affiliates(ref, self.doc[i]) and not self._is_venue(ref, token):
                # 'US officials'; 'Russian and Iranian officials': each country with the role
                refs = [ref, *(by_token[c.i] for c in self.doc[i].conjuncts if c.i in by_token)]
                if len(refs) == 1:
                    parties = [self._participant(token, ref)]
                else:
                    parties = [self._member(token, r) for r in refs]
                return _Parties([p for p in parties if p], False)
        thing = self._is_thing(token)
        code = None if thing else self._code_of(token)
        # a region only where no country is read otherwise: 'Western allies'
        region = None if thing or (code and code.country) else self._region_named(token)
        if code is None and self._counts_people(token):
            code = UNKNOWN_CIVILIAN  # 'killed 12'
        if code is None and region is not None:
            code = ActorCode.parse(region, self.resources.actor_coder.countries)  # 'Western allies'
        if code is None and target and (owners := self._linked_to(token)):
            return self._resolve_all(owners, target)  # 'attacked ships linked to Israel'
        if code is None and target and (origins := self._origins(token)):
            return _Parties(origins, True)  # 'imposed tariffs on steel imports from Canada'
        if code is None:
            return _Parties([], False)
        name = " ".join(
            t.text for t in token.doc[token.left_edge.i : token.i + 1] if t.tag_ != DETERMINER_TAG
        )
        key = f"np:{code.code}:{token.lower_}"
        party = Participant(key, name, NOMINAL_LABEL, None, code, token.idx)
        # 'demonstrators in Tel Aviv' are Israel's, wherever what they do takes place
        return _Parties([party.with_country(self._country_in(token) or region)], False)

    def _protested_at(self, token: Token) -> list[Token]:
        """The building a protest is held before, which stands for those it protests:
        'rallied outside the Israeli embassy', 'protested in front of the US embassy'; not a
        place ('outside Kyiv')."""
        fronts = [f for f in self._prep_objects(token, VENUE_PREPS) if f.lower_ == FRONT]
        before = [o for f in fronts for o in self._prep_objects(f, OF)]
        held = [*self._prep_objects(token, OUTSIDE_PREPS), *before]
        return [o for o in held if not self._names_place(o)]

    def _linked_to(self, thing: Token) -> list[Token]:
        """Whose a thing of no party is, by a participle of belonging after it: 'ships linked
        to Israel', 'a tanker belonging to Russia's shadow fleet'."""
        return [
            owner
            for participle in thing.children
            if participle.dep_ == "acl" and participle.lower_ in self.lexicon.belonging_words
            for owner in self._prep_objects(participle, BELONGING_PREPS)
        ]

    def _region_named(self, token: Token) -> str | None:
        """A region's name or adjective the NER did not take for a name: 'the West', 'Western
        governments'."""
        gazetteer = self.resources.gazetteer
        # a region's adjective, not a name's first word: 'the West Side' is no WST
        words = [token, *(c for c in token.lefts if c.dep_ == "amod" and c.tag_ == "JJ")]
        regions = (gazetteer.region_code(w.text) for w in words if w.text.istitle())
        return next((region for region in regions if region), None)

    def _is_thing(self, token: Token) -> bool:
        """An event ('the Madrid peace talks', 'its offensive'), a collection ('a military aid
        package') or a thing given or used: no party, whatever words it holds."""
        return (
            token.lower_ in self.lexicon.noun_rules
            or token.lower_ in self.lexicon.collection_nouns
            or token.lower_ in self.lexicon.thing_nouns
        )

    def _is_answerable(self, token: Token) -> bool:
        """A thing done, said or decided: 'reacted with anger to the decision by Spain'."""
        return self._is_thing(token) or self._is_verbal(token)

    def _country_in(self, token: Token) -> str | None:
        for place in self._prep_objects(token, VENUE_PREPS):
            ref = self.entities.by_token.get(place.i)
            if ref and ref.label in PLACE_LABELS:
                return self.places.place(ref, None).country_code
        return None

    def _speakers_own(self, token: Token, speaker: _Parties) -> _Parties:
        """The speaker's country with the roles of the phrase: 'its forces' of Russia."""
        refs: list[Participant] = []
        for party in speaker.refs:
            if party.actor.country is not None:
                actor = self._with_phrase_roles(token, party.actor.country)
                key = f"{party.key}:{actor.code}"
                refs.append(
                    Participant(
                        key, party.name, party.label, party.entity_id, actor, party.first_start
                    )
                )
        return _Parties(refs, False)

    def _with_phrase_roles(self, token: Token, base: str) -> ActorCode:
        """``base`` (a country, or an entity's code) with the roles of the phrase ``token``
        heads: 'Russian and Iranian officials', 'its forces'."""
        phrase = self._code_of(token)
        coder = self.resources.actor_coder
        code = coder.combine(base, (), phrase.roles if phrase else ())
        return ActorCode.parse(code, coder.countries)

    def _counts_people(self, token: Token) -> bool:
        """A number standing alone for people: 'thousands marched', 'killed 12'; not the end
        of a range: 'by a vote of 52 to 48'."""
        numeral = (
            token.tag_ == "CD"
            and token.ent_type_ not in NON_PEOPLE_NUMBERS
            and not any(c.dep_ == "quantmod" for c in token.children)
            and not (
                token.head.lower_ == "to" and token.head.i > 0 and token.head.nbor(-1).tag_ == "CD"
            )
        )
        return token.dep_ in PARTY_DEPS and (numeral or token.lower_ in self.lexicon.people_counts)

    def _counted(self, token: Token) -> Token | None:
        """The counted noun of a quantity ('thousands of people', 'dozens of rebels') or of a
        collection ('a barrage of Russian missiles')."""
        if not counts(token, self.resources.counting_nouns):
            return None
        return next(iter(self._prep_objects(token, OF)), None)

    def _names_a_body_again(self, token: Token) -> bool:
        """'the bloc', 'the alliance': a body named again by what it is."""
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        return definite and token.lower_ in self.lexicon.body_nouns

    def _group_of_part(self, part: Token) -> Token | None:
        """The group that a subject naming some of it ('many', 'smaller ones') is part of: the
        plural subject of the clause its own is joined to, named before it. 'Many of them' says
        its group itself."""
        if part.lower_ not in self.lexicon.part_pronouns or not _is_subject(part):
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in part.children):
            return None
        clause = part.head
        if clause.dep_ not in JOINED_CLAUSE_DEPS or clause.head.i > part.i:
            return None
        subjects = [c for c in clause.head.children if _is_subject(c)]
        return next((s for s in subjects if s.tag_ in PLURAL_NOUN_TAGS), None)

    def _antecedent(self, pronoun: Token) -> Token | None:
        """What a pronoun of a dependent clause stands for: the one party of the nearest clause
        above its own with a subject named before it, among its subject and objects, that
        agrees with it: 'he' or 'she' a person, 'it' a body ('the minister resigned after she
        was attacked', 'Israel struck back after it was attacked'). Two that agree leave it
        open: 'Merkel thanked Obama when he visited Berlin'. An 'it' that a verb governs is most
        often a thing ('called it a rehearsal'); a subject or the object of a preposition may be
        a body ('imposed sanctions against it'). 'They' and 'their' stand for parties named in
        the plural ('the ministers fled after their homes were attacked')."""
        form = pronoun.lower_
        if (
            form not in PERSON_PRONOUNS
            and form not in PLURAL_PRONOUNS
            and not (form in BODY_PRONOUNS and pronoun.dep_ in BODY_PRONOUN_DEPS)
        ):
            return None
        clauses = [t for t in pronoun.ancestors if t.tag_ in VERB_TAGS][1:]
        clause = next(
            (c for c in clauses if any(_is_subject(s) and s.i < pronoun.i for s in c.children)),
            None,
        )
        if clause is None:
            return None
        parties = [
            c for c in clause.children if c.i < pronoun.i and (_is_subject(c) or c.dep_ == "dobj")
        ]
        objects = [p for p in parties if p.dep_ == "dobj"]
        parties += [
            o
            for holder in (clause, *objects)
            for o in self._prep_objects(holder, TARGET_PREPS)
            if o.i < pronoun.i
        ]
        agreeing = [p for p in parties if self._agrees(pronoun, p)]
        return agreeing[0] if len(agreeing) == 1 else None

    def _agrees(self, pronoun: Token, party: Token) -> bool:
        plural = pronoun.lower_ in PLURAL_PRONOUNS
        if party.tag_ in PRONOUN_TAGS or (party.tag_ in PLURAL_NOUN_TAGS) != plural:
            return False
        if plural:
            return not self._is_thing(party) and self._code_of(party) is not None
        ref = self.entities.by_token.get(party.i)
        if ref is not None:
            return (ref.label == PERSON) == (pronoun.lower_ in PERSON_PRONOUNS)
        if self._is_thing(party) or self._code_of(party) is None:
            return False
        body = party.lower_ in self.lexicon.collective_nouns
        return body == (pronoun.lower_ in BODY_PRONOUNS)

    def _reporting_subject(self, pronoun: Token) -> _Parties | None:
        """A pronoun in a reported clause is the speaker: 'Iran said it would ...', 'Manila
        said a Chinese ship rammed one of its vessels'; in what a statement of a party says,
        that party: 'Russia's announcement that it will help Iran'."""
        clause = next((t for t in pronoun.ancestors if t.tag_ in VERB_TAGS), None)
        if clause is None:
            return None
        speech = clause.head
        if clause.dep_ in STATED_DEPS and self._is_statement(speech):
            owners = self._resolve_all([c for c in speech.children if c.dep_ == "poss"])
            return owners if owners.refs else None
        if clause.dep_ != "ccomp":
            return None
        if speech.lower_ not in self.lexicon.report and speech.lower_ not in self.lexicon.refusal:
            return None  # 'Russia said its forces ...', 'Russia denied that its forces ...'
        subjects = [c for c in speech.children if c.dep_ == "nsubj" and c.tag_ != "PRP"]
        parties = self._resolve_all(subjects) if subjects else None
        return parties if parties and parties.refs else None

    def _code_of(self, token: Token) -> ActorCode | None:
        if token.i not in self.codes:
            ref = self.entities.by_token.get(token.i)
            self.codes[token.i] = self.resources.actor_coder.code_phrase(token, ref, self.published)
        return self.codes[token.i]

    def _participant(
        self, token: Token, ref: EntityRef, target: bool = False
    ) -> Participant | None:
        """An entity as a party, coded from the phrase it heads ('Israeli troops', 'Putin').

        A person the dictionaries do not know, and no title or apposition gives a role, is a
        civilian (---CVL) as a target and no actor, as the CAMEO coders code no actor their
        dictionaries do not know; any other name they and the gazetteer do not know can still
        be acted upon: as a target it is coded '---' (no country, no role); it is never an
        actor. A sea is no party, whatever its name holds."""
        if is_water(ref.name):
            return None
        code = self._code_of(token)
        own = self._entity_code(ref)
        if ref.label in PLACE_LABELS or ref.label == "NORP" or code is None:
            code = code if code is not None and (own is None or code.roles) else own
        if code is not None and not (code.country or code.known_group) and own is not None:
            # the entity's own code over a role read from part of its name: the International
            # Court of Justice is IGOUNOJUDICJ, not a court of no country
            code = own if own.known_group and not own.country else code
        if code is not None and own is not None and _lacks_country_of(code, own, ref.label):
            # 'the Jenin refugee camp': the place's country with the phrase's roles; 'Central
            # American migrants' are of Latin America (LAM), not of America
            coder = self.resources.actor_coder
            code = ActorCode.parse(coder.combine(own.country, (), code.roles), coder.countries)
        if ref.label == PERSON and own is None and not (code and code.roles):
            # 'South Korean President Yoon Suk Yeol' is the president in every mention
            # ('urged Yoon to step down')
            code = self._titled_code(ref) or code
        if code is None and ref.label == PERSON:
            if not target:
                return None
            # the codebook's civilians: individuals with no known or relevant affiliation
            code = UNKNOWN_CIVILIAN
        elif code is None and target and ref.label != UNGOVERNED_PLACE:
            # an organisation, or any name neither the dictionaries nor the gazetteer know (a
            # 'place' is most often a name the NER mislabelled: 'urged Yoon to step down'); a
            # sea or a region of no country is no party ('sent warships to the Red Sea')
            code = ActorCode(NO_COUNTRY, None, (), None)
        if code is None:
            return None
        key = ref.id if own is None or code.code == own.code else f"{ref.id}:{code.code}"
        return Participant(key, ref.name, ref.label, ref.id, code, ref.first_start)

    def _titled_code(self, ref: EntityRef) -> ActorCode | None:
        """The code of the first mention of a person the dictionaries do not know with a title
        before the name."""
        if ref.id not in self.titled_codes:
            coder = self.resources.actor_coder
            mentions = self.entities.mentions
            heads = (self.doc[end - 1] for _, end, named in mentions if named.id == ref.id)
            titled = (h for h in heads if coder.has_title(h, self.published))
            self.titled_codes[ref.id] = next((c for h in titled if (c := self._code_of(h))), None)
        return self.titled_codes[ref.id]

    def _member(self, token: Token, ref: EntityRef) -> Participant | None:
        """A party of one of several coordinated owners: its country with the phrase's roles."""
        own = self._entity_code(ref)
        if own is None:
            return None
        actor = self._with_phrase_roles(token, own.code)
        key = f"{ref.id}:{actor.code}"
        return Participant(key, ref.name, ref.label, ref.id, actor, ref.first_start)

    def _entity_participant(self, ref: EntityRef) -> Participant | None:
        code = self._entity_code(ref)
        if code is None:
            return None
        return Participant(ref.id, ref.name, ref.label, ref.id, code, ref.first_start)

    def _entity_code(self, ref: EntityRef) -> ActorCode | None:
        """An entity's own code, from its canonical name (read once per article)."""
        if ref.id not in self.entity_codes:
            self.entity_codes[ref.id] = self._read_entity_code(ref)
        return self.entity_codes[ref.id]

    def _read_entity_code(self, ref: EntityRef) -> ActorCode | None:
        coder = self.resources.actor_coder
        if ref.label in REGION_LABELS and (
            region := self.resources.gazetteer.region_code(ref.name)
        ):
            # 'Latin America' is not America; 'European leaders' are Europe's
            return ActorCode.parse(region, coder.countries)
        reading = coder.read(list(phrase_words(ref.name)), self.published)
        code = reading.actor or ref.actor_country or ref.country_code
        if code is None and ref.label in PLACE_LABELS:
            code = self.places.place(ref, None).country_code  # a town: its country ('Jenin')
        if code is None and ref.label == ORG and reading.roles:
            # a body the name gives a role, of the place it names: 'Bristol Crown Court'
            code = self.resources.gazetteer.leading_place_country(ref.name)
        if code is None and ref.label != ORG:
            # a surname the NER took for a place or a people ('urged Yoon to step down'); a
            # name it took for an organisation is one ('Meta' the company, not Ilir Meta)
            code = coder.person_code(ref.name, self.published)
        if code is None:
            return None
        return ActorCode.parse(code, coder.countries)

    def _appositive(self, token: Token, of_objects: list[Token]) -> EntityRef | None:
        by_token = self.entities.by_token
        for child in token.children:
            if child.dep_ == "appos" and (ref := by_token.get(child.i)):
                return ref
            for name in _given_names(child):  # 'a group called the Muslim Brotherhood'
                if ref := by_token.get(name.i):
                    return ref
        for pobj in of_objects:
            place = by_token.get(pobj.i)
            for child in pobj.children:
                ref = by_token.get(child.i) if child.dep_ == "appos" else None
                if place and place.label in PLACE_LABELS and ref and ref.label == "PERSON":
                    return ref
        return None

    def _coordinated_origins(self, token: Token) -> list[EntityRef]:
        """The parties a subject, an object or a counterpart comes from: 'negotiators from
        Israel and Hamas', 'met with ministers from Brazil and Mexico'; where 'from' hangs on
        the noun, it names no source or place the act is done from."""
        counterpart = token.dep_ == "pobj" and token.head.lower_ in COUNTERPART_PREPS
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj") and not counterpart:
            return []
        origins = self._prep_objects(token, ORIGIN_PREPS)
        if not any(c.dep_ == "cc" for o in origins for c in o.children):
            return []  # 'a girl from Reynosa, Mexico' comes from one place
        refs = (self.entities.by_token.get(o.i) for o in origins)
        return [r for r in refs if r and (r.label in AFFILIATION_LABELS or r.label in PLACE_LABELS)]

    def _place_named_before(self, noun: Token) -> Participant | None:
        """A place noun's name before it, in its country, whatever the NER took the name for:
        'the Kherson region' is Ukraine's, 'Russia's Kursk region' Russia's."""
        if noun.lower_ not in self.lexicon.place_nouns:
            return None
        for name in (c for c in noun.lefts if c.dep_ == "compound"):
            ref = self.entities.by_token.get(name.i)
            if ref is not None and (country := self.places.place(ref, None).country_code):
                return self._country_party(ref.id, country, ref.name)
        return None

    def _origins(self, thing: Token) -> list[Participant]:
        """The places a thing acted upon comes from, which it stands for: 'tariffs on steel
        imports from Canada and Mexico' are on Canada and Mexico; not where the thing is of a
        party, which it stands for ('the withdrawal of NATO troops from Eastern Europe')."""
        if any(self._resolve(o, target=True).refs for o in self._prep_objects(thing, OF)):
            return []
        by_token = self.entities.by_token
        sources = self._prep_objects(thing, SOURCE_PLACE_PREPS)
        refs = [by_token[s.i] for s in sources if s.i in by_token and self._names_place(s)]
        parties = (self._entity_participant(ref) for ref in refs)
        return [p for p in parties if p is not None]

    def _places_of(self, token: Token, of_objects: list[Token]) -> list[EntityRef]:
        place_noun = token.lower_ in self.lexicon.place_nouns
        refs = (self.entities.by_token.get(pobj.i) for pobj in of_objects)
        return [r for r in refs if r and (place_noun or r.label in PLACE_LABELS)]

    @staticmethod
    def _affiliates(ref: EntityRef, token: Token) -> bool:
        """Whether a name says whose a noun is: 'Israeli troops', "Putin's spokesman"; not its
        backer's: 'Kremlin-backed forces', 'Iran-backed rebels'."""
        if is_backing(token.head) or in_stance(token):
            return False
        return ref.label in AFFILIATION_LABELS or (ref.label == "PERSON" and token.dep_ == "poss")

    @staticmethod
    def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
        objects: list[Token] = []
        for prep in token.children:
            if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        objects.extend((pobj, *pobj.conjuncts))
        return objects

    def _group(self, category: str, before: int, pronoun: bool = False) -> tuple[Participant, ...]:
        """The parties last named together before a reference to them ('the two sides')."""
        noted = [g for g in self.groups.get(category, ()) if g[0] < before]
        if not noted:
            return ()
        _, refs, sentence_index = max(noted, key=lambda g: g[0])
        if pronoun and self.sentence_index - sentence_index > PRONOUN_REACH:
            return ()
        return refs

    def _note_group(self, refs: Iterable[Participant], position: int) -> None:
        distinct = tuple({ref.key: ref for ref in refs}.values())[:MAX_PARTIES]
        if len(distinct) < 2:
            return
        categories = {
            "person"
            if ref.label == "PERSON"
            else "collective"
            if ref.label in COLLECTIVE_LABELS
            else "other"
            for ref in distinct
        }
        if len(categories) == 1:
            for category in (categories.pop(), "any"):
                noted = (position, distinct, self.sentence_index)
                self.groups.setdefault(category, []).append(noted)

    def _note_coordinations(self, conjuncts: list[int]) -> None:
        """Remember 'A and B' pairs; 'Danang, Vietnam' (no conjunction) is no pair."""
        by_token = self.entities.by_token
        for i in conjuncts:
            head = self.doc[i].head
            if i in by_token and head.i in by_token and any(c.dep_ == "cc" for c in head.children):
                pair = [
                    self._entity_participant(by_token[head.i]),
                    self._entity_participant(by_token[i]),
                ]
                self._note_group((p for p in pair if p), self.doc[i].idx)

    def _speaker(self, trigger: Token) -> Participant | None:
        for index in self.modality.reporter_indices(trigger):
            parties = self._subject(self.doc[index])
            if parties.refs:
                return parties.refs[0]
        for token in (trigger, *trigger.ancestors):  # '..., according to the army'
            according = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "according"]
            sources = [o for a in according for o in self._prep_objects(a, frozenset({"to"}))]
            if sources and (parties := self._resolve_all(sources)).refs:
                return parties.refs[0]
        return None

    # --- mentions ---

    def _mentions(
        self,
        trigger: _Trigger,
        actors: _Parties,
        targets: _Parties,
        modality: str,
        sentence: Span,
    ) -> Iterator[Mention]:
        # the act itself, and its code: an intention's, as the codebook codes intentions
        act = code = trigger.code
        if modality == "intended":
            code, modality = self.lexicon.intention(code), "asserted"
        # 'Indian and Chinese troops clashed', 'Israel and Hamas agreed to a ceasefire': a fight
        # or an agreement between coordinated parties
        together = mutual(code) and len(actors.refs) > 1
        if together and all(_unplaced(t) and _is_means(t) for t in targets.refs):
            # 'India and China agreed to disengage troops': the troops are the means; but
            # 'the army and the militia killed dozens of civilians' are its victims
            targets = _Parties([], False)
        together = together and not targets.refs
        anchor = trigger.anchor
        reciprocal = trigger.reciprocal or together
        pairs = _pairs(actors.refs, targets.refs, reciprocal, _has_passive_auxiliary(anchor))
        confidence = (
            trigger.confidence
            - (0 if actors.direct else 0.15)
            - (0 if targets.direct or not targets.refs else 0.1)
        )
        offsets = _span_offsets(trigger.tokens)
        sentence_offsets = trimmed_offsets(sentence)
        date_value = self._date(anchor, sentence, modality)
        speaker = self._speaker(anchor) if modality == "reported" else None
        visiting, visited = visitor_roles(code)
        explosive = _is_verb_of(anchor, self.lexicon.explosive_verbs)
        charging = _is_verb_of(anchor, self.lexicon.charge_verbs)
        home = at_home(anchor)
        for actor, target in pairs:
            # the target as named, before it is placed: 'told DW' names no country or role of
            # DW's
            named = target
            audience = named is not None and is_audience(code, named)
            location = self.places.location(code, anchor, sentence, actor, target)
            # a described party, or a person the dictionaries do not know, is of the country
            # where the event happens, else of the country the story is about
            placed_in_text = location is not None and location.source != "dateline"
            place_country = (
                self._location_country(location) if placed_in_text else None
            ) or self.story_country
            own_force = self._force_of_story_country(code, actor)
            if UNIDENTIFIED_ROLE not in actor.actor.roles:
                # unidentified armed forces ('gunmen', 'attackers') are not identified by the
                # place where they strike
                country = self.story_country if visiting else place_country
                doer_country = _unless_country_of(target, country, actor, code, doer=True)
                actor = self._placed(actor, doer_country)
            if target is None:
                # the place of an act intended is the target of the intention too: 'lands in
                # Kenya later on Friday' (036)
                target = self._place_target(
                    act, location, actor, trigger.travel
                ) or self._affected_country(code, anchor, actor)
            elif placed_in_text or not own_force or home:
                # a country's force fights those it meets abroad, but 'at home' its own
                country = self.story_country if visited else place_country
                country = _unless_country_of(actor, country, target, code)
                target = self._placed(target, country, unknown_names=True)
            if target is None or target.key == actor.key or audience:
                continue
            one_party = _same_unplaced_party(actor, target, code) and not self._two_people(
                actor, target, anchor.sent
            )
            if one_party or _whole_and_part(actor, target):
                continue  # 'the army chief warned the military': one party, as far as is known
            if not _can_act(actor):
                continue  # a name coded '---' alone is acted upon, never an actor
            event_code = refine_code(
                code, actor, target, self._location_country(location), explosive, charging
            )
            # words at one's own country are none, whatever code refined them: 'Iran's minister
            # warned that Tehran would respond'; 'Russia protested against interference in
            # Russia's affairs' (a state's protest, 114)
            words = int(event_code[:2]) not in MATERIAL_ROOTS
            if words and self._own_country_named(actor, target):
                continue
            if target is not None:
                # a name placed only as a target is not read back as an actor ('they')
                noted = named if named is not None and not _can_act(named) else target
                self._note_group([actor, noted], anchor.idx)
            if self._is_demonstrated(event_code, actor, anchor):
                event_code = demonstrated(event_code)
            yield Mention(
                event_code,
                actor,
                target,
                modality,
                offsets,
                sentence_offsets,
                self.sentence_index,
                location,
                date_value,
                round(confidence, 2),
                speaker,
                anchor.i,
            )

    def _own_country_named(self, actor: Participant, target: Participant) -> bool:
        """A country named in the text as the target of words or diplomacy of one of its own
        office holders or bodies: a party and its own country, not two ('Iran's foreign
        minister warned that Tehran would respond'); a material act may be done in and to one's
        own country ('declared martial law in South Korea'). A people is not its state ('the
        president urged Americans to vote'), nor a person the NER took for a place ('urged Yoon
        to step down'); the opposition's country is its state ('the opposition leader called
        for new elections in Venezuela')."""
        roles = actor.actor.roles
        if target.label not in PLACE_LABELS or target.entity_id is None or not roles:
            return False
        if CHALLENGER_ROLES.intersection(roles):
            return False
        place = self.places.gazetteer_place(target.name)
        return place.country_code == target.actor.code == actor.actor.country

    def _demonstrates(self, party: Participant) -> bool:
        """A party described as demonstrators ('protesters', 'thousands of marchers')."""
        words = party.name.lower().split()
        return (
            party.label == NOMINAL_LABEL
            and bool(words)
            and words[-1] in self.lexicon.demonstrator_nouns
        )

    def _is_demonstrated(self, code: str, actor: Participant, anchor: Token) -> bool:
        """An appeal or demand of demonstrators, or one a rally is held for ('protesters
        called for his ouster'); and what a rally is held to protest ('took to the streets to
        protest the government's decision': 141, not the 114 of a government's complaint)."""
        if code[:2] in REQUEST_ROOTS and self._demonstrates(actor):
            return True
        asked_or_protested = code[:2] in REQUEST_ROOTS or code[:2] == DISAPPROVE_ROOT
        return asked_or_protested and self._aim_of_a_rally(anchor)

    def _aim_of_a_rally(self, anchor: Token) -> bool:
        """What a demonstration is held for: 'thousands rallied in Seoul to demand the
        president's impeachment' (141x, as the codebook codes what demonstrators demand), 'took
        to the streets to protest the decision' (141)."""
        rally = anchor.head
        if anchor.dep_ not in PURPOSE_DEPS or rally.tag_ not in VERB_TAGS:
            return False
        match = self._verb_match(rally)
        return match is not None and match.code.startswith(DEMONSTRATE_ROOT)

    def _force_of_story_country(self, code: str, actor: Participant) -> bool:
        """Force used by a party named as of the country the story is about: its victims are
        not of that country for the story alone, which may name it only through this party
        ('At least 30 people died in Israeli air strikes'). A civilian's crime is among the
        story country's own ('a girl from Reynosa, Mexico killed a pregnant woman'), and so is
        the force of a government or its police, used at home ('Iran's government executed
        four protesters')."""
        return (
            int(code[:2]) in FORCE_ROOTS
            and actor.actor.country == self.story_country
            and not set(actor.actor.roles) & HOME_FORCE_ROLES
        )

    @staticmethod
    def _placed(
        party: Participant, country: str | None, unknown_names: bool = False
    ) -> Participant:
        """A described party, or a person or a people with a role ('Republicans', PTY), of the
        country given; and, as a target, a name the dictionaries and the gazetteer do not know
        (the codebook's place where the act happens: 'the attackers stormed the Bardo National
        Museum', in Tunisia)."""
        described = party.label == NOMINAL_LABEL
        with_role = party.label in ROLE_LABELS and bool(party.actor.roles)
        unknown = unknown_names and not _can_act(party)
        return party.with_country(country) if described or with_role or unknown else party

    def _story_country(self) -> str | None:
        """The country an article is about ('riot police', in a story from Burma, are Burma's):
        the one most of its place and nationality mentions name (with none, of the people the
        dictionaries know), else its dateline's (where the
        reporter is: 'CAIRO -' over a story from Tunisia). A sentence alone is a story too:
        'Thousands of Israelis protested against the government' (ISRGOV)."""
        dateline = self.entities.dateline.country_code if self.entities.dateline else None
        # a stance names no country the story is in ('anti-Israel protesters'), nor do people
        # or posts abroad ('Chinese nationals', 'the French embassy'), nor a body's seat ('a
        # UK-based group')
        refs = [
            ref
            for start, end, ref in self.entities.mentions
            if not in_stance(self.doc[start]) and not self._elsewhere(self.doc[end - 1])
        ]
        counts = Counter(ref.country_code for ref in refs if ref.label in STORY_LABELS)
        del counts[None]
        if not counts:
            # no place or people named: people the dictionaries know ('under President Clinton')
            counts = Counter(self._person_country(ref) for ref in refs if ref.label == PERSON)
            del counts[None]
        if counts:
            country, mentions = counts.most_common(1)[0]
            # one passing mention in a story of several paragraphs says little ('Serbian', once
            # in a profile of Larry Page); in one paragraph, it is what there is
            one_paragraph = PARAGRAPH_BREAK not in self.entities.text.strip()
            if 2 * mentions > counts.total() and (mentions > 1 or one_paragraph):
                return country
        return dateline

    def _elsewhere(self, name: Token) -> bool:
        """A nationality of people away from their country or of a post abroad, or the seat of
        a body."""
        head = name.head.lower_
        abroad = name.dep_ in OWNER_MODIFIER_DEPS and head in self.lexicon.abroad_nouns
        return abroad or head in self.lexicon.seat_words

    def _person_country(self, ref: EntityRef) -> str | None:
        code = self._entity_code(ref)
        return None if code is None else code.country

    def _place_target(
        self, code: str, location: Location | None, actor: Participant, travel: bool = False
    ) -> Participant | None:
        """The country where a material act happens, or where a traveller goes, stands for its
        target; a country's force in its own land is not aimed at itself ('a Ukrainian attack
        near Bakhmut')."""
        if location is None or location.source != "sentence":
            return None
        if not (travel or acts_on_place(code)):
            return None
        if location.ref is not None and (place := self._entity_participant(location.ref)):
            target = place
        elif country := location.place.country_code:
            target = self._country_party("place", country, location.place.name)
        else:
            return None
        own_land = target.actor.code == actor.actor.code
        return None if own_land and int(code[:2]) in FORCE_ROOTS else target

    def _affected_country(self, code: str, anchor: Token, actor: Participant) -> Participant | None:
        """An act on a thing of the actor's own country ('vetoed a bill', 'declared a state of
        emergency') affects that country: it stands for the target. Not where the actor is the
        country itself: 'Israel opposed the talks' is no act of Israel on Israel; nor where the
        thing names another country ('breached the border separating Gaza from Israel'), is
        the actor's own ('defended his honor'); nor an answer to words addressed to it
        ('rejected calls for a ceasefire': aimed at the callers)."""
        country = actor.actor.country
        if code.startswith(DEMONSTRATE_ROOT):
            return self._protested_country(anchor, actor)
        affecting = int(code[:2]) in AFFECTING_ROOTS and not code.startswith(PROPERTY_SEIZURE_CODE)
        if country is None or actor.actor.code == country or not affecting:
            return None
        if AUTHORITY_ROLES.isdisjoint(actor.actor.roles):
            return None  # 'scientists are studying the effects': no act on their country
        things = [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
        if not things or any(self._names_other_country(t, country) for t in things):
            return None
        answering = int(code[:2]) in ANSWERING_ROOTS
        if answering and any(t.lower_ in self.lexicon.received_words for t in things):
            return None
        if all(_owned_by_possessive(t) for t in things):
            return None  # 'had to defend his honor': the actor's own, not his country's
        return self._country_party("country", country)

    def _protested_country(self, anchor: Token, actor: Participant) -> Participant | None:
        """A protest of a country's people that names no target ('Kenyan protesters
        demonstrated against tax increases') is aimed at their country, whose rulers answer
        for what it protests (another country's act names that country: 'protested against
        Chinese loans'); not a protest of one of its offices (a state protests to another),
        nor one named by a noun alone ('marches spearheaded by people I disagree with')."""
        country, roles = actor.actor.country, actor.actor.roles
        if country is None or anchor.tag_ not in VERB_TAGS or not roles:
            return None
        if not STATE_OFFICE_ROLES.isdisjoint(roles):
            return None
        return self._country_party("country", country)

    def _names_other_country(self, thing: Token, country: str) -> bool:
        """Whether a thing names a place or a people of another country ('the Madrid peace
        talks', 'the border separating Gaza from Israel'), or a body of no country ('talks on
        joining the EU')."""
        by_token = self.entities.by_token
        refs = [ref for t in thing.subtree if (ref := by_token.get(t.i)) is not None]
        countries = (self._country_of_name(ref) for ref in refs)
        codes = (self._entity_code(ref) for ref in refs)
        stateless = any(
            code is not None and code.country is None and code.known_group for code in codes
        )
        return stateless or any(named not in (None, country) for named in countries)

    def _country_of_name(self, ref: EntityRef) -> str | None:
        if ref.country_code is None and ref.label in PLACE_LABELS:
            return self.places.place(ref, None).country_code  # a town: 'Madrid'
        return ref.country_code

    def _country_party(self, kind: str, country: str, name: str | None = None) -> Participant:
        """A country standing for the target of an act (``kind`` keeps event ids apart), named
        as the text names it, else by its name ('Kenya')."""
        code = ActorCode.parse(country, self.resources.actor_coder.countries)
        name = name or self.resources.gazetteer.country_name(country)
        return Participant(f"{kind}:{country}", name, "GPE", None, code, 0)

    def _location_country(self, location: Location | None) -> str | None:
        if location is None:
            return None
        if location.ref is not None and (place := self._entity_participant(location.ref)):
            return place.actor.country or location.place.country_code
        return location.place.country_code

    def _date(self, anchor: Token, sentence: Span, modality: str) -> str | None:
        """The date of a date expression hanging from the trigger, else of the nearest one
        that names a day ('aims to cut emissions by 2030' gives no date to 'said')."""
        low = bisect.bisect_left(self.date_starts, sentence.start)
        high = bisect.bisect_left(self.date_starts, sentence.end)
        forward = modality in ("intended", "hypothetical")
        spans = self.entities.dates[low:high]
        attached = [attached_to(span.root, anchor) for span in spans]
        nearest_first = sorted(
            range(len(spans)), key=lambda k: (not attached[k], abs(spans[k].start - anchor.i))
        )
        for k in nearest_first:
            resolved = resolve_date(spans[k].text, self.published, forward)
            if resolved and (attached[k] or is_day(resolved)):
                return resolved
        return None


def _is_unspecified(code: str) -> bool:
    """A root's 'not specified below' code ('190'), which a more precise one may refine."""
    return len(code) == 3 and code.endswith("0")


def _refines(code: str, general: str) -> bool:
    """``code`` is a code under ``general``, the unspecified code of its root ('193' of
    '190')."""
    return general == code[:2] + "0" and code != general


def _specifies(means: str, general: str) -> bool:
    """The code of the act a verb's act was done in says more than the verb's unspecified
    ``general``: a code under it, or, for force, the kind of force ('an air strike hit a school
    bus' is 195, where 'hit a bus' says only 180)."""
    force = {int(means[:2]), int(general[:2])} <= FORCE_ROOTS
    return _refines(means, general) or (force and not _is_unspecified(means))


def _object_of_first_verb(pronoun: Token) -> Token | None:
    """The object that an object pronoun of a coordinated verb stands for: the first verb's,
    'met the ambassador and thanked him', 'arrested the protesters and later released them'."""
    verb = pronoun.head
    if pronoun.lower_ not in OBJECT_PRONOUNS or pronoun.dep_ != "dobj" or verb.dep_ != "conj":
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj"), None)


def _is_subject(token: Token) -> bool:
    return token.dep_ in CLAUSE_SUBJECT_DEPS


def _owned_by_pronoun(token: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in token.children)


def _owned_by_possessive(token: Token) -> bool:
    """Owned by any possessive pronoun: 'his honor', 'their homes'."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in token.children)


def _shares_subject(verb: Token) -> bool:
    """A verb coordinated with the verb before it, without a subject of its own, acting on a
    thing ('and lift sanctions'), not on someone a pronoun stands for ('and urged them')."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return (
        verb.dep_ == "conj"
        and verb.head.tag_ in VERB_TAGS
        and not has_subject(verb)
        and bool(objects)
        and not any(o.tag_ in PRONOUN_TAGS for o in objects)
    )


def _raised_object(verb: Token) -> list[Token]:
    """The object the parser took for the subject of a participle or a bare infinitive after
    it: 'detained [hundreds of farmers] marching towards Delhi', 'will help [Iran] build a
    reactor'."""
    clauses = [
        c
        for c in verb.rights
        if (c.dep_ == "advcl" and c.tag_ == GERUND_TAG)
        or (c.dep_ == "ccomp" and c.tag_ == BASE_VERB_TAG and not _is_finite_clause(c))
    ]
    subjects = [s for c in clauses for s in c.children if s.dep_ == "nsubj"]
    return [s for s in subjects if s.left_edge.i == verb.i + 1]


def _has_passive_auxiliary(verb: Token) -> bool:
    """A passive's auxiliary, on the verb or, left out, on the passive it is coordinated
    with: '30 people were killed and dozens [were] wounded'."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return (
        verb.dep_ == "conj"
        and verb.tag_ == PARTICIPLE_TAG
        and not any(c.dep_ == "aux" for c in verb.children)
        and any(c.dep_ == "auxpass" for c in verb.head.children)
    )


def _is_symmetric(match: VerbMatch) -> bool:
    """A pattern whose act the target does back in kind ('TRADE * ACCUSATIONS [112:112]')."""
    return match.pattern is not None and match.pattern.reverse == match.pattern.code


def _inverted_clause(verb: Token) -> list[Token]:
    """The clause a verb governs without 'that', where the parser made the verb a complement
    of that clause: 'The judge has ruled Trump was liable' read as '[the judge has ruled]
    Trump was liable'."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i < verb.i:
        return []
    subjects = [c for c in head.children if c.dep_ in CLAUSE_SUBJECT_DEPS]
    return [head] if any(verb.i < s.i < head.i for s in subjects) else []


def _most_specific(refs: list[Participant]) -> list[Participant]:
    """One party per name, with the most it is coded: a subject the parser split from its own
    name ('Trinidad and Tobago's prime minister' read as 'Trinidad' and 'Tobago's prime
    minister') is the minister, TTOGOV, not TTOGOV and TTO."""
    return [
        ref
        for ref in refs
        if not any(
            other is not ref
            and ref.entity_id is not None
            and other.entity_id == ref.entity_id
            and other.actor.code.startswith(ref.actor.code)
            and other.actor.code != ref.actor.code
            for other in refs
        )
    ]


def _conjunct_agents(verb: Token) -> list[Token]:
    """The 'by' objects of a passive's conjunct: 'were detained and beaten by police'."""
    return [
        o
        for conjunct in verb.conjuncts
        if conjunct.tag_ == PARTICIPLE_TAG and not has_subject(conjunct)
        for agent in conjunct.children
        if agent.dep_ == "agent"
        for o in agent.children
        if o.dep_ == "pobj"
    ]


def _shared_passive_subjects(verb: Token) -> list[Token]:
    """The subject of the passive a participle is coordinated with, which undergoes both:
    'the journalists were detained and beaten by police'."""
    if verb.dep_ != "conj" or verb.tag_ != PARTICIPLE_TAG or has_subject(verb):
        return []
    return [c for c in verb.head.children if c.dep_ == "nsubjpass"]


def _is_finite_clause(clause: Token) -> bool:
    """A clause with a conjunction or an auxiliary of its own: 'said that Iran would build'."""
    return any(c.dep_ in ("mark", "aux", "auxpass") for c in clause.children)


def _leaves_in_a_state(verb: Token) -> bool:
    children = list(verb.children)
    objects = [c for c in children if c.dep_ == "dobj"]
    if not objects:
        return False
    complements = [c for c in children if c.dep_ in RESULT_DEPS and not _is_clause(c)]
    # or parsed as the object's modifier: 'leaving [soldiers <- injured]'
    complements += [m for o in objects for m in o.rights if m.dep_ in ("acl", "amod")]
    return any(
        c.tag_ in RESULT_TAGS and all(g.dep_ in ("advmod", "neg") for g in c.children)
        for c in complements
    )


def _is_clause(token: Token) -> bool:
    """A complement with a subject or a conjunction of its own: 'told Zuma that he was confined'."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)


def _said_subjects(verb: Token) -> list[Token]:
    """The subjects of the clauses a verb governs: 'warned that [Seoul] will pay'; or of the
    condition of what it says: 'threatened to retaliate if [Finland] joined NATO'."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    acts = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))]
    clauses += [c for act in acts for c in act.children if _is_condition(c)]
    return [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]


def _is_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children
    )


def _lacks_country_of(code: ActorCode, own: ActorCode, label: str) -> bool:
    """Whether a phrase's code lacks the country of the place or people it names, or reads
    another from a word of its name."""
    if own.country is None:
        return False
    return code.country is None or (label in REGION_LABELS and code.country != own.country)


def _unless_country_of(
    other: Participant | None,
    country: str | None,
    party: Participant,
    code: str,
    doer: bool = False,
) -> str | None:
    """The country to place a described party in, unless the other party is that country
    itself: in 'the government rejected the accusations made by the United States' the
    government is not the United States' own; in 'thousands of Israelis protested against the
    government' it is the Israelis' own. Nor is a party that consults one of its kind, or (the
    ``doer``) acts on one, of that one's country: a state's office meets and acts on its like
    of another state ('the president hosted the Japanese prime minister', 043, 'the army
    attacked Russian troops', 'the junta expelled the French ambassador'), unlike people
    ('Republicans joined Democrats'), words between offices ('Israeli ministers criticised the
    government') and a force's own means ('the Ghana Armed Forces deployed soldiers')."""
    if other is None or country is None:
        return country
    if other.label in PLACE_LABELS and other.actor.code == country:
        return None
    roles = set(party.actor.roles)
    alike = bool(roles) and roles <= STATE_OFFICE_ROLES and roles == set(other.actor.roles)
    acting = code.startswith(CONSULT_ROOT) or (doer and int(code[:2]) in MATERIAL_ROOTS)
    if acting and alike and other.actor.country == country:
        return None
    return country


def _same_unplaced_party(actor: Participant, target: Participant, code: str) -> bool:
    """A described target of the actor's code: the same party as far as is known ('the army
    chief warned the military'), or the actor's means ('the Chinese navy sent warships'). A
    named actor of no country is told apart by its name ('the Labour leader attacked the prime
    minister'). A civilian's violence is on another: 'a girl killed a woman' are two."""
    if target.entity_id is not None or actor.actor.code != target.actor.code:
        return False
    if CIVILIAN in actor.actor.roles and int(code[:2]) in FORCE_ROOTS:
        return False
    return actor.entity_id is None or actor.actor.country is not None


def _given_names(modifier: Token) -> list[Token]:
    """The name a participle gives its noun: 'called X', 'named X', 'known as X'."""
    if modifier.dep_ != "acl" or modifier.lower_ not in NAMING_PARTICIPLES:
        return []
    names = [c for c in modifier.children if c.dep_ == "oprd"]
    return names + [o for p in modifier.children if p.lower_ == "as" for o in p.children]


def _whole_and_part(actor: Participant, target: Participant) -> bool:
    """One organisation and a part of it: the African Union's forces and the African Union (a
    people's parts act on each other: 'Russian police detained hundreds of Russians')."""
    if actor.entity_id is None or actor.entity_id != target.entity_id or actor.label != ORG:
        return False
    first, second = sorted((actor.actor.code, target.actor.code), key=len)
    return second.startswith(first)


def _can_act(party: Participant) -> bool:
    """Whether a party may be an actor: it has a country, a role or a known group (a name
    coded '---' alone can only be acted upon)."""
    code = party.actor
    return bool(code.country or code.roles or code.known_group)


def _is_means(party: Participant) -> bool:
    """A party a side acts with rather than on: forces, or nothing said of what it is."""
    return set(party.actor.roles) <= MEANS_ROLES


def _unplaced(party: Participant) -> bool:
    """A described party of no known country ('troops', 'aid workers')."""
    return party.label == NOMINAL_LABEL and party.actor.country is None


def _is_verb_of(token: Token, verbs: frozenset[str]) -> bool:
    """Whether a token is one of the lexicon's verbs, as a verb: 'detonated', not 'the bomb'."""
    return token.tag_ in VERB_TAGS and token.lower_ in verbs


def _asks_to_act(verb: Token) -> bool:
    """Whether a verb tells its object what to do: 'asked a person to prepare a phone'."""
    return any(c.dep_ == "xcomp" for c in verb.children)


def _addressee(verb: Token) -> bool:
    """Whether a speech verb says to whom: 'told Congress', 'informed the UK government',
    'said to the envoy'."""
    return any(
        c.dep_ == "dative"
        or (c.dep_ == "dobj" and any(t.ent_type_ for t in (c, *_name_modifiers(c))))
        or (c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" for g in c.children))
        for c in verb.children
    )


def _name_modifiers(noun: Token) -> list[Token]:
    """The words that name what a noun is, not whose: 'UK' of 'the UK Government'."""
    return [c for c in noun.children if c.dep_ in OWNER_MODIFIER_DEPS]


def _indices(mask: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)]


def _within(indices: list[int], sentence: Span) -> list[int]:
    return indices[
        bisect.bisect_left(indices, sentence.start) : bisect.bisect_left(indices, sentence.end)
    ]


def _says_more(rule: NounRule, match: VerbMatch) -> bool:
    """Whether the modifiers that make a noun the rule's event are words the verb's pattern did
    not read."""
    read = {t.lower_ for t in match.used}
    return bool(rule.head_modifiers) and rule.head_modifiers.isdisjoint(read)


def _has_head_modifier(noun: Token, rule: NounRule) -> bool:
    if not rule.head_modifiers:
        return True
    return any(c.dep_ in MODIFIER_DEPS and c.lower_ in rule.head_modifiers for c in noun.lefts)


def _has_prep(noun: Token, rule: NounRule) -> bool:
    if not rule.preps:
        return True
    return any(c.dep_ == "prep" and c.lower_ in rule.preps for c in noun.children)


def _is_joint(noun: Token) -> bool:
    return any(c.lower_ == "joint" for c in noun.lefts)


def _counts_two(token: Token) -> bool:
    return any(c.lower_ in ("two", "both") and c.dep_ in TWO_DEPS for c in token.children)


def _refers_back(token: Token) -> bool:
    """A plural reference to parties named before: 'they', 'both', 'the leaders', 'the two
    sides'; not 'two gunmen', 'its governments' or 'their militia allies'."""
    if token.lower_ in PRONOUNS or token.lower_ in ("both", "two"):
        return True
    determiners = {c.lower_ for c in token.children if c.dep_ in TWO_DEPS | {"poss"}}
    return token.tag_ == "NNS" and bool(determiners) and determiners <= {"the", "both", "two"}


def _pairs(
    actors: list[Participant], targets: list[Participant], reciprocal: bool, passive: bool
) -> list[tuple[Participant, Participant | None]]:
    if reciprocal and not targets and len(actors) >= 2:
        pairs = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :]]
    else:
        pairs = [(a, t) for a in actors for t in (targets or [None]) if t is None or t.key != a.key]
        pairs = pairs or [(a, None) for a in actors]
    if reciprocal and not passive:
        # told from the side named first, where both can act ('Putin and Trump met'); a
        # passive's 'by' names the doer ('was dispatched to the embassy by President Trump')
        pairs = [
            (b, a) if b is not None and b.first_start < a.first_start and _can_act(b) else (a, b)
            for a, b in pairs
        ]
    seen: set[tuple[str, str]] = set()
    unique: list[tuple[Participant, Participant | None]] = []
    for actor, target in pairs:
        key = (actor.key, target.key if target else "-")
        if key not in seen:
            seen.add(key)
            unique.append((actor, target))
    return unique


def _span_offsets(tokens: tuple[Token, ...]) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)
