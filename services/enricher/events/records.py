"""Event records (event.schema.json) from the coder's mentions.

Mentions of one event in an article (same code, actor, target and factuality) are merged;
``mention_count`` counts the sentences stating it and the id derives from the article id, code,
actor, target and factuality. A participant keeps its entity's name, id and country, and gains
its CAMEO actor code, roles and known group: the information of GDELT's actor columns.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from newsstream.common import records
from newsstream.common.records import Event, RawArticle, span_of
from newsstream.common.schemas import SCHEMA_VERSION
from newsstream.enricher.entities import ArticleEntities
from newsstream.enricher.events.actors import Participant
from newsstream.enricher.events.coder import (
    FACTUAL,
    ArticleCoder,
    CodingResources,
    Location,
    Mention,
)
from newsstream.enricher.events.dates import parse_published
from newsstream.enricher.events.lexicon import EventLexicon

NEGATED = frozenset({"negated", "refused"})


def extract_events(
    doc: Doc,
    entities: ArticleEntities,
    article: RawArticle,
    resources: CodingResources,
) -> list[Event]:
    """The CAMEO events of one article, as event.schema.json messages, in text order."""
    coder = ArticleCoder(doc, entities, resources, parse_published(article.published))
    merged: dict[tuple[str, str, str, str], list[Mention]] = {}
    for mention in coder.code():
        factuality = "fact" if mention.modality in FACTUAL else mention.modality
        key = (mention.code, mention.actor.key, mention.target.key, factuality)
        merged.setdefault(key, []).append(mention)
    events = [
        _event(entities.text, article, resources.lexicon, key, mentions)
        for key, mentions in merged.items()
    ]
    events.sort(key=lambda event: (event.trigger.start, event.cameo_code, event.id))
    return events


def _participant(participant: Participant) -> records.Participant:
    actor = participant.actor
    return records.Participant(
        name=participant.name,
        label=participant.label,
        entity_id=participant.entity_id,
        country_code=actor.country,
        code=actor.code,
        roles=list(actor.roles),
        known_group=actor.known_group,
    )


def _location(location: Location) -> records.Location:
    place = location.place
    return records.Location(
        name=place.name,
        country_code=place.country_code,
        geonames_id=place.geonames_id,
        latitude=place.latitude,
        longitude=place.longitude,
        precision=place.precision,
        source=location.source,
    )


def _event_id(article_id: str, key: tuple[str, str, str, str]) -> str:
    basis = "\x1f".join((article_id, *key))
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def _event(
    text: str,
    article: RawArticle,
    lexicon: EventLexicon,
    key: tuple[str, str, str, str],
    mentions: list[Mention],
) -> Event:
    first = mentions[0]
    cameo = lexicon.code(first.code)
    modalities = {m.modality for m in mentions}
    modality = "asserted" if "asserted" in modalities else first.modality
    sentences = {m.sentence_index for m in mentions}
    speaker = next((m.speaker for m in mentions if m.speaker), None)
    return Event(
        schema_version=SCHEMA_VERSION,
        id=_event_id(article.id, key),
        article_id=article.id,
        article_url=article.url,
        article_published=article.published,
        cameo_code=cameo.code,
        cameo_root=cameo.code[:2],
        event_type=lexicon.root_name(cameo.code),
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        actor=_participant(first.actor),
        target=_participant(first.target),
        speaker=_participant(speaker) if speaker else None,
        trigger=span_of(text, first.trigger),
        sentence=span_of(text, first.sentence),
        sentence_number=first.sentence_index + 1,
        location=next((_location(m.location) for m in mentions if m.location), None),
        date=next((m.date for m in mentions if m.date), None),
        negated=modality in NEGATED,
        modality=modality,
        confidence=min(
            0.95, round(max(m.confidence for m in mentions) + 0.05 * (len(sentences) - 1), 2)
        ),
        mention_count=len(sentences),
    )
