"""People and organisations the CAMEO actor dictionaries name, found where spaCy's NER missed them.

The small English model misses or mislabels many names the dictionaries list ('Han Dong-hoon'
as a place, an armed group as a common noun). A name of two words or more, written with
capitals in the text and not inside a span the NER found, becomes an entity span:

- an organisation: a record with a role noun of the agents dictionary in its name ('Free
  Syrian Army'), an undated record of the international and armed groups files, or a record
  of the countries file coded as no country ('IMGMUSISI' of the Islamic State);
- a person: another record of the international and armed groups files (their people have
  dated roles: 'Ban Ki-moon'), or of the countries file coded with a country and a role (its
  records coded with a country alone are places, left to the gazetteer and the NER).

One-word names are left to the NER: alone, a surname or an acronym is too often something
else ('Lee'). Names the gazetteer knows as places are neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsstream.enricher.cameo.actors import COUNTRIES_FILE, ActorEntry
from newsstream.enricher.cameo.dictionaries import ActorDictionaries
from newsstream.enricher.cameo.phrases import PhraseIndex

MIN_WORDS = 2
# letters of a country code, the first part of an actor code
PART = 3
PERSON = "PERSON"
ORGANISATION = "ORG"
# words a name may write in lower case: 'Movement for Democratic Change', 'Abu Bakr al-Baghdadi'
LOWER_CASE_WORDS = frozenset({"of", "the", "for", "and", "de", "del", "la", "al", "bin", "-", "'s"})


@dataclass(frozen=True, slots=True)
class KnownActorNames:
    # upper-case words of a name -> the entity label it gets
    index: PhraseIndex[str]

    @classmethod
    def from_dictionaries(
        cls, dictionaries: ActorDictionaries, is_place: Callable[[str], bool]
    ) -> KnownActorNames:
        index: PhraseIndex[str] = PhraseIndex()
        for words, entry in dictionaries.actors.phrases():
            if len(words) < MIN_WORDS or is_place(" ".join(words).title()):
                continue
            if label := _label(entry, words, dictionaries):
                index.add(words, label)
        return cls(index)

    def spans(self, doc: Doc) -> list[Span]:
        """The dictionary's names in ``doc`` outside the NER's spans, in text order."""
        taken = {i for span in doc.ents for i in range(span.start, span.end)}
        words = [token.text.upper() for token in doc]
        found: list[Span] = []
        i = 0
        while i < len(doc):
            match = (
                None if i in taken or not doc[i].is_title else self.index.longest_match(words, i)
            )
            if match is None:
                i += 1
                continue
            length, label = match
            span = doc[i : i + length]
            if all(t.i not in taken for t in span) and all(_written_as_name(t) for t in span):
                found.append(Span(doc, span.start, span.end, label=label))
                i += length
            else:
                i += 1
        return found


def _label(
    entry: ActorEntry, words: tuple[str, ...], dictionaries: ActorDictionaries
) -> str | None:
    if any(dictionaries.agents.longest_match(words, i) for i in range(len(words))):
        return ORGANISATION
    if entry.source != COUNTRIES_FILE:
        return PERSON if entry.spans else ORGANISATION
    code = entry.code_on(None) or ""
    if code[:PART] not in dictionaries.actors.country_codes:
        return ORGANISATION
    return PERSON if len(code) > PART else None


def _written_as_name(token: Token) -> bool:
    """Capitalised, a particle, or the part after a hyphen ('Ki-moon', 'Dong-hoon')."""
    text = token.text
    after_hyphen = token.i > 0 and token.nbor(-1).text == "-"
    return text[:1].isupper() or text.lower() in LOWER_CASE_WORDS or after_hyphen
