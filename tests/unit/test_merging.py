"""Merging the mentions of one event across articles and outlets (services/merger), without
Kafka: the merge key, days, places, the majority code, idempotent mentions, the horizon."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import faust
import msgspec
import pytest
from spacy.language import Language

from newsstream.common.deadletter import Rejected
from newsstream.common.records import Event, encode
from newsstream.common.settings import Settings
from newsstream.merger.app import Merger
from newsstream.merger.merging import (
    DAY_S,
    Mention,
    MergeOutcome,
    MergePolicy,
    add_mention,
    is_fact,
    merge_key,
    to_mention,
)
from newsstream.merger.messages import decode_event
from newsstream.merger.records import mention_record, merged_record
from newsstream.merger.state import Bucket, OpenEvent, decode_bucket, encode_bucket

from support import BERLIN, MEETING_DAY, PARIS, SENTENCE, code_events, event_party, meeting_event

POLICY = MergePolicy(horizon_s=3 * DAY_S, day_tolerance=1, lead_chars=300)
NOON = datetime(2025, 3, 10, 12, tzinfo=UTC).timestamp()
MACRON = event_party("Emmanuel Macron", "FRAGOV", "FRA")
SCHOLZ = event_party("Olaf Scholz", "DEUGOV", "DEU")

POLICY = MergePolicy(horizon_s=3 * DAY_S, day_tolerance=1, lead_chars=300)


def merge_all(
    events: list[Event],
    timestamp: float = NOON,
    events_by_key: dict[str, list[OpenEvent]] | None = None,
) -> tuple[dict[str, list[OpenEvent]], list[MergeOutcome]]:
    """Merge event messages in order, as the agent does; the buckets and each outcome."""
    buckets = events_by_key if events_by_key is not None else {}
    outcomes = []
    stream_time = float("-inf")
    for event in events:
        mention = to_mention(event, timestamp)
        stream_time = max(stream_time, mention.time)
        key = merge_key(event)
        outcome = add_mention(buckets.get(key, []), mention, key, stream_time, POLICY)
        buckets[key] = outcome.events
        outcomes.append(outcome)
    return buckets, outcomes


def merged_events(buckets: dict[str, list[OpenEvent]]) -> list[OpenEvent]:
    return [event for events in buckets.values() for event in events]


def test_two_outlets_reporting_one_meeting_give_one_event() -> None:
    buckets, outcomes = merge_all(
        [
            meeting_event("https://www.example-news.com/scholz-macron"),
            meeting_event("https://other-paper.org/politics/paris-talks", code="042"),
        ]
    )
    [event] = merged_events(buckets)
    assert [outcome.kind for outcome in outcomes] == ["opened", "joined"]
    record = merged_record(event)
    assert (record.num_articles, record.num_sources, record.num_mentions) == (2, 2, 2)
    assert record.day == MEETING_DAY
    assert record.actor.code == "DEUGOV" and record.target.code == "FRAGOV"
    assert record.source_url == "https://www.example-news.com/scholz-macron"
    assert record.geo is not None and (record.geo.type, record.geo.geonames_id) == (4, 2988507)
    assert record.is_root_event and record.avg_confidence == 0.8


def test_two_articles_of_one_outlet_are_one_source() -> None:
    buckets, _ = merge_all(
        [
            meeting_event("https://example-news.com/a"),
            meeting_event("https://www.example-news.com/b"),
        ]
    )
    [event] = merged_events(buckets)
    assert (len(event.articles), len(event.sources)) == (2, 1)


@pytest.mark.parametrize(("other_day", "merged"), [("2025-03-11", True), ("2025-03-12", False)])
def test_days_merge_within_the_tolerance(other_day: str, merged: bool) -> None:
    buckets, _ = merge_all(
        [meeting_event("https://a.com/1"), meeting_event("https://b.com/1", date_=other_day)]
    )
    assert len(merged_events(buckets)) == (1 if merged else 2)


def test_without_a_resolved_date_the_publication_day_counts() -> None:
    buckets, _ = merge_all(
        [meeting_event("https://a.com/1"), meeting_event("https://b.com/1", date_="2025-03")]
    )
    [event] = merged_events(buckets)
    assert event.days == {date(2025, 3, 10).toordinal(): 2}


def test_a_different_root_is_a_different_event() -> None:
    meeting = meeting_event("https://a.com/1")
    accusation = meeting_event("https://b.com/1", code="112")
    assert merge_key(meeting) != merge_key(accusation)
    buckets, _ = merge_all([meeting, accusation])
    assert len(merged_events(buckets)) == 2


def test_actor_and_target_codes_are_part_of_the_key() -> None:
    accusation = meeting_event("https://a.com/1", code="112")
    swapped = meeting_event("https://b.com/1", code="112", actor=MACRON, target=SCHOLZ)
    assert merge_key(accusation) != merge_key(swapped)


def test_a_meeting_is_one_event_whichever_party_the_text_names_first() -> None:
    buckets, _ = merge_all(
        [
            meeting_event("https://a.com/1", code="040"),  # Scholz met Macron
            meeting_event("https://b.com/1", code="043", actor=MACRON, target=SCHOLZ),  # hosted
            meeting_event("https://c.com/1", code="042"),  # Scholz visited Macron
        ]
    )
    [event] = merged_events(buckets)
    record = merged_record(event)
    assert (record.actor.code, record.target.code) == ("DEUGOV", "FRAGOV")
    assert (record.event_code, record.goldstein, record.num_articles) == ("042", 1.9, 3)


def test_parties_without_a_code_are_known_by_their_names() -> None:
    crowd = event_party("protesters", "---", None)
    police = event_party("riot police", "---", None)
    first = meeting_event("https://a.com/1", actor=crowd)
    second = meeting_event("https://b.com/1", actor=police)
    assert merge_key(first) != merge_key(second)


def test_known_places_must_agree_and_unknown_places_join() -> None:
    buckets, outcomes = merge_all(
        [
            meeting_event("https://a.com/1"),
            meeting_event("https://b.com/1", location=BERLIN),
            meeting_event("https://c.com/1", location=None),
            meeting_event("https://d.com/1", location=PARIS | {"source": "dateline"}),
        ]
    )
    assert [outcome.kind for outcome in outcomes] == ["opened", "opened", "joined", "joined"]
    assert sorted(len(event.articles) for event in merged_events(buckets)) == [1, 3]


def test_a_country_agrees_with_the_places_inside_it() -> None:
    france = PARIS | {"name": "France", "geonames_id": 3017382, "precision": "country"}
    buckets, _ = merge_all(
        [meeting_event("https://a.com/1"), meeting_event("https://b.com/1", location=france)]
    )
    assert len(merged_events(buckets)) == 1


def test_the_majority_refines_the_code() -> None:
    buckets, _ = merge_all(
        [
            meeting_event("https://a.com/1", code="04"),
            meeting_event("https://b.com/1", code="042"),
            meeting_event("https://c.com/1", code="043"),
            meeting_event("https://d.com/1", code="043"),
        ]
    )
    [event] = merged_events(buckets)
    record = merged_record(event)
    assert (record.event_code, record.event_base_code, record.event_root_code) == (
        "043",
        "043",
        "04",
    )


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(("04", "042"), "042"), (("040", "042"), "042"), (("041", "042"), "041")],
)
def test_a_tie_takes_the_finer_code(codes: tuple[str, str], expected: str) -> None:
    tie, _ = merge_all([meeting_event(f"https://{code}.com/1", code=code) for code in codes])
    assert merged_record(merged_events(tie)[0]).event_code == expected


def test_a_mention_is_counted_once_however_often_it_arrives() -> None:
    event = meeting_event("https://a.com/1")
    other = meeting_event("https://b.com/1")
    buckets, outcomes = merge_all([event, other, event, other])
    assert [outcome.kind for outcome in outcomes] == ["opened", "joined", "duplicate", "duplicate"]
    [merged] = merged_events(buckets)
    assert (merged.num_mentions, len(merged.mention_ids)) == (2, 2)
    assert outcomes[2].event is merged


def test_a_replay_from_scratch_gives_the_same_ids_and_counts() -> None:
    events = [meeting_event("https://a.com/1"), meeting_event("https://b.com/1", code="042")]
    first, _ = merge_all(events)
    replayed, _ = merge_all(list(reversed(events)))
    assert {(e.id, e.num_mentions, len(e.sources)) for e in merged_events(first)} == {
        (e.id, e.num_mentions, len(e.sources)) for e in merged_events(replayed)
    }


def test_events_close_after_the_horizon_and_late_mentions_do_not_reopen_them() -> None:
    meeting = meeting_event("https://a.com/1")
    buckets, _ = merge_all([meeting])
    [opened] = merged_events(buckets)
    key = merge_key(meeting)
    four_days_later = NOON + 4 * DAY_S
    later = meeting_event("https://b.com/1", date_=None)  # published on the meeting day: late
    late = add_mention(buckets[key], to_mention(later, NOON), key, four_days_later, POLICY)
    assert (late.kind, late.events, late.event, late.closed) == ("late", [], None, 1)
    next_meeting = meeting_event("https://c.com/1", date_="2025-03-14")
    reopened = add_mention(
        buckets[key], to_mention(next_meeting, four_days_later), key, four_days_later, POLICY
    )
    assert reopened.kind == "opened" and reopened.closed == 1
    assert reopened.event is not None and reopened.event.id != opened.id


def test_an_event_stays_open_within_the_horizon_of_its_last_mention() -> None:
    meeting = meeting_event("https://a.com/1")
    buckets, _ = merge_all([meeting])
    key = merge_key(meeting)
    follow_up = meeting_event("https://b.com/1", date_="2025-03-11")
    two_days_later = NOON + 2 * DAY_S
    outcome = add_mention(
        buckets[key], to_mention(follow_up, two_days_later), key, two_days_later, POLICY
    )
    assert (outcome.kind, outcome.closed) == ("joined", 0)


def test_the_mention_time_is_the_publication_time_unless_the_message_is_older() -> None:
    event = meeting_event("https://a.com/1")
    published = datetime(2025, 3, 10, 9, tzinfo=UTC).timestamp()
    assert to_mention(event, NOON).time == published
    assert to_mention(event, published - 60).time == published - 60


def test_only_facts_merge() -> None:
    assert is_fact(meeting_event("https://a.com/1", modality="reported"))
    assert not is_fact(meeting_event("https://a.com/1", modality="negated"))
    assert not is_fact(meeting_event("https://a.com/1", modality="intended"))


def test_the_mention_record_points_into_the_article() -> None:
    event = meeting_event("https://www.example-news.com/x", sentence_start=400, sentence_number=5)
    buckets, _ = merge_all([event])
    [merged] = merged_events(buckets)
    record = mention_record(merged, to_mention(event, NOON))
    assert record.event_id == merged.id and record.id == event.id
    assert record.outlet == "example-news.com"
    assert record.actor_offset == 400 + SENTENCE.index("Olaf Scholz")
    assert record.target_offset == 400 + SENTENCE.index("Emmanuel Macron")
    assert record.action_offset == 400 + SENTENCE.index("met")
    assert record.sentence_number == 5
    assert record.mention_time == "2025-03-10T09:00:00Z"
    assert not merged_record(merged).is_root_event


def test_a_party_named_otherwise_has_no_offset() -> None:
    event = meeting_event("https://a.com/1", target=event_party("France", "FRA", "FRA"))
    buckets, _ = merge_all([event])
    record = mention_record(merged_events(buckets)[0], to_mention(event, NOON))
    assert record.target_offset is None


def test_a_bucket_survives_its_changelog() -> None:
    buckets, _ = merge_all([meeting_event("https://a.com/1"), meeting_event("https://b.com/1")])
    [(key, events)] = buckets.items()
    bucket = Bucket(partition=3, events=events)
    assert decode_bucket(encode_bucket(bucket)) == bucket
    assert key == "DEUGOV|FRAGOV|04"


@pytest.mark.parametrize(
    ("value", "stage", "reason"),
    [
        (None, "decode", "null_value"),
        (b"\xff\xfe", "decode", "invalid_utf8"),
        (b"{not json", "decode", "invalid_json"),
        (b'{"schema_version": "1.0"}', "validate", "schema_violation"),
    ],
)
def test_malformed_event_messages_are_rejected_with_their_reason(
    value: bytes | None, stage: str, reason: str
) -> None:
    with pytest.raises(Rejected) as rejected:
        decode_event(value)
    assert (rejected.value.stage, rejected.value.reason) == (stage, reason)


def test_a_published_event_decodes() -> None:
    event = meeting_event("https://a.com/1")
    assert decode_event(encode(event)) == event


def test_mentions_are_typed_for_the_merger() -> None:
    mention = to_mention(meeting_event("https://a.com/1"), NOON)
    assert isinstance(mention, Mention) and mention.outlet == "a.com"
    assert mention.day == date(2025, 3, 10).toordinal()


def test_a_worker_forgets_the_buckets_of_partitions_it_lost() -> None:
    settings = Settings(merger_app_id=f"merger-unit-{uuid.uuid4().hex[:8]}")
    merger = Merger(faust.App(settings.merger_app_id), settings)
    buckets, _ = merge_all([meeting_event("https://a.com/1")])
    [events] = buckets.values()
    for partition in (0, 1):
        merger.buckets.data[f"key{partition}"] = encode_bucket(Bucket(partition, events))
    merger.last_sweep.update({0: NOON, 1: NOON})
    merger.keep_only({0})
    assert list(merger.buckets.data) == ["key0"] and merger.last_sweep == {0: NOON}


def test_two_reports_of_a_meeting_coded_by_the_enricher_are_one_event(nlp: Language) -> None:
    """The event coder names the parties of a meeting in the order the text does; the merger
    still sees one meeting."""
    reports = (
        "PARIS - German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on "
        "Monday to discuss support for Ukraine.",
        "BERLIN - French President Emmanuel Macron hosted German Chancellor Olaf Scholz for "
        "talks in Paris on Monday, officials said.",
    )
    coded = [
        msgspec.convert(event, Event)
        for text in reports
        for event in code_events(nlp, text, f"{MEETING_DAY}T10:00:00Z")
    ]
    buckets, _ = merge_all([event for event in coded if is_fact(event)])
    meetings = [
        merged_record(event)
        for event in merged_events(buckets)
        if {event.actor.code, event.target.code} == {"DEUGOV", "FRAGOV"}
    ]
    assert [(m.num_articles, m.num_sources, m.day) for m in meetings] == [(2, 2, MEETING_DAY)]
