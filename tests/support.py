"""Helpers for tests: a reference JSON Schema validator and a topic reader."""

from __future__ import annotations

import time
from functools import cache
from typing import Any

import orjson
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.schemas import Contract, load_schema
from newsstream.common.settings import Settings


@cache
def reference_validator(contract: Contract) -> Draft202012Validator:
    """A full draft 2020-12 validator (the services use a faster compiled one)."""
    resources = [(load_schema(c)["$id"], Resource.from_contents(load_schema(c))) for c in Contract]
    registry = Registry().with_resources(resources)
    return Draft202012Validator(
        load_schema(contract), registry=registry, format_checker=FormatChecker()
    )


def assert_valid(contract: Contract, message: dict[str, Any]) -> None:
    errors = sorted(reference_validator(contract).iter_errors(message), key=str)
    assert not errors, f"{contract.value}: {[e.message for e in errors[:5]]}"


def read_topic(
    settings: Settings, topic: str, *, expected: int, timeout_s: float = 120
) -> list[tuple[str | None, dict[str, Any]]]:
    """Read a topic from the start until ``expected`` messages arrived or time ran out."""
    consumer = create_consumer(settings, topic, from_beginning=True)
    messages: list[tuple[str | None, dict[str, Any]]] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(messages) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                for record in batch:
                    key = record.key.decode() if record.key is not None else None
                    messages.append((key, orjson.loads(record.value)))
    finally:
        consumer.close()
    return messages
