"""`newsstream export gdelt`: the merged-events and mentions topics as GDELT 2.0 files, one
pair of zipped Events and Mentions files per interval and a lastupdate.txt.

Without ``--follow`` it reads both topics up to the end offsets they have when it starts, writes
every interval that has records and exits. With it, it first reads that far, writes the
intervals that ended more than the grace period ago, then goes on reading and writes each
further interval once the grace period after its end is over. It reads without a consumer group
and commits nothing: ``--from-beginning`` starts at the oldest records, else at the newest.

A message that is not a merged event or mention is skipped, its position and reason printed on
stderr; the exit status is then 1. The exporter sends nothing to Kafka: the message stays where
it is, and a second export would only dead-letter it again.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec
from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from newsstream.common.deadletter import Rejected, decode_record
from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.records import EventMention, MergedEvent
from newsstream.common.settings import Settings
from newsstream.exporter.columns import event_row, gdelt_stamp, mention_row
from newsstream.exporter.files import ListedFile, tab_separated, write_last_update, write_zip
from newsstream.exporter.intervals import Interval, Intervals, epoch_seconds

POLL_TIMEOUT_MS = 500
COMMAND = "newsstream export gdelt"
_MERGED = msgspec.json.Decoder(MergedEvent)
_MENTION = msgspec.json.Decoder(EventMention)


@dataclass(frozen=True)
class ExportOptions:
    out: Path
    interval_s: int
    from_beginning: bool
    follow: bool
    grace_s: float
    base_url: str


class TopicsReader:
    """Both topics, every partition, from the oldest or the newest record; knows when it has
    read up to the end offsets taken at its start."""

    def __init__(self, consumer: KafkaConsumer, topics: list[str], from_beginning: bool) -> None:
        self.consumer = consumer
        self.partitions = [tp for topic in topics for tp in topic_partitions(consumer, topic)]
        consumer.assign(self.partitions)
        if from_beginning:
            consumer.seek_to_beginning(*self.partitions)
        else:
            consumer.seek_to_end(*self.partitions)
        self.ends: dict[TopicPartition, int] = consumer.end_offsets(self.partitions)

    def poll(self) -> list[ConsumerRecord]:
        batches = self.consumer.poll(timeout_ms=POLL_TIMEOUT_MS)
        return [record for batch in batches.values() for record in batch]

    def caught_up(self) -> bool:
        return all(self.consumer.position(tp) >= self.ends[tp] for tp in self.partitions)


def topic_partitions(consumer: KafkaConsumer, topic: str) -> list[TopicPartition]:
    partitions = consumer.partitions_for_topic(topic)
    if not partitions:
        raise RuntimeError(f"no topic {topic} on the broker")
    return [TopicPartition(topic, partition) for partition in sorted(partitions)]


class Exporter:
    """Decodes the records into their intervals and writes the closed intervals' files."""

    def __init__(self, options: ExportOptions, settings: Settings) -> None:
        self.options = options
        self.merged_topic = settings.topic_merged
        self.intervals = Intervals(options.interval_s)
        self.skipped: Counter[tuple[str, str]] = Counter()
        self.written = 0

    def take(self, record: ConsumerRecord, now: float) -> None:
        try:
            if record.topic == self.merged_topic:
                self.intervals.add_event(decode_record(_MERGED, record.value), now)
            else:
                self.intervals.add_mention(decode_record(_MENTION, record.value), now)
        except Rejected as rejection:
            self.skip(record, rejection)

    def skip(self, record: ConsumerRecord, rejection: Rejected) -> None:
        self.skipped[(record.topic, rejection.reason)] += 1
        print(
            f"{COMMAND}: skipped {record.topic} partition {record.partition} offset "
            f"{record.offset}: {rejection.reason}: {rejection.error}",
            file=sys.stderr,
        )

    def write(self, intervals: list[Interval]) -> None:
        for interval in intervals:
            listed = write_pair(interval, self.intervals, self.options.out)
            write_last_update(self.options.out, listed, self.options.base_url)
            print(
                f"{listed[0].name}: {len(interval.events)} events, "
                f"{listed[1].name}: {len(interval.mentions)} mentions",
                flush=True,
            )
            self.written += 1

    def summary(self) -> list[str]:
        counts = self.intervals.counts
        lines = [f"{self.written} intervals written to {self.options.out}"]
        if counts.late_events or counts.late_mentions:
            lines.append(
                f"{counts.late_events} events and {counts.late_mentions} mentions came after "
                "their interval was written: in the next interval written"
            )
        if counts.events_updated_after_writing:
            lines.append(
                f"{counts.events_updated_after_writing} updates of events already written: "
                "not written again"
            )
        lines.extend(
            f"skipped {count} messages of {topic}: {reason}"
            for (topic, reason), count in sorted(self.skipped.items())
        )
        return lines


def write_pair(interval: Interval, intervals: Intervals, folder: Path) -> list[ListedFile]:
    """The interval's Events and Mentions zips; the lines of lastupdate.txt for them."""
    stamp = datetime.fromtimestamp(interval.end, UTC)
    name = gdelt_stamp(interval.end)
    events = [
        event_row(event, stamp_of(event.date_added, intervals))
        for event in sorted(interval.events.values(), key=lambda event: event.id)
    ]
    mentions = [
        mention_row(
            mention,
            stamp_of(mention.event_time, intervals),
            stamp_of(mention.mention_time, intervals),
        )
        for mention in sorted(interval.mentions.values(), key=lambda mention: mention.id)
    ]
    return [
        write_zip(folder, f"{name}.export.CSV", tab_separated(events), stamp),
        write_zip(folder, f"{name}.mentions.CSV", tab_separated(mentions), stamp),
    ]


def stamp_of(timestamp: str, intervals: Intervals) -> str:
    """GDELT's time columns: the stamp of the interval of the record's own time."""
    return gdelt_stamp(intervals.end_of(epoch_seconds(timestamp)))


def run_export(options: ExportOptions, settings: Settings) -> int:
    options.out.mkdir(parents=True, exist_ok=True)
    exporter = Exporter(options, settings)
    consumer = create_consumer(settings, client_id="newsstream-exporter")
    try:
        reader = TopicsReader(
            consumer, [settings.topic_merged, settings.topic_mentions], options.from_beginning
        )
        export(reader, exporter)
    finally:
        consumer.close()
        for line in exporter.summary():
            print(f"{COMMAND}: {line}", file=sys.stderr)
    return 1 if exporter.skipped else 0


def export(reader: TopicsReader, exporter: Exporter) -> None:
    """Read until caught up; then write everything, or with --follow go on writing each
    interval once its grace period is over."""
    caught_up = False
    while True:
        for record in reader.poll():
            exporter.take(record, time.time())
        caught_up = caught_up or reader.caught_up()
        if not caught_up:
            continue
        if not exporter.options.follow:
            exporter.write(exporter.intervals.close_all())
            return
        exporter.write(exporter.intervals.close(time.time() - exporter.options.grace_s))
