"""`make bench-merge`: what the merger costs per event and per open event, without Kafka.

1. Throughput: --events synthetic event messages (several outlets' mentions of the same
   events, many merge keys) through what the merge agent does with each, on one core: decode
   the message, read the bucket from the table's bytes, merge, write the bucket back, build and
   encode the merged event and the mention, count the mention into the last hour's window.
   Faust's own work per message is not included. The bound (issue 13): 2,000 events/s.
2. Memory: --open-events open events held as the table holds them (merge key -> the bucket's
   JSON bytes), each with two mentions; the memory of that table (the dict, its keys and
   values) per open event. The bound: 100,000 open events in 300 MB of worker memory.
3. The last hour's window (services/merger/now.py) at its bound: --window-dyads dyads (the
   setting's default), each mentioned in every minute of the hour; its memory (its counters,
   keys and counts) and the time a snapshot of it takes (the gauges' update).

    python -m benchmarks.merging [--events 50000] [--open-events 100000] [--rounds 3]
                                 [--window-dyads 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator

import orjson

from newsstream.common.records import encode
from newsstream.common.settings import Settings
from newsstream.merger.merging import DAY_S, MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.messages import decode_event
from newsstream.merger.now import SLOT_S, WINDOW_S, NowMention, NowWindow, now_mention
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
        "sentence_number": 1,
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


def merge_into(
    table: dict[str, bytes], window: NowWindow, value: bytes, timestamp: float, clock: float
) -> float:
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
        if outcome.kind in ("opened", "joined"):
            window.add(now_mention(outcome.event, event, timestamp), timestamp)
        encode(merged_record(outcome.event))
        encode(mention_record(outcome.event, mention))
    return clock


def throughput(inputs: list[tuple[bytes, float]]) -> float:
    table: dict[str, bytes] = {}
    window = NowWindow(Settings().merger_window_max_dyads)
    clock = float("-inf")
    started = time.perf_counter()
    for value, timestamp in inputs:
        clock = merge_into(table, window, value, timestamp, clock)
    return len(inputs) / (time.perf_counter() - started)


def bytes_per_open_event(open_events: int) -> float:
    """Memory of a table holding ``open_events`` events (none closes), per event: the dict,
    its keys and its values, as Faust's memory store holds them."""
    table: dict[str, bytes] = {}
    window = NowWindow(Settings().merger_window_max_dyads)
    clock = float("-inf")
    for value, timestamp in messages(open_events * MENTIONS_PER_EVENT):
        clock = merge_into(table, window, value, timestamp, clock)
    count = sum(len(decode_bucket(stored).events) for stored in table.values())
    assert count == open_events, f"{count} open events, {open_events} expected"
    held = sys.getsizeof(table) + sum(map(sys.getsizeof, [*table, *table.values()]))
    return held / open_events


def full_window(dyads: int) -> tuple[float, float]:
    """The last hour's window holding ``dyads`` dyads, each mentioned in every minute, as
    ``now_mention`` makes them (one string per dyad): its memory in bytes, and the seconds a
    snapshot of it takes (the best of three: a garbage collection may fall into one)."""
    window = NowWindow(dyads)
    names = [sys.intern(f"P{number}→Q{number}") for number in range(dyads)]
    for minute in range(int(WINDOW_S // SLOT_S)):
        now = START + minute * SLOT_S
        for number, name in enumerate(names):
            countries = (COUNTRIES[number % len(COUNTRIES)], COUNTRIES[minute % len(COUNTRIES)])
            window.add(NowMention(name, countries, 1, 10, now), now)
    settings = Settings()
    return held_bytes(window), min(snapshot_seconds(window, now, settings) for _ in range(3))


def snapshot_seconds(window: NowWindow, now: float, settings: Settings) -> float:
    started = time.perf_counter()
    window.snapshot(now, settings.merger_top_dyads, settings.merger_top_countries)
    return time.perf_counter() - started


def held_bytes(window: NowWindow) -> int:
    """The window's slots and total: their counters, keys and counts, each object once."""
    seen: set[int] = set()

    def size(value: object) -> int:
        if id(value) in seen:
            return 0
        seen.add(id(value))
        parts = value if isinstance(value, tuple) else ()
        return sys.getsizeof(value) + sum(map(size, parts))

    tallies = [*window.slots.values(), window.total]
    counters = [vars(tally).values() for tally in tallies]
    return sum(
        size(counts) + sum(size(key) + size(count) for key, count in counts.items())
        for fields in counters
        for counts in fields
    ) + size(window.slots)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--open-events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--window-dyads", type=int, default=Settings().merger_window_max_dyads)
    args = parser.parse_args(argv)
    inputs = list(messages(args.events))
    rate = max(throughput(inputs) for _ in range(args.rounds))
    per_event = bytes_per_open_event(args.open_events)
    for_100k = per_event * 100_000
    window_bytes, snapshot_s = full_window(args.window_dyads)
    print("| measure | value | bound |")
    print("| --- | --- | --- |")
    print(f"| merge agent's work, events/s on one core | {rate:,.0f} | ≥ {MIN_EVENTS_PER_S:,} |")
    print(f"| table memory per open event | {per_event:,.0f} bytes | |")
    print(
        f"| table memory for 100,000 open events | {for_100k / 2**20:,.0f} MB "
        f"| ≤ {MAX_BYTES_FOR_100K // 2**20} MB |"
    )
    print(f"| last hour's window, {args.window_dyads:,} dyads | {window_bytes / 2**20:,.0f} MB | |")
    print(f"| snapshot of that window (gauges' update) | {snapshot_s * 1000:,.0f} ms | |")
    return 0 if rate >= MIN_EVENTS_PER_S and for_100k <= MAX_BYTES_FOR_100K else 1


if __name__ == "__main__":
    sys.exit(main())
