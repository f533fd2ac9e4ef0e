"""CAMEO actor codes of noun phrases, from the actor and agent dictionaries.

A phrase is read word by word for its longest dictionary matches: actors (countries with their
adjectives and cities, people with date-restricted roles, organisations, armed groups) and
agents (role nouns: 'troops' -> MIL, 'court' -> JUD). The actor nearest the head gives the
country or the whole code; agents add roles ('Israeli troops' -> ISR + MIL). A person is coded
by the role in force on the article's date ('Putin' in 2017 -> RUSGOV). Where the phrase names
no actor, the entity's own country (the gazetteer's, or the demonym in front of it) stands in;
where it names a role only, the country is '---' until the coder supplies the place's
('riot police' in a story from Burma -> MMRCOP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, cached_property

from spacy.tokens import Token

from newsstream.enricher.cameo.actors import ActorEntry
from newsstream.enricher.cameo.agents import AgentEntry
from newsstream.enricher.cameo.dictionaries import ActorDictionaries
from newsstream.enricher.cameo.phrases import phrase_words
from newsstream.enricher.datafiles import tsv_rows
from newsstream.enricher.entities import PLACE_LABELS, EntityRef

NO_COUNTRY = "---"
PERSON = "PERSON"
PART = 3
# the codebook's unidentified armed forces: gunmen, fighters, militants
UNIDENTIFIED_ROLE = "UAF"
PROPER_NOUN = "NNP"
# a former office holder is one of the codebook's elites (ELI: 'former government officials'):
# 'former Defense Secretary Robert Gates', as the agents dictionary's FORMER_PRESIDENT
FORMER_WORDS = frozenset({"FORMER", "EX"})
OFFICE_ROLES = frozenset({"GOV", "LEG", "MIL", "JUD", "COP", "SPY", "OPP"})
ELITE_ROLE = "ELI"
# right-hand modifiers of a head noun that say whose it is: 'the mayor of Surabaya',
# 'a spokesman for the army', 'Tri Rismaharini, the mayor'
OWNER_PREPS = frozenset({"of", "for", "from"})
# prepositions of membership: the body named after them is the party's ('an official in the
# Trump administration'); a place after them says only where the party is
MEMBER_PREPS = frozenset({"in", "at", "within"})
# a token inside a named entity, by spaCy's IOB tag
ENTITY_IOB = frozenset({"B", "I"})
RIGHT_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
# a name before these says who backs a party, not whose it is: 'Kremlin-backed forces'
BACKER_PARTICIPLES = frozenset({"backed", "funded", "sponsored", "supported", "armed", "trained"})
# the prefixes of a stance: 'pro-EU protesters', 'anti-Israel protesters' are no EU's or Israel's
STANCE_PREFIXES = frozenset({"pro", "anti"})
STANCE_LENGTH = 3  # 'pro', '-', the name
_INITIALISM_WITHOUT_LAST_DOT = re.compile(r"(?:[A-Z]\.)+[A-Z]")


@dataclass(frozen=True, slots=True)
class ActorTypes:
    roles: frozenset[str]
    # the roles that need a country ('MED'), not those that stand where one stands ('IGO')
    national_roles: frozenset[str]
    religions: frozenset[str]


@cache
def actor_types() -> ActorTypes:
    rows = list(tsv_rows("actor_types.tsv"))
    return ActorTypes(
        roles=frozenset(code for code, kind, _ in rows if kind in ("role", "transnational")),
        national_roles=frozenset(code for code, kind, _ in rows if kind == "role"),
        religions=frozenset(code for code, kind, _ in rows if kind == "religion"),
    )


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A CAMEO actor code and its parts, as GDELT's actor columns give them."""

    code: str
    country: str | None
    roles: tuple[str, ...]
    known_group: str | None

    @classmethod
    def parse(cls, code: str, countries: frozenset[str]) -> ActorCode:
        parts = [code[i : i + PART] for i in range(0, len(code), PART)]
        types = actor_types()
        country = parts[0] if parts[0] in countries else None
        rest = parts[1:] if country or parts[0] == NO_COUNTRY else parts
        roles = tuple(part for part in rest if part in types.roles)
        others = [p for p in rest if p not in types.roles and p not in types.religions]
        return cls(code, country, roles, others[0] if others else None)

    def with_country(self, country: str) -> ActorCode:
        if self.country or not self.code.startswith(NO_COUNTRY):
            return self
        return replace(self, code=country + self.code[PART:], country=country)


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or target of an event: an article entity, or a described one ('riot police')."""

    key: str
    name: str
    label: str
    entity_id: str | None
    actor: ActorCode
    first_start: int

    def with_country(self, country: str | None) -> Participant:
        if country is None or self.actor.country:
            return self
        return replace(self, actor=self.actor.with_country(country))


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the dictionaries found in a phrase: the actor code nearest the head, and roles."""

    actor: str | None
    prefixes: tuple[str, ...]
    roles: tuple[str, ...]
    # the roles are the hand lexicon's, of a generic noun ('leader', 'official')
    generic: bool = False
    # the actor is a record with date-restricted roles (a person, mostly)
    dated: bool = False


class ActorCoder:
    def __init__(
        self,
        dictionaries: ActorDictionaries,
        extra_agents: Mapping[str, str],
        role_aliases: Mapping[str, str],
        title_abbreviations: Mapping[str, str],
        family_name_first: frozenset[str],
        regions: frozenset[str],
        countries: frozenset[str],
    ) -> None:
        self.dictionaries = dictionaries
        # a world region stands where a country does ('AFR'), and so does a country the
        # dictionaries list no record for ('VAT')
        self.countries = frozenset(dictionaries.actors.country_codes) | regions | countries
        self.extra_agents = extra_agents
        self.role_aliases = role_aliases
        self.title_abbreviations = title_abbreviations
        self.family_name_first = family_name_first

    def read(
        self, words: Sequence[str], day: date | None, lowercase: Sequence[bool] = ()
    ) -> _Reading:
        """What the dictionaries find in a phrase's words. An actor's name is written with a
        capital somewhere: words all in lower case (``lowercase``) name none ('the male' is no
        Malé, the Maldives' capital)."""
        actors, agents = self.dictionaries.actors, self.dictionaries.agents
        actor: str | None = None
        prefixes: list[str] = []
        roles: list[str] = []
        generic = dated = former = False
        i = 0
        while i < len(words):
            found_actor = actors.longest_match(words, i)
            if found_actor and lowercase and all(lowercase[i : i + found_actor[0]]):
                found_actor = None
            found_agent = agents.longest_match(words, i)
            actor_length = found_actor[0] if found_actor else 0
            agent_length = found_agent[0] if found_agent else 0
            # 'former' makes the next office read a former one
            former = former or words[i] in FORMER_WORDS
            if found_actor and actor_length >= agent_length:
                record = found_actor[1]
                code = self._record_code(record, words[i : i + actor_length], day, actor)
                if former and code and self._holds_office(code):
                    code, former = code[:PART] + ELITE_ROLE, False
                actor = code or actor
                dated = bool(record.spans)
                i += actor_length
            elif found_agent:
                entry = found_agent[1]
                found_roles = self._agent_roles(entry)
                if former and OFFICE_ROLES.intersection(found_roles):
                    found_roles, former = [ELITE_ROLE], False
                # a noun of armed men says no more than the role before it: 'rebel fighters'
                # are rebels, 'army gunmen' soldiers
                if not (roles and found_roles == [UNIDENTIFIED_ROLE]):
                    prefixes = [entry.prefix] if entry.prefix else []
                    roles, generic = found_roles, False
                i += agent_length
            else:
                # the lexicon's generic nouns add a role where the dictionaries gave none:
                # 'police inspector' stays COP, 'opposition leader' OPP
                if words[i] in self.extra_agents and not (prefixes or roles):
                    roles, generic = [self.extra_agents[words[i]]], True
                    if former and roles[0] in OFFICE_ROLES:
                        roles, former = [ELITE_ROLE], False  # 'a former chief whip'
                i += 1
        # the role noun nearest the head says what the party is: 'Defense Secretary' is GOV
        return _Reading(
            actor, tuple(dict.fromkeys(prefixes)), tuple(dict.fromkeys(roles)), generic, dated
        )

    def _record_code(
        self, record: ActorEntry, words: Sequence[str], day: date | None, office: str | None
    ) -> str | None:
        """A record's code on ``day``. Without a date, a person's latest role (the
        dictionaries' most recent) is a guess: a title in the words that name them ('President
        Obama'), or an office of the same country read before the name ('German Chancellor
        Olaf Scholz'), says it."""
        code = record.code_on(day or date.max)
        if day is not None or not record.spans:
            return code
        code = self._titled_code(record, words) or code
        return office if self._same_office_country(office, code) else code

    def _titled_code(self, record: ActorEntry, words: Sequence[str]) -> str | None:
        """The latest of a person's codes with the role of a title in the words that name
        them: 'President Obama' is USAGOV, whenever the text is from."""
        agents = self.dictionaries.agents
        titles = (agents.longest_match(words, k) for k in range(len(words)))
        title = next((found[1] for found in titles if found), None)
        if title is None:
            return None
        roles = set(self._agent_roles(title))
        holding = [span for span in record.spans if roles <= set(_parts(span.code)[1:])]
        latest = max(holding, key=lambda span: span.end or date.max, default=None)
        return latest.code if latest else None

    def _agent_roles(self, entry: AgentEntry) -> list[str]:
        """A role noun's roles, in the codebook's codes."""
        return [self.role_aliases.get(p, p) for p in _parts(entry.suffix)]

    def _same_office_country(self, office: str | None, code: str | None) -> bool:
        """Whether ``office`` is a country's office holder of the country of ``code``."""
        return (
            office is not None
            and code is not None
            and self._is_office_holder(office)
            and office[:PART] == code[:PART]
        )

    def _holds_office(self, code: str) -> bool:
        return self._is_office_holder(code) and not OFFICE_ROLES.isdisjoint(_parts(code)[1:])

    def is_role_noun(self, word: str) -> bool:
        """Whether an upper-case word is a role noun of the agents dictionary or of the hand
        lexicon, singular or plural ('POLICE', 'PROTESTERS', 'FIRMS')."""
        return word in self.extra_agents or (
            self.dictionaries.agents.longest_match([word], 0) is not None
        )

    def code_phrase(
        self, head: Token, entity: EntityRef | None, day: date | None
    ) -> ActorCode | None:
        """The actor code of the noun phrase headed by ``head``; None when it names no actor."""
        phrase = self._phrase(head)
        main = self._read_tokens(phrase, day)
        named = {t.i for t in phrase}
        owner_tokens = [t for t in self._owner_tokens(head, day) if t.i not in named]
        owner = self._read_tokens(owner_tokens, day)
        # 'the mayor of Surabaya' is Surabaya's; 'the sidelines of the summit in Vietnam' no one's
        described = bool(main.roles or main.prefixes) or entity is not None
        actor = main.actor or (owner.actor if described else None)
        person = entity is not None and entity.label == PERSON
        titled = (person or main.dated) and (
            (main.roles and not main.generic) or (owner.roles and not owner.generic)
        )
        if titled and day is None and actor and self._is_office_holder(actor):
            # undated, a person's latest role is a guess: the title written before the name, or
            # in apposition, says it ('Prime Minister Boris Johnson', 'Lee Jae-myung, leader
            # of the opposition'), whatever the NER took the name for
            actor = actor[:PART]
        if actor is None and person:
            actor = self.person_code(entity.name, day)
        elif actor is None and entity is None and not described and _is_name(head):
            actor = self.person_code(head.text, day)  # a surname the NER missed: 'Modi'
        fallback = entity.actor_country or entity.country_code if entity else None
        roles = main.roles or (owner.roles if described else ())
        if main.generic and owner.roles:
            roles = owner.roles  # 'the leader of the opposition' is OPP, not GOV
        prefixes = main.prefixes or (owner.prefixes if described else ())
        if actor is None and fallback is None and not roles and not prefixes:
            return None
        code = ActorCode.parse(self.combine(actor or fallback, prefixes, roles), self.countries)
        # a party has at least a country, a role or a known group ('Islamists' alone, a
        # religion, says none of them)
        return code if code.country or code.roles or code.known_group else None

    def _phrase(self, head: Token) -> list[Token]:
        """The words of the phrase headed by ``head`` (``_phrase_tokens``), with the words after
        the head that the agents dictionary reads with it as one role: 'the US secretary of
        state' (SECRETARY_OF_STATE), not the 'secretary' alone."""
        phrase = _phrase_tokens(head)
        agents = self.dictionaries.agents
        longest = agents.longest_from(self._words([head])[0])
        if longest <= 1:
            return phrase  # no role phrase of more words begins with the head
        doc = head.doc
        # the phrase index knows how far a phrase may reach, its hyphens written as words
        found = agents.longest_match(self._words(doc[head.i : head.right_edge.i + 1]), 0)
        end = head.i + found[0] if found else 0
        named = {t.i for t in phrase}
        if end <= max(named) + 1:
            return phrase
        return [*phrase, *(t for t in doc[head.i + 1 : end] if t.i not in named)]

    def has_title(self, head: Token, day: date | None) -> bool:
        """Whether a role is written before the name: 'South Korean President Yoon Suk Yeol'."""
        main = self._read_tokens(self._phrase(head), day)
        return bool(main.roles) and not main.generic

    def _owner_tokens(self, head: Token, day: date | None) -> list[Token]:
        """Phrases after the head that say whose it is: apposition, 'of', 'for', 'from', and a
        body the party is in ('officers in the Russian military'). An apposition that names no
        role or party is no one's by its 'of' ('Julian Assange, a top target of the US
        government'), unlike one that does ('Lee Jae-myung, leader of the opposition'); its
        place still says where it is ('Amazonas, the largest state in Brazil')."""
        tokens: list[Token] = []
        for child in head.rights:
            if child.dep_ == "appos":
                own = self._read_tokens(self._phrase(child), day)
                if own.roles or own.actor or own.prefixes:
                    tokens.extend(child.subtree)
                else:
                    tokens.extend(_without_of_phrases(child))
            elif child.dep_ == "prep" and (
                child.lower_ in OWNER_PREPS
                or (child.lower_ in MEMBER_PREPS and self._names_body(child, day))
            ):
                tokens.extend(t for t in child.subtree if t.i != child.i)
        return tokens

    def _names_body(self, prep: Token, day: date | None) -> bool:
        """Whether the object of ``prep`` is a body with a role ('the Iranian government', the
        State Department), not a place or an occasion."""
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if noun.ent_type_ in PLACE_LABELS:
                continue  # 'displaced people in Gaza'
            own = self._read_tokens(self._phrase(noun), day)
            if own.roles or (own.actor is not None and self._is_office_holder(own.actor)):
                return True
        return False

    def _is_office_holder(self, code: str) -> bool:
        """A code of a country's person or body with a role ('GBRELI'), not of a country."""
        return len(code) > PART and code[:PART] in self.countries

    def _read_tokens(self, tokens: Sequence[Token], day: date | None) -> _Reading:
        return self.read(self._words(tokens), day, [t.text.islower() for t in tokens])

    def _words(self, tokens: Iterable[Token]) -> list[str]:
        """A phrase's words in upper case, an abbreviated title read in full ('SEN.'), an
        initialism with its last dot ('U.S' as 'U.S.')."""
        words = (_with_last_dot(token.text.upper()) for token in tokens)
        return [self.title_abbreviations.get(word, word) for word in words]

    def person_code(self, name: str, day: date | None) -> str | None:
        """A person's code by the entity's name, where the text called them otherwise ('Mr
        Mugabe' of Robert Mugabe): the dictionaries' person of that full name, or for a
        surname alone ('Netanyahu', 'Yoon') the one person listed under it, else the one of
        them who took up an office in force on ``day`` last (the dictionaries leave old offices
        open); else the country all of them are of ('Museveni', Yoweri or Janet: UGA)."""
        words = phrase_words(name)
        if len(words) > 1:
            found = self.dictionaries.actors.longest_match(words, 0)
            # a full name the dictionaries do not list is someone else of that surname
            return found[1].code_on(day or date.max) if found and found[0] == len(words) else None
        namesakes = self._surnames.get(words[0], ()) if words else ()
        people = namesakes
        if len(people) > 1 and day is not None:
            people = _latest_in_office(people, day)
        if len(people) == 1:
            return people[0].code_on(day or date.max)
        return self._shared_country(namesakes, day)

    def _shared_country(self, people: Iterable[ActorEntry], day: date | None) -> str | None:
        codes = [entry.code_on(day or date.max) for entry in people]
        countries = {code[:PART] if code else None for code in codes}
        [country] = countries if len(countries) == 1 else [None]
        return country if country in self.countries else None

    @cached_property
    def _surnames(self) -> dict[str, tuple[ActorEntry, ...]]:
        by_surname: dict[str, dict[ActorEntry, None]] = {}
        actors = self.dictionaries.actors
        for words, entry in actors.phrases():
            if len(words) < 2 or not entry.spans:
                continue
            surname = words[0] if self._named_family_first(entry) else words[-1]
            if surname.isalpha():
                by_surname.setdefault(surname, {})[entry] = None
        return {
            surname: tuple(entries)
            for surname, entries in by_surname.items()
            if actors.longest_match([surname], 0) is None
        }

    def _named_family_first(self, entry: ActorEntry) -> bool:
        code = entry.code_on(None)
        return code is not None and code[:PART] in self.family_name_first

    def combine(self, actor: str | None, prefixes: Iterable[str], roles: Iterable[str]) -> str:
        if actor is not None and self._is_office_holder(actor):
            # a person or body with a code of its own: its roles already say what it is
            return actor
        base = actor or NO_COUNTRY
        if _parts(base)[0] in actor_types().national_roles:
            base = NO_COUNTRY + base  # the dictionaries' role alone ('BBC [MED]'): no country
        parts = _parts(base)
        extra = [p for p in (*prefixes, *roles) if p not in parts]
        if base == NO_COUNTRY and prefixes:
            return "".join(extra)
        return base + "".join(extra)


def _latest_in_office(people: Sequence[ActorEntry], day: date) -> tuple[ActorEntry, ...]:
    """Of people in office on ``day``, those who took it up last (one, but for a tie)."""
    since = {entry: entry.role_since(day) for entry in people}
    starts = [start for start in since.values() if start is not None]
    latest = max(starts, default=None)
    return tuple(entry for entry, start in since.items() if latest and start == latest)


def _is_name(token: Token) -> bool:
    return token.tag_ == PROPER_NOUN and token.text[:1].isupper()


def _with_last_dot(word: str) -> str:
    return word + "." if _INITIALISM_WITHOUT_LAST_DOT.fullmatch(word) else word


def _parts(code: str) -> list[str]:
    return [code[i : i + PART] for i in range(0, len(code), PART) if code[i : i + PART]]


def _phrase_tokens(head: Token) -> list[Token]:
    """The head with what stands before it, and name parts after it ('Ban Ki-moon', the rest
    of the name it begins: 'Organization of American States'); not its backer
    ('Kremlin-backed forces' are no Kremlin's)."""
    doc = head.doc
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in RIGHT_NAME_DEPS and child.i == end:
            end = child.right_edge.i + 1
    if head.ent_iob_ in ENTITY_IOB:
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    backers = {t.i for child in head.lefts if is_backing(child) for t in child.subtree}
    return [t for t in doc[head.left_edge.i : end] if t.i not in backers and not in_stance(t)]


def _without_of_phrases(head: Token) -> list[Token]:
    """A phrase's words without its 'of' phrases and relative clauses."""
    dropped = {
        t.i
        for child in head.rights
        if (child.dep_ == "prep" and child.lower_ == "of") or child.dep_ == "relcl"
        for t in child.subtree
    }
    return [t for t in head.subtree if t.i not in dropped]


def in_stance(token: Token) -> bool:
    """A word of a stance before a party ('pro-EU protesters', 'anti-Israel protesters'): what
    the party is for or against, not whose it is."""
    doc = token.doc
    starts = range(max(0, token.i - STANCE_LENGTH + 1), token.i + 1)
    return any(
        start + 2 < len(doc) and doc[start].lower_ in STANCE_PREFIXES and doc[start + 1].text == "-"
        for start in starts
    )


def is_backing(token: Token) -> bool:
    """A participle that names a party's backer: 'Kremlin-backed', 'Iran-funded'."""
    return token.tag_ == "VBN" and token.lower_ in BACKER_PARTICIPLES
