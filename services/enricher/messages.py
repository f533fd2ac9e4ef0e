"""The enricher's messages: a raw-topic message in; enriched records, events and dead letters out.

Decoding and the contract checks raise Rejected with the dead-letter stage and reason, so every
message ends as one enriched record or one dead letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from newsstream.common.deadletter import Rejected, SourcePosition, build_dead_letter
from newsstream.common.schemas import Contract, ContractViolation, validate


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

    enriched: list[tuple[InboundMessage, dict[str, Any]]] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)
    nlp_seconds: float = 0.0


def in_process_message(index: int, article: Any, origin: str | None = None) -> InboundMessage:
    """An article handed over in the same process, as if read at offset ``index`` of ``origin``."""
    return InboundMessage(
        key=None, value=orjson.dumps(article), position=SourcePosition(origin, None, index)
    )


def decode_article(message: InboundMessage, max_text_chars: int) -> dict[str, Any]:
    """Parse and check one raw-topic message, or raise Rejected with the reason."""
    if message.value is None:
        raise Rejected("decode", "null_value", "message has no value")
    try:
        text = message.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Rejected("decode", "invalid_utf8", f"value is not UTF-8: {exc}") from None
    try:
        article = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise Rejected("decode", "invalid_json", f"not a JSON document: {exc}") from None
    check_raw_article(article, max_text_chars)
    return article


def check_raw_article(article: Any, max_text_chars: int) -> None:
    """Raise Rejected unless ``article`` is a raw article of at most ``max_text_chars``."""
    if not isinstance(article, Mapping):
        raise Rejected(
            "validate", "schema_violation", f"expected a mapping, got {type(article).__name__}"
        )
    try:
        validate(Contract.RAW_ARTICLE, dict(article))
    except ContractViolation as exc:
        raise Rejected("validate", "schema_violation", exc.detail) from None
    length = len(article["text"])
    if length > max_text_chars:
        raise Rejected(
            "validate", "text_too_long", f"text has {length} characters, over {max_text_chars}"
        )


def check_output(enriched: dict[str, Any]) -> None:
    try:
        validate(Contract.ENRICHED_ARTICLE, enriched)
        for event in events_of(enriched):
            validate(Contract.EVENT, event)
    except ContractViolation as exc:
        raise Rejected("process", "output_schema_violation", str(exc)) from None


def events_of(enriched: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The event messages (event.schema.json) of an enriched record, in text order."""
    return list(enriched["events"])


def dead_letter(message: InboundMessage, rejection: Rejected) -> dict[str, Any]:
    return build_dead_letter(
        service="enricher",
        rejection=rejection,
        position=message.position,
        key=message.key,
        payload=message.value,
    )
