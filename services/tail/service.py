"""`newsstream tail`: subscribe to a pipeline topic and print what arrives."""

from __future__ import annotations

import sys
import time

import orjson

from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.settings import Settings
from newsstream.tail.formatting import format_message

POLL_TIMEOUT_MS = 500


def resolve_topic(name: str, settings: Settings) -> str:
    """Accept the short names raw, enriched, events, merged, mentions and deadletter, or any
    topic name."""
    aliases = {
        "raw": settings.topic_raw,
        "enriched": settings.topic_enriched,
        "events": settings.topic_events,
        "merged": settings.topic_merged,
        "mentions": settings.topic_mentions,
        "deadletter": settings.topic_deadletter,
    }
    return aliases.get(name, name)


def run_tail(
    topic: str,
    *,
    as_json: bool,
    from_beginning: bool,
    max_messages: int | None,
    idle_timeout_s: float | None,
    settings: Settings,
) -> int:
    consumer = create_consumer(
        settings, resolve_topic(topic, settings), from_beginning=from_beginning
    )
    shown = 0
    last_message_at = time.monotonic()
    try:
        while max_messages is None or shown < max_messages:
            batches = consumer.poll(timeout_ms=POLL_TIMEOUT_MS)
            records = [record for batch in batches.values() for record in batch]
            if not records and idle_timeout_s is not None:
                if time.monotonic() - last_message_at > idle_timeout_s:
                    break
                continue
            remaining = len(records) if max_messages is None else max_messages - shown
            for record in records[:remaining]:
                print_record(record.value, as_json)
                shown += 1
                last_message_at = time.monotonic()
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    return 0


def print_record(value: bytes | None, as_json: bool) -> None:
    if value is None:
        return
    if as_json:
        sys.stdout.write(value.decode("utf-8", errors="replace") + "\n")
    else:
        try:
            sys.stdout.write(format_message(orjson.loads(value)) + "\n")
        except (orjson.JSONDecodeError, KeyError, TypeError):
            sys.stdout.write(f"(not a newsstream message: {value[:80]!r})\n")
    sys.stdout.flush()
