"""Where an event happens, and the places of an article.

A place in a locative phrase of the sentence ('in Kabul', 'at Tunisia's museum', 'in the capital
Nairobi'), one hanging from the trigger first; else, for material acts and visits, the place
acted on ('strikes on Gaza'); else, unless the act is said to happen 'at home', a locative
place of the sentence's paragraph; else the article's dateline. Places resolve with the
gazetteer (a name qualified by a country, 'Paris, Texas', within that country).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsstream.enricher.entities import PLACE_LABELS, ArticleEntities, EntityRef
from newsstream.enricher.events.actors import Participant
from newsstream.enricher.events.rules import acts_on_place
from newsstream.enricher.events.syntax import MAX_CLIMB, VERB_TAGS
from newsstream.enricher.gazetteer import Gazetteer, Place

LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "through", "across", "around", "throughout"}
)
# prepositions of what an act is about: a place named in their phrase is not where it happens
TOPIC_PREPS = frozenset({"over", "about", "regarding", "concerning"})
# buildings, airports, bridges, parks, seas: named as towns are only by a town's own name
# ('the White House' is an alternate name of Casablanca, 'Central Park' of Bethpage)
NON_TOWN_LABELS = frozenset({"FAC", "LOC"})
PARAGRAPH_BREAK = "\n\n"
# the preposition a place noun's name follows: 'the city of Dnipro'
NAMING_PREP = "of"


@dataclass(frozen=True, slots=True)
class Location:
    place: Place
    # where it was read: a place phrase of the sentence, the place acted on, or the dateline
    source: str
    # the article entity that names the place, when it was read from the text
    ref: EntityRef | None = None


@dataclass(slots=True)
class PlaceFinder:
    doc: Doc
    entities: ArticleEntities
    gazetteer: Gazetteer
    # nouns a place name may modify: 'the Odesa region' is a place whatever the NER took
    # 'Odesa' for
    place_nouns: frozenset[str]
    places: dict[tuple[str, str | None], Place] = field(default_factory=dict)
    mention_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mention_starts = [start for start, _, _ in self.entities.mentions]

    def location(
        self,
        code: str,
        anchor: Token,
        sentence: Span,
        actor: Participant,
        target: Participant | None,
    ) -> Location | None:
        """Where the event happens: a locative place of the sentence (one hanging from the
        trigger first), the place acted on, a locative place of the paragraph, the dateline."""
        low = bisect.bisect_left(self.mention_starts, sentence.start)
        high = bisect.bisect_left(self.mention_starts, sentence.end)
        places = _named_before_owners(list(self._locative_places(range(low, high), actor)))
        attached = [
            (abs(self.entities.mentions[k][0] - anchor.i), k)
            for k, root in places
            if attached_to(root, anchor)
        ]
        # a place of a relative clause, or of another verb's object, is where that clause's act
        # or that object is, not the sentence's: 'the president, who met Xi in Beijing,
        # criticized Japan'
        unattached = [
            (abs(self.entities.mentions[k][0] - anchor.i), k)
            for k, root in places
            if not _in_other_relative_clause(root, anchor) and not _in_other_object(root, anchor)
        ]
        nearest = min(attached or unattached, default=None)
        if nearest is not None:
            return self._mention_location(nearest[1], "sentence")
        if (
            target is not None
            and target.label in PLACE_LABELS
            and target.entity_id
            and acts_on_place(code)
        ):
            return Location(self.gazetteer_place(target.name), "target")
        if at_home(anchor):
            return None  # 'fought jihadists at home': not where the paragraph's places are
        in_paragraph = [
            k
            for k, root in self._locative_places(self._paragraph_mentions(sentence), actor)
            if not _in_other_relative_clause(root, anchor)
        ]
        if in_paragraph:
            closest = min(in_paragraph, key=lambda k: abs(self.entities.mentions[k][0] - anchor.i))
            return self._mention_location(closest, "paragraph")
        if self.entities.dateline is not None:
            return Location(self.entities.dateline, "dateline")
        return None

    def _locative_places(
        self, indices: Iterable[int], actor: Participant
    ) -> Iterator[tuple[int, Token]]:
        """The place mentions (by index) that stand in a locative phrase ('in Kabul', 'at
        Tunisia's museum'), with the noun the phrase hangs from."""
        for k in indices:
            _, end, ref = self.entities.mentions[k]
            last = self.doc[end - 1]
            if ref.id == actor.entity_id or not (
                ref.label in PLACE_LABELS or self._names_place_noun(last)
            ):
                continue
            root = self._place_phrase_head(last)
            if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS and not _in_topic(root):
                yield k, root

    def _place_phrase_head(self, token: Token) -> Token:
        """The noun a place name modifies or names, if it does: 'at Tunisia's museum', 'in the
        capital Nairobi', 'in the city of Dnipro'."""
        if token.dep_ in ("poss", "compound", "appos") and token.head.dep_ == "pobj":
            return token.head
        named = token.head.head
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == NAMING_PREP
            and named.lower_ in self.place_nouns
        ):
            return named
        return token

    def _names_place_noun(self, token: Token) -> bool:
        return token.dep_ == "compound" and token.head.lower_ in self.place_nouns

    def _paragraph_mentions(self, sentence: Span) -> range:
        """The indices of the entity mentions in the other sentences of the paragraph."""
        text = self.entities.text  # Doc.text joins every token again on each call
        sentence_start, sentence_end = trimmed_offsets(sentence)
        start = text.rfind(PARAGRAPH_BREAK, 0, sentence_start)
        end = text.find(PARAGRAPH_BREAK, sentence_end)
        first = (
            self.doc.char_span(
                start + len(PARAGRAPH_BREAK),
                start + len(PARAGRAPH_BREAK) + 1,
                alignment_mode="expand",
            )
            if start >= 0
            else None
        )
        last = self.doc.char_span(end - 1, end, alignment_mode="expand") if end >= 0 else None
        low = bisect.bisect_left(self.mention_starts, first.start if first else 0)
        high = bisect.bisect_left(self.mention_starts, last.end if last else len(self.doc))
        return range(low, high)

    def _mention_location(self, k: int, source: str) -> Location:
        ref = self.entities.mentions[k][2]
        return Location(self.place(ref, self._qualifying_country(k)), source, ref)

    def gazetteer_place(self, name: str) -> Place:
        key = (name, None)
        if key not in self.places:
            self.places[key] = self.gazetteer.place(name, ())
        return self.places[key]

    def _qualifying_country(self, k: int) -> str | None:
        """The country named right after a place: 'Danang, Vietnam', 'Paris, Texas'."""
        mentions = self.entities.mentions
        if k + 1 >= len(mentions):
            return None
        _, end, _ = mentions[k]
        next_start, _, qualifier = mentions[k + 1]
        if next_start != end + 1 or self.doc[end].text != ",":
            return None
        return qualifier.country_code or self.place(qualifier, None).country_code

    def is_city(self, ref: EntityRef) -> bool:
        return ref.label == "GPE" and self.place(ref, None).precision == "city"

    def is_country(self, ref: EntityRef) -> bool:
        return ref.label == "GPE" and self.place(ref, None).precision == "country"

    def place(self, ref: EntityRef, country: str | None) -> Place:
        key = (ref.id, country)
        place = self.places.get(key)
        if place is None:
            prefer = (country,) if country else ()
            primary_only = ref.label in NON_TOWN_LABELS
            place = self.gazetteer.place(ref.name, prefer, primary_only=primary_only)
            self.places[key] = place
        return place


def _named_before_owners(places: list[tuple[int, Token]]) -> list[tuple[int, Token]]:
    """Places a preposition names ('in Baghdad') before names that own the place noun ('at
    the US embassy in Baghdad': the embassy is the United States', the protest in Baghdad)."""
    named = [(k, root) for k, root in places if root.ent_type_]  # the name is the object
    return named or places


def _heads_to_verb(token: Token) -> Iterator[Token]:
    """The heads ``token`` hangs from through nouns and prepositions, up to the first verb."""
    for _ in range(MAX_CLIMB):
        head = token.head
        if head.i == token.i:
            return
        yield head
        if head.tag_ in VERB_TAGS:
            return
        token = head


def attached_to(token: Token, anchor: Token) -> bool:
    """Whether ``token`` hangs from ``anchor`` through nouns and prepositions only: the place of
    'met on the sidelines of the summit in Vietnam', not of 'agreed to support peace in Syria'."""
    return any(head.i == anchor.i for head in _heads_to_verb(token))


def _in_other_relative_clause(token: Token, anchor: Token) -> bool:
    """Whether ``token`` stands in a relative clause that neither holds ``anchor`` nor tells of
    it ('the bombing that killed 95 people in Kerman' happened in Kerman)."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            return _is_other_clause(ancestor, anchor)
    return False


def _in_other_object(token: Token, anchor: Token) -> bool:
    """Whether ``token`` hangs from the object of a verb of another clause: part of what that
    verb acts on, not where the anchor's act is ('the rebels continued their attacks, and the
    army killed ten fighters in Darfur': the attacks are placed nowhere). Not a clause the
    anchor is part of ('a strike by doctors paralysed hospitals across Argentina') or that
    tells of it ('the bombing that killed 95 people in Kerman')."""
    heads = _heads_to_verb(token)
    thing = next((h for h in heads if h.dep_ == "dobj" and h.tag_ not in VERB_TAGS), None)
    return (
        thing is not None and thing.head.tag_ in VERB_TAGS and _is_other_clause(thing.head, anchor)
    )


def _is_other_clause(verb: Token, anchor: Token) -> bool:
    """Whether the clause of ``verb`` neither holds ``anchor`` nor is a relative clause that
    tells of it."""
    telling = verb.dep_ == "relcl" and verb.head.i == anchor.i
    return verb.i != anchor.i and not verb.is_ancestor(anchor) and not telling


def _in_topic(token: Token) -> bool:
    """Whether a phrase is part of what an act is about, not where it is: 'summoned the
    ambassador over the death of an aid worker in Gaza'."""
    return any(h.dep_ == "prep" and h.lower_ in TOPIC_PREPS for h in _heads_to_verb(token))


def trimmed_offsets(sentence: Span) -> tuple[int, int]:
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    return start, sentence.start_char + len(text.rstrip())


def at_home(anchor: Token) -> bool:
    """An act said to happen 'at home': in its own country, the story's."""
    return any(t.lower_ == "home" and t.head.lower_ == "at" for t in anchor.subtree)
