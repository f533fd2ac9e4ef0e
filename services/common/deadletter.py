"""Dead-letter records: what could not be processed, why, and the original bytes."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TypeVar

import msgspec
import orjson

from newsstream.common.articles import utc_now_iso
from newsstream.common.records import DeadLetter, Service, Stage
from newsstream.common.schemas import SCHEMA_VERSION

T = TypeVar("T")


@dataclass(frozen=True)
class SourcePosition:
    topic: str | None
    partition: int | None
    offset: int | None


class Rejected(Exception):
    """Input that goes to the dead-letter topic: ``stage`` and a bounded ``reason`` class."""

    def __init__(self, stage: Stage, reason: str, error: str) -> None:
        super().__init__(error)
        self.stage: Stage = stage
        self.reason = reason
        self.error = error


def decoding_rejection(value: bytes, error: msgspec.MsgspecError) -> Rejected:
    """Why a message did not decode into its record type. msgspec stops at the first field of
    the wrong type, so the encoding and the JSON are checked here to give the same reason
    whatever comes first."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected("decode", "invalid_utf8", f"value is not UTF-8: {exc}")
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Rejected("decode", "invalid_json", f"not a JSON document: {exc}")
    if isinstance(error, msgspec.ValidationError):
        return Rejected("validate", "schema_violation", str(error))
    return Rejected("decode", "invalid_json", f"not a JSON document: {error}")


def decode_record(decoder: msgspec.json.Decoder[T], value: bytes | None) -> T:
    """One message's record, or Rejected with the reason it is none."""
    if value is None:
        raise Rejected("decode", "null_value", "message has no value")
    try:
        return decoder.decode(value)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise decoding_rejection(value, exc) from None


def _encode_bytes(data: bytes | None) -> tuple[str | None, str]:
    if data is None:
        return None, "none"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), "base64"


def dead_letter_id(position: SourcePosition, stage: str, payload: bytes | None) -> str:
    basis = f"{position.topic}|{position.partition}|{position.offset}|{stage}|".encode()
    return hashlib.sha256(basis + (payload or b"")).hexdigest()[:32]


def new_dead_letter(
    *,
    service: Service,
    rejection: Rejected,
    position: SourcePosition,
    key: bytes | None,
    payload: bytes | None,
) -> DeadLetter:
    encoded_payload, encoding = _encode_bytes(payload)
    encoded_key, _ = _encode_bytes(key)
    return DeadLetter(
        schema_version=SCHEMA_VERSION,
        id=dead_letter_id(position, rejection.stage, payload),
        service=service,
        stage=rejection.stage,
        reason=rejection.reason,
        error=rejection.error,
        source_topic=position.topic,
        source_partition=position.partition,
        source_offset=position.offset,
        source_key=encoded_key,
        payload=encoded_payload,
        payload_encoding=encoding,
        payload_bytes=len(payload or b""),
        failed_at=utc_now_iso(),
    )
