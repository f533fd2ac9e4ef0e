"""What the merger keeps of an open event: the tally its merged record is computed from.

A bucket holds the open events of one merge key (actor, target, CAMEO root); the Faust table
keys buckets by merge key and holds them, as its changelog does, as JSON bytes.
"""

from __future__ import annotations

import msgspec

from newsstream.common.records import Location, Participant


class OpenEvent(msgspec.Struct):
    """An event still taking mentions. ``anchor`` (the day it opened with) and ``place`` decide
    what joins it; the tallies give its merged record. Days are proleptic ordinals, times epoch
    seconds."""

    id: str
    anchor: int
    place: Location | None
    location: Location | None
    actor: Participant
    target: Participant
    quad_class: int
    codes: dict[str, int]
    days: dict[int, int]
    mention_ids: list[str]
    articles: list[str]
    sources: list[str]
    num_mentions: int
    confidence_sum: float
    root_event: bool
    date_added: float
    source_url: str | None
    last_time: float
    last_day: int


class Bucket(msgspec.Struct):
    """The open events of one merge key, and the partition whose changelog holds them (a sweep
    may only remove what its own partition holds)."""

    partition: int
    events: list[OpenEvent]


def encode_bucket(bucket: Bucket) -> bytes:
    """A bucket as the table and its changelog hold it: JSON, less memory than the objects."""
    return _ENCODER.encode(bucket)


def decode_bucket(data: bytes) -> Bucket:
    return _BUCKET.decode(data)


_ENCODER = msgspec.json.Encoder()
_BUCKET = msgspec.json.Decoder(Bucket)
