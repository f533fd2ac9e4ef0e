"""The worker's driver of the Enricher: messages from the agent's stream in, published outputs
and acknowledgements out.

Delivery is at-least-once: a raw message is acknowledged (and its offset later committed, once
every earlier offset of its partition is acknowledged too) only after the broker acknowledged
all its outputs. Outputs are deterministic and keyed by id, so a replay after a crash rewrites
identical records.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import faust

from newsstream.common.deadletter import SourcePosition
from newsstream.common.records import DeadLetter
from newsstream.enricher import metrics
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.messages import InboundMessage, Outcome
from newsstream.enricher.publisher import Publisher
from newsstream.enricher.scheduling import Step


def inbound_message(event: faust.types.EventT) -> InboundMessage:
    message = event.message
    return InboundMessage(
        key=message.key,
        value=message.value,
        position=SourcePosition(message.topic, message.partition, message.offset),
        timestamp=message.timestamp,
        receipt=event,
    )


class EnrichmentLoop:
    """Takes raw messages while fewer than ``enrich_max_in_flight`` are in flight, runs the
    Enricher's steps on one NLP thread, publishes each article as soon as its last step is
    done, and acknowledges a message once the broker acknowledged its outputs.

    Steps and publishing overlap: the next step is parsed while the broker receives the outputs
    of the last one. Messages finish out of offset order (a short article overtakes a long one);
    Faust commits a partition's offset only up to its first message not yet acknowledged.
    """

    def __init__(self, enricher: Enricher, publisher: Publisher, in_flight: int) -> None:
        self.enricher = enricher
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
        letter = self.enricher.admit(message)
        if letter is None:
            self.work_waiting.set()
        else:
            tasks.create_task(self._deliver(Outcome(dead_letters=[letter]), [message], stream))

    async def _parse(self, tasks: asyncio.TaskGroup, stream: faust.StreamT) -> None:
        loop = asyncio.get_running_loop()
        while True:
            step = self.enricher.next_step()
            if step is None:
                self.work_waiting.clear()
                await self.work_waiting.wait()
                continue
            outcome = await loop.run_in_executor(self.nlp_thread, self.enricher.run_step, step)
            record_step_metrics(step, outcome.nlp_seconds)
            if step.finishing:
                finished = [job.origin for job in step.finishing]
                tasks.create_task(self._deliver(outcome, finished, stream))

    async def _deliver(
        self, outcome: Outcome, messages: list[InboundMessage], stream: faust.StreamT
    ) -> None:
        refused = await self.publisher.publish(outcome)
        record_outcome_metrics(outcome, refused)
        for message in messages:
            await stream.ack(message.receipt)
            metrics.IN_FLIGHT.dec()
            self.slots.release()


def record_step_metrics(step: Step[InboundMessage], seconds: float) -> None:
    metrics.NLP_STEP_CHARS.observe(step.chars)
    metrics.NLP_STEP_SECONDS.observe(seconds)
    for job in step.finishing:
        metrics.NLP_ARTICLE_SECONDS.observe(job.nlp_seconds)


def record_outcome_metrics(outcome: Outcome, refused: Sequence[DeadLetter]) -> None:
    """Count what the broker acknowledged: refused outputs count as dead letters only."""
    now = time.time()
    refused_positions = {
        SourcePosition(letter.source_topic, letter.source_partition, letter.source_offset)
        for letter in refused
    }
    for message, record in outcome.enriched:
        if message.position in refused_positions:
            continue
        metrics.ARTICLES_PRODUCED.labels(
            metrics.language_label(record.language), metrics.outlet_label(record.tags)
        ).inc()
        if message.timestamp is not None:
            metrics.END_TO_END_SECONDS.observe(max(0.0, now - message.timestamp))
        for entity in record.entities:
            metrics.ENTITIES.labels(entity.label).inc()
        for event in record.events:
            metrics.EVENTS_PRODUCED.labels(event.cameo_root, str(event.quad_class)).inc()
    for letter in [*outcome.dead_letters, *refused]:
        metrics.DEAD_LETTERS.labels(letter.stage, letter.reason).inc()
