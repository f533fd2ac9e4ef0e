"""The typed records (services/common/records.py) and the published JSON Schemas agree.

Each Struct's JSON Schema, as msgspec derives it, must have the published schema's fields,
required-ness, types, enums, constraints and nesting; descriptions and titles aside. A field
added, dropped or retyped on one side only fails here.
"""

from __future__ import annotations

from typing import Any

import msgspec
import orjson
import pytest

from newsstream.common.articles import build_raw_article
from newsstream.common.deadletter import Rejected, SourcePosition, new_dead_letter
from newsstream.common.records import (
    DeadLetter,
    EnrichedArticle,
    Event,
    EventMention,
    MergedEvent,
    RawArticle,
    Record,
    encode,
)
from newsstream.common.schemas import SCHEMA_BASE_URI, Contract, load_schema, schema_file_name
from newsstream.merger.merging import MergePolicy, add_mention, merge_key, to_mention
from newsstream.merger.records import mention_record, merged_record

from support import assert_valid

TYPES: dict[Contract, type[Record]] = {
    Contract.RAW_ARTICLE: RawArticle,
    Contract.ENRICHED_ARTICLE: EnrichedArticle,
    Contract.EVENT: Event,
    Contract.DEADLETTER: DeadLetter,
    Contract.MERGED_EVENT: MergedEvent,
    Contract.EVENT_MENTION: EventMention,
}
# what checks a value: everything else (descriptions, titles, ids) only documents it
CONSTRAINTS = ("pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "format")
APPLIES_TO = {
    "pattern": "string",
    "minLength": "string",
    "maxLength": "string",
    "format": "string",
    "minimum": "number",
    "maximum": "number",
    "minItems": "array",
}
PUBLISHED = {schema_file_name(contract): load_schema(contract) for contract in Contract}


class Shapes:
    """The canonical shape of a schema node, its ``$ref``s resolved within ``documents``."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents

    def of(self, node: dict[str, Any], document: str) -> list[Any]:
        """The alternatives a node allows, each a dict, in a stable order."""
        if "$ref" in node:
            return self.of(*self._resolve(node["$ref"], document))
        if "anyOf" in node:
            alternatives = [shape for part in node["anyOf"] for shape in self.of(part, document)]
        elif "const" in node or "enum" in node:
            alternatives = [{"enum": sorted(node["enum"] if "enum" in node else [node["const"]])}]
        else:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            alternatives = [self._typed(kind, node, document) for kind in types]
        return sorted(
            alternatives, key=lambda shape: orjson.dumps(shape, option=orjson.OPT_SORT_KEYS)
        )

    def _typed(self, kind: str, node: dict[str, Any], document: str) -> dict[str, Any]:
        shape: dict[str, Any] = {"type": kind}
        family = "number" if kind == "integer" else kind
        shape |= {
            key: node[key] for key in CONSTRAINTS if key in node and APPLIES_TO[key] == family
        }
        if kind == "object":
            properties = node.get("properties", {})
            shape["properties"] = {name: self.of(sub, document) for name, sub in properties.items()}
            shape["required"] = sorted(node.get("required", []))
            extra = node.get("additionalProperties", True)
            shape["additional"] = self.of(extra, document) if isinstance(extra, dict) else extra
        elif kind == "array":
            shape["items"] = self.of(node["items"], document)
        return shape

    def _resolve(self, ref: str, document: str) -> tuple[dict[str, Any], str]:
        # the services' validator rewrites the published schemas' references as absolute URIs
        file_name, _, pointer = ref.removeprefix(SCHEMA_BASE_URI).partition("#")
        document = file_name or document
        node = self.documents[document]
        for part in filter(None, pointer.split("/")):
            node = node[part]
        return node, document


def struct_shape(contract: Contract) -> list[Any]:
    schema = msgspec.json.schema(TYPES[contract])
    return Shapes({"struct": schema}).of(schema, "struct")


def published_shape(contract: Contract) -> list[Any]:
    file_name = schema_file_name(contract)
    return Shapes(PUBLISHED).of(PUBLISHED[file_name], file_name)


@pytest.mark.parametrize("contract", list(Contract))
def test_each_struct_has_the_published_fields_types_and_constraints(contract: Contract) -> None:
    assert struct_shape(contract) == published_shape(contract)


def test_the_comparison_sees_a_field_on_one_side_only() -> None:
    class Widened(RawArticle):
        extra: str

    schema = msgspec.json.schema(Widened)
    widened = Shapes({"struct": schema}).of(schema, "struct")
    assert widened != published_shape(Contract.RAW_ARTICLE)


def raw_sample() -> dict[str, Any]:
    article = build_raw_article(
        'Russian forces shelled Kharkiv. "We will not stop," Putin said.',
        input_kind="html",
        url="https://example.com/a",
        title="Shelling",
        language="en",
        tags={"outlet": "example"},
    )
    return msgspec.to_builtins(article)


def participant(name: str, entity_id: str | None, country: str | None) -> dict[str, Any]:
    return {
        "name": name,
        "label": "GPE" if entity_id else "NOMINAL",
        "entity_id": entity_id,
        "country_code": country,
        "code": f"{country}MIL" if country else "---",
        "roles": ["MIL"] if country else [],
        "known_group": None,
    }


def event_sample(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "id": "0123456789abcdef0123456789abcdef",
        "article_id": article["id"],
        "article_url": article["url"],
        "article_published": None,
        "cameo_code": "195",
        "cameo_root": "19",
        "event_type": "Fight",
        "quad_class": 4,
        "goldstein": -10.0,
        "actor": participant("Russia", "0123456789abcdef", "RUS"),
        "target": participant("Kharkiv", None, None),
        "speaker": None,
        "trigger": {"text": "shelled", "start": 15, "end": 22},
        "sentence": {"text": "Russian forces shelled Kharkiv.", "start": 0, "end": 31},
        "sentence_number": 1,
        "location": {
            "name": "Kharkiv",
            "country_code": "UKR",
            "geonames_id": 706483,
            "latitude": 49.98,
            "longitude": 36.25,
            "precision": "city",
            "source": "sentence",
        },
        "date": None,
        "negated": False,
        "modality": "asserted",
        "confidence": 0.8,
        "mention_count": 1,
    }


def enriched_sample() -> dict[str, Any]:
    article = raw_sample()
    entity = {
        "id": "0123456789abcdef",
        "name": "Russia",
        "label": "GPE",
        "country_code": "RUS",
        "mentions": [{"text": "Russian", "start": 0, "end": 7}],
        "mention_count": 1,
        "salience": 1.0,
    }
    quotation = {
        "text": "We will not stop,",
        "start": 33,
        "end": 50,
        "speaker": {
            "text": "Putin",
            "start": 52,
            "end": 57,
            "name": "Putin",
            "label": "PERSON",
            "entity_id": None,
        },
        "cue": {"text": "said", "start": 58, "end": 62},
    }
    return {
        **article,
        "entities": [entity],
        "events": [event_sample(article)],
        "quotations": [quotation],
        "enrichment": {
            "model": "en_core_web_sm",
            "model_version": "3.8.0",
            "pipeline_version": "0.1",
        },
    }


def dead_letter_sample() -> dict[str, Any]:
    letter = new_dead_letter(
        service="enricher",
        rejection=Rejected("decode", "invalid_json", "not a JSON document"),
        position=SourcePosition("news.articles.raw", 0, 7),
        key=b"key",
        payload=b"{",
    )
    return msgspec.to_builtins(letter)


def merger_outputs() -> tuple[MergedEvent, EventMention]:
    """What the merger publishes for the event sample, the first mention of its event."""
    event = msgspec.convert(event_sample(raw_sample()), Event)
    mention = to_mention(event, timestamp=1_700_000_000.0)
    policy = MergePolicy(horizon_s=3 * 86_400, day_tolerance=1, lead_chars=300)
    outcome = add_mention([], mention, merge_key(event), mention.time, policy)
    assert outcome.event is not None
    return merged_record(outcome.event), mention_record(outcome.event, mention)


SAMPLES = {
    Contract.RAW_ARTICLE: raw_sample,
    Contract.ENRICHED_ARTICLE: enriched_sample,
    Contract.EVENT: lambda: event_sample(raw_sample()),
    Contract.DEADLETTER: dead_letter_sample,
    Contract.MERGED_EVENT: lambda: msgspec.to_builtins(merger_outputs()[0]),
    Contract.EVENT_MENTION: lambda: msgspec.to_builtins(merger_outputs()[1]),
}


@pytest.mark.parametrize("contract", list(Contract))
def test_a_sample_round_trips_byte_for_byte_and_validates(contract: Contract) -> None:
    sample = SAMPLES[contract]()
    published = orjson.dumps(sample)
    record = msgspec.json.decode(published, type=TYPES[contract])
    assert encode(record) == published
    assert_valid(contract, orjson.loads(encode(record)))


@pytest.mark.parametrize(
    "change",
    [
        {"id": "nothex"},
        {"text": ""},
        {"extra": 1},
        {"authors": [""]},
        {"language": "English"},
        {"input_kind": "pdf"},
        {"schema_version": "2.0"},
        {"tags": {"outlet": 1}},
    ],
)
def test_decoding_refuses_what_the_contract_refuses(change: dict[str, Any]) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(orjson.dumps(raw_sample() | change), type=RawArticle)
