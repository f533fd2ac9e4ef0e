"""The merger (`newsstream merger`): a Faust worker that merges the mentions of one real-world
event across articles and outlets, from the events topic to the merged-events and mentions
topics.

Two agents, as Faust's ``group_by`` would chain them, with the dead letters and the facts
filter between:

- ``route`` reads the events topic, sends what does not decode to the dead-letter topic, and
  forwards each fact unchanged to the repartition topic, keyed by its merge key (and with its
  timestamp);
- ``merge`` reads the repartition topic. Its tables (buckets of open events by merge key; the
  stream time of each partition) are partitioned like it, so one worker holds every open event
  of a key, and their changelog topics give them back to a restarted or rebalanced worker.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.types import EventT, Message, TopicT

from newsstream.common.deadletter import Rejected, SourcePosition, new_dead_letter
from newsstream.common.health import Readiness, register_health_pages
from newsstream.common.kafka.faustapp import faust_options, run_faust_worker
from newsstream.common.records import Event, encode
from newsstream.common.settings import Settings
from newsstream.merger import metrics
from newsstream.merger.merging import (
    Mention,
    MergePolicy,
    add_mention,
    is_fact,
    merge_key,
    still_open,
    to_mention,
)
from newsstream.merger.messages import decode_event
from newsstream.merger.now import NowMention, NowWindow, now_mention
from newsstream.merger.records import mention_record, merged_record
from newsstream.merger.state import Bucket, OpenEvent, decode_bucket, encode_bucket


def repartition_topic_name(settings: Settings) -> str:
    """Named as Faust names a ``group_by`` topic: the app, the source topic, the new key."""
    return f"{settings.merger_app_id}-{settings.topic_events}-merge_key-repartition"


class Merger:
    """The agents' work: routing event messages by merge key, merging them into the tables,
    publishing merged events and mentions, sweeping closed events out."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.policy = MergePolicy.from_settings(settings)
        self.sweep_interval_s = settings.merge_sweep_interval_s
        self.buckets = app.Table(
            "merge-buckets",
            key_type=str,
            value_type=bytes,
            help="Open merged events by merge key (a Bucket, as JSON).",
        )
        self.clock = app.Table(
            "merge-clock",
            key_type=int,
            value_type=float,
            help="Stream time of each repartition-topic partition (epoch seconds).",
        )
        self.merged = raw_topic(app, settings.topic_merged)
        self.mentions = raw_topic(app, settings.topic_mentions)
        self.dead = raw_topic(app, settings.topic_deadletter)
        self.last_sweep: dict[int, float] = {}
        self.now = NowWindow(settings.merger_window_max_dyads)
        self.top_dyads = settings.merger_top_dyads
        self.top_countries = settings.merger_top_countries

    async def route(self, event: EventT, repartition: TopicT) -> None:
        message = event.message
        coded = await self.decoded(message)
        if coded is None:
            return
        if not is_fact(coded):
            metrics.MENTIONS.labels("not_fact").inc()
            return
        await event.forward(repartition, key=merge_key(coded).encode(), timestamp=message.timestamp)

    async def merge(self, event: EventT) -> None:
        message = event.message
        coded = await self.decoded(message)
        if coded is None:
            return
        partition = message.partition
        mention = to_mention(coded, message.timestamp)
        stream_time = self.advance_clock(partition, mention.time)
        key = merge_key(coded)
        stored = self.buckets.get(key)
        events = [] if stored is None else decode_bucket(stored).events
        outcome = add_mention(events, mention, key, stream_time, self.policy)
        metrics.MENTIONS.labels(outcome.kind).inc()
        if outcome.kind == "opened":
            metrics.OPEN_EVENTS.inc()
        counted = outcome.kind in ("opened", "joined")
        if counted or outcome.closed:
            self.store(key, partition, outcome.events, outcome.closed)
        if outcome.event is not None:
            if counted:
                self.count_now(now_mention(outcome.event, coded, message.timestamp))
            # A duplicate is published again: its first publication may have been lost with
            # a crash between the table's changelog and the outputs.
            await self.publish(outcome.event, mention)
        self.sweep_if_due(partition, stream_time)

    def count_now(self, mention: NowMention) -> None:
        if self.now.add(mention, time.time()) == "untracked_dyad":
            metrics.UNTRACKED_DYAD_MENTIONS.inc()

    def show_now(self) -> None:
        """The last hour's gauges, as of now."""
        metrics.show_now(self.now.snapshot(time.time(), self.top_dyads, self.top_countries))

    def advance_clock(self, partition: int, time: float) -> float:
        """The partition's stream time, advanced to ``time`` if that is later."""
        current = self.clock.get(partition, -math.inf)
        if time > current:
            self.clock[partition] = time
            return time
        return current

    def store(self, key: str, partition: int, events: list[OpenEvent], closed: int) -> None:
        """Write a bucket back (or remove it when empty); count the ``closed`` events that
        left it."""
        if events:
            self.buckets[key] = encode_bucket(Bucket(partition, events))
        else:
            del self.buckets[key]
        if closed:
            metrics.CLOSED_EVENTS.inc(closed)
            metrics.OPEN_EVENTS.dec(closed)

    def sweep_if_due(self, partition: int, stream_time: float) -> None:
        """Every ``merge_sweep_interval_s`` of a partition's stream time, remove its closed
        events from the table; recount the open ones."""
        if stream_time - self.last_sweep.get(partition, -math.inf) < self.sweep_interval_s:
            return
        self.last_sweep[partition] = stream_time
        open_count = 0
        for key, stored in list(self.buckets.items()):
            bucket = decode_bucket(stored)
            events = bucket.events
            if bucket.partition == partition:
                events = still_open(bucket.events, stream_time, self.policy)
                if len(events) < len(bucket.events):
                    self.store(key, partition, events, len(bucket.events) - len(events))
            open_count += len(events)
        metrics.OPEN_EVENTS.set(open_count)

    def keep_only(self, partitions: set[int]) -> None:
        """Drop the buckets of partitions this worker no longer holds from its memory (not from
        the changelog): Faust's memory store forgets only keys it recovered itself, not those
        set since. Kept partitions are left alone: Faust reads again only what their changelogs
        got since it last read them."""
        store = self.buckets.data
        for key, stored in list(store.items()):
            if decode_bucket(stored).partition not in partitions:
                del store[key]
        for partition in set(self.last_sweep) - partitions:
            del self.last_sweep[partition]

    async def publish(self, event: OpenEvent, mention: Mention) -> None:
        await self.merged.send(key=event.id.encode(), value=encode(merged_record(event)))
        record = mention_record(event, mention)
        await self.mentions.send(key=record.id.encode(), value=encode(record))

    async def decoded(self, message: Message) -> Event | None:
        """The message's event; None, once it is in the dead-letter topic, when it is none."""
        try:
            return decode_event(message.value)
        except Rejected as rejection:
            await self.dead_letter(message, rejection)
            return None

    async def dead_letter(self, message: Message, rejection: Rejected) -> None:
        letter = new_dead_letter(
            service="merger",
            rejection=rejection,
            position=SourcePosition(message.topic, message.partition, message.offset),
            key=message.key,
            payload=message.value,
        )
        metrics.DEAD_LETTERS.labels(letter.stage, letter.reason).inc()
        await self.dead.send(key=letter.id.encode(), value=encode(letter))


def raw_topic(app: faust.App, name: str, **options: object) -> TopicT:
    return app.topic(name, key_serializer="raw", value_serializer="raw", **options)


def create_app(settings: Settings) -> faust.App:
    options = faust_options(
        settings, web_port=settings.merger_web_port, datadir=settings.merger_datadir
    )
    app = faust.App(settings.merger_app_id, **options)
    events = raw_topic(app, settings.topic_events)
    repartition = raw_topic(
        app,
        repartition_topic_name(settings),
        internal=True,
        partitions=settings.topic_partitions,
        retention=timedelta(milliseconds=settings.topic_retention_ms),
    )
    merger = Merger(app, settings)

    @app.agent(events)
    async def route(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await merger.route(event, repartition)

    @app.agent(repartition)
    async def merge(stream: faust.StreamT) -> None:
        async for event in stream.events():
            await merger.merge(event)

    @app.timer(interval=settings.merger_gauges_interval_s)
    async def show_the_last_hour() -> None:
        merger.show_now()

    @app.on_rebalance_complete.connect
    async def forget_lost_partitions(sender: faust.App, **kwargs: Any) -> None:
        assigned = app.consumer.assignment()
        name = repartition.get_topic_name()
        merger.keep_only({tp.partition for tp in assigned if tp.topic == name})

    register_health_pages(app, Readiness(metrics.READY))
    if settings.metrics_enabled:
        setup_prometheus_sensors(app, name_prefix="newsstream_faust")
    return app


def run_merger(settings: Settings) -> None:
    run_faust_worker(create_app, settings)
