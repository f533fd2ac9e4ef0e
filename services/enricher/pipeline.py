"""One batch of raw-topic messages in, enriched records, events and dead letters out.

This is the worker's whole logic, kept free of Faust so that `newsstream enrich` and the tests
run exactly the same code.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from newsstream.common.deadletter import Rejected, SourcePosition, build_dead_letter
from newsstream.common.schemas import Contract, ContractViolation, validate
from newsstream.enricher.enrichment import Enricher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundMessage:
    key: bytes | None
    value: bytes | None
    position: SourcePosition
    timestamp: float | None = None


@dataclass
class BatchOutcome:
    enriched: list[tuple[InboundMessage, dict[str, Any]]] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)


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
    if not isinstance(article, dict):
        raise Rejected("validate", "schema_violation", "a raw article must be a JSON object")
    try:
        validate(Contract.RAW_ARTICLE, article)
    except ContractViolation as exc:
        raise Rejected("validate", "schema_violation", str(exc)) from None
    if len(article["text"]) > max_text_chars:
        raise Rejected(
            "validate",
            "text_too_long",
            f"text has {len(article['text'])} characters, more than the limit {max_text_chars}",
        )
    return article


def check_output(enriched: dict[str, Any]) -> None:
    try:
        validate(Contract.ENRICHED_ARTICLE, enriched)
        for event in Enricher.events_of(enriched):
            validate(Contract.EVENT, event)
    except ContractViolation as exc:
        raise Rejected("process", "output_schema_violation", str(exc)) from None


class BatchProcessor:
    """Decodes, enriches and checks a batch; every message ends enriched or dead-lettered."""

    def __init__(self, enricher: Enricher, max_text_chars: int) -> None:
        self.enricher = enricher
        self.max_text_chars = max_text_chars

    def process(self, messages: Sequence[InboundMessage]) -> BatchOutcome:
        outcome = BatchOutcome()
        accepted: list[tuple[InboundMessage, dict[str, Any]]] = []
        for message in messages:
            try:
                accepted.append((message, decode_article(message, self.max_text_chars)))
            except Rejected as rejection:
                outcome.dead_letters.append(self.dead_letter(message, rejection))
        for message, result in self._enrich_isolating_failures(accepted):
            if isinstance(result, Rejected):
                outcome.dead_letters.append(self.dead_letter(message, result))
            else:
                outcome.enriched.append((message, result))
        return outcome

    def _enrich_isolating_failures(
        self, accepted: list[tuple[InboundMessage, dict[str, Any]]]
    ) -> list[tuple[InboundMessage, dict[str, Any] | Rejected]]:
        """Enrich the batch in one go; if that fails, one by one so only the culprit is lost."""
        try:
            return [
                (message, self._checked(enriched))
                for (message, _), enriched in zip(
                    accepted, self.enricher.enrich_batch([a for _, a in accepted]), strict=True
                )
            ]
        except Exception:
            if len(accepted) == 1:
                return [(accepted[0][0], self._enrich_one(accepted[0][1]))]
            log.warning("batch of %d failed; retrying article by article", len(accepted))
            return [(message, self._enrich_one(article)) for message, article in accepted]

    def _enrich_one(self, article: dict[str, Any]) -> dict[str, Any] | Rejected:
        try:
            return self._checked(self.enricher.enrich_batch([article])[0])
        except Rejected as rejection:
            return rejection
        except Exception as exc:
            log.exception("enrichment failed for article %s", article.get("id"))
            return Rejected("process", "nlp_error", f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _checked(enriched: dict[str, Any]) -> dict[str, Any]:
        check_output(enriched)
        return enriched

    @staticmethod
    def dead_letter(message: InboundMessage, rejection: Rejected) -> dict[str, Any]:
        return build_dead_letter(
            service="enricher",
            rejection=rejection,
            position=message.position,
            key=message.key,
            payload=message.value,
        )
