"""The consumer lag of the raw-topic partitions assigned to the worker, measured on a timer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import TopicPartition
from faust.exceptions import ConsumerNotStarted

from newsstream.common.health import Readiness
from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings
from newsstream.enricher import metrics

log = logging.getLogger(__name__)


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
                "bootstrap_servers": self.settings.bootstrap_server_list,
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


def register_lag_probe(app: faust.App, settings: Settings, readiness: Readiness) -> None:
    """Measure the lag every ``worker_lag_interval_s``; the answer also tells readiness."""
    probe = ConsumerLagProbe(app, settings, readiness)

    @app.timer(interval=settings.worker_lag_interval_s)
    async def measure_consumer_lag() -> None:
        await probe.run()

    @app.on_before_shutdown.connect
    async def close_lag_probe(sender: faust.App, **kwargs: Any) -> None:
        await probe.close()
