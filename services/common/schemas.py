"""The message contracts in ``schemas/``, compiled once into fast validators."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import orjson

SCHEMA_BASE_URI = "https://newsstream.dev/schemas/"
# The version every message carries in ``schema_version``.
SCHEMA_VERSION = "1.0"


class Contract(StrEnum):
    RAW_ARTICLE = "raw_article"
    ENRICHED_ARTICLE = "enriched_article"
    EVENT = "event"
    DEADLETTER = "deadletter"
    MERGED_EVENT = "merged_event"
    EVENT_MENTION = "event_mention"


class ContractViolation(ValueError):
    """A message does not match its contract."""

    def __init__(self, contract: Contract, detail: str) -> None:
        super().__init__(f"{contract.value}: {detail}")
        self.contract = contract
        self.detail = detail


def schema_file_name(contract: Contract) -> str:
    return f"{contract.value}.schema.json"


@cache
def load_schema(contract: Contract) -> dict[str, Any]:
    return _load_by_name(schema_file_name(contract))


def _load_by_name(file_name: str) -> dict[str, Any]:
    text = resources.files("newsstream.contracts").joinpath(file_name).read_bytes()
    return orjson.loads(text)


def _resolve_local_uri(uri: str) -> dict[str, Any]:
    """Serve ``$ref``s to our own schema URIs from the package, never from the network."""
    if not uri.startswith(SCHEMA_BASE_URI):
        raise ValueError(f"schema reference outside the package: {uri}")
    return _load_by_name(uri.removeprefix(SCHEMA_BASE_URI).split("#", 1)[0])


@cache
def _compiled(contract: Contract) -> Callable[[Any], Any]:
    return fastjsonschema.compile(
        load_schema(contract),
        handlers={"https": _resolve_local_uri},
        formats={"date-time": _is_text},
    )


def _is_text(value: str) -> bool:
    return isinstance(value, str)


def validate(contract: Contract, message: Any) -> None:
    """Raise ContractViolation when ``message`` does not match ``contract``."""
    try:
        _compiled(contract)(message)
    except fastjsonschema.JsonSchemaException as exc:
        raise ContractViolation(contract, exc.message) from None
