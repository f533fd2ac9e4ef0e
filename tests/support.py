"""Helpers for tests: articles to produce, a reference JSON Schema validator and topic
readers."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from types import TracebackType
from typing import Any

import msgspec
import orjson
from jsonschema import Draft202012Validator, FormatChecker
from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from referencing import Registry, Resource

from newsstream.common.articles import build_raw_article, new_raw_article
from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.kafka.producer import create_producer, send_validated
from newsstream.common.records import Event, EventMention, MergedEvent, RawArticle, encode
from newsstream.common.schemas import Contract, load_schema
from newsstream.common.settings import Settings
from newsstream.enricher.events import default_resources, extract_events
from newsstream.merger.merging import MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.records import mention_record, merged_record
from newsstream.merger.state import OpenEvent

Record = tuple[str | None, dict[str, Any]]
RawRecord = tuple[str | None, bytes]  # a record's key and its value as the broker holds it
SENTENCES = (
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris.",
    "Russian forces shelled the city of Kharkiv overnight, Ukrainian officials said.",
    "The United Nations called for a ceasefire and urged both sides to return to talks.",
    "Thousands of protesters gathered outside the parliament in Warsaw.",
    "Chinese Foreign Minister Wang Yi visited Brasilia for talks with Brazilian leaders.",
    "The European Union imposed new sanctions on Iranian officials on Monday.",
    "Kenyan police arrested 12 people after clashes in Nairobi.",
    "Japan and South Korea signed a defence agreement in Tokyo.",
)


def news_articles(count: int, run: str) -> list[RawArticle]:
    """Distinct articles of a few sentences each, every one under its own address."""
    articles = []
    for number in range(count):
        shift = number % len(SENTENCES)
        sentences = SENTENCES[shift:] + SENTENCES[:shift]
        text = " ".join(sentences) + f" This is report number {number}."
        url = f"https://faults.newsstream.invalid/{run}/{number}"
        articles.append(build_raw_article(text, input_kind="html", url=url, language="en"))
    return articles


def produce_articles(settings: Settings, articles: Sequence[RawArticle]) -> dict[str, int]:
    """Send the articles to the raw topic; the partition each one went to."""
    producer = create_producer(settings)
    try:
        futures = {
            article.id: send_validated(
                producer, settings.topic_raw, article.id, article, Contract.RAW_ARTICLE
            )
            for article in articles
        }
        producer.flush()
        return {article_id: future.get().partition for article_id, future in futures.items()}
    finally:
        producer.close()


def assert_once_or_identical_copies(expected_keys: Iterable[str], records: list[Record]) -> None:
    """Every key has a record, and all copies under one key (replays) are equal."""
    copies: dict[str | None, set[bytes]] = defaultdict(set)
    for key, record in records:
        assert key == record["id"]
        copies[key].add(orjson.dumps(record))
    assert set(copies) == set(expected_keys)
    differing = [key for key, versions in copies.items() if len(versions) > 1]
    assert not differing, f"different records under one key: {differing[:5]}"


@cache
def reference_validator(contract: Contract) -> Draft202012Validator:
    """A full draft 2020-12 validator (the services use a faster compiled one)."""
    resources = [(load_schema(c)["$id"], Resource.from_contents(load_schema(c))) for c in Contract]
    registry = Registry().with_resources(resources)
    return Draft202012Validator(
        load_schema(contract), registry=registry, format_checker=FormatChecker()
    )


def assert_valid(contract: Contract, message: dict[str, Any] | msgspec.Struct) -> None:
    """``message`` passes the reference validator; a record, as the JSON it is published as."""
    if isinstance(message, msgspec.Struct):
        message = orjson.loads(encode(message))
    errors = sorted(reference_validator(contract).iter_errors(message), key=str)
    assert not errors, f"{contract.value}: {[e.message for e in errors[:5]]}"


def read_topic(
    settings: Settings, topic: str, *, expected: int, timeout_s: float = 120
) -> list[tuple[str | None, dict[str, Any]]]:
    """Read a topic from the start until ``expected`` messages arrived or time ran out."""
    consumer = create_consumer(settings, topic, from_beginning=True)
    messages: list[tuple[str | None, dict[str, Any]]] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(messages) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                for record in batch:
                    key = record.key.decode() if record.key is not None else None
                    messages.append((key, orjson.loads(record.value)))
    finally:
        consumer.close()
    return messages


def topic_partitions(consumer: KafkaConsumer, topic: str) -> list[TopicPartition]:
    partitions = consumer.partitions_for_topic(topic)
    assert partitions, f"{topic}: no such topic"
    return [TopicPartition(topic, partition) for partition in sorted(partitions)]


def read_to_end(settings: Settings, topic: str, timeout_s: float = 120) -> list[Record]:
    """Every record the topic holds now, its value decoded (see read_bytes_to_end)."""
    return [
        (key, orjson.loads(value)) for key, value in read_bytes_to_end(settings, topic, timeout_s)
    ]


def read_bytes_to_end(settings: Settings, topic: str, timeout_s: float = 120) -> list[RawRecord]:
    """Every record the topic holds now: read from the start up to the end offsets taken when
    called. Unlike waiting for a number of records in a time window, this neither stops early
    nor misses a record the broker already acknowledged; AssertionError after the timeout."""
    consumer = create_consumer(settings, from_beginning=True)
    try:
        partitions = topic_partitions(consumer, topic)
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        records: list[RawRecord] = []
        deadline = time.monotonic() + timeout_s
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            assert time.monotonic() < deadline, f"{topic}: not read to {ends} in {timeout_s:g} s"
            for tp, batch in consumer.poll(timeout_ms=500).items():
                records.extend(
                    (key_text(record), record.value) for record in batch if record.offset < ends[tp]
                )
        return records
    finally:
        consumer.close()


def committed_offsets(settings: Settings, group: str, topic: str) -> dict[int, int | None]:
    """The offset ``group`` committed for each partition of ``topic`` (None: none yet)."""
    consumer = create_consumer(settings, group_id=group, enable_auto_commit=False)
    try:
        return {tp.partition: consumer.committed(tp) for tp in topic_partitions(consumer, topic)}
    finally:
        consumer.close()


def wait_until_committed(
    settings: Settings, group: str, topic: str, timeout_s: float = 120
) -> None:
    """Wait until ``group`` committed every offset of ``topic`` up to its end offsets. The
    worker commits a message only after the broker acknowledged all its outputs, so from then
    on the output topics hold everything that came of the topic's messages."""
    consumer = create_consumer(settings, group_id=group, enable_auto_commit=False)
    try:
        partitions = topic_partitions(consumer, topic)
        ends = consumer.end_offsets(partitions)
        deadline = time.monotonic() + timeout_s
        while (committed := {tp: consumer.committed(tp) or 0 for tp in partitions}) != ends:
            assert time.monotonic() < deadline, f"{group} committed {committed}, ends {ends}"
            time.sleep(0.5)
    finally:
        consumer.close()


def key_text(record: ConsumerRecord) -> str | None:
    return record.key.decode() if record.key is not None else None


class TopicCollector(threading.Thread):
    """Reads a topic from the start in the background, keeping every record in arrival order;
    use as a context manager (``with TopicCollector(settings, topic) as enriched: ...``)."""

    def __init__(self, settings: Settings, topic: str) -> None:
        super().__init__(name=f"collect-{topic}", daemon=True)
        self.settings = settings
        self.topic = topic
        self._records: list[Record] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def __enter__(self) -> TopicCollector:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self.join(timeout=10)

    def run(self) -> None:
        consumer = create_consumer(self.settings, self.topic, from_beginning=True)
        try:
            while not self._stopping.is_set():
                for batch in consumer.poll(timeout_ms=200).values():
                    received = [
                        (r.key.decode() if r.key is not None else None, orjson.loads(r.value))
                        for r in batch
                    ]
                    with self._lock:
                        self._records.extend(received)
        finally:
            consumer.close()

    @property
    def records(self) -> list[Record]:
        with self._lock:
            return list(self._records)

    def keys(self) -> set[str | None]:
        return {key for key, _ in self.records}

    def wait_until(
        self,
        condition: Callable[[list[Record]], bool],
        timeout_s: float,
        explain: Callable[[], str] = lambda: "",
    ) -> list[Record]:
        """The records once ``condition`` holds for them; AssertionError after the timeout."""
        deadline = time.monotonic() + timeout_s
        while not condition(records := self.records):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.topic}: condition not met in {timeout_s:g} s with "
                    f"{len(records)} records\n{explain()}"
                )
            time.sleep(0.2)
        return records

    def wait_for_keys(
        self, keys: set[str], timeout_s: float, explain: Callable[[], str] = lambda: ""
    ) -> list[Record]:
        return self.wait_until(lambda records: keys <= {k for k, _ in records}, timeout_s, explain)


def corrupt_gzip(content: bytes) -> bytes:
    """A gzip file whose header is sound and whose compressed data is not."""
    packed = bytearray(gzip.compress(content, mtime=0))
    packed[20:40] = bytes(byte ^ 0xFF for byte in packed[20:40])
    return bytes(packed)


def code_events(nlp: Any, text: str, published: str | None) -> list[dict[str, Any]]:
    """The event messages of a text coded as the enricher codes an article, as JSON objects."""
    article = new_raw_article(
        text, input_kind="text", published=published, fetched_at="2024-01-01T00:00:00Z"
    )
    resources = default_resources()
    doc = nlp(text)
    entities = resources.entities(doc, text, None)
    return msgspec.to_builtins(extract_events(doc, entities, article, resources))


# --- event messages for the merger's tests: two leaders meeting in Paris ---

MEETING_DAY = "2025-03-10"
SENTENCE = "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris."
PARIS = {
    "name": "Paris",
    "country_code": "FRA",
    "geonames_id": 2988507,
    "latitude": 48.85,
    "longitude": 2.35,
    "precision": "city",
    "source": "sentence",
}
BERLIN = PARIS | {"name": "Berlin", "country_code": "DEU", "geonames_id": 2950159}


def event_party(name: str, code: str, country: str | None) -> dict[str, Any]:
    return {
        "name": name,
        "label": "PERSON",
        "entity_id": None,
        "country_code": country,
        "code": code,
        "roles": ["GOV"] if code.endswith("GOV") else [],
        "known_group": None,
    }


def hex_id(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def meeting_event(
    url: str | None,
    *,
    code: str = "040",
    date_: str | None = MEETING_DAY,
    location: dict[str, Any] | None = PARIS,
    modality: str = "asserted",
    actor: dict[str, Any] | None = None,
    target: dict[str, Any] | None = None,
    sentence_start: int = 0,
    sentence_number: int = 1,
) -> Event:
    """An article's event as the enricher publishes it (Scholz meets Macron, by default); its
    ids derive from the address and the codes."""
    actor = actor or event_party("Olaf Scholz", "DEUGOV", "DEU")
    target = target or event_party("Emmanuel Macron", "FRAGOV", "FRA")
    trigger = sentence_start + SENTENCE.index("met")
    return msgspec.convert(
        {
            "schema_version": "1.0",
            "id": hex_id("event", url, code, actor["code"], target["code"]),
            "article_id": hex_id("article", url),
            "article_url": url,
            "article_published": f"{MEETING_DAY}T09:00:00Z",
            "cameo_code": code,
            "cameo_root": code[:2],
            "event_type": "Consult",
            "quad_class": 1,
            "goldstein": 1.0,
            "actor": actor,
            "target": target,
            "speaker": None,
            "trigger": {"text": "met", "start": trigger, "end": trigger + 3},
            "sentence": {
                "text": SENTENCE,
                "start": sentence_start,
                "end": sentence_start + len(SENTENCE),
            },
            "sentence_number": sentence_number,
            "location": location,
            "date": date_,
            "negated": False,
            "modality": modality,
            "confidence": 0.8,
            "mention_count": 1,
        },
        Event,
    )


def merger_outputs(
    events: Sequence[Event], timestamp: float
) -> list[tuple[MergedEvent, EventMention]]:
    """What the merger publishes for each event message, in order, by its plain functions:
    the merged event after the mention and the mention's record."""
    policy = MergePolicy.from_settings(Settings())
    buckets: dict[str, list[OpenEvent]] = {}
    outputs = []
    for event in events:
        mention = to_mention(event, timestamp)
        key = merge_key(event)
        outcome = add_mention(buckets.get(key, []), mention, key, mention.time, policy)
        buckets[key] = outcome.events
        assert outcome.event is not None, f"{event.id}: not merged ({outcome.kind})"
        outputs.append((merged_record(outcome.event), mention_record(outcome.event, mention)))
    return outputs
