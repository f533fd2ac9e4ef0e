"""A kafka-python producer that only sends messages which match their contract."""

from __future__ import annotations

from typing import Any

import msgspec
import orjson
from kafka import KafkaProducer
from kafka.producer.future import FutureRecordMetadata
from kafka.serializer import Serializer

from newsstream.common.kafka.security import client_security
from newsstream.common.records import Record, encode
from newsstream.common.schemas import Contract, validate
from newsstream.common.settings import Settings


class JsonSerializer(Serializer):
    """A record as it is published (records.encode); any other JSON value by orjson."""

    def serialize(self, topic: str, headers: list[tuple[str, bytes]], data: Any) -> bytes:
        return encode(data) if isinstance(data, Record) else orjson.dumps(data)


class TextKeySerializer(Serializer):
    def serialize(self, topic: str, headers: list[tuple[str, bytes]], data: str) -> bytes:
        return data.encode("utf-8")


def create_producer(settings: Settings, **overrides: Any) -> KafkaProducer:
    """Idempotent, acks=all, batching and compressing producer of JSON values and text keys."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_server_list,
        "client_id": "newsstream-producer",
        "acks": "all",
        "enable_idempotence": True,
        "compression_type": None if settings.compression == "none" else settings.compression,
        "linger_ms": 20,
        "batch_size": 256 * 1024,
        "max_request_size": settings.max_message_bytes,
        "key_serializer": TextKeySerializer(),
        "value_serializer": JsonSerializer(),
        **client_security(settings),
    }
    config.update(overrides)
    return KafkaProducer(**config)


def send_validated(
    producer: KafkaProducer, topic: str, key: str, message: Record, contract: Contract
) -> FutureRecordMetadata:
    """Check ``message`` against ``contract`` before it leaves the process, then send it."""
    validate(contract, msgspec.to_builtins(message))
    return producer.send(topic, key=key, value=message)
