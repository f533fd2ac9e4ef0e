"""Sends the enricher's outputs to their topics and waits until the broker has them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import faust
from aiokafka.errors import KafkaError

from newsstream.common.deadletter import Rejected
from newsstream.common.records import DeadLetter, Record, encode
from newsstream.common.settings import Settings
from newsstream.enricher.messages import InboundMessage, Outcome, dead_letter

log = logging.getLogger(__name__)

RETRY_DELAY_S = 2.0


class Publisher:
    """Sends raw bytes to the output topics and waits until the broker has them."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.enriched = app.topic(
            settings.topic_enriched, value_serializer="raw", key_serializer="raw"
        )
        self.events = app.topic(settings.topic_events, value_serializer="raw", key_serializer="raw")
        self.dead = app.topic(
            settings.topic_deadletter, value_serializer="raw", key_serializer="raw"
        )

    async def publish(self, outcome: Outcome) -> list[DeadLetter]:
        """Publish a step's outputs; return dead letters for outputs the broker refused."""
        refused: list[DeadLetter] = []
        sends: list[tuple[InboundMessage, Awaitable[Any]]] = []
        for message, record in outcome.enriched:
            sends.append((message, self._send(self.enriched, record.id, record)))
            for event in record.events:
                sends.append((message, self._send(self.events, event.id, event)))
        results = await asyncio.gather(*(send for _, send in sends), return_exceptions=True)
        for (message, _), result in zip(sends, results, strict=True):
            if isinstance(result, BaseException):
                rejection = Rejected(
                    "produce", "output_refused", f"{type(result).__name__}: {result}"
                )
                refused.append(dead_letter(message, rejection))
        for letter in outcome.dead_letters + refused:
            await self._send(self.dead, letter.id, letter)
        return refused

    async def _send(self, topic: faust.TopicT, key: str, value: Record) -> Any:
        """Send until acknowledged, retrying while the broker is unreachable.

        Only errors that retrying cannot fix (for example a record over the size limit) escape.
        """
        payload = encode(value)
        while True:
            try:
                pending = await topic.send(key=key.encode(), value=payload, force=True)
                return await pending
            except KafkaError as exc:
                if not exc.retriable:
                    raise
                log.warning("send to %s failed (%s); retrying in %.0fs", topic, exc, RETRY_DELAY_S)
                await asyncio.sleep(RETRY_DELAY_S)
