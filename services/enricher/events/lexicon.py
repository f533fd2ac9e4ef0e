"""The CAMEO code table and the hand lexicon (``data/event_lexicon.yaml``): event nouns,
modality cues, the codebook's intention codes, plural references and place nouns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import yaml
from spacy.strings import StringStore

from newsstream.enricher.cameo.verbs import regular_verb_forms
from newsstream.enricher.datafiles import data_text, tsv_rows
from newsstream.enricher.events.rules import DEMAND_ROOT
from newsstream.enricher.events.syntax import string_ids

NOUN_TAGS = frozenset({"NN", "NNS"})


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class NounRule:
    code: str
    order: int
    head_modifiers: frozenset[str] = frozenset()
    reciprocal: bool = False
    # an event only with a phrase of one of these prepositions ('a call with Netanyahu', not
    # 'a call for restraint'); any phrase or none where empty
    preps: frozenset[str] = frozenset()


def verb_forms(base: str, irregular: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Inflected forms of a verb; a superset (a wrong doubled form never occurs in text)."""
    return {base, *irregular.get(base, ()), *(f.lower() for f in regular_verb_forms(base.upper()))}


def noun_forms(noun: str, plural_only: bool = False) -> set[str]:
    if plural_only:
        return {noun}
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural = noun[:-1] + "ies"
    elif noun.endswith(("s", "x", "z", "ch", "sh")):
        plural = noun + "es"
    else:
        plural = noun + "s"
    return {noun, plural}


@dataclass(slots=True)
class EventLexicon:
    codes: dict[str, CameoCode]
    noun_rules: dict[str, tuple[NounRule, ...]]
    refusal: dict[str, str]
    # nouns whose infinitive is not done ('a bid to join'): noun form -> modality
    noun_complements: dict[str, str]
    # nouns whose 'that' clause is a claim ('reports that Russia shelled the city')
    claim_nouns: frozenset[str]
    intent: frozenset[str]
    report: frozenset[str]
    hypothetical_modals: frozenset[str]
    intended_modals: frozenset[str]
    # words of a time to come, which make a present tense a plan ('visits Turkey next week')
    future_words: frozenset[str]
    object_control: frozenset[str]
    request: frozenset[str]
    light_verbs: frozenset[str]
    reply_verbs: frozenset[str]
    group_nouns: dict[str, str]
    place_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    collection_nouns: frozenset[str]
    # nouns that name a body again by what it is ('the bloc')
    body_nouns: frozenset[str]
    # singular nouns of a body, which 'he' or 'she' never stands for
    collective_nouns: frozenset[str]
    # nouns of people demonstrating, whose appeals and demands are demonstrations
    demonstrator_nouns: frozenset[str]
    # words that name some of a group named in the clause before ('many', 'smaller ones')
    part_pronouns: frozenset[str]
    victim_nouns: frozenset[str]
    # people away from their own country and a state's posts abroad ('Chinese nationals',
    # 'the French embassy'), whose nationality names no country the story is in
    abroad_nouns: frozenset[str]
    # participles of a body's seat ('a UK-based group'), whose place names no country the story
    # is in
    seat_words: frozenset[str]
    # words others address to a party ('calls', 'demands'), whose answer is aimed at the sender
    received_words: frozenset[str]
    # verbs that tell what an act brought about ('sparking clashes with police')
    causing_verbs: frozenset[str]
    # verbs of talking about, whose object is the topic ('discussed border security')
    topic_verbs: frozenset[str]
    # participles that say whose a thing is ('ships linked to Israel')
    belonging_words: frozenset[str]
    # things given, had or done, never parties, whatever words of roles they hold
    thing_nouns: frozenset[str]
    verbal_objects: frozenset[str]
    # acts of authority whose participle is their issuer's act ('signed a decree annexing')
    instrument_nouns: frozenset[str]
    # what is asked for against a danger, whose 'from' names the danger ('protection from')
    refuge_nouns: frozenset[str]
    # verbs whose participle after a thing says what it is aimed at ('sanctions targeting')
    aiming_verbs: frozenset[str]
    # verbs of laying a charge: legal action where the police or the judiciary lays it
    charge_verbs: frozenset[str]
    # verbs of force or protection said of words too ('attacked the decision')
    verbal_force_verbs: frozenset[str]
    explosive_verbs: frozenset[str]
    place_verbs: frozenset[str]
    # weapon noun form -> the code of the kind of force used with it
    weapon_kinds: dict[str, str]
    people_counts: frozenset[str]
    intentions: dict[str, str]
    # synonym set label of the verb dictionary -> phrases it lacks
    synonyms: dict[str, tuple[str, ...]]
    # intention code -> (appeal code, demand code) of the act intended
    requests: dict[str, tuple[str, str]]
    # upper-case role nouns the agents dictionary lacks -> role code; non-codebook role -> role
    agents: dict[str, str]
    role_aliases: dict[str, str]
    # upper-case abbreviated titles -> the role noun they abbreviate ('SEN.' -> 'SENATOR')
    title_abbreviations: dict[str, str]
    # countries whose people's names begin with the family name
    family_name_first: frozenset[str]
    # verbs the CAMEO verb dictionary lacks: base form -> (dictionary block, own code)
    # base form -> (block name, code, irregular forms)
    extra_verbs: dict[str, tuple[str, str, tuple[str, ...]]]
    # the codebook's code of dictionary verbs listed without one or under an older one:
    # base form -> code
    verb_codes: dict[str, str | None]
    # verbs whose subject undergoes the act ('died in air strikes')
    undergo_verbs: frozenset[str]
    # verbs of the casualties an act of force leaves ('killing two people')
    toll_verbs: frozenset[str]
    # verbs whose subject receives the act their object names ('faced accusations from')
    receiving_verbs: frozenset[str]
    # nouns of force where aimed or named so ('an Israeli strike'), the verbs that launch them,
    # and their rule
    force_nouns: frozenset[str]
    force_verbs: frozenset[str]
    force_rule: NounRule
    # nouns of an end ('an end to the fighting') and the code of ending force
    ending_nouns: frozenset[str]
    ending_code: str
    # force named by what it is ('the war'), whose end is de-escalation too
    ended_force: frozenset[str]
    # verbs that name a thing, and the words of disapproval that make naming criticism
    naming_verbs: frozenset[str]
    # verb form -> the objects with which it is an idiom, no act of its own ('took place')
    idioms: dict[str, frozenset[str]]
    disapproval: frozenset[str]
    # verbs of a court's finding, the words of a wrong found, and the code of the finding
    judgement_verbs: frozenset[str]
    judgement_wrongs: frozenset[str]
    # verbs of recognition, what recognised makes it diplomatic, and its code
    recognition_verbs: frozenset[str]
    recognised: frozenset[str]
    recognition_code: str
    # verbs of receiving a visitor, the roles of the visitors they host, and the code
    hosting_verbs: frozenset[str]
    visitor_roles: frozenset[str]
    hosting_code: str
    judgement_code: str
    # nouns of the channel of a statement or consultation the codebook codes ('by telephone')
    channels: dict[str, str]
    # the codebook's code of dictionary patterns that contradict it, by their file line
    pattern_codes: dict[int, str]
    # spaCy string ids (hashes, the same in every vocab) for scanning doc.to_array()
    noun_form_ids: np.ndarray = field(init=False)
    noun_tag_ids: np.ndarray = field(init=False)
    conj_id: np.uint64 = field(init=False)

    def __post_init__(self) -> None:
        self.noun_form_ids = string_ids(self.noun_rules)
        self.noun_tag_ids = string_ids(NOUN_TAGS)
        self.conj_id = np.uint64(StringStore()["conj"])

    @classmethod
    def load(cls) -> EventLexicon:
        codes = {
            code: CameoCode(code, name, int(quad), float(goldstein))
            for code, quad, goldstein, name in tsv_rows("cameo_codes.tsv")
        }
        irregular = {row[0]: tuple(row[1].split("|")) for row in _irregular_rows()}
        spec = yaml.safe_load(data_text("event_lexicon.yaml"))
        modality = spec["modality"]

        def verbs(words: Iterable[str]) -> frozenset[str]:
            return frozenset(form for word in words for form in verb_forms(word, irregular))

        def nouns(words: Iterable[str]) -> frozenset[str]:
            return frozenset(form for word in words for form in noun_forms(word))

        noun_rules: dict[str, list[NounRule]] = {}
        for order, entry in enumerate(spec["nouns"]):
            for phrase in entry["noun"]:
                *modifiers, head = phrase.split()
                rule = _noun_rule(entry, order, frozenset(modifiers))
                for form in noun_forms(head, entry.get("plural_only", False)):
                    noun_rules.setdefault(form, []).append(rule)
        intentions = {str(k): str(v) for k, v in spec["intentions"].items()}
        used = {r.code for rules in noun_rules.values() for r in rules}
        used |= {code for code in intentions.values() if len(code) > 2}
        requests = {
            str(intention): (str(appeal), str(demand))
            for intention, (appeal, demand) in spec["requests"].items()
        }
        used |= {code for pair in requests.values() for code in pair}
        used |= {str(entry["code"]) for entry in spec["verbs"].values()}
        used |= {str(code) for code in spec["pattern_codes"].values()}
        used |= {str(code) for code in spec["verb_codes"].values() if code is not None}
        used |= {str(code) for code in spec["channels"]}
        used.add(str(spec["force_nouns"]["code"]))
        used.add(str(spec["endings"]["code"]))
        used.add(str(spec["judgements"]["code"]))
        used.add(str(spec["recognitions"]["code"]))
        used.add(str(spec["hostings"]["code"]))
        used |= {str(code) for code in spec["weapon_kinds"]}
        if unknown := used - codes.keys():
            raise ValueError(f"event lexicon uses codes missing from cameo_codes.tsv: {unknown}")
        groups = spec["group_nouns"]
        return cls(
            codes=codes,
            noun_rules={form: _by_priority(rules) for form, rules in noun_rules.items()},
            refusal={
                form: value
                for word, value in modality["refusal"].items()
                for form in verb_forms(word, irregular)
            },
            noun_complements={
                form: value
                for noun, value in modality["noun_complements"].items()
                for form in noun_forms(noun)
            },
            claim_nouns=nouns(modality["claim_nouns"]),
            intent=verbs(modality["intent"]),
            report=verbs(modality["report"]),
            hypothetical_modals=frozenset(modality["hypothetical_modals"]),
            intended_modals=frozenset(modality["intended_modals"]),
            future_words=frozenset(modality["future_words"]),
            object_control=verbs(modality["object_control"]),
            request=verbs(modality["request"]),
            light_verbs=verbs(modality["light_verbs"]),
            reply_verbs=verbs(modality["reply_verbs"]),
            place_nouns=frozenset(spec["place_nouns"]),
            quantity_nouns=frozenset(spec["quantity_nouns"]),
            thing_nouns=nouns(spec["thing_nouns"]),
            body_nouns=frozenset(spec["body_nouns"]),
            collective_nouns=frozenset([*spec["collective_nouns"], *spec["body_nouns"]]),
            demonstrator_nouns=nouns(spec["demonstrator_nouns"]),
            part_pronouns=frozenset(spec["part_pronouns"]),
            victim_nouns=nouns(spec["victim_nouns"]),
            abroad_nouns=nouns(spec["abroad_nouns"]),
            seat_words=frozenset(spec["seat_words"]),
            received_words=nouns(spec["received_words"]),
            causing_verbs=verbs(spec["causing_verbs"]),
            topic_verbs=verbs(spec["topic_verbs"]),
            belonging_words=frozenset(spec["belonging_words"]),
            collection_nouns=nouns(spec["collection_nouns"]),
            verbal_objects=nouns(spec["verbal_objects"]),
            instrument_nouns=nouns(spec["instrument_nouns"]),
            refuge_nouns=nouns(spec["refuge_nouns"]),
            aiming_verbs=verbs(spec["aiming_verbs"]),
            charge_verbs=verbs(spec["charge_verbs"]),
            verbal_force_verbs=verbs(spec["verbal_force_verbs"]),
            explosive_verbs=verbs(spec["explosive_verbs"]),
            place_verbs=verbs(spec["place_verbs"]),
            weapon_kinds={
                form: str(code)
                for code, weapons in spec["weapon_kinds"].items()
                for form in nouns(weapons)
            },
            people_counts=frozenset(spec["people_counts"]),
            group_nouns={
                form: category
                for category, words in groups.items()
                for word in words
                for form in noun_forms(word)
            },
            intentions=intentions,
            requests=requests,
            synonyms={label: tuple(phrases) for label, phrases in spec["synonyms"].items()},
            agents={
                form.upper(): role
                for noun, role in spec["agents"].items()
                for form in noun_forms(noun)
            },
            role_aliases=dict(spec["role_aliases"]),
            title_abbreviations={
                short.upper(): noun.upper() for short, noun in spec["title_abbreviations"].items()
            },
            family_name_first=frozenset(spec["family_name_first"]),
            extra_verbs={
                verb: (entry["block"], str(entry["code"]), irregular.get(verb, ()))
                for verb, entry in spec["verbs"].items()
            },
            verb_codes={
                verb: None if code is None else str(code)
                for verb, code in spec["verb_codes"].items()
            },
            undergo_verbs=verbs(spec["undergo_verbs"]),
            toll_verbs=verbs(spec["toll_verbs"]),
            receiving_verbs=verbs(spec["receiving_verbs"]),
            force_nouns=nouns(spec["force_nouns"]["nouns"]),
            force_verbs=verbs(spec["force_nouns"]["verbs"]),
            force_rule=NounRule(str(spec["force_nouns"]["code"]), len(spec["nouns"])),
            ending_nouns=nouns(spec["endings"]["nouns"]),
            ending_code=str(spec["endings"]["code"]),
            ended_force=nouns(spec["endings"]["force"]),
            naming_verbs=verbs(spec["namings"]["verbs"]),
            idioms={
                form: frozenset(objects)
                for verb, objects in spec["idioms"].items()
                for form in verb_forms(verb, irregular)
            },
            disapproval=frozenset(spec["namings"]["disapproval"]),
            judgement_verbs=verbs(spec["judgements"]["verbs"]),
            judgement_wrongs=frozenset(spec["judgements"]["wrongs"])
            | verbs(spec["judgements"]["wrong_verbs"]),
            recognition_verbs=verbs(spec["recognitions"]["verbs"]),
            recognised=frozenset(spec["recognitions"]["objects"]),
            recognition_code=str(spec["recognitions"]["code"]),
            hosting_verbs=verbs(spec["hostings"]["verbs"]),
            visitor_roles=frozenset(spec["hostings"]["roles"]),
            hosting_code=str(spec["hostings"]["code"]),
            judgement_code=str(spec["judgements"]["code"]),
            channels={
                form: str(code)
                for code, nouns in spec["channels"].items()
                for noun in nouns
                for form in noun_forms(noun)
            },
            pattern_codes={int(line): str(code) for line, code in spec["pattern_codes"].items()},
        )

    def known(self, code: str) -> str:
        """The code itself, or its nearest ancestor in the codebook: the verb dictionary uses a
        few codes of later CAMEO versions ('1213', '176', '1952')."""
        candidate = code
        while candidate not in self.codes and len(candidate) > 3:
            candidate = candidate[:-1]
        return candidate if candidate in self.codes else code[:2] + "0"

    def code(self, code: str) -> CameoCode:
        return self.codes[self.known(code)]

    def root_name(self, code: str) -> str:
        return self.codes[code[:2]].name

    def intention(self, code: str) -> str:
        """The code of an expressed intention to do ``code`` (03x, or 13x for hostile acts)."""
        for length in (len(code), 3, 2):
            mapped = self.intentions.get(code[:length])
            if mapped is not None:
                return code if mapped == code[:length] else mapped
        return "030"

    def request_code(self, act: str, general: str) -> str:
        """The code of an appeal (``general`` 020) or a demand (100) for the act ``act``: the
        codebook's 02x or 10x that mirrors the intention to do it."""
        pair = self.requests.get(self.intention(act))
        if pair is None:
            return general
        return pair[1] if general.startswith(DEMAND_ROOT) else pair[0]


def _irregular_rows() -> Iterator[list[str]]:
    for line in data_text("irregular_verbs.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _noun_rule(entry: dict[str, Any], order: int, head_modifiers: frozenset[str]) -> NounRule:
    return NounRule(
        code=str(entry["code"]),
        order=order,
        head_modifiers=head_modifiers,
        reciprocal=bool(entry.get("reciprocal", False)),
        preps=frozenset(entry.get("preps", ())),
    )


def _by_priority(rules: list[NounRule]) -> tuple[NounRule, ...]:
    def priority(rule: NounRule) -> tuple[bool, bool, int]:
        return (not rule.head_modifiers, not rule.preps, rule.order)

    return tuple(sorted(rules, key=priority))


@cache
def default_lexicon() -> EventLexicon:
    return EventLexicon.load()
