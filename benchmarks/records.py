"""Decoding and validating raw articles, encoding enriched records: µs per message per library.

    newsstream extract PAGES > raw.jsonl && newsstream enrich raw.jsonl > enriched.jsonl
    python -m benchmarks.records raw.jsonl enriched.jsonl

Compares the enricher's former path (orjson, then the fastjsonschema contract checks) with
msgspec Structs (services/common/records.py) and, for decoding, a pydantic v2 model of the
same contract. The enriched file must hold the records of the raw file, line by line.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import orjson
import pydantic
from pydantic import ConfigDict, Field

from newsstream.common.deadletter import SourcePosition
from newsstream.common.records import EnrichedArticle, RawArticle, encode
from newsstream.common.schemas import Contract, validate
from newsstream.enricher.messages import InboundMessage, checked_output, decode_article

ROUNDS = 5


class PydanticRawArticle(pydantic.BaseModel):
    """raw_article.schema.json as a pydantic model, for comparison only."""

    model_config = ConfigDict(extra="forbid", strict=True)

    schema_version: Literal["1.0"]
    id: Annotated[str, Field(pattern="^[0-9a-f]{32}$")]
    url: Annotated[str, Field(max_length=4096)] | None
    canonical_url: Annotated[str, Field(max_length=4096)] | None
    title: str | None
    text: Annotated[str, Field(min_length=1)]
    authors: list[Annotated[str, Field(min_length=1)]]
    source: str | None
    published: str | None
    language: Annotated[str, Field(pattern="^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] | None
    content_hash: Annotated[str, Field(pattern="^[0-9a-f]{64}$")]
    fetched_at: str
    input_kind: Literal["html", "text", "json"]
    tags: dict[str, str]


def per_message_us(run: Callable[[Any], Any], items: Sequence[Any]) -> float:
    """Best of ROUNDS passes over ``items``, in µs per item."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for item in items:
            run(item)
        best = min(best, time.perf_counter() - started)
    return best / len(items) * 1e6


def orjson_and_contract(payload: bytes) -> Any:
    article = orjson.loads(payload.decode("utf-8"))
    validate(Contract.RAW_ARTICLE, article)
    return article


def decode_benchmarks(payloads: list[bytes]) -> dict[str, float]:
    decoder = msgspec.json.Decoder(RawArticle)
    adapter = PydanticRawArticle.model_validate_json
    return {
        "orjson + fastjsonschema (before)": per_message_us(orjson_and_contract, payloads),
        "msgspec Struct decode": per_message_us(decoder.decode, payloads),
        "pydantic v2 model_validate_json": per_message_us(adapter, payloads),
    }


def encode_benchmarks(records: list[dict[str, Any]]) -> dict[str, float]:
    structs = as_structs(records)
    assert [encode(s) for s in structs] == [orjson.dumps(r) for r in records], "bytes differ"
    return {
        "orjson.dumps(dict) (before)": per_message_us(orjson.dumps, records),
        "msgspec encode(Struct)": per_message_us(encode, structs),
    }


def check_benchmarks(records: list[dict[str, Any]]) -> dict[str, float]:
    convert = partial(msgspec.convert, type=EnrichedArticle)
    return {
        "fastjsonschema, record and its events (before)": per_message_us(contract_check, records),
        "msgspec.convert(dict) into EnrichedArticle": per_message_us(convert, records),
        "to_builtins + convert of the built Struct": per_message_us(
            checked_output, as_structs(records)
        ),
    }


def as_structs(records: list[dict[str, Any]]) -> list[EnrichedArticle]:
    """The records as the enricher builds them."""
    return [msgspec.convert(record, EnrichedArticle) for record in records]


def contract_check(record: dict[str, Any]) -> None:
    validate(Contract.ENRICHED_ARTICLE, record)
    for event in record["events"]:
        validate(Contract.EVENT, event)


def worker_before(pair: tuple[bytes, dict[str, Any]]) -> None:
    """The worker's own work on one message before the types: decode and check the input,
    check the output, encode the record and its events."""
    payload, record = pair
    orjson_and_contract(payload)
    contract_check(record)
    orjson.dumps(record)
    for event in record["events"]:
        orjson.dumps(event)


def worker_after(pair: tuple[bytes, EnrichedArticle]) -> None:
    payload, record = pair
    message = InboundMessage(key=None, value=payload, position=SourcePosition(None, None, 0))
    decode_article(message, max_text_chars=10**9)
    enriched = checked_output(record)
    encode(enriched)
    for event in enriched.events:
        encode(event)


def worker_benchmarks(payloads: list[bytes], records: list[dict[str, Any]]) -> dict[str, float]:
    return {
        "orjson + fastjsonschema (before)": per_message_us(
            worker_before, list(zip(payloads, records, strict=True))
        ),
        "msgspec Structs (after)": per_message_us(
            worker_after, list(zip(payloads, as_structs(records), strict=True))
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="raw articles, JSON Lines")
    parser.add_argument("enriched", type=Path, help="enriched records, JSON Lines")
    args = parser.parse_args()
    payloads = args.raw.read_bytes().splitlines()
    records = [orjson.loads(line) for line in args.enriched.read_bytes().splitlines()]
    print(f"{len(payloads)} raw articles, {len(records)} enriched records; µs per message")
    for title, results in (
        ("decode + validate a raw article", decode_benchmarks(payloads)),
        ("encode an enriched record", encode_benchmarks(records)),
        ("check an enriched record against its contract", check_benchmarks(records)),
        ("worker per message: decode, check, encode", worker_benchmarks(payloads, records)),
    ):
        print(title)
        for name, micros in results.items():
            print(f"  {name:45} {micros:9.1f}")


if __name__ == "__main__":
    main()
