"""Raw-topic messages in, enriched records, events and dead letters out.

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
from newsstream.enricher.enrichment import Enricher, InvalidArticle
from newsstream.enricher.scheduling import Job, PieceScheduler, Step

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundMessage:
    key: bytes | None
    value: bytes | None
    position: SourcePosition
    timestamp: float | None = None
    # What the transport needs to acknowledge the message (the worker's Faust event).
    receipt: Any = field(default=None, compare=False, repr=False)


@dataclass
class BatchOutcome:
    enriched: list[tuple[InboundMessage, dict[str, Any]]] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)
    nlp_seconds: float = 0.0


def decode_article(message: InboundMessage, enricher: Enricher) -> dict[str, Any]:
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
    try:
        enricher.check(0, article)
    except InvalidArticle as exc:
        raise Rejected("validate", exc.kind, exc.reason) from None
    return article


def check_output(enriched: dict[str, Any]) -> None:
    try:
        validate(Contract.ENRICHED_ARTICLE, enriched)
        for event in Enricher.events_of(enriched):
            validate(Contract.EVENT, event)
    except ContractViolation as exc:
        raise Rejected("process", "output_schema_violation", str(exc)) from None


class ArticleProcessor:
    """Decodes, enriches and checks raw messages; every message ends enriched or dead-lettered.

    The worker drives it step by step (admit as messages arrive, run_step on its NLP thread);
    ``process`` runs a batch to the end.
    """

    def __init__(self, enricher: Enricher) -> None:
        self.enricher = enricher
        self.scheduler: PieceScheduler[InboundMessage] = enricher.new_scheduler()

    def admit(self, message: InboundMessage) -> dict[str, Any] | None:
        """Queue the message's article for enrichment; return its dead letter if it has none."""
        try:
            article = decode_article(message, self.enricher)
        except Rejected as rejection:
            return self.dead_letter(message, rejection)
        self.scheduler.admit(message, article, self.enricher.pieces(article), message.timestamp)
        return None

    def next_step(self) -> Step[InboundMessage] | None:
        return self.scheduler.next_step()

    def run_step(self, step: Step[InboundMessage]) -> BatchOutcome:
        """Parse the step; the outcome holds the messages whose article it finished."""
        outcome = BatchOutcome(nlp_seconds=self.enricher.run_step(step))
        self.scheduler.record_speed(step.chars, outcome.nlp_seconds)
        for job in step.finishing:
            try:
                outcome.enriched.append((job.origin, self._checked(job)))
            except Rejected as rejection:
                outcome.dead_letters.append(self.dead_letter(job.origin, rejection))
        return outcome

    def process(self, messages: Sequence[InboundMessage]) -> BatchOutcome:
        outcome = BatchOutcome()
        for message in messages:
            if (letter := self.admit(message)) is not None:
                outcome.dead_letters.append(letter)
        while (step := self.next_step()) is not None:
            finished = self.run_step(step)
            outcome.enriched += finished.enriched
            outcome.dead_letters += finished.dead_letters
        return outcome

    @staticmethod
    def _checked(job: Job[InboundMessage]) -> dict[str, Any]:
        if job.record is None:
            log.warning("enrichment failed for article %s: %r", job.article["id"], job.failure)
            failure = job.failure
            raise Rejected("process", "nlp_error", f"{type(failure).__name__}: {failure}")
        check_output(job.record)
        return job.record

    @staticmethod
    def dead_letter(message: InboundMessage, rejection: Rejected) -> dict[str, Any]:
        return build_dead_letter(
            service="enricher",
            rejection=rejection,
            position=message.position,
            key=message.key,
            payload=message.value,
        )
