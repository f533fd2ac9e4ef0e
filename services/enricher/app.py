"""The Faust enricher: raw articles in, enriched articles, events and dead letters out.

Delivery is at-least-once: a batch's input offsets are acknowledged (and later committed) only
after every output message of the batch was acknowledged by the broker. Outputs are
deterministic and keyed by id, so a replay after a crash rewrites identical records.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Sequence
from typing import Any

import faust
import orjson
from aiokafka.errors import KafkaError
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.web import Request, Response, View

from newsstream.common.deadletter import Rejected, SourcePosition
from newsstream.common.kafka.admin import ensure_topics
from newsstream.common.settings import Settings
from newsstream.enricher import metrics
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.pipeline import BatchOutcome, BatchProcessor, InboundMessage

log = logging.getLogger(__name__)

RETRY_DELAY_S = 2.0


def faust_broker_urls(bootstrap_servers: str) -> list[str]:
    return [f"kafka://{server.strip()}" for server in bootstrap_servers.split(",")]


def inbound_message(event: faust.types.EventT) -> InboundMessage:
    message = event.message
    return InboundMessage(
        key=message.key,
        value=message.value,
        position=SourcePosition(message.topic, message.partition, message.offset),
        timestamp=message.timestamp,
    )


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

    async def publish(self, outcome: BatchOutcome) -> list[dict[str, Any]]:
        """Publish a batch's outputs; return dead letters for outputs the broker refused."""
        refused: list[dict[str, Any]] = []
        sends: list[tuple[InboundMessage, Awaitable[Any]]] = []
        for message, record in outcome.enriched:
            sends.append((message, self._send(self.enriched, record["id"], record)))
            for event in Enricher.events_of(record):
                sends.append((message, self._send(self.events, event["id"], event)))
        results = await asyncio.gather(*(send for _, send in sends), return_exceptions=True)
        for (message, _), result in zip(sends, results, strict=True):
            if isinstance(result, BaseException):
                rejection = Rejected(
                    "produce", "output_refused", f"{type(result).__name__}: {result}"
                )
                refused.append(BatchProcessor.dead_letter(message, rejection))
        for letter in outcome.dead_letters + refused:
            await self._send(self.dead, letter["id"], letter)
        return refused

    async def _send(self, topic: faust.TopicT, key: str, value: dict[str, Any]) -> Any:
        """Send until acknowledged, retrying while the broker is unreachable.

        Only errors that retrying cannot fix (for example a record over the size limit) escape.
        """
        payload = orjson.dumps(value)
        while True:
            try:
                pending = await topic.send(key=key.encode(), value=payload, force=True)
                return await pending
            except KafkaError as exc:
                if not exc.retriable:
                    raise
                log.warning("send to %s failed (%s); retrying in %.0fs", topic, exc, RETRY_DELAY_S)
                await asyncio.sleep(RETRY_DELAY_S)


def record_outcome_metrics(outcome: BatchOutcome, refused: Sequence[dict[str, Any]]) -> None:
    now = time.time()
    refused_ids = {letter["source_offset"] for letter in refused}
    for message, record in outcome.enriched:
        if message.position.offset in refused_ids:
            continue
        metrics.ARTICLES_ENRICHED.inc()
        if message.timestamp is not None:
            metrics.END_TO_END_SECONDS.observe(max(0.0, now - message.timestamp))
        for entity in record["entities"]:
            metrics.ENTITIES_EXTRACTED.labels(entity["label"]).inc()
        for event in record["events"]:
            metrics.EVENTS_PUBLISHED.labels(event["cameo_root"], str(event["quad_class"])).inc()
    for letter in [*outcome.dead_letters, *refused]:
        metrics.DEAD_LETTERS.labels(letter["stage"], letter["reason"]).inc()


def create_app(settings: Settings, enricher: Enricher | None = None) -> faust.App:
    app = faust.App(
        settings.worker_app_id,
        broker=faust_broker_urls(settings.bootstrap_servers),
        datadir=str(settings.worker_datadir),
        web_port=settings.worker_web_port,
        web_host="0.0.0.0",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_compression_type=None if settings.compression == "none" else settings.compression,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=settings.max_message_bytes,
        broker_commit_interval=1.0,
    )
    raw_topic = app.topic(settings.topic_raw, value_serializer="raw", key_serializer="raw")
    publisher = Publisher(app, settings)
    processor = BatchProcessor(enricher or Enricher(settings), settings.max_text_chars)
    setup_prometheus_sensors(app, name_prefix="newsstream_faust")
    register_health_pages(app)

    @app.agent(raw_topic)
    async def enrich(stream: faust.StreamT) -> None:
        async for events in stream.take_events(
            settings.batch_size, within=settings.batch_timeout_s
        ):
            messages = [inbound_message(event) for event in events]
            metrics.ARTICLES_CONSUMED.inc(len(messages))
            metrics.BATCH_SIZE.observe(len(messages))
            with metrics.NLP_BATCH_SECONDS.time():
                outcome = await asyncio.to_thread(processor.process, messages)
            refused = await publisher.publish(outcome)
            record_outcome_metrics(outcome, refused)

    return app


def register_health_pages(app: faust.App) -> None:
    """/healthz: the process answers; /readyz: model loaded and partitions assigned."""

    @app.on_rebalance_complete.connect
    async def mark_ready(sender: faust.App, **kwargs: Any) -> None:
        metrics.WORKER_READY.set(1)

    @app.page("/healthz")
    async def liveness(self: View, request: Request) -> Response:
        return self.json({"status": "alive"})

    @app.page("/readyz")
    async def readiness(self: View, request: Request) -> Response:
        ready = metrics.WORKER_READY._value.get() == 1 and not app.rebalancing
        return self.json({"ready": ready}, status=200 if ready else 503)


def run_worker(settings: Settings) -> None:
    # Faust ignores a source topic that does not exist yet, and would not see it for minutes.
    ensure_topics(settings)
    app = create_app(settings)
    worker = faust.Worker(app, loglevel=settings.log_level.lower())
    worker.execute_from_commandline()
