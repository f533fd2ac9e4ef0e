"""Which articles the raw topic already holds: the answer for articles whose delivery is in
doubt (sent, then the scraper crashed or the broker failed before it acknowledged them).

Only the records written since the first of them was sent are read (by timestamp), so the
look-up stays short however long the topic is.
"""

from __future__ import annotations

import time
from collections.abc import Set

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaTimeoutError

from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.settings import Settings

_POLL_MS = 500


def keys_published_since(
    settings: Settings, wanted: Set[str], since_s: float, timeout_s: float
) -> set[str]:
    """The keys among ``wanted`` of raw-topic records timestamped ``since_s`` (Unix time) or
    later; KafkaError (KafkaTimeoutError after ``timeout_s``) when the topic cannot be read."""
    timeout_ms = int(timeout_s * 1000)
    consumer = create_consumer(
        settings,
        client_id="newsstream-scraper-lookup",
        bootstrap_timeout_ms=timeout_ms,
    )
    try:
        partitions = [
            TopicPartition(settings.topic_raw, partition)
            for partition in sorted(consumer.partitions_for_topic(settings.topic_raw) or ())
        ]
        consumer.assign(partitions)
        ends = consumer.end_offsets(partitions, timeout_ms=timeout_ms)
        starts = consumer.offsets_for_times(
            {tp: int(since_s * 1000) for tp in partitions}, timeout_ms=timeout_ms
        )
        for tp in partitions:
            consumer.seek(tp, starts[tp].offset if starts[tp] else ends[tp])
        return _matching_keys(consumer, ends, wanted, time.monotonic() + timeout_s)
    finally:
        consumer.close()


def _matching_keys(
    consumer: KafkaConsumer, ends: dict[TopicPartition, int], wanted: Set[str], deadline: float
) -> set[str]:
    found: set[str] = set()
    unread = {tp for tp, end in ends.items() if consumer.position(tp) < end}
    while unread:
        if time.monotonic() > deadline:
            raise KafkaTimeoutError(f"raw topic not read to its end: {sorted(unread)}")
        for records in consumer.poll(timeout_ms=_POLL_MS).values():
            keys = {r.key.decode(errors="replace") for r in records if r.key is not None}
            found |= keys & wanted
        unread = {tp for tp in unread if consumer.position(tp) < ends[tp]}
    return found
