"""CAMEO event coding: who did what to whom, where and when.

- ``lexicon``: the CAMEO code table and the hand lexicon (event nouns, modality, intentions);
- ``patterns``: the CAMEO verb dictionary's patterns matched onto the dependency parse;
- ``actors``: CAMEO actor codes of noun phrases from the actor and agent dictionaries;
- ``dates``: event dates resolved against the publication date;
- ``modality``: whether the text says an event happened (negated, intended, reported, ...);
- ``places``: where an event happens (sentence, place acted on, paragraph, dateline);
- ``rules``: the codebook's rules that depend on the parties (fight or assault, 044, ...);
- ``coder``: one article's triggers and participants, put together into mentions;
- ``records``: the event messages (event.schema.json).
"""

from __future__ import annotations

from functools import cache

from newsstream.enricher.cameo.dictionaries import load_actor_dictionaries
from newsstream.enricher.cameo.verbs import VerbDictionary
from newsstream.enricher.events.coder import CodingResources
from newsstream.enricher.events.lexicon import EventLexicon, default_lexicon
from newsstream.enricher.events.records import extract_events
from newsstream.enricher.gazetteer import default_gazetteer

__all__ = [
    "CodingResources",
    "EventLexicon",
    "default_resources",
    "default_verbs",
    "extract_events",
]


@cache
def default_verbs() -> VerbDictionary:
    """The verb dictionary with the hand lexicon's synonyms, extra verbs and codes."""
    lexicon = default_lexicon()
    return (
        VerbDictionary.load(lexicon.synonyms)
        .with_verbs(lexicon.extra_verbs)
        .with_verb_codes(lexicon.verb_codes)
        .with_words_said_by(lexicon.verbal_force_verbs)
        .with_pattern_codes(lexicon.pattern_codes)
    )


@cache
def default_resources() -> CodingResources:
    """The lexicon, the dictionaries and the gazetteer, loaded once per process."""
    return CodingResources(
        default_lexicon(), default_verbs(), load_actor_dictionaries(), default_gazetteer()
    )
