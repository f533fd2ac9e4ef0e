"""Which interval's pair of files each record goes into.

Intervals are counted from 1970-01-01T00:00Z and named by their end (GDELT's update stamp). A
merged event goes into the interval of its ``date_added`` (its first mention), in its latest
state read before the interval's files are written; a mention into the interval of its
``mention_time``. Once a pair is written it is never written again (``--follow``): a record
whose interval is already written goes into the interval of the wall clock, an event already
written is not written again, and a mention already written (a redelivered copy) neither.

An interval also notes, per topic partition, the offset of the first record it holds: a
``--follow`` run resumes from the earliest offset an interval not yet written holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsstream.common.records import EventMention, MergedEvent


@dataclass
class Interval:
    """The records of one pair of files: the latest state of each event, each mention once."""

    end: int
    events: dict[str, MergedEvent] = field(default_factory=dict)
    mentions: dict[str, EventMention] = field(default_factory=dict)
    # (topic, partition) -> the offset of the first record put in this interval
    first_offsets: dict[tuple[str, int], int] = field(default_factory=dict)

    def hold(self, topic: str, partition: int, offset: int) -> None:
        """Note a record read from ``offset``: records of a partition come in offset order."""
        self.first_offsets.setdefault((topic, partition), offset)


@dataclass
class ExportCounts:
    """What did not go into the interval of its own time, for the summary."""

    late_events: int = 0
    late_mentions: int = 0
    events_updated_after_writing: int = 0
    mentions_repeated_after_writing: int = 0


class Intervals:
    """The intervals of an export. The ids of the events and mentions written are remembered,
    with the end of the interval they were written in, for ``remember_s`` seconds of interval
    time (None: for good): the merger updates no event, and publishes no mention, that far
    behind its stream, so a ``--follow`` run's memory and state stay bounded."""

    def __init__(self, interval_s: int, remember_s: float | None = None) -> None:
        self.interval_s = interval_s
        self.remember_s = remember_s
        self.pending: dict[int, Interval] = {}
        self.written_until: int | None = None
        # id -> the end of the interval it was written in
        self.written_events: dict[str, int] = {}
        self.written_mentions: dict[str, int] = {}
        self.counts = ExportCounts()

    def end_of(self, seconds: float) -> int:
        """The end of the interval that holds ``seconds``: interval_s for [0, interval_s)."""
        return (int(seconds // self.interval_s) + 1) * self.interval_s

    def add_event(self, event: MergedEvent, now: float) -> Interval | None:
        """The interval the event went into; None for an event written already."""
        if event.id in self.written_events:
            self.counts.events_updated_after_writing += 1
            return None
        interval, late = self.interval_for(event.date_added, now)
        self.counts.late_events += late
        self.remove_earlier_state(event.id, interval.end)
        interval.events[event.id] = event
        return interval

    def remove_earlier_state(self, event_id: str, end: int) -> None:
        """A late event's earlier state may wait in another interval (read before its own
        interval was written, the wall clock's interval has moved on since)."""
        for other in self.pending.values():
            if other.end != end:
                other.events.pop(event_id, None)

    def add_mention(self, mention: EventMention, now: float) -> Interval | None:
        """The interval the mention went into; None for a mention written already."""
        if mention.id in self.written_mentions:
            self.counts.mentions_repeated_after_writing += 1
            return None
        interval, late = self.interval_for(mention.mention_time, now)
        self.counts.late_mentions += late
        interval.mentions[mention.id] = mention
        return interval

    def interval_for(self, timestamp: str, now: float) -> tuple[Interval, bool]:
        """The interval of ``timestamp``, or when that is written already the interval of the
        wall clock ``now``; whether it was."""
        end = self.end_of(epoch_seconds(timestamp))
        late = self.is_written(end)
        return self.interval(self.end_of(now) if late else end), late

    def is_written(self, end: int) -> bool:
        return self.written_until is not None and end <= self.written_until

    def interval(self, end: int) -> Interval:
        if end not in self.pending:
            self.pending[end] = Interval(end)
        return self.pending[end]

    def close(self, until: float) -> list[Interval]:
        """The intervals that end at ``until`` or before, oldest first, taken out of pending:
        to be written, each then remembered with ``mark_written``."""
        return [self.pending.pop(end) for end in sorted(self.pending) if end <= until]

    def close_all(self) -> list[Interval]:
        return self.close(float("inf"))

    def mark_written(self, interval: Interval) -> None:
        self.written_events.update(dict.fromkeys(interval.events, interval.end))
        self.written_mentions.update(dict.fromkeys(interval.mentions, interval.end))
        self.written_until = max(interval.end, self.written_until or interval.end)
        if self.remember_s is not None:
            cutoff = self.written_until - self.remember_s
            self.written_events = _since(self.written_events, cutoff)
            self.written_mentions = _since(self.written_mentions, cutoff)


def _since(written: dict[str, int], cutoff: float) -> dict[str, int]:
    return {record_id: end for record_id, end in written.items() if end >= cutoff}


def epoch_seconds(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp).timestamp()
