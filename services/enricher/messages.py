"""The enricher's messages: a raw-topic message in; enriched records, events and dead letters out.

Decoding and the contract checks raise Rejected with the dead-letter stage and reason, so every
message ends as one enriched record or one dead letter. The types of services/common/records.py
do the checks: decoding into RawArticle validates the input, converting the JSON objects of the
built EnrichedArticle back into one validates the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from newsstream.common.deadletter import (
    Rejected,
    SourcePosition,
    decoding_rejection,
    new_dead_letter,
)
from newsstream.common.records import DeadLetter, EnrichedArticle, RawArticle, encode

_RAW_ARTICLE = msgspec.json.Decoder(RawArticle)


@dataclass(frozen=True)
class InboundMessage:
    key: bytes | None
    value: bytes | None
    position: SourcePosition
    timestamp: float | None = None
    # What the transport needs to acknowledge the message (the worker's Faust event).
    receipt: Any = field(default=None, compare=False, repr=False)


@dataclass
class Outcome:
    """What became of the messages an NLP step (or a whole batch) finished."""

    enriched: list[tuple[InboundMessage, EnrichedArticle]] = field(default_factory=list)
    dead_letters: list[DeadLetter] = field(default_factory=list)
    nlp_seconds: float = 0.0


def in_process_message(
    index: int, article: RawArticle, origin: str | None = None
) -> InboundMessage:
    """An article handed over in the same process, as if read at offset ``index`` of ``origin``."""
    return InboundMessage(
        key=None, value=encode(article), position=SourcePosition(origin, None, index)
    )


def decode_article(message: InboundMessage, max_text_chars: int) -> RawArticle:
    """Parse and check one raw-topic message, or raise Rejected with the reason."""
    if message.value is None:
        raise Rejected("decode", "null_value", "message has no value")
    try:
        article = _RAW_ARTICLE.decode(message.value)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise decoding_rejection(message.value, exc) from None
    length = len(article.text)
    if length > max_text_chars:
        raise Rejected(
            "validate", "text_too_long", f"text has {length} characters, over {max_text_chars}"
        )
    return article


def checked_output(record: EnrichedArticle) -> EnrichedArticle:
    """The built record as published, or Rejected when it breaks its contract.

    Building a Struct checks none of its constraints (patterns, bounds): converting its JSON
    objects does (faster than encoding and decoding it).
    """
    try:
        return msgspec.convert(msgspec.to_builtins(record), EnrichedArticle)
    except msgspec.ValidationError as exc:
        raise Rejected("process", "output_schema_violation", str(exc)) from None


def dead_letter(message: InboundMessage, rejection: Rejected) -> DeadLetter:
    return new_dead_letter(
        service="enricher",
        rejection=rejection,
        position=message.position,
        key=message.key,
        payload=message.value,
    )
