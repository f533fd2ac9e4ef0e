"""Event messages in: decoded into Event records, or the reason they go to the dead-letter
topic."""

from __future__ import annotations

import msgspec

from newsstream.common.deadletter import decode_record
from newsstream.common.records import Event

_EVENT = msgspec.json.Decoder(Event)


def decode_event(value: bytes | None) -> Event:
    """Parse and check one event message, or raise Rejected with the reason."""
    return decode_record(_EVENT, value)
