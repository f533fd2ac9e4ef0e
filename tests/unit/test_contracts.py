"""The message contracts: valid JSON Schema 2020-12, described by the AsyncAPI document."""

from __future__ import annotations

from importlib import resources

import msgspec
import pytest
import yaml
from jsonschema import Draft202012Validator

from newsstream.common.articles import build_raw_article
from newsstream.common.deadletter import Rejected, SourcePosition, new_dead_letter
from newsstream.common.schemas import Contract, ContractViolation, load_schema, validate

from support import assert_valid


@pytest.mark.parametrize("contract", list(Contract))
def test_each_schema_is_valid_draft_2020_12_with_a_version(contract: Contract) -> None:
    schema = load_schema(contract)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "schema_version" in schema["required"]


@pytest.mark.parametrize("contract", list(Contract))
def test_each_schema_is_described_and_requires_only_declared_fields(contract: Contract) -> None:
    schema = load_schema(contract)
    assert schema["description"]
    assert set(schema["required"]) <= set(schema["properties"])


def test_asyncapi_describes_every_channel_with_its_schema() -> None:
    folder = resources.files("newsstream.contracts")
    document = yaml.safe_load(folder.joinpath("asyncapi.yaml").read_text())
    assert document["asyncapi"].startswith("3.")
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == {
        "news.articles.raw",
        "news.articles.enriched",
        "news.events",
        "news.events.merged",
        "news.events.mentions",
        "news.deadletter",
    }
    for message in document["components"]["messages"].values():
        schema_file = message["payload"]["schema"]["$ref"].removeprefix("./")
        assert folder.joinpath(schema_file).is_file(), schema_file


def test_a_built_raw_article_passes_both_validators() -> None:
    article = msgspec.to_builtins(
        build_raw_article(
            "Text of the article.",
            input_kind="text",
            url="HTTPS://Example.com:443/a?utm_source=x&b=2&a=1#top",
        )
    )
    assert_valid(Contract.RAW_ARTICLE, article)
    assert article["canonical_url"] == "https://example.com/a?a=1&b=2"


def test_the_fast_validator_rejects_what_the_reference_rejects() -> None:
    article = msgspec.to_builtins(build_raw_article("Some text.", input_kind="text"))
    for broken in ({**article, "id": "nothex"}, {**article, "text": ""}, {**article, "extra": 1}):
        with pytest.raises(ContractViolation):
            validate(Contract.RAW_ARTICLE, broken)


def test_dead_letters_keep_binary_payloads_losslessly() -> None:
    letter = msgspec.to_builtins(
        new_dead_letter(
            service="enricher",
            rejection=Rejected("decode", "invalid_utf8", "value is not UTF-8"),
            position=SourcePosition("news.articles.raw", 3, 42),
            key=None,
            payload=b"\xff\x00binary",
        )
    )
    assert_valid(Contract.DEADLETTER, letter)
    assert letter["payload_encoding"] == "base64" and letter["payload_bytes"] == 8
