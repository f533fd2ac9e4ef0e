"""What a ``--follow`` export keeps in its folder to resume where it stopped.

``.export-state.json`` is written when a run starts afresh and replaced after each interval's
pair is written, before the pair is listed in masterfilelist.txt and lastupdate.txt. It holds:

- the interval length: a resumed run must cut the same intervals;
- the end of the last interval written: no run writes it, or an earlier one, again;
- per topic partition, the offset to read from: the first record still held for an interval not
  yet written, else the position read to. Every record of an interval not written lies at or
  after it; the merged topic's compaction only drops records a later one of the same key
  replaces, and that one lies after it too;
- the ids of the events and mentions written, with the end of the interval each was written
  in (those of the merge horizon and a little more, ``Intervals``): records read again from
  those offsets, later updates of an event written and redelivered mentions are not written a
  second time;
- the lines of the pair just written: a run stopped between the state and the lists lists the
  pair when it resumes.

A run stopped after writing a pair's zips but before the state writes that pair again when it
resumes: nobody fetched it, since no list named it yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import msgspec

from newsstream.exporter.files import ListedFile, replace_file
from newsstream.exporter.intervals import Interval, Intervals

STATE_FILE = ".export-state.json"
# topic -> partition -> offset
Offsets = dict[str, dict[int, int]]


class FollowState(msgspec.Struct, forbid_unknown_fields=True):
    interval_s: int
    written_until: int | None
    offsets: Offsets
    # id -> the end of the interval it was written in; a list of ids in states written before
    # the ends were kept (read as written at ``written_until``)
    written_events: dict[str, int] | list[str]
    written_mentions: dict[str, int] | list[str]
    last_pair: list[ListedFile]


class StateError(ValueError):
    """The folder's state cannot be resumed from."""


_STATE = msgspec.json.Decoder(FollowState)


def load_state(folder: Path, interval_s: int) -> FollowState | None:
    """The state a previous ``--follow`` run left in ``folder``; None when there is none."""
    path = folder / STATE_FILE
    if not path.exists():
        return None
    try:
        state = _STATE.decode(path.read_bytes())
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise StateError(f"{path}: not an export state: {exc}") from None
    if state.interval_s != interval_s:
        raise StateError(
            f"{path}: the folder holds intervals of {state.interval_s} s, not {interval_s}: "
            f"resume with --interval {state.interval_s} or export into another folder"
        )
    return state


def save_state(folder: Path, state: FollowState) -> None:
    replace_file(folder / STATE_FILE, msgspec.json.encode(state).decode())


def follow_state(
    intervals: Intervals,
    positions: Offsets,
    unwritten: Iterable[Interval],
    last_pair: list[ListedFile],
) -> FollowState:
    return FollowState(
        interval_s=intervals.interval_s,
        written_until=intervals.written_until,
        offsets=resume_offsets(positions, unwritten),
        written_events=dict(sorted(intervals.written_events.items())),
        written_mentions=dict(sorted(intervals.written_mentions.items())),
        last_pair=last_pair,
    )


def resume_offsets(positions: Offsets, unwritten: Iterable[Interval]) -> Offsets:
    """Per partition, the first offset an unwritten interval holds, else the position."""
    offsets = {topic: dict(partitions) for topic, partitions in positions.items()}
    for interval in unwritten:
        for (topic, partition), offset in interval.first_offsets.items():
            offsets[topic][partition] = min(offsets[topic][partition], offset)
    return offsets


def restore(intervals: Intervals, state: FollowState) -> None:
    intervals.written_until = state.written_until
    intervals.written_events = _written(state.written_events, state.written_until)
    intervals.written_mentions = _written(state.written_mentions, state.written_until)


def _written(ids: dict[str, int] | list[str], written_until: int | None) -> dict[str, int]:
    if isinstance(ids, dict):
        return dict(ids)
    return dict.fromkeys(ids, written_until or 0)
