"""`newsstream export gdelt`: the merged-events and mentions topics as GDELT 2.0 files, one
pair of zipped Events and Mentions files per interval, a lastupdate.txt and a
masterfilelist.txt.

Without ``--follow`` it reads both topics up to the end offsets they have when it starts, writes
every interval that has records and exits. With it, it first reads that far, writes the
intervals that ended more than the grace period ago, then goes on reading and writes each
further interval once the grace period after its end is over. It reads without a consumer group
and commits nothing: ``--from-beginning`` starts at the oldest records, else at the newest; a
``--follow`` run whose folder holds the state of an earlier one resumes from it instead
(``state.py``).

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
from newsstream.exporter.files import ListedFile, announce, tab_separated, write_zip
from newsstream.exporter.intervals import Interval, Intervals, epoch_seconds
from newsstream.exporter.state import (
    FollowState,
    Offsets,
    follow_state,
    load_state,
    restore,
    save_state,
)
from newsstream.merger.merging import DAY_S

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
    """Both topics, every partition, from the offsets a run resumes from, else the oldest or
    the newest record; knows when it has read up to the end offsets taken at its start."""

    def __init__(
        self,
        consumer: KafkaConsumer,
        topics: list[str],
        from_beginning: bool,
        resume: Offsets | None = None,
    ) -> None:
        self.consumer = consumer
        self.partitions = [tp for topic in topics for tp in topic_partitions(consumer, topic)]
        consumer.assign(self.partitions)
        if resume is not None:
            self.seek(resume)
        elif from_beginning:
            consumer.seek_to_beginning(*self.partitions)
        else:
            consumer.seek_to_end(*self.partitions)
        self.ends: dict[TopicPartition, int] = consumer.end_offsets(self.partitions)

    def seek(self, offsets: Offsets) -> None:
        """Each partition to its offset; a partition the offsets do not name (added since)
        from its oldest record."""
        for tp in self.partitions:
            offset = offsets.get(tp.topic, {}).get(tp.partition)
            if offset is None:
                self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, offset)

    def positions(self) -> Offsets:
        positions: Offsets = {}
        for tp in self.partitions:
            positions.setdefault(tp.topic, {})[tp.partition] = self.consumer.position(tp)
        return positions

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


def remembered_seconds(settings: Settings) -> float:
    """How long a written record's id is kept: the merge horizon and the day tolerance (how
    far behind its stream the merger still updates an event or takes a mention), and a day."""
    return (settings.merge_horizon_days + settings.merge_day_tolerance + 1) * DAY_S


class Exporter:
    """Decodes the records into their intervals and writes the closed intervals' files."""

    def __init__(self, options: ExportOptions, settings: Settings) -> None:
        self.options = options
        self.merged_topic = settings.topic_merged
        self.intervals = Intervals(options.interval_s, remembered_seconds(settings))
        self.skipped: Counter[tuple[str, str]] = Counter()
        self.written = 0

    def take(self, record: ConsumerRecord, now: float) -> None:
        try:
            if record.topic == self.merged_topic:
                interval = self.intervals.add_event(decode_record(_MERGED, record.value), now)
            else:
                interval = self.intervals.add_mention(decode_record(_MENTION, record.value), now)
        except Rejected as rejection:
            self.skip(record, rejection)
            return
        if interval is not None:
            interval.hold(record.topic, record.partition, record.offset)

    def skip(self, record: ConsumerRecord, rejection: Rejected) -> None:
        self.skipped[(record.topic, rejection.reason)] += 1
        print(
            f"{COMMAND}: skipped {record.topic} partition {record.partition} offset "
            f"{record.offset}: {rejection.reason}: {rejection.error}",
            file=sys.stderr,
        )

    def start_following(self, resumed: FollowState | None, positions: Offsets) -> None:
        """Start a --follow run: from the state of the run before, listing the pair it wrote
        last (it may have stopped before listing it); else with a state of its own."""
        if resumed is None:
            save_state(self.options.out, follow_state(self.intervals, positions, [], []))
            return
        restore(self.intervals, resumed)
        announce(self.options.out, resumed.last_pair, self.options.base_url)
        after = "nothing written yet"
        if resumed.written_until is not None:
            after = f"after {gdelt_stamp(resumed.written_until)}"
        print(f"{COMMAND}: resuming from {self.options.out}: {after}", file=sys.stderr)

    def write(self, intervals: list[Interval], positions: Offsets | None = None) -> None:
        """Each interval's pair; with --follow (``positions`` read to) the state to resume
        from; then the lists that name the pair."""
        for number, interval in enumerate(intervals):
            listed = write_pair(interval, self.intervals, self.options.out)
            self.intervals.mark_written(interval)
            if positions is not None:
                unwritten = [*intervals[number + 1 :], *self.intervals.pending.values()]
                state = follow_state(self.intervals, positions, unwritten, listed)
                save_state(self.options.out, state)
            announce(self.options.out, listed, self.options.base_url)
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
    """Raises StateError when the folder's --follow state cannot be resumed from."""
    options.out.mkdir(parents=True, exist_ok=True)
    resumed = load_state(options.out, options.interval_s) if options.follow else None
    exporter = Exporter(options, settings)
    # an offset to resume from that retention has deleted since: read what is left
    consumer = create_consumer(
        settings,
        client_id="newsstream-exporter",
        from_beginning=options.from_beginning or resumed is not None,
    )
    try:
        reader = TopicsReader(
            consumer,
            [settings.topic_merged, settings.topic_mentions],
            options.from_beginning,
            resumed.offsets if resumed else None,
        )
        if options.follow:
            exporter.start_following(resumed, reader.positions())
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
        closed = exporter.intervals.close(time.time() - exporter.options.grace_s)
        if closed:
            exporter.write(closed, reader.positions())
