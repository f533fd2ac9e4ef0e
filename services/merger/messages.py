"""Event messages in: decoded into Event records, or the reason they go to the dead-letter
topic."""

from __future__ import annotations

import msgspec

from newsstream.common.deadletter import Rejected, decoding_rejection
from newsstream.common.records import Event

_EVENT = msgspec.json.Decoder(Event)


def decode_event(value: bytes | None) -> Event:
    """Parse and check one event message, or raise Rejected with the reason."""
    if value is None:
        raise Rejected("decode", "null_value", "message has no value")
    try:
        return _EVENT.decode(value)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise decoding_rejection(value, exc) from None
