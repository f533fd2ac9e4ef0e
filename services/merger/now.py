"""What is happening in the news now: the mentions a merger worker merged in the last hour, for
the "Events now" dashboard.

A sliding window of one-minute slots, each a tally of its mentions by dyad, by country and
QuadClass, and of their Goldstein values by country. Memory depends on the distinct dyads, not
on the number of mentions, and the dyads the window tracks are capped. Plain classes without
Kafka or Prometheus: the agent adds each mention it merged (app.py), a timer takes a snapshot
and puts it into the gauges (metrics.py).

A mention's time is the timestamp of its message on the events topic (when the enricher
published it), against the wall clock: "now" is when Prometheus scrapes, and a replay of old
messages adds nothing to the last hour.
"""

from __future__ import annotations

import heapq
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from newsstream.common.records import Event
from newsstream.merger.state import OpenEvent

# The metric names say "last hour": the window's length is part of what they mean.
WINDOW_S = 3600.0
SLOT_S = 60.0
OTHER_COUNTRIES = "other"

Key = TypeVar("Key", str, tuple[str, int])
Counted = Literal["counted", "untracked_dyad", "too_old"]


@dataclass(frozen=True)
class NowMention:
    """A merged mention as the window counts it. ``goldstein_tenths``: the Goldstein value in
    tenths (CAMEO's values have one decimal), so that what expires subtracts exactly."""

    dyad: str
    countries: tuple[str, ...]
    quad_class: int
    goldstein_tenths: int
    time: float


@dataclass(frozen=True)
class NowSnapshot:
    """The window at one moment, bounded: the top dyads, and the top countries with the rest
    summed as ``other``."""

    top_dyads: dict[str, int]
    quad_classes: dict[tuple[str, int], int]
    goldstein_sums: dict[str, float]


def now_mention(merged: OpenEvent, event: Event, time: float) -> NowMention:
    """The dyad as the merged event names it ('Macron hosted Scholz' counts for Scholz's visit
    to Macron, as it merged); the countries of both parties, an event between two countries
    counting for each; the QuadClass and Goldstein value the article's event was coded with."""
    countries = (merged.actor.country_code, merged.target.country_code)
    return NowMention(
        # One string object per dyad, however many slots count it.
        dyad=sys.intern(f"{merged.actor.code}→{merged.target.code}"),
        countries=tuple(dict.fromkeys(country for country in countries if country)),
        quad_class=event.quad_class,
        goldstein_tenths=round(event.goldstein * 10),
        time=time,
    )


@dataclass
class Tally:
    """Mentions by dyad, by (country, QuadClass) and per country, with Goldstein sums per
    country in tenths; keys whose count falls to zero are removed."""

    dyads: Counter[str] = field(default_factory=Counter)
    quad_classes: Counter[tuple[str, int]] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    goldstein_tenths: Counter[str] = field(default_factory=Counter)

    def add(self, mention: NowMention, tracked_dyad: bool) -> None:
        if tracked_dyad:
            self.dyads[mention.dyad] += 1
        for country in mention.countries:
            self.quad_classes[country, mention.quad_class] += 1
            self.countries[country] += 1
            self.goldstein_tenths[country] += mention.goldstein_tenths

    def subtract(self, expired: Tally) -> None:
        subtract_counts(self.dyads, expired.dyads)
        subtract_counts(self.quad_classes, expired.quad_classes)
        for country, count in expired.countries.items():
            self.goldstein_tenths[country] -= expired.goldstein_tenths[country]
            self.countries[country] -= count
            if not self.countries[country]:
                del self.countries[country], self.goldstein_tenths[country]


def subtract_counts(counts: Counter[Key], expired: Counter[Key]) -> None:
    for key, count in expired.items():
        counts[key] -= count
        if not counts[key]:
            del counts[key]


class NowWindow:
    """The mentions of the last hour, in one-minute slots, and their running total.

    At most ``max_dyads`` distinct dyads are tracked at a time: the mentions of a further dyad
    still count for their countries.
    """

    def __init__(self, max_dyads: int) -> None:
        self.max_dyads = max_dyads
        self.slots: dict[int, Tally] = {}
        self.total = Tally()
        self.newest_slot = -1

    def add(self, mention: NowMention, now: float) -> Counted:
        """Count a mention at wall-clock time ``now`` (one stamped in the future as of now);
        one older than the window is not counted."""
        self.expire(now)
        slot = slot_of(min(mention.time, now))
        if slot <= slot_of(now) - slots_in_window():
            return "too_old"
        tracked = mention.dyad in self.total.dyads or len(self.total.dyads) < self.max_dyads
        tally = self.slots.get(slot)
        if tally is None:
            tally = self.slots[slot] = Tally()
        tally.add(mention, tracked)
        self.total.add(mention, tracked)
        return "counted" if tracked else "untracked_dyad"

    def expire(self, now: float) -> None:
        """Drop the slots that left the window, once a minute at most."""
        current = slot_of(now)
        if current <= self.newest_slot:
            return
        self.newest_slot = current
        oldest_kept = current - slots_in_window() + 1
        for slot in [slot for slot in self.slots if slot < oldest_kept]:
            self.total.subtract(self.slots.pop(slot))

    def snapshot(self, now: float, top_dyads: int, top_countries: int) -> NowSnapshot:
        """The ``top_dyads`` dyads by mentions (ties by name) and the ``top_countries``
        countries by mentions, the others as ``other``."""
        self.expire(now)
        total = self.total
        dyads = heapq.nsmallest(top_dyads, total.dyads.items(), key=by_count_then_name)
        shown = {
            country
            for country, _ in heapq.nsmallest(
                top_countries, total.countries.items(), key=by_count_then_name
            )
        }
        quad_classes: Counter[tuple[str, int]] = Counter()
        goldstein_tenths: Counter[str] = Counter()
        for (country, quad_class), count in total.quad_classes.items():
            quad_classes[country if country in shown else OTHER_COUNTRIES, quad_class] += count
        for country, tenths in total.goldstein_tenths.items():
            goldstein_tenths[country if country in shown else OTHER_COUNTRIES] += tenths
        return NowSnapshot(
            top_dyads=dict(dyads),
            quad_classes=dict(quad_classes),
            goldstein_sums={country: tenths / 10 for country, tenths in goldstein_tenths.items()},
        )


def slot_of(time: float) -> int:
    return int(time // SLOT_S)


def slots_in_window() -> int:
    return int(WINDOW_S // SLOT_S)


def by_count_then_name(item: tuple[Key, int]) -> tuple[int, Key]:
    return -item[1], item[0]
