"""The typed messages: one msgspec Struct per record of ``schemas/*.schema.json``.

The JSON Schemas stay the published contract; tests/unit/test_record_types.py fails when a
Struct and its schema drift apart. Field order is the order of the JSON objects on the topics,
so encoding a Struct gives the bytes subscribers have always read. Decoding with these types
validates as the schemas do (``forbid_unknown_fields`` is ``additionalProperties: false``).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

SchemaVersion = Literal["1.0"]
InputKind = Literal["html", "text", "json"]
Stage = Literal["decode", "validate", "process", "produce"]
Service = Literal["scraper", "enricher", "merger"]

ArticleId = Annotated[str, Meta(pattern="^[0-9a-f]{32}$")]
ContentHash = Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]
EntityId = Annotated[str, Meta(pattern="^[0-9a-f]{16}$")]
CountryCode = Annotated[str, Meta(pattern="^[A-Z]{3}$")]
Url = Annotated[str, Meta(max_length=4096)]
LanguageTag = Annotated[str, Meta(pattern="^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
NonEmptyText = Annotated[str, Meta(min_length=1)]
DateTime = Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
Offset = Annotated[int, Meta(ge=0)]
Share = Annotated[float, Meta(ge=0, le=1)]
SentenceNumber = Annotated[int, Meta(ge=1)]


class Record(msgspec.Struct, forbid_unknown_fields=True):
    """A JSON object of the contracts: no field beyond those declared."""


class RawArticle(Record):
    """raw_article.schema.json: a clean article on news.articles.raw."""

    schema_version: SchemaVersion
    id: ArticleId
    url: Url | None
    canonical_url: Url | None
    title: str | None
    text: NonEmptyText
    authors: list[NonEmptyText]
    source: str | None
    published: str | None
    language: LanguageTag | None
    content_hash: ContentHash
    fetched_at: DateTime
    input_kind: InputKind
    tags: dict[str, str]


class Span(Record):
    text: str
    start: Offset
    end: Offset


def span_of(text: str, offsets: tuple[int, int]) -> Span:
    """The span of ``text`` between the character offsets."""
    start, end = offsets
    return Span(text=text[start:end], start=start, end=end)


class Entity(Record):
    id: EntityId
    name: str
    label: str
    country_code: CountryCode | None
    mentions: Annotated[list[Span], Meta(min_length=1)]
    mention_count: Annotated[int, Meta(ge=1)]
    salience: Share


class Speaker(Record):
    text: str
    start: Offset
    end: Offset
    name: str | None
    label: str | None
    entity_id: str | None


class Quotation(Record):
    text: str
    start: Offset
    end: Offset
    speaker: Speaker | None
    cue: Span | None


class Participant(Record):
    name: str
    label: str
    entity_id: str | None
    country_code: CountryCode | None
    code: Annotated[str, Meta(pattern="^([A-Z]{3}|---)([A-Z]{3})*$")]
    roles: list[CountryCode]
    known_group: CountryCode | None


class Location(Record):
    name: str
    country_code: CountryCode | None
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    precision: Literal["city", "region", "country", "unknown"]
    source: Literal["sentence", "target", "paragraph", "dateline"]


Modality = Literal["asserted", "negated", "hypothetical", "intended", "refused", "reported"]


class Event(Record, kw_only=True):
    """event.schema.json: one CAMEO-coded event on news.events, also inside enriched articles."""

    schema_version: SchemaVersion
    id: ArticleId
    article_id: ArticleId
    article_url: str | None = None
    article_published: str | None = None
    cameo_code: Annotated[str, Meta(pattern="^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")]
    cameo_root: Annotated[str, Meta(pattern="^(0[1-9]|1[0-9]|20)$")]
    event_type: str
    quad_class: Annotated[int, Meta(ge=1, le=4)]
    goldstein: Annotated[float, Meta(ge=-10, le=10)]
    actor: Participant
    target: Participant
    speaker: Participant | None
    trigger: Span
    sentence: Span
    sentence_number: SentenceNumber
    location: Location | None
    date: str | None
    negated: bool
    modality: Modality
    confidence: Share
    mention_count: Annotated[int, Meta(ge=1)]


class MergedActor(Record):
    """One party of a merged event: GDELT's Actor1/Actor2 columns."""

    code: Annotated[str, Meta(pattern="^([A-Z]{3}|---)([A-Z]{3})*$")]
    name: str
    country_code: CountryCode | None
    roles: list[CountryCode]
    known_group: CountryCode | None


class Geo(Record):
    """Where a merged event happened: GDELT's ActionGeo columns."""

    type: Annotated[int, Meta(ge=1, le=5)] | None
    name: str
    country_code: CountryCode | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None


Day = Annotated[str, Meta(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
CameoCode = Annotated[str, Meta(pattern="^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")]
Count = Annotated[int, Meta(ge=1)]


class MergedEvent(Record):
    """merged_event.schema.json: one real-world event on news.events.merged, its mentions
    across articles and outlets merged (GDELT's Events table)."""

    schema_version: SchemaVersion
    id: ArticleId
    day: Day
    actor: MergedActor
    target: MergedActor
    is_root_event: bool
    event_code: CameoCode
    event_base_code: CameoCode
    event_root_code: Annotated[str, Meta(pattern="^(0[1-9]|1[0-9]|20)$")]
    quad_class: Annotated[int, Meta(ge=1, le=4)]
    goldstein: Annotated[float, Meta(ge=-10, le=10)]
    num_mentions: Count
    num_sources: Count
    num_articles: Count
    avg_confidence: Share
    geo: Geo | None
    date_added: DateTime
    source_url: str | None


class EventMention(Record):
    """event_mention.schema.json: one article's mention of a merged event on
    news.events.mentions (GDELT's Mentions table)."""

    schema_version: SchemaVersion
    id: ArticleId
    event_id: ArticleId
    event_time: DateTime
    mention_time: DateTime
    outlet: str | None
    article_id: ArticleId
    article_url: str | None
    sentence: Span
    sentence_number: SentenceNumber
    actor_offset: Offset | None
    target_offset: Offset | None
    action_offset: Offset
    confidence: Share


class Enrichment(Record):
    model: str
    model_version: str
    pipeline_version: str


class EnrichedArticle(Record):
    """enriched_article.schema.json: the raw article unchanged, then what the enricher found.

    Its article fields are those of RawArticle, checked more loosely, as its schema does.
    """

    schema_version: SchemaVersion
    id: ArticleId
    url: str | None
    canonical_url: str | None
    title: str | None
    text: NonEmptyText
    authors: list[str]
    source: str | None
    published: str | None
    language: str | None
    content_hash: ContentHash
    fetched_at: str
    input_kind: InputKind
    tags: dict[str, str]
    entities: list[Entity]
    events: list[Event]
    quotations: list[Quotation]
    enrichment: Enrichment


class DeadLetter(Record):
    """deadletter.schema.json: input a service could not process, with the reason."""

    schema_version: SchemaVersion
    id: ArticleId
    service: Service
    stage: Stage
    reason: Annotated[str, Meta(pattern="^[a-z0-9_]+$")]
    error: str
    source_topic: str | None
    source_partition: int | None
    source_offset: int | None
    source_key: str | None
    payload: str | None
    payload_encoding: Literal["utf-8", "base64", "none"]
    payload_bytes: Annotated[int, Meta(ge=0)]
    failed_at: DateTime


def encode(record: Record) -> bytes:
    """The record's JSON bytes, as published."""
    return _ENCODER.encode(record)


_ENCODER = msgspec.json.Encoder()
