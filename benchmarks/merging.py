"""`make bench-merge`: what the merger costs per event and per open event, without Kafka.

1. Throughput: --events synthetic event messages (several outlets' mentions of the same
   events, many merge keys) through what the merge agent does with each, on one core: decode
   the message, read the bucket from the table's bytes, merge, write the bucket back, build and
   encode the merged event and the mention. Faust's own work per message is not included. The
   bound (issue 13): 2,000 events/s.
2. Memory: --open-events open events held as the table holds them (merge key -> the bucket's
   JSON bytes), each with two mentions; the memory of that table (the dict, its keys and
   values) per open event. The bound: 100,000 open events in 300 MB of worker memory.

    python -m benchmarks.merging [--events 50000] [--open-events 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator

import orjson

from newsstream.common.records import encode
from newsstream.merger.merging import DAY_S, MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.messages import decode_event
from newsstream.merger.records import mention_record, merged_record
from newsstream.merger.state import Bucket, decode_bucket, encode_bucket

MIN_EVENTS_PER_S = 2_000
MAX_BYTES_FOR_100K = 300 * 1024 * 1024
POLICY = MergePolicy(horizon_s=3 * DAY_S, day_tolerance=1, lead_chars=300)
COUNTRIES = ("USA", "RUS", "UKR", "CHN", "FRA", "DEU", "GBR", "ISR", "IRN", "IND", "BRA", "TUR")
ROLES = ("GOV", "MIL", "COP", "REB", "BUS", "")
# ten roots, none reciprocal (root 04 would merge the events of swapped parties)
CODES = ("010", "036", "112", "190", "061", "051", "173", "020", "130", "080")
PARTIES = len(COUNTRIES) * len(ROLES)
KEYS = PARTIES * PARTIES * len(CODES)  # distinct merge keys: actor, target, root
START = 1_741_600_000.0  # 2025-03-10
MENTIONS_PER_EVENT = 2
SENTENCE = "The government of one country met the leaders of another in its capital."


def hex_id(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def party(number: int) -> dict[str, object]:
    country = COUNTRIES[number % len(COUNTRIES)]
    role = ROLES[(number // len(COUNTRIES)) % len(ROLES)]
    return {
        "name": f"Party {number}",
        "label": "ORG",
        "entity_id": None,
        "country_code": country,
        "code": country + role,
        "roles": [role] if role else [],
        "known_group": None,
    }


def event_message(number: int, mention: int) -> bytes:
    """The ``mention``-th outlet's article event about synthetic event ``number``: each has a
    merge key of its own, or a day two days apart from the event with the same key."""
    key, epoch = divmod(number, KEYS)[::-1]
    code = CODES[key % len(CODES)]
    day = epoch * 2
    url = f"https://outlet{mention}.example/{number}"
    published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(START + day * DAY_S + mention))
    event = {
        "schema_version": "1.0",
        "id": hex_id("event", number, mention),
        "article_id": hex_id("article", number, mention),
        "article_url": url,
        "article_published": published,
        "cameo_code": code,
        "cameo_root": code[:2],
        "event_type": "Consult",
        "quad_class": 1,
        "goldstein": 1.0,
        "actor": party(key // len(CODES) % PARTIES),
        "target": party(key // len(CODES) // PARTIES),
        "speaker": None,
        "trigger": {"text": "met", "start": 26, "end": 29},
        "sentence": {"text": SENTENCE, "start": 0, "end": len(SENTENCE)},
        "location": None,
        "date": None,
        "negated": False,
        "modality": "asserted",
        "confidence": 0.7,
        "mention_count": 1,
    }
    return orjson.dumps(event)


def messages(events: int) -> Iterator[tuple[bytes, float]]:
    """Each event's mentions one after the other, with the time they were published."""
    for number in range(events // MENTIONS_PER_EVENT):
        for mention in range(MENTIONS_PER_EVENT):
            yield event_message(number, mention), START + number // KEYS * 2 * DAY_S + mention


def merge_into(table: dict[str, bytes], value: bytes, timestamp: float, clock: float) -> float:
    """What the merge agent does with one message; the partition's new stream time."""
    event = decode_event(value)
    mention = to_mention(event, timestamp)
    clock = max(clock, mention.time)
    key = merge_key(event)
    stored = table.get(key)
    events = [] if stored is None else decode_bucket(stored).events
    outcome = add_mention(events, mention, key, clock, POLICY)
    table[key] = encode_bucket(Bucket(0, outcome.events))
    if outcome.event is not None:
        encode(merged_record(outcome.event))
        encode(mention_record(outcome.event, mention))
    return clock


def throughput(inputs: list[tuple[bytes, float]]) -> float:
    table: dict[str, bytes] = {}
    clock = float("-inf")
    started = time.perf_counter()
    for value, timestamp in inputs:
        clock = merge_into(table, value, timestamp, clock)
    return len(inputs) / (time.perf_counter() - started)


def bytes_per_open_event(open_events: int) -> float:
    """Memory of a table holding ``open_events`` events (none closes), per event: the dict,
    its keys and its values, as Faust's memory store holds them."""
    table: dict[str, bytes] = {}
    clock = float("-inf")
    for value, timestamp in messages(open_events * MENTIONS_PER_EVENT):
        clock = merge_into(table, value, timestamp, clock)
    count = sum(len(decode_bucket(stored).events) for stored in table.values())
    assert count == open_events, f"{count} open events, {open_events} expected"
    held = sys.getsizeof(table) + sum(map(sys.getsizeof, [*table, *table.values()]))
    return held / open_events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--open-events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    inputs = list(messages(args.events))
    rate = max(throughput(inputs) for _ in range(args.rounds))
    per_event = bytes_per_open_event(args.open_events)
    for_100k = per_event * 100_000
    print("| measure | value | bound |")
    print("| --- | --- | --- |")
    print(f"| merge agent's work, events/s on one core | {rate:,.0f} | ≥ {MIN_EVENTS_PER_S:,} |")
    print(f"| table memory per open event | {per_event:,.0f} bytes | |")
    print(
        f"| table memory for 100,000 open events | {for_100k / 2**20:,.0f} MB "
        f"| ≤ {MAX_BYTES_FOR_100K // 2**20} MB |"
    )
    return 0 if rate >= MIN_EVENTS_PER_S and for_100k <= MAX_BYTES_FOR_100K else 1


if __name__ == "__main__":
    sys.exit(main())
