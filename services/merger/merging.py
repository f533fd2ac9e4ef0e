"""Merging the mentions of one real-world event across articles and outlets.

Plain functions on the typed state of state.py, without Kafka: the agent (app.py) keeps the
buckets in a Faust table and calls ``add_mention`` for each event message.

Two article events are mentions of one event when they share the merge key (actor code, target
code, CAMEO root), their days are at most ``day_tolerance`` apart and their places agree where
both are known. Time is the stream time of a partition (the latest mention time it processed),
so a replay decides as the first run did, whatever the wall clock says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from newsstream.common.records import Event, Location, Participant
from newsstream.common.settings import Settings
from newsstream.merger.state import OpenEvent

DAY_S = 86_400.0
# Only facts merge: a denied, refused, intended or hypothetical act is not the event itself.
FACTUAL = frozenset({"asserted", "reported"})
# Places that are the event's own; a paragraph's or the dateline's place is only its context.
OWN_PLACE_SOURCES = frozenset({"sentence", "target"})
LOCATION_RANK = {"sentence": 0, "target": 0, "paragraph": 1, "dateline": 2}
UNCODED_PARTY = "---"
# Roots whose events are one event whichever party the text names first: 'Scholz met Macron'
# and 'Macron hosted Scholz' report one meeting. Their codes that name a direction are each
# other's converse (CAMEO 042 'make a visit', 043 'host a visit').
RECIPROCAL_ROOTS = frozenset({"04"})
CONVERSE_CODES = {"042": "043", "043": "042"}

MergeKind = Literal["opened", "joined", "duplicate", "late"]


@dataclass(frozen=True)
class MergePolicy:
    horizon_s: float
    day_tolerance: int
    lead_chars: int

    @classmethod
    def from_settings(cls, settings: Settings) -> MergePolicy:
        return cls(
            horizon_s=settings.merge_horizon_days * DAY_S,
            day_tolerance=settings.merge_day_tolerance,
            lead_chars=settings.merge_lead_chars,
        )


class Mention(msgspec.Struct, frozen=True):
    """One article's event as merging sees it: its day (an ordinal), the time the article
    mentioned it (epoch seconds) and the outlet."""

    event: Event
    day: int
    time: float
    outlet: str | None


@dataclass(frozen=True)
class MergeOutcome:
    """What became of a mention: the bucket's events afterwards, the event it belongs to (None
    when it came too late) and how many closed events left the bucket."""

    kind: MergeKind
    events: list[OpenEvent]
    event: OpenEvent | None
    closed: int = 0


def is_fact(event: Event) -> bool:
    return event.modality in FACTUAL


def merge_key(event: Event) -> str:
    """The key work is split by: actor, target and CAMEO root (the two parties in a fixed
    order for a reciprocal root). Day and place are compared within the key's bucket, as they
    match loosely."""
    parties = (party_key(event.actor), party_key(event.target))
    if event.cameo_root in RECIPROCAL_ROOTS:
        parties = tuple(sorted(parties))
    return f"{parties[0]}|{parties[1]}|{event.cameo_root}"


def code_for(merged: OpenEvent, event: Event) -> str:
    """The event's CAMEO code as seen from the merged event's actor: the converse code when the
    mention names the parties the other way round ('Macron hosted Scholz', 043, for a merged
    event whose actor is Scholz: Scholz visited Macron, 042)."""
    actor, target, merged_actor = map(party_key, (event.actor, event.target, merged.actor))
    if actor != merged_actor and target == merged_actor:
        return CONVERSE_CODES.get(event.cameo_code, event.cameo_code)
    return event.cameo_code


def party_key(party: Participant) -> str:
    """A party's CAMEO code (country, roles, group); a party without any is known only by its
    name ('---' alone would merge every unnamed crowd)."""
    if party.code == UNCODED_PARTY:
        return f"{UNCODED_PARTY}:{party.name.casefold()}"
    return party.code


def to_mention(event: Event, timestamp: float) -> Mention:
    """The mention of an event message published at ``timestamp`` (epoch seconds)."""
    published = parse_time(event.article_published)
    time = timestamp if published is None else min(published, timestamp)
    day = event_day(event.date) or datetime.fromtimestamp(time, UTC).date().toordinal()
    return Mention(event=event, day=day, time=time, outlet=outlet_of(event.article_url))


def parse_time(value: str | None) -> float | None:
    """Epoch seconds of an ISO 8601 date or date-time (UTC when it names no zone)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def event_day(value: str | None) -> int | None:
    """The ordinal of an event date that names a day ('2024-03-01'); a month, week or year
    ('2024-03', '2024-W09') is no day."""
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def outlet_of(url: str | None) -> str | None:
    """The host of an article's address, without 'www.'."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def day_end(day: int) -> float:
    """Epoch seconds at the end of a day (an ordinal), UTC."""
    start = datetime.combine(date.fromordinal(day), datetime.min.time(), UTC)
    return start.timestamp() + DAY_S


def is_late(mention: Mention, stream_time: float, policy: MergePolicy) -> bool:
    """A mention of a day further behind the stream time than the horizon merges no more: the
    event it would join may have closed, and reopening it would start its counts afresh."""
    return stream_time > day_end(mention.day) + policy.horizon_s


def is_closed(event: OpenEvent, stream_time: float, policy: MergePolicy) -> bool:
    """Closed: the stream time is past the horizon after its last day and its last mention."""
    return stream_time > max(event.last_time, day_end(event.last_day)) + policy.horizon_s


def still_open(
    events: Iterable[OpenEvent], stream_time: float, policy: MergePolicy
) -> list[OpenEvent]:
    return [event for event in events if not is_closed(event, stream_time, policy)]


def add_mention(
    events: list[OpenEvent],
    mention: Mention,
    key: str,
    stream_time: float,
    policy: MergePolicy,
) -> MergeOutcome:
    """Merge a mention into the open events of its merge key's bucket.

    A mention already counted (a replay, a redelivery) changes nothing: mention ids are the
    article events' ids, deterministic. Otherwise it joins the nearest open event by day whose
    place agrees, or opens a new one. Closed events leave the bucket.
    """
    counted = next((event for event in events if mention.event.id in event.mention_ids), None)
    if counted is not None:
        return MergeOutcome("duplicate", events, counted)
    remaining = still_open(events, stream_time, policy)
    closed = len(events) - len(remaining)
    if is_late(mention, stream_time, policy):
        return MergeOutcome("late", remaining, None, closed)
    match = best_match(remaining, mention, policy)
    if match is None:
        opened = open_event(key, mention, policy)
        return MergeOutcome("opened", [*remaining, opened], opened, closed)
    join(match, mention, policy)
    return MergeOutcome("joined", remaining, match, closed)


def best_match(events: list[OpenEvent], mention: Mention, policy: MergePolicy) -> OpenEvent | None:
    """The open event nearest the mention's day, within the tolerance, whose place agrees."""
    candidates = [
        event
        for event in events
        if abs(event.anchor - mention.day) <= policy.day_tolerance
        and places_agree(event.place, own_place(mention.event))
    ]
    return min(
        candidates,
        key=lambda event: (abs(event.anchor - mention.day), event.anchor, event.id),
        default=None,
    )


def own_place(event: Event) -> Location | None:
    location = event.location
    return location if location is not None and location.source in OWN_PLACE_SOURCES else None


def places_agree(first: Location | None, second: Location | None) -> bool:
    """Unknown places agree with any; a country agrees with the places inside it."""
    if first is None or second is None:
        return True
    if "country" in (first.precision, second.precision):
        return first.country_code is not None and first.country_code == second.country_code
    if first.geonames_id is not None and second.geonames_id is not None:
        return first.geonames_id == second.geonames_id
    return first.name.casefold() == second.name.casefold()


def merged_event_id(key: str, day: int, place: Location | None) -> str:
    """Deterministic: the merge key, the day the event opened with and its place then."""
    place_part = "" if place is None else str(place.geonames_id or place.name.casefold())
    basis = "\x1f".join((key, date.fromordinal(day).isoformat(), place_part))
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def open_event(key: str, mention: Mention, policy: MergePolicy) -> OpenEvent:
    event = mention.event
    place = own_place(event)
    opened = OpenEvent(
        id=merged_event_id(key, mention.day, place),
        anchor=mention.day,
        place=place,
        location=event.location,
        actor=event.actor,
        target=event.target,
        quad_class=event.quad_class,
        codes={},
        days={},
        mention_ids=[],
        articles=[],
        sources=[],
        num_mentions=0,
        confidence_sum=0.0,
        root_event=False,
        date_added=mention.time,
        source_url=event.article_url,
        last_time=mention.time,
        last_day=mention.day,
    )
    join(opened, mention, policy)
    return opened


def join(target: OpenEvent, mention: Mention, policy: MergePolicy) -> None:
    """Count a mention into an open event (in place: the agent writes the bucket back)."""
    event = mention.event
    target.mention_ids.append(event.id)
    if event.article_id not in target.articles:
        target.articles.append(event.article_id)
    source = mention.outlet or event.article_id  # an article without an address is its own
    if source not in target.sources:
        target.sources.append(source)
    code = code_for(target, event)
    target.codes[code] = target.codes.get(code, 0) + 1
    target.days[mention.day] = target.days.get(mention.day, 0) + 1
    target.num_mentions += event.mention_count
    target.confidence_sum += event.confidence
    target.root_event = target.root_event or event.sentence.start < policy.lead_chars
    target.last_time = max(target.last_time, mention.time)
    target.last_day = max(target.last_day, mention.day)
    if target.place is None:
        target.place = own_place(event)
    if better_location(event.location, target.location):
        target.location = event.location


def better_location(candidate: Location | None, current: Location | None) -> bool:
    if candidate is None:
        return False
    return current is None or LOCATION_RANK[candidate.source] < LOCATION_RANK[current.source]


def majority_code(event: OpenEvent) -> str:
    """The full CAMEO code most of its article events give; on a tie the finer, then the lower."""
    return min(event.codes, key=lambda code: (-event.codes[code], -specificity(code), code))


def specificity(code: str) -> int:
    """Digits that say something: a code ending in 0 is its parent unspecified ('040': consult,
    not specified below, no finer than '04')."""
    return len(code) - 1 if len(code) > 2 and code.endswith("0") else len(code)


def majority_day(event: OpenEvent) -> int:
    """The day most of its article events give; on a tie the earlier."""
    return min(event.days, key=lambda day: (-event.days[day], day))
