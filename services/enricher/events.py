"""CAMEO event coding from the dependency parse (version 1).

A trigger is a verb or an event noun of the lexicon (``data/event_lexicon.yaml``). For each
trigger the coder finds:

- the actor: the subject entity; through a passive's "by" phrase; the object of "according to";
  inherited by a conjoined or controlled verb ("agreed to support", "urged Iran to negotiate");
  for a non-entity subject, an entity in apposition ("the mayor of Surabaya, Tri
  Rismaharini"), the place of an "of" phrase ("the town of Kobane"), else the entities
  modifying it ("A US official said" -> United States; "Russian and Iranian officials"; "Bin
  Laden's agents"); each conjunct for itself ("the UN watchdog and U.S. officials"); or, for
  plural references ("the leaders", "the two", "both sides", "joint"), the last pair of parties
  the article named together. No actor, no event.
- the target: object or prepositional object entity, or the other party of a reciprocal event
  ("Putin and Trump met" -> a meeting of the two; the pair is ordered by first mention).
- modality: 'negated' (not, never, failed to, stopped), 'refused' (refused to, ducked a meeting),
  'intended' (will, plans to, expected to), 'hypothetical' (may, could, if), 'reported'
  (in a clause of a speech verb, "according to"), else 'asserted'. Only asserted and reported
  events are facts; ``negated`` is true for negated and refused ones.
- location: a place in a locative phrase (in, at, near) that hangs from the trigger without an
  intervening verb, else, for material actions and visits, a place that is the target, else the
  article's dateline; resolved with the gazetteer (country, city, region), with its source. A
  consultation of two parties of known countries in a third country is coded 044; a city before
  a meeting noun is its venue, not a party ("the Geneva talks").
- date: the date expression of the sentence nearest the trigger, resolved against the article's
  publication date ('on Saturday', 'yesterday', 'earlier this month' -> '2017-11').

Mentions of one event in an article (same code, actor, target and factuality) are merged;
``mention_count`` counts the sentences stating it and the id derives from the article id, code,
actor, target and factuality.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.attrs import DEP, LOWER, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from newsstream.enricher.entities import ArticleEntities, EntityRef
from newsstream.enricher.gazetteer import Gazetteer, Place

SCHEMA_VERSION = "1.0"
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
NOUN_TAGS = frozenset({"NN", "NNS"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
NON_TRIGGER_DEPS = frozenset({"amod", "compound"})
RELATIVE_PRONOUN_TAGS = frozenset({"WP", "WDT"})
# prepositions that attach the target of a light-verb construction ("imposed sanctions on Iran")
NOMINAL_TARGET_PREPS = frozenset({"on", "against", "with", "to", "into", "between"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FACTUAL = frozenset({"asserted", "reported"})
NEGATED = frozenset({"negated", "refused"})
COLLECTIVE_LABELS = frozenset({"GPE", "NORP", "ORG"})
# entities that, modifying a noun, say whom it belongs to ('US official', "Israel's military")
AFFILIATION_LABELS = COLLECTIVE_LABELS
MAX_PARTIES = 4
MAX_CLIMB = 8
# a pronoun ('they') refers to a pair named at most this many sentences before
PRONOUN_REACH = 2
PRONOUNS = frozenset({"they", "them"})
TWO_DEPS = frozenset({"nummod", "det", "predet"})
CONSULT_CODE = "040"
VISIT_CODE = "042"
# roots of material cooperation and material conflict (QuadClass 2 and 4)
MATERIAL_ROOTS = frozenset({6, 7, 8, 9, *range(15, 21)})
THIRD_LOCATION_CODE = "044"


# --- lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class TriggerRule:
    code: str
    order: int
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()
    complements: frozenset[str] = frozenset()
    head_modifiers: frozenset[str] = frozenset()
    reciprocal: bool = False
    requires_target: bool = False
    target_labels: frozenset[str] = frozenset()
    intransitive: bool = False
    target_preps: frozenset[str] = frozenset()
    actor_preps: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        constraints = (
            self.objects,
            self.preps,
            self.prep_objects,
            self.complements,
            self.head_modifiers,
        )
        return sum(1 for constraint in constraints if constraint)


def _data_text(file_name: str) -> str:
    return resources.files("newsstream.enricher").joinpath("data", file_name).read_text("utf-8")


def _tsv_rows(file_name: str) -> Iterator[list[str]]:
    lines = (
        line
        for line in _data_text(file_name).splitlines()
        if line.strip() and not line.startswith("#")
    )
    next(lines)  # header
    yield from csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _is_short_vowel_ending(word: str) -> bool:
    vowels = "aeiou"
    return (
        len(word) >= 3
        and word[-1] not in vowels + "wxy"
        and word[-2] in vowels
        and word[-3] not in vowels
    )


def verb_forms(base: str, irregular: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Inflected forms of a verb; a superset (a wrong doubled form never occurs in text)."""
    forms = {base, *irregular.get(base, ())}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing", base + "ing"}
    elif base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        plural = base + "es" if base.endswith(("s", "x", "z", "ch", "sh", "o")) else base + "s"
        forms |= {plural, base + "ed", base + "ing"}
    if _is_short_vowel_ending(base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


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


def phrase_forms(phrases: Iterable[str]) -> frozenset[str]:
    """Forms of noun phrases: 'air strike' -> {'air strike', 'air strikes'}."""
    forms: set[str] = set()
    for phrase in phrases:
        *modifiers, head = phrase.split()
        forms |= {" ".join([*modifiers, form]) for form in noun_forms(head)}
    return frozenset(forms)


@dataclass(slots=True)
class EventLexicon:
    codes: dict[str, CameoCode]
    verb_rules: dict[str, tuple[TriggerRule, ...]]
    noun_rules: dict[str, tuple[TriggerRule, ...]]
    refusal: dict[str, str]
    intent: frozenset[str]
    report: frozenset[str]
    hypothetical_modals: frozenset[str]
    intended_modals: frozenset[str]
    object_control: frozenset[str]
    light_verbs: frozenset[str]
    group_nouns: dict[str, str]
    place_nouns: frozenset[str]
    # spaCy string ids (hashes, the same in every vocab) for scanning doc.to_array()
    verb_form_ids: frozenset[int] = field(init=False)
    noun_form_ids: frozenset[int] = field(init=False)
    verb_tag_ids: frozenset[int] = field(init=False)
    noun_tag_ids: frozenset[int] = field(init=False)
    conj_id: int = field(init=False)

    def __post_init__(self) -> None:
        strings = StringStore()

        def ids(words: Iterable[str]) -> frozenset[int]:
            return frozenset(strings[word] for word in words)

        self.verb_form_ids = ids(self.verb_rules)
        self.noun_form_ids = ids(self.noun_rules)
        self.verb_tag_ids = ids(VERB_TAGS)
        self.noun_tag_ids = ids(NOUN_TAGS)
        self.conj_id = strings["conj"]

    @classmethod
    def load(cls) -> EventLexicon:
        codes = {
            code: CameoCode(code, name, int(quad), float(goldstein))
            for code, quad, goldstein, name in _tsv_rows("cameo_codes.tsv")
        }
        irregular = {row[0]: tuple(row[1].split("|")) for row in _irregular_rows()}
        spec = yaml.safe_load(_data_text("event_lexicon.yaml"))
        modality = spec["modality"]

        def verbs(words: Iterable[str]) -> frozenset[str]:
            return frozenset(form for word in words for form in verb_forms(word, irregular))

        verb_rules: dict[str, list[TriggerRule]] = {}
        for order, entry in enumerate(spec["verbs"]):
            rule = _rule(entry, order, verbs)
            for form in verbs(entry["verb"]):
                verb_rules.setdefault(form, []).append(rule)
        noun_rules: dict[str, list[TriggerRule]] = {}
        for order, entry in enumerate(spec["nouns"]):
            for phrase in entry["noun"]:
                *modifiers, head = phrase.split()
                rule = _rule(entry, order, verbs, frozenset(modifiers))
                for form in noun_forms(head, entry.get("plural_only", False)):
                    noun_rules.setdefault(form, []).append(rule)
        unknown = {
            r.code for rules in (*verb_rules.values(), *noun_rules.values()) for r in rules
        } - codes.keys()
        if unknown:
            raise ValueError(f"event lexicon uses codes missing from cameo_codes.tsv: {unknown}")
        groups = spec["group_nouns"]
        return cls(
            codes=codes,
            verb_rules={form: _by_priority(rules) for form, rules in verb_rules.items()},
            noun_rules={form: _by_priority(rules) for form, rules in noun_rules.items()},
            refusal={
                form: value
                for word, value in modality["refusal"].items()
                for form in verb_forms(word, irregular)
            },
            intent=verbs(modality["intent"]),
            report=verbs(modality["report"]),
            hypothetical_modals=frozenset(modality["hypothetical_modals"]),
            intended_modals=frozenset(modality["intended_modals"]),
            object_control=verbs(modality["object_control"]),
            light_verbs=verbs(modality["light_verbs"]),
            place_nouns=frozenset(spec["place_nouns"]),
            group_nouns={
                form: category
                for category, words in groups.items()
                for word in words
                for form in noun_forms(word)
            },
        )

    def code(self, code: str) -> CameoCode:
        return self.codes[code]

    def root_name(self, code: str) -> str:
        return self.codes[code[:2]].name


def _irregular_rows() -> Iterator[list[str]]:
    for line in _data_text("irregular_verbs.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _rule(
    entry: dict[str, Any],
    order: int,
    verbs: Callable[[Iterable[str]], frozenset[str]],
    head_modifiers: frozenset[str] = frozenset(),
) -> TriggerRule:
    return TriggerRule(
        code=str(entry["code"]),
        order=order,
        objects=phrase_forms(entry.get("object", ())),
        preps=frozenset(entry.get("prep", ())),
        prep_objects=phrase_forms(entry.get("prep_object", ())),
        complements=verbs(entry.get("complement", ())),
        head_modifiers=head_modifiers,
        reciprocal=bool(entry.get("reciprocal", False)),
        requires_target=bool(entry.get("requires_target", False)),
        target_labels=frozenset(entry.get("target_labels", ())),
        intransitive=bool(entry.get("intransitive", False)),
        target_preps=frozenset(entry.get("target_preps", ())),
        actor_preps=frozenset(entry.get("actor_preps", ())),
    )


def _by_priority(rules: list[TriggerRule]) -> tuple[TriggerRule, ...]:
    return tuple(sorted(rules, key=lambda rule: (-rule.specificity, rule.order)))


@cache
def default_lexicon() -> EventLexicon:
    return EventLexicon.load()


# --- dates ---------------------------------------------------------------------------------

WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
# keyed by the abbreviation that _MONTH captures
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
} | {"sept": 9}
RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s+(\d{{4}}))?$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PUBLISHED_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^(?:in\s+)?((?:19|20)\d{2})$")
_PERIOD = re.compile(r"\b(this|last|next|earlier this|later this|past)\s+(week|month|year)\b")
_WEEKDAY = re.compile(
    r"\b(?:(last|next|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date-time, as written (no time-zone shift)."""
    if not value:
        return None
    match = _PUBLISHED_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def resolve_date(expression: str, published: date | None, forward: bool = False) -> str | None:
    """ISO 8601 date (or month, year, week) of a date expression; None when unknown.

    Relative expressions need ``published``; ``forward`` reads an ambiguous weekday or month
    as the next one (for intended events) instead of the last one.
    """
    text = " ".join(expression.lower().replace(",", ", ").split()).removeprefix("the ")
    explicit = _explicit_date(text, published, forward)
    if explicit or published is None:
        return explicit
    for phrase, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", text):
            return (published + timedelta(days=offset)).isoformat()
    if period := _PERIOD.search(text):
        return _period(period[1], period[2], published)
    if weekday := _WEEKDAY.search(text):
        return _weekday(weekday[1], WEEKDAYS[weekday[2]], published, forward).isoformat()
    return None


def _explicit_date(text: str, published: date | None, forward: bool) -> str | None:
    if match := _ISO_DATE.search(text):
        return match[0]
    if match := _MONTH_DAY.search(text):
        return _month_day(MONTHS[match[1]], int(match[2]), match[3], published, forward)
    if match := _DAY_MONTH.search(text):
        return _month_day(MONTHS[match[2]], int(match[1]), match[3], published, forward)
    if match := _YEAR.match(text):
        return match[1]
    if match := _MONTH_YEAR.search(text):
        month = MONTHS[match[1]]
        if match[2]:
            return f"{match[2]}-{month:02d}"
        if published:
            year = _nearest_year(
                date(published.year, month, 1), published, forward, month_only=True
            )
            return f"{year}-{month:02d}"
    return None


def _month_day(
    month: int, day: int, year: str | None, published: date | None, forward: bool
) -> str | None:
    try:
        if year:
            return date(int(year), month, day).isoformat()
        if published is None:
            return None
        candidate = date(published.year, month, day)
        return candidate.replace(year=_nearest_year(candidate, published, forward)).isoformat()
    except ValueError:
        return None


def _nearest_year(candidate: date, published: date, forward: bool, month_only: bool = False) -> int:
    reference = published.replace(day=1) if month_only else published
    if forward and candidate < reference:
        return candidate.year + 1
    if not forward and candidate > reference:
        return candidate.year - 1
    return candidate.year


def _period(which: str, unit: str, published: date) -> str:
    step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return str(published.year + step)
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12}-{month_index % 12 + 1:02d}"
    year, week, _ = (published + timedelta(weeks=step)).isocalendar()
    return f"{year}-W{week:02d}"


def _weekday(which: str | None, weekday: int, published: date, forward: bool) -> date:
    ahead = (weekday - published.weekday()) % 7
    back = (published.weekday() - weekday) % 7
    if which == "next":
        return published + timedelta(days=ahead or 7)
    if which == "last":
        return published - timedelta(days=back or 7)
    return published + timedelta(days=ahead) if forward else published - timedelta(days=back)


# --- coding --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    place: Place
    # where it was read: a place phrase of the sentence, the place acted on, or the dateline
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.place.as_dict(), "source": self.source}


@dataclass(slots=True)
class _Mention:
    code: str
    actor: EntityRef
    target: EntityRef | None
    modality: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    sentence_index: int
    location: Location | None
    date: str | None
    confidence: float


@dataclass(slots=True)
class _Parties:
    refs: list[EntityRef]
    direct: bool


@dataclass(slots=True)
class _ArticleCoder:
    doc: Doc
    entities: ArticleEntities
    lexicon: EventLexicon
    gazetteer: Gazetteer
    published: date | None
    groups: dict[str, tuple[tuple[EntityRef, ...], int]] = field(default_factory=dict)
    sentence_index: int = 0
    places: dict[tuple[str, str | None], Place] = field(default_factory=dict)
    mention_starts: list[int] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mention_starts = [start for start, _, _ in self.entities.mentions]
        self.date_starts = [span.start for span in self.entities.dates]

    # --- traversal ---

    def code(self) -> list[_Mention]:
        # Token objects are costly to create: find trigger candidates and coordinations on the
        # doc's attribute array and touch only those tokens.
        lex = self.lexicon
        rows = self.doc.to_array([LOWER, TAG, DEP]).tolist()
        candidates = [
            i
            for i, (lower, tag, _) in enumerate(rows)
            if (tag in lex.verb_tag_ids and lower in lex.verb_form_ids)
            or (tag in lex.noun_tag_ids and lower in lex.noun_form_ids)
        ]
        conjuncts = [i for i, (_, _, dep) in enumerate(rows) if dep == lex.conj_id]
        mentions: list[_Mention] = []
        for index, sentence in enumerate(self.doc.sents):
            self.sentence_index = index
            self._note_coordinations(_within(conjuncts, sentence))
            triggers = _within(candidates, sentence)
            if triggers:
                mentions.extend(self._code_sentence(sentence, triggers))
        return mentions

    def _code_sentence(self, sentence: Span, triggers: list[int]) -> Iterator[_Mention]:
        consumed: set[int] = set()
        verb_rules, noun_rules = self.lexicon.verb_rules, self.lexicon.noun_rules
        verbs: list[tuple[Token, tuple[TriggerRule, ...]]] = []
        nouns: list[tuple[Token, tuple[TriggerRule, ...]]] = []
        for i in triggers:
            token = self.doc[i]
            if token.tag_ in VERB_TAGS:
                verbs.append((token, verb_rules[token.lower_]))
            else:
                nouns.append((token, noun_rules[token.lower_]))
        for verb, rules in verbs:
            if verb.i in consumed or verb.dep_ in NON_TRIGGER_DEPS:
                continue
            selected = self._select_verb_rule(verb, rules)
            if selected:
                rule, used = selected
                consumed.update(token.i for token in used)
                yield from self._verb_mentions(verb, rule, used, sentence)
        for noun, rules in nouns:
            if noun.i in consumed or noun.dep_ in NON_TRIGGER_DEPS:
                continue
            rule = next((r for r in rules if self._has_head_modifier(noun, r)), None)
            if rule:
                yield from self._noun_mentions(noun, rule, sentence)

    def _select_verb_rule(
        self, verb: Token, rules: tuple[TriggerRule, ...]
    ) -> tuple[TriggerRule, list[Token]] | None:
        children = list(verb.children)
        objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        preps = [c for c in children if c.dep_ in ("prep", "prt", "agent")]
        complements = [c for c in children if c.dep_ in ("xcomp", "ccomp") and c.tag_ in VERB_TAGS]
        transitive = any(c.dep_ in ("dobj", "ccomp") for c in children)
        for rule in rules:
            used = [verb]
            if rule.intransitive and transitive:
                continue
            if rule.objects:
                obj = next((o for o in objects if _forms_of(o) & rule.objects), None)
                if obj is None:
                    continue
                used.append(obj)
            if rule.preps:
                prep = next((p for p in preps if p.lower_ in rule.preps), None)
                if prep is None:
                    continue
                used.append(prep)
                if rule.prep_objects:
                    prep_object = next(
                        (
                            o
                            for o in prep.children
                            if o.dep_ == "pobj" and _forms_of(o) & rule.prep_objects
                        ),
                        None,
                    )
                    if prep_object is None:
                        continue
                    used.append(prep_object)
            if rule.complements:
                complement = next((c for c in complements if c.lower_ in rule.complements), None)
                if complement is None:
                    continue
                used.append(complement)
            return rule, used
        return None

    @staticmethod
    def _has_head_modifier(noun: Token, rule: TriggerRule) -> bool:
        if not rule.head_modifiers:
            return True
        return any(c.dep_ in MODIFIER_DEPS and c.lower_ in rule.head_modifiers for c in noun.lefts)

    # --- verb and noun triggers ---

    def _verb_mentions(
        self, verb: Token, rule: TriggerRule, used: list[Token], sentence: Span
    ) -> Iterator[_Mention]:
        if rule.actor_preps:
            actors = self._resolve_all(self._prep_objects(verb, rule.actor_preps))
        else:
            actors = self._subject(verb)
        if not actors.refs:
            return
        target_tokens = self._verb_target_tokens(verb, rule, used)
        targets = self._resolve_all(target_tokens)
        trigger_tokens = [verb, *(t for t in used[1:] if t.dep_ not in ("xcomp", "ccomp"))]
        yield from self._mentions(
            rule,
            actors,
            targets,
            self._modality(verb),
            verb,
            trigger_tokens,
            sentence,
            base_confidence=0.8,
        )

    def _verb_target_tokens(self, verb: Token, rule: TriggerRule, used: list[Token]) -> list[Token]:
        constraint_tokens = {t.i for t in used[1:]}
        passive = any(c.dep_ == "agent" for c in verb.children)
        tokens: list[Token] = []
        for child in verb.children:
            dep = child.dep_
            if (dep in ("dobj", "dative") and child.i not in constraint_tokens) or (
                dep == "nsubjpass" and passive
            ):
                tokens.append(child)
            elif dep in ("prep", "dative") and child.lower_ in rule.target_preps:
                tokens.extend(c for c in child.children if c.dep_ == "pobj")
        if rule.objects:
            for holder in (verb, *(t for t in used[1:] if t.dep_ in ("dobj", "nsubjpass"))):
                tokens.extend(self._prep_objects(holder, NOMINAL_TARGET_PREPS - {"between"}))
        return tokens

    def _noun_mentions(self, noun: Token, rule: TriggerRule, sentence: Span) -> Iterator[_Mention]:
        head = noun.head
        governed = (
            noun.dep_ in ("dobj", "nsubjpass")
            and head.tag_ in VERB_TAGS
            and (
                head.lower_ in self.lexicon.light_verbs
                or head.lower_ in self.lexicon.refusal
                or head.lower_ in self.lexicon.intent
            )
        )
        between = self._resolve_all(self._prep_objects(noun, frozenset({"between"})))
        if governed and (actors := self._subject(head)).refs:
            modality = self._governor_modality(head)
            trigger_tokens = [head, noun]
        elif rule.reciprocal and len(between.refs) >= 2:
            actors, between = between, _Parties([], False)
            modality, trigger_tokens = self._head_modality(noun), [noun]
        else:
            actors = self._noun_modifier_parties(noun, rule)
            modality, trigger_tokens = self._head_modality(noun), [noun]
        if not actors.refs:
            return
        target_tokens = self._prep_objects(noun, NOMINAL_TARGET_PREPS | {"of"})
        if governed:
            target_tokens += self._prep_objects(head, NOMINAL_TARGET_PREPS)
        targets = self._resolve_all(target_tokens)
        targets.refs = [r for r in [*between.refs, *targets.refs] if r not in actors.refs]
        yield from self._mentions(
            rule, actors, targets, modality, noun, trigger_tokens, sentence, base_confidence=0.65
        )

    def _noun_modifier_parties(self, noun: Token, rule: TriggerRule) -> _Parties:
        """Actors named inside the noun phrase: possessive, nationality, "by", "joint"."""
        refs: list[EntityRef] = []
        joint = False
        for i in range(noun.i - 1, noun.left_edge.i - 1, -1):
            ref = self.entities.by_token.get(i)
            if ref and ref.label in AFFILIATION_LABELS and ref not in refs:
                if rule.reciprocal and self._is_city(ref):
                    continue  # the venue: 'the Madrid peace talks', 'the Geneva talks'
                refs.append(ref)
            joint = joint or self.doc[i].lower_ == "joint"
        if not rule.reciprocal:
            refs = refs[:1]
        refs.reverse()
        if not refs:
            by_parties = self._resolve_all(self._prep_objects(noun, frozenset({"by"})))
            refs = by_parties.refs
        if not refs and joint:
            return _Parties(list(self._group("any")), False)
        return _Parties(refs, False)

    # --- participants ---

    def _subject(self, verb: Token) -> _Parties:
        """The acting parties of a verb, on the verb itself or inherited."""
        children = list(verb.children)
        for child in children:
            if child.dep_ == "agent":
                return self._resolve_all([c for c in child.children if c.dep_ == "pobj"])
        subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            return self._resolve_all(subjects)
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
            return _Parties([], True)  # a passive without "by": the actor is not named
        inherited = self._inherited_subject(verb)
        inherited.direct = False
        return inherited

    def _inherited_subject(self, verb: Token) -> _Parties:
        head = verb.head
        if verb.dep_ == "xcomp" and head.tag_ in VERB_TAGS:
            controller = next((c for c in head.children if c.dep_ == "dobj"), None)
            if controller is not None and head.lower_ in self.lexicon.object_control:
                return self._resolve_all([controller])
            return self._subject(head)
        if verb.dep_ == "conj":
            # a parser may attach a second verb phrase to the last verb of the first one;
            # the subject is then on the closest verb above that has one
            for ancestor in (head, *head.ancestors):
                if ancestor.tag_ in VERB_TAGS and any(
                    c.dep_ in ("nsubj", "agent") for c in ancestor.children
                ):
                    return self._subject(ancestor)
        return _Parties([], False)

    def _resolve_all(self, tokens: Iterable[Token]) -> _Parties:
        refs: list[EntityRef] = []
        direct = True
        # 'the UN nuclear watchdog and U.S. officials': each conjunct for itself
        expanded = dict.fromkeys(t for token in tokens for t in (token, *token.conjuncts))
        for token in expanded:
            parties = self._resolve(token)
            direct = direct and parties.direct
            refs.extend(ref for ref in parties.refs if ref not in refs)
        return _Parties(refs[:MAX_PARTIES], direct)

    def _resolve(self, token: Token) -> _Parties:
        if token.tag_ in RELATIVE_PRONOUN_TAGS and token.head.dep_ == "relcl":
            token = token.head.head
        by_token = self.entities.by_token
        ref = by_token.get(token.i)
        if ref:
            refs = [ref, *(by_token[c.i] for c in token.conjuncts if c.i in by_token)]
            return _Parties(list(dict.fromkeys(refs)), True)
        of_objects = self._prep_objects(token, frozenset({"of"}))
        named = self._appositive(token, of_objects) or self._place_of(token, of_objects)
        if named:  # 'the mayor of Surabaya, Tri Rismaharini'; 'the Kurdish town of Kobane'
            return _Parties([named], True)
        for i in range(token.i - 1, token.left_edge.i - 1, -1):
            if (ref := by_token.get(i)) and self._affiliates(ref, self.doc[i]):
                refs = [ref, *(by_token[c.i] for c in self.doc[i].conjuncts if c.i in by_token)]
                return _Parties(list(dict.fromkeys(refs)), False)  # 'Russian and Iranian officials'
        category = self.lexicon.group_nouns.get(token.lower_)
        if _counts_two(token):
            category = "any"  # 'the two former adversaries'
        if category and (category == "any" or token.tag_ == "NNS"):
            return _Parties(list(self._group(category, token.lower_ in PRONOUNS)), False)
        for pobj in of_objects:
            if (ref := by_token.get(pobj.i)) and ref.label in AFFILIATION_LABELS:
                return _Parties([ref], False)
        return _Parties([], False)

    def _appositive(self, token: Token, of_objects: list[Token]) -> EntityRef | None:
        """The entity in apposition; a person in apposition to the place of an 'of' phrase
        is the noun's ('the mayor of Surabaya, Tri Rismaharini', however parsed)."""
        by_token = self.entities.by_token
        for child in token.children:
            if child.dep_ == "appos" and (ref := by_token.get(child.i)):
                return ref
        for pobj in of_objects:
            place = by_token.get(pobj.i)
            for child in pobj.children:
                ref = by_token.get(child.i) if child.dep_ == "appos" else None
                if place and place.label in PLACE_LABELS and ref and ref.label == "PERSON":
                    return ref
        return None

    def _place_of(self, token: Token, of_objects: list[Token]) -> EntityRef | None:
        place_noun = token.lower_ in self.lexicon.place_nouns
        refs = (self.entities.by_token.get(pobj.i) for pobj in of_objects)
        return next((r for r in refs if r and (place_noun or r.label in PLACE_LABELS)), None)

    @staticmethod
    def _affiliates(ref: EntityRef, token: Token) -> bool:
        """Whether an entity in front of a noun says whom it belongs to: 'US officials',
        "Israel's army", "Bin Laden's agents" (a person only as a possessive)."""
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

    def _group(self, category: str, pronoun: bool = False) -> tuple[EntityRef, ...]:
        refs, sentence_index = self.groups.get(category, ((), -1))
        if pronoun and self.sentence_index - sentence_index > PRONOUN_REACH:
            return ()
        return refs

    def _note_group(self, refs: Iterable[EntityRef]) -> None:
        distinct = tuple(dict.fromkeys(refs))[:MAX_PARTIES]
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
            self.groups[categories.pop()] = (distinct, self.sentence_index)
            self.groups["any"] = (distinct, self.sentence_index)

    def _note_coordinations(self, conjuncts: list[int]) -> None:
        """Remember 'A and B' pairs; 'Danang, Vietnam' (no conjunction) is no pair."""
        by_token = self.entities.by_token
        for i in conjuncts:
            head = self.doc[i].head
            if i in by_token and head.i in by_token and any(c.dep_ == "cc" for c in head.children):
                self._note_group([by_token[head.i], by_token[i]])

    # --- modality ---

    def _modality(self, trigger: Token) -> str:
        """The nearest modality cue on the trigger or on the verbs that govern it."""
        token, via = trigger, ""
        for _ in range(MAX_CLIMB):
            own = self._own_modality(token)
            if own:
                return own
            # a conjoined verb shares its head's auxiliaries, not what the head means:
            # 'refused the offer and met Iran' is a meeting
            if token is not trigger and via != "conj":
                form = token.lower_
                if form in self.lexicon.refusal:
                    return self.lexicon.refusal[form]
                if form in self.lexicon.intent:
                    return "intended"
                if via == "ccomp" and form in self.lexicon.report:
                    return "reported"
            dep = token.dep_
            climbs = dep in ("xcomp", "ccomp") or (
                dep == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            )
            if not climbs:
                return "asserted"
            token, via = token.head, dep
        return "asserted"

    def _own_modality(self, token: Token) -> str | None:
        for child in token.children:
            dep, form = child.dep_, child.lower_
            if dep == "neg":
                return "negated"
            if dep == "aux" and form in self.lexicon.hypothetical_modals:
                return "hypothetical"
            if dep == "aux" and form in self.lexicon.intended_modals:
                return "intended"
            if dep == "mark" and form in ("if", "unless"):
                return "hypothetical"
            if dep == "prep" and form == "according":
                return "reported"
        return None

    def _governor_modality(self, governor: Token) -> str:
        form = governor.lower_
        if form in self.lexicon.refusal:
            return self.lexicon.refusal[form]
        if form in self.lexicon.intent:
            return "intended"
        return self._modality(governor)

    def _head_modality(self, noun: Token) -> str:
        head = noun.head
        return self._modality(head) if head.tag_ in VERB_TAGS else "asserted"

    # --- mentions ---

    def _mentions(
        self,
        rule: TriggerRule,
        actors: _Parties,
        targets: _Parties,
        modality: str,
        anchor: Token,
        trigger_tokens: list[Token],
        sentence: Span,
        base_confidence: float,
    ) -> Iterator[_Mention]:
        if rule.target_labels:
            targets.refs = [ref for ref in targets.refs if ref.label in rule.target_labels]
        pairs = _pairs(actors.refs, targets.refs, rule.reciprocal)
        if rule.requires_target:
            pairs = [(actor, target) for actor, target in pairs if target is not None]
        if not pairs:
            return
        for actor, target in pairs:
            if target is not None:
                self._note_group([actor, target])
        confidence = (
            base_confidence
            - (0 if actors.direct else 0.15)
            - (0 if targets.direct or not targets.refs else 0.1)
        )
        trigger = _span_offsets(self.doc, trigger_tokens)
        sentence_offsets = _trimmed_offsets(sentence)
        date_value = self._date(anchor, sentence, modality)
        for actor, target in pairs:
            location = self._location(rule.code, anchor, sentence, actor, target)
            code = _refine_code(rule.code, actor, target, location)
            yield _Mention(
                code,
                actor,
                target,
                modality,
                trigger,
                sentence_offsets,
                self.sentence_index,
                location,
                date_value,
                round(confidence, 2),
            )

    def _location(
        self, code: str, anchor: Token, sentence: Span, actor: EntityRef, target: EntityRef | None
    ) -> Location | None:
        low = bisect.bisect_left(self.mention_starts, sentence.start)
        high = bisect.bisect_left(self.mention_starts, sentence.end)
        nearest: tuple[int, int] | None = None  # (distance to the trigger, mention index)
        for k in range(low, high):
            start, end, ref = self.entities.mentions[k]
            if ref.label not in PLACE_LABELS or ref == actor:
                continue
            root = self.doc[end - 1]
            if (
                root.dep_ == "pobj"
                and root.head.lower_ in LOCATIVE_PREPS
                and _attached_to(root, anchor)
            ):
                candidate = (abs(start - anchor.i), k)
                nearest = min(nearest, candidate) if nearest else candidate
        if nearest is not None:
            _, k = nearest
            place = self._place(self.entities.mentions[k][2], self._qualifying_country(k))
            return Location(place, "sentence")
        if target is not None and target.label in PLACE_LABELS and _acts_on_place(code):
            return Location(self._place(target, None), "target")
        if self.entities.dateline is not None:
            return Location(self.entities.dateline, "dateline")
        return None

    def _qualifying_country(self, k: int) -> str | None:
        """The country named right after a place: 'Danang, Vietnam', 'Paris, Texas'."""
        mentions = self.entities.mentions
        if k + 1 >= len(mentions):
            return None
        _, end, _ = mentions[k]
        next_start, _, qualifier = mentions[k + 1]
        if next_start != end + 1 or self.doc[end].text != ",":
            return None
        return qualifier.country_code or self._place(qualifier, None).country_code

    def _is_city(self, ref: EntityRef) -> bool:
        return ref.label == "GPE" and self._place(ref, None).precision == "city"

    def _place(self, ref: EntityRef, country: str | None) -> Place:
        key = (ref.id, country)
        place = self.places.get(key)
        if place is None:
            place = self.gazetteer.place(ref.name, (country,) if country else ())
            self.places[key] = place
        return place

    def _date(self, anchor: Token, sentence: Span, modality: str) -> str | None:
        """The date of a date expression hanging from the trigger, else of the nearest one
        that names a day ('aims to cut emissions by 2030' gives no date to 'said')."""
        low = bisect.bisect_left(self.date_starts, sentence.start)
        high = bisect.bisect_left(self.date_starts, sentence.end)
        forward = modality in ("intended", "hypothetical")
        spans = self.entities.dates[low:high]
        attached = [_attached_to(span.root, anchor) for span in spans]
        nearest_first = sorted(
            range(len(spans)), key=lambda k: (not attached[k], abs(spans[k].start - anchor.i))
        )
        for k in nearest_first:
            resolved = resolve_date(spans[k].text, self.published, forward)
            if resolved and (attached[k] or _DAY.fullmatch(resolved)):
                return resolved
        return None


def _within(indices: list[int], sentence: Span) -> list[int]:
    """The sorted token indices that fall in a sentence."""
    return indices[
        bisect.bisect_left(indices, sentence.start) : bisect.bisect_left(indices, sentence.end)
    ]


def _attached_to(token: Token, anchor: Token) -> bool:
    """Whether ``token`` hangs from ``anchor`` through nouns and prepositions only: the place of
    'met on the sidelines of the summit in Vietnam', not of 'agreed to support peace in Syria'."""
    for _ in range(MAX_CLIMB):
        head = token.head
        if head.i == anchor.i:
            return True
        if head.i == token.i or head.tag_ in VERB_TAGS:
            return False
        token = head
    return False


def _counts_two(token: Token) -> bool:
    return any(c.lower_ in ("two", "both") and c.dep_ in TWO_DEPS for c in token.children)


def _forms_of(token: Token) -> set[str]:
    """A noun with its compound or adjective modifiers: {'strikes', 'air strikes'}."""
    forms = {token.lower_}
    forms.update(f"{c.lower_} {token.lower_}" for c in token.lefts if c.dep_ in MODIFIER_DEPS)
    return forms


def _pairs(
    actors: list[EntityRef], targets: list[EntityRef], reciprocal: bool
) -> list[tuple[EntityRef, EntityRef | None]]:
    if reciprocal and not targets and len(actors) >= 2:
        pairs = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :]]
    else:
        pairs = [(a, t) for a in actors for t in (targets or [None]) if t != a]
        pairs = pairs or [(a, None) for a in actors]
    if reciprocal:
        pairs = [
            (a, b) if b is None or a.first_start <= b.first_start else (b, a) for a, b in pairs
        ]
    return list(dict.fromkeys(pairs))


def _acts_on_place(code: str) -> bool:
    """Material actions on a place (strikes on Gaza) and visits happen where their target is."""
    return code.startswith(VISIT_CODE) or int(code[:2]) in MATERIAL_ROOTS


def _refine_code(
    code: str, actor: EntityRef, target: EntityRef | None, location: Location | None
) -> str:
    """A consultation between parties of two known countries held in a third one is 044."""
    if code != CONSULT_CODE or target is None or location is None:
        return code
    venue = location.place.country_code
    countries = {actor.actor_country, target.actor_country}
    if venue is None or None in countries or venue in countries:
        return code
    return THIRD_LOCATION_CODE


def _span_offsets(doc: Doc, tokens: list[Token]) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def _trimmed_offsets(sentence: Span) -> tuple[int, int]:
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    return start, sentence.start_char + len(text.rstrip())


# --- output --------------------------------------------------------------------------------


def _participant(ref: EntityRef) -> dict[str, Any]:
    return {
        "name": ref.name,
        "label": ref.label,
        "entity_id": ref.id,
        "country_code": ref.actor_country,
    }


def _span(text: str, offsets: tuple[int, int]) -> dict[str, Any]:
    start, end = offsets
    return {"text": text[start:end], "start": start, "end": end}


def _event_id(
    article_id: str, code: str, actor: EntityRef, target: EntityRef | None, factuality: str
) -> str:
    basis = "\x1f".join((article_id, code, actor.id, target.id if target else "-", factuality))
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def extract_events(
    doc: Doc,
    entities: ArticleEntities,
    article: Mapping[str, Any],
    lexicon: EventLexicon,
    gazetteer: Gazetteer,
) -> list[dict[str, Any]]:
    """The CAMEO events of one article, as event.schema.json messages, in text order."""
    coder = _ArticleCoder(
        doc, entities, lexicon, gazetteer, parse_published(article.get("published"))
    )
    merged: dict[tuple[str, str, str, str], list[_Mention]] = {}
    for mention in coder.code():
        factuality = "fact" if mention.modality in FACTUAL else mention.modality
        key = (
            mention.code,
            mention.actor.id,
            mention.target.id if mention.target else "-",
            factuality,
        )
        merged.setdefault(key, []).append(mention)
    events = [
        _event(entities.text, article, lexicon, key[3], mentions)
        for key, mentions in merged.items()
    ]
    events.sort(key=lambda event: (event["trigger"]["start"], event["cameo_code"], event["id"]))
    return events


def _event(
    text: str,
    article: Mapping[str, Any],
    lexicon: EventLexicon,
    factuality: str,
    mentions: list[_Mention],
) -> dict[str, Any]:
    first = mentions[0]
    cameo = lexicon.code(first.code)
    modalities = {m.modality for m in mentions}
    modality = "asserted" if "asserted" in modalities else first.modality
    sentences = {m.sentence_index for m in mentions}
    return {
        "schema_version": SCHEMA_VERSION,
        "id": _event_id(article["id"], first.code, first.actor, first.target, factuality),
        "article_id": article["id"],
        "article_url": article.get("url"),
        "article_published": article.get("published"),
        "cameo_code": cameo.code,
        "cameo_root": cameo.code[:2],
        "event_type": lexicon.root_name(cameo.code),
        "quad_class": cameo.quad_class,
        "goldstein": cameo.goldstein,
        "actor": _participant(first.actor),
        "target": _participant(first.target) if first.target else None,
        "trigger": _span(text, first.trigger),
        "sentence": _span(text, first.sentence),
        "location": next((m.location.as_dict() for m in mentions if m.location), None),
        "date": next((m.date for m in mentions if m.date), None),
        "negated": modality in NEGATED,
        "modality": modality,
        "confidence": min(
            0.95, round(max(m.confidence for m in mentions) + 0.05 * (len(sentences) - 1), 2)
        ),
        "mention_count": len(sentences),
    }
