"""What the merger keeps of an open event: the tally its merged record is computed from.

A bucket holds the open events of one merge key (actor, target, CAMEO root); the Faust table
keys buckets by merge key and its changelog stores them as JSON (``StructCodec``).
"""

from __future__ import annotations

from typing import Any

import msgspec
from faust.serializers.codecs import Codec

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
    goldstein: dict[str, float]
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


class StructCodec(Codec):
    """A Faust codec that stores a msgspec Struct as JSON and reads it back typed."""

    def __init__(self, children: tuple[Codec, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(children, **kwargs)
        self._encoder = msgspec.json.Encoder()
        self._decoder = msgspec.json.Decoder(kwargs["struct_type"])

    def _dumps(self, value: Any) -> bytes:
        return self._encoder.encode(value)

    def _loads(self, data: bytes) -> Any:
        return self._decoder.decode(data)
