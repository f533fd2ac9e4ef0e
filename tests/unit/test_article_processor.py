"""Enricher.process: every message ends enriched or dead-lettered with its reason, and an NLP
failure costs only the article whose text caused it, also when it shares a step with others or
is parsed in pieces."""

from __future__ import annotations

from typing import Any

import msgspec
import orjson
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsstream.common.articles import build_raw_article
from newsstream.common.deadletter import Rejected, SourcePosition
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.messages import InboundMessage, checked_output
from newsstream.enricher.nlp import load_pipeline

STEP_CHARS = 1_000
POISON = "XQZPOISON"
PARAGRAPH = "Israel launched air strikes on Gaza after rockets were fired at Tel Aviv. " * 4


@Language.component("fails_on_poison")
def fails_on_poison(doc: Doc) -> Doc:
    if POISON in doc.text:
        raise RuntimeError("the poison word")
    return doc


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    settings = Settings(nlp_step_chars=STEP_CHARS, max_text_chars=20_000)
    nlp = load_pipeline(settings)
    nlp.add_pipe("fails_on_poison", first=True)
    return Enricher(settings, nlp)


def message(offset: int, value: Any) -> InboundMessage:
    payload = value if value is None or isinstance(value, bytes) else orjson.dumps(value)
    return InboundMessage(b"key", payload, SourcePosition("raw", 0, offset))


def article(text: str) -> dict[str, Any]:
    """A raw article as the JSON object on the raw topic, to send as is or spoiled."""
    return msgspec.to_builtins(
        build_raw_article(text, input_kind="text", fetched_at="2024-01-01T00:00:00Z")
    )


def outcome_by_offset(enricher: Enricher, values: list[Any]) -> dict[int, str]:
    """'enriched' or 'stage/reason' for each message, by offset."""
    outcome = enricher.process([message(offset, value) for offset, value in enumerate(values)])
    results = {message.position.offset: "enriched" for message, _ in outcome.enriched}
    for letter in outcome.dead_letters:
        results[letter.source_offset] = f"{letter.stage}/{letter.reason}"
    assert len(results) == len(values), "every message ends enriched or dead-lettered, once"
    return results


def test_a_failing_article_in_a_shared_step_costs_only_itself(enricher: Enricher) -> None:
    values = [article(f"{PARAGRAPH[:200]} {n}") for n in range(3)]
    values.insert(1, article(f"The talks failed. {POISON} was the word."))
    assert sum(len(value["text"]) for value in values) <= STEP_CHARS  # one step for all four
    assert outcome_by_offset(enricher, values) == {
        0: "enriched",
        1: "process/nlp_error",
        2: "enriched",
        3: "enriched",
    }


def test_a_failing_piece_costs_only_its_article(enricher: Enricher) -> None:
    long_text = "\n\n".join([PARAGRAPH] * 6 + [f"{POISON} at the end."])
    assert len(enricher.pieces(long_text)) > 1
    results = outcome_by_offset(enricher, [article(PARAGRAPH), article(long_text)])
    assert results == {0: "enriched", 1: "process/nlp_error"}


def test_undecodable_and_invalid_messages_get_their_reason(enricher: Enricher) -> None:
    values = [
        None,
        b"\xff\xfe not utf-8",
        b"{not json",
        ["a", "list"],
        {**article(PARAGRAPH), "schema_version": "2.0"},
        article("x" * 20_001),
        article(PARAGRAPH),
    ]
    assert outcome_by_offset(enricher, values) == {
        0: "decode/null_value",
        1: "decode/invalid_utf8",
        2: "decode/invalid_json",
        3: "validate/schema_violation",
        4: "validate/schema_violation",
        5: "validate/text_too_long",
        6: "enriched",
    }


def test_a_built_record_that_breaks_its_contract_is_refused(enricher: Enricher) -> None:
    """Building a Struct checks no pattern or bound: the output check does."""
    [(_, record)] = enricher.process([message(0, article(PARAGRAPH))]).enriched
    assert checked_output(record) == record
    record.entities[0].country_code = "Israel"
    with pytest.raises(Rejected) as refused:
        checked_output(record)
    assert (refused.value.stage, refused.value.reason) == ("process", "output_schema_violation")
