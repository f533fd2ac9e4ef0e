"""The Faust enricher: raw articles in, enriched articles, events and dead letters out.

Delivery is at-least-once: a raw message is acknowledged (and its offset later committed, once
every earlier offset of its partition is acknowledged too) only after the broker acknowledged
all its outputs. Outputs are deterministic and keyed by id, so a replay after a crash rewrites
identical records.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
import orjson
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition
from faust.exceptions import ConsumerNotStarted
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.types import TP
from faust.web import Request, Response, View

from newsstream.common.deadletter import Rejected, SourcePosition
from newsstream.common.kafka.admin import ensure_topics
from newsstream.common.kafka.security import client_security, faust_credentials
from newsstream.common.settings import Settings
from newsstream.enricher import metrics
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.pipeline import ArticleProcessor, BatchOutcome, InboundMessage
from newsstream.enricher.scheduling import Step

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
        receipt=event,
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
                refused.append(ArticleProcessor.dead_letter(message, rejection))
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


def record_step_metrics(step: Step[InboundMessage], seconds: float) -> None:
    metrics.NLP_STEP_CHARS.observe(step.chars)
    metrics.NLP_STEP_SECONDS.observe(seconds)
    for job in step.finishing:
        metrics.NLP_ARTICLE_SECONDS.observe(job.nlp_seconds)


class EnrichmentLoop:
    """Takes raw messages while fewer than ``enrich_max_in_flight`` are in flight, parses their
    pieces step by step on one NLP thread, publishes each article as soon as its last step is
    done, and acknowledges a message once the broker acknowledged its outputs.

    Steps and publishing overlap: the next step is parsed while the broker receives the outputs
    of the last one. Messages finish out of offset order (a short article overtakes a long one);
    Faust commits a partition's offset only up to its first message not yet acknowledged.
    """

    def __init__(self, processor: ArticleProcessor, publisher: Publisher, in_flight: int) -> None:
        self.processor = processor
        self.publisher = publisher
        self.slots = asyncio.Semaphore(in_flight)
        self.work_waiting = asyncio.Event()
        # One long-lived NLP thread: the default executor's many threads would each grow a
        # malloc arena of spaCy-sized allocations, and the worker's memory with them.
        self.nlp_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")

    async def run(self, stream: faust.StreamT) -> None:
        manual_acks = stream.noack()
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self._parse(tasks, manual_acks))
            async for event in manual_acks.events():
                await self.slots.acquire()
                self._admit(inbound_message(event), tasks, manual_acks)

    def _admit(
        self, message: InboundMessage, tasks: asyncio.TaskGroup, stream: faust.StreamT
    ) -> None:
        metrics.ARTICLES_CONSUMED.inc()
        metrics.IN_FLIGHT.inc()
        letter = self.processor.admit(message)
        if letter is None:
            self.work_waiting.set()
        else:
            tasks.create_task(self._deliver(BatchOutcome(dead_letters=[letter]), [message], stream))

    async def _parse(self, tasks: asyncio.TaskGroup, stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        while True:
            step = self.processor.next_step()
            if step is None:
                self.work_waiting.clear()
                await self.work_waiting.wait()
                continue
            outcome = await loop.run_in_executor(self.nlp_thread, self.processor.run_step, step)
            record_step_metrics(step, outcome.nlp_seconds)
            if step.finishing:
                finished = [job.origin for job in step.finishing]
                tasks.create_task(self._deliver(outcome, finished, stream))

    async def _deliver(
        self, outcome: BatchOutcome, messages: list[InboundMessage], stream: faust.StreamT
    ) -> None:
        refused = await self.publisher.publish(outcome)
        record_outcome_metrics(outcome, refused)
        for message in messages:
            await stream.ack(message.receipt)
            metrics.IN_FLIGHT.dec()
            self.slots.release()


def record_outcome_metrics(outcome: BatchOutcome, refused: Sequence[dict[str, Any]]) -> None:
    """Count what the broker acknowledged: refused outputs count as dead letters only."""
    now = time.time()
    refused_positions = {
        SourcePosition(letter["source_topic"], letter["source_partition"], letter["source_offset"])
        for letter in refused
    }
    for message, record in outcome.enriched:
        if message.position in refused_positions:
            continue
        metrics.ARTICLES_PRODUCED.labels(
            metrics.language_label(record.get("language")), metrics.outlet_label(record.get("tags"))
        ).inc()
        if message.timestamp is not None:
            metrics.END_TO_END_SECONDS.observe(max(0.0, now - message.timestamp))
        for entity in record["entities"]:
            metrics.ENTITIES.labels(entity["label"]).inc()
        for event in record["events"]:
            metrics.EVENTS_PRODUCED.labels(event["cameo_root"], str(event["quad_class"])).inc()
    for letter in [*outcome.dead_letters, *refused]:
        metrics.DEAD_LETTERS.labels(letter["stage"], letter["reason"]).inc()


class Readiness:
    """What /readyz answers, also exported as ``newsstream_enricher_ready``.

    The model is loaded before the web server starts, so a worker that answers has it. It is
    ready while it holds a completed group assignment (empty when there are more workers than
    partitions) and the broker answered its last lag probe.
    """

    def __init__(self) -> None:
        self.assigned = False
        self.broker_reachable = False
        self._export()

    @property
    def ready(self) -> bool:
        return self.assigned and self.broker_reachable

    def rebalance_completed(self) -> None:
        self.assigned = self.broker_reachable = True
        self._export()

    def partitions_revoked(self) -> None:
        self.assigned = False
        self._export()

    def broker_probed(self, reachable: bool) -> None:
        self.broker_reachable = reachable
        self._export()

    def _export(self) -> None:
        metrics.READY.set(1 if self.ready else 0)


def consumer_lag(
    ends: Mapping[TopicPartition, int],
    committed: Mapping[TopicPartition, int],
    starts: Mapping[TopicPartition, int],
) -> dict[tuple[str, int], int]:
    """End offset minus committed offset; from the start when the group never committed."""
    return {
        (tp.topic, tp.partition): max(0, end - committed.get(tp, starts.get(tp, 0)))
        for tp, end in ends.items()
    }


class ConsumerLagProbe:
    """Measures the lag of the raw-topic partitions assigned to this worker.

    Committed offsets come from the broker (as `kafka-consumer-groups` shows them), so the lag
    counts what is not yet processed and acknowledged, not merely what is not yet fetched. The
    probe has clients of its own on the worker's event loop: Faust's consumer runs its calls one
    at a time on its own thread, where queries would hold up fetches, commits and rebalances.
    """

    def __init__(self, app: faust.App, settings: Settings, readiness: Readiness) -> None:
        self.app = app
        self.settings = settings
        self.readiness = readiness
        self.clients: tuple[AIOKafkaAdminClient, AIOKafkaConsumer] | None = None

    async def run(self) -> None:
        partitions = self._assigned_raw_partitions()
        if not partitions:
            metrics.report_consumer_lag({})
            return
        try:
            lags = await asyncio.wait_for(
                self._measure(partitions), self.settings.worker_kafka_probe_timeout_s
            )
        except (KafkaError, TimeoutError) as exc:
            log.warning("cannot measure the consumer lag: %s", exc or type(exc).__name__)
            self.readiness.broker_probed(False)
            return
        metrics.report_consumer_lag(lags)
        self.readiness.broker_probed(True)

    async def close(self) -> None:
        if self.clients is not None:
            await close_clients(*self.clients)
            self.clients = None

    def _assigned_raw_partitions(self) -> list[TopicPartition]:
        try:
            assignment = self.app.consumer.assignment()
        except ConsumerNotStarted:
            return []
        return sorted(
            TopicPartition(tp.topic, tp.partition)
            for tp in assignment
            if tp.topic == self.settings.topic_raw
        )

    async def _measure(self, partitions: list[TopicPartition]) -> dict[tuple[str, int], int]:
        admin, offsets_reader = await self._clients()
        # One round trip: the start offsets are needed only where the group never committed.
        ends, starts, group_offsets = await asyncio.gather(
            offsets_reader.end_offsets(partitions),
            offsets_reader.beginning_offsets(partitions),
            admin.list_consumer_group_offsets(self.app.conf.id, partitions=partitions),
        )
        committed = {tp: meta.offset for tp, meta in group_offsets.items() if meta.offset >= 0}
        return consumer_lag(ends, committed, starts)

    async def _clients(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self.clients is None:
            options = {
                "bootstrap_servers": self.settings.bootstrap_servers.split(","),
                "client_id": f"{self.app.conf.id}-lag-probe",
                **client_security(self.settings),
            }
            admin = AIOKafkaAdminClient(**options)
            offsets_reader = AIOKafkaConsumer(enable_auto_commit=False, **options)  # no group
            try:
                await admin.start()
                await offsets_reader.start()
            except BaseException:  # unreachable broker, or the probe's timeout cancelled it
                await close_clients(admin, offsets_reader)
                raise
            self.clients = (admin, offsets_reader)
        return self.clients


async def close_clients(admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer) -> None:
    await admin.close()
    await consumer.stop()


def create_app(settings: Settings, enricher: Enricher | None = None) -> faust.App:
    app = faust.App(
        settings.worker_app_id,
        broker=faust_broker_urls(settings.bootstrap_servers),
        broker_credentials=faust_credentials(settings),
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
        # Messages wait in Faust's buffer while the in-flight slots are taken; a small buffer
        # pauses fetching instead of holding thousands of articles in memory.
        stream_buffer_maxsize=settings.enrich_max_in_flight,
        broker_commit_interval=settings.worker_commit_interval_s,
        broker_session_timeout=settings.worker_session_timeout_s,
        broker_heartbeat_interval=settings.worker_heartbeat_interval_s,
    )
    raw_topic = app.topic(settings.topic_raw, value_serializer="raw", key_serializer="raw")
    processor = ArticleProcessor(enricher or Enricher(settings))
    enrichment = EnrichmentLoop(processor, Publisher(app, settings), settings.enrich_max_in_flight)
    if settings.metrics_enabled:
        setup_prometheus_sensors(app, name_prefix="newsstream_faust")
    readiness = Readiness()
    register_health_pages(app, readiness)
    register_lag_probe(app, ConsumerLagProbe(app, settings, readiness), settings)

    @app.agent(raw_topic)
    async def enrich(stream: faust.StreamT) -> None:
        await enrichment.run(stream)

    return app


def register_health_pages(app: faust.App, readiness: Readiness) -> None:
    """/healthz: the process answers; /readyz: see Readiness."""

    @app.on_partitions_revoked.connect
    async def mark_revoked(sender: faust.App, revoked: set[TP], **kwargs: Any) -> None:
        readiness.partitions_revoked()

    @app.on_rebalance_complete.connect
    async def mark_assigned(sender: faust.App, **kwargs: Any) -> None:
        readiness.rebalance_completed()

    @app.page("/healthz")
    async def liveness(self: View, request: Request) -> Response:
        return self.json({"status": "alive"})

    @app.page("/readyz")
    async def readiness_page(self: View, request: Request) -> Response:
        ready = readiness.ready
        return self.json({"ready": ready}, status=200 if ready else 503)


def register_lag_probe(app: faust.App, probe: ConsumerLagProbe, settings: Settings) -> None:
    @app.timer(interval=settings.worker_lag_interval_s)
    async def measure_consumer_lag() -> None:
        await probe.run()

    @app.on_before_shutdown.connect
    async def close_lag_probe(sender: faust.App, **kwargs: Any) -> None:
        await probe.close()


def run_worker(settings: Settings) -> None:
    # Faust ignores a source topic that does not exist yet, and would not see it for minutes.
    ensure_topics(settings)
    app = create_app(settings)
    worker = faust.Worker(app, loglevel=settings.log_level.lower())
    worker.execute_from_commandline()
