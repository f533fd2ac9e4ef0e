"""The merger on the real broker: two outlets' reports of one meeting become one merged event,
a malformed message a dead letter, and replays (redelivered mentions, a worker restarted after
a SIGKILL, a fresh worker reading the topic again) give the same ids and counts; two workers
share the partitions and merge as one does."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from newsstream.common.kafka.admin import admin_client, ensure_topics
from newsstream.common.kafka.producer import create_producer
from newsstream.common.kafka.security import client_security
from newsstream.common.records import Event, encode
from newsstream.common.settings import Settings

from processes import MergerProcess, delete_merger_topics, free_port, isolated_topics
from support import Record, TopicCollector, event_party, meeting_event, read_to_end

pytestmark = pytest.mark.integration

MERGE_TIMEOUT_S = 90
SESSION_TIMEOUT_S = 6.0  # the broker's group.min.session.timeout.ms
FIRST = meeting_event("https://www.example-news.com/2025/03/10/scholz-macron-paris")
SECOND = meeting_event("https://paper.example.org/world/leaders-meet", code="042")
THIRD = meeting_event("https://radio.example.net/news/paris-talks", location=None)
MALFORMED = b'{"schema_version": "1.0", "id": "not an event"'


@pytest.fixture
def merger_settings(broker_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    with isolated_topics(
        broker_settings,
        "merge",
        topic_partitions=2,
        merger_web_port=free_port(),
        merger_datadir=tmp_path / "faust",
        # the group gives a SIGKILLed worker's partitions away in seconds
        worker_session_timeout_s=SESSION_TIMEOUT_S,
        worker_heartbeat_interval_s=1.0,
    ) as settings:
        yield settings


@pytest.fixture
def fresh_merger_settings(merger_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """A second merger on the same topics: another group, empty tables."""
    settings = merger_settings.model_copy(
        update={
            "merger_app_id": f"{merger_settings.merger_app_id}-fresh",
            "merger_web_port": free_port(),
            "merger_datadir": tmp_path / "fresh",
        }
    )
    yield settings
    delete_merger_topics(merger_settings)
    delete_merger_topics(settings)


def produce_events(
    settings: Settings, messages: list[tuple[bytes, bytes]], partition: int | None = 0
) -> None:
    """Event messages as bytes, by default all to partition 0, so that every run reads them in
    one order; ``partition=None`` lets their keys spread them."""
    producer = create_producer(settings, key_serializer=None, value_serializer=None)
    try:
        for key, value in messages:
            producer.send(settings.topic_events, key=key, value=value, partition=partition)
        producer.flush()
    finally:
        producer.close()


def event_message(event: Event) -> tuple[bytes, bytes]:
    return event.id.encode(), encode(event)


def counts(record: dict) -> tuple[str, int, int, int]:
    return record["id"], record["num_articles"], record["num_sources"], record["num_mentions"]


def wait_for_records(collector: TopicCollector, count: int) -> list[Record]:
    return collector.wait_until(lambda records: len(records) >= count, MERGE_TIMEOUT_S)


def test_one_meeting_reported_by_outlets_is_one_merged_event_through_replays_and_a_kill(
    merger_settings: Settings, fresh_merger_settings: Settings, tmp_path: Path
) -> None:
    settings = merger_settings
    with (
        TopicCollector(settings, settings.topic_merged) as merged,
        TopicCollector(settings, settings.topic_mentions) as mentions,
    ):
        with MergerProcess(settings, tmp_path / "merger.log") as merger:
            produce_events(
                settings, [event_message(FIRST), (b"broken", MALFORMED), event_message(SECOND)]
            )
            first_run = wait_for_records(merged, 2)
            keys = {key for key, _ in first_run}
            assert len(keys) == 1, merger.log_tail()
            final = first_run[-1][1]
            assert counts(final)[1:] == (2, 2, 2)
            assert final["event_code"] == "042" and final["day"] == "2025-03-10"
            assert {key for key, _ in wait_for_records(mentions, 2)} == {FIRST.id, SECOND.id}

            # Redelivered mentions are counted once and republished unchanged.
            produce_events(settings, [event_message(FIRST), event_message(SECOND)])
            redelivered = wait_for_records(merged, 4)
            assert [record for _, record in redelivered[2:]] == [final, final]
            assert wait_for_records(mentions, 4)[2:] == wait_for_records(mentions, 2)[:2]
            merger.kill()

        # Restarted after a SIGKILL, the worker has its table back from the changelog: the
        # mentions it counted stay counted once, a third outlet's is added.
        with MergerProcess(settings, tmp_path / "restarted.log"):
            produce_events(
                settings, [event_message(FIRST), event_message(SECOND), event_message(THIRD)]
            )
            merged.wait_until(
                lambda records: any(record["num_articles"] == 3 for _, record in records),
                MERGE_TIMEOUT_S,
            )
        restarted = read_to_end(settings, settings.topic_merged)
        final = restarted[-1][1]
        assert {key for key, _ in restarted} == keys
        assert [counts(record)[1:] for _, record in restarted if record["num_articles"] > 2] == [
            (3, 3, 3)
        ]

        # The restarted worker may read the malformed message again (when the killed one had
        # not committed past it): the same dead letter, by its id, whenever it failed.
        letters = {
            record["id"]: record for _, record in read_to_end(settings, settings.topic_deadletter)
        }
        assert [
            (letter["service"], letter["stage"], letter["reason"]) for letter in letters.values()
        ] == [("merger", "decode", "invalid_json")]

        # A fresh worker replays the whole topic: the same merged event, the same counts.
        with MergerProcess(fresh_merger_settings, tmp_path / "fresh.log"):
            replayed = wait_for_records(merged, len(restarted) + 7)[len(restarted) :]
        assert {key for key, _ in replayed} == keys
        assert counts(replayed[-1][1]) == counts(final)


# --- two workers ---

COUNTRIES = ("DEU", "FRA", "USA", "RUS", "CHN", "JPN", "GBR", "IRL")
# Six dyads, each with a reciprocal root (04) and a directed one (05): twelve merge keys,
# spread over both partitions of the repartition topic by Kafka's key hash.
DYADS = [(COUNTRIES[i], COUNTRIES[j]) for i, j in ((0, 1), (2, 3), (4, 5), (6, 7), (0, 2), (3, 4))]
OUTLETS = ("www.example-news.com", "paper.example.org")


def spread_events() -> list[Event]:
    """Two outlets' reports of each of twelve events, one article each."""
    return [
        meeting_event(
            f"https://{outlet}/{actor}-{target}-{code}",
            code=code,
            actor=event_party(f"{actor} leader", f"{actor}GOV", actor),
            target=event_party(f"{target} leader", f"{target}GOV", target),
        )
        for actor, target in DYADS
        for code in ("040", "051")
        for outlet in OUTLETS
    ]


def latest_counts(records: list[Record]) -> dict[str, tuple[int, int, int]]:
    """The latest NumArticles, NumSources and NumMentions of each merged event."""
    return {key: counts(record)[1:] for key, record in records}


def all_merged(articles: int) -> Callable[[list[Record]], bool]:
    """True once the latest records of the merged events count ``articles`` articles in all."""
    return lambda records: sum(n for n, _, _ in latest_counts(records).values()) == articles


@contextmanager
def side_by_side(workers: Sequence[MergerProcess]) -> Iterator[None]:
    """Workers started together, until each holds an assignment. The later of their groups'
    generations includes them all: a worker leaves the group only by stopping."""
    with ExitStack() as running:
        for worker in workers:
            worker.launch()
            running.callback(worker.stop)
        for worker in workers:
            worker.await_ready()
        yield


@pytest.fixture
def pair_settings(merger_settings: Settings, tmp_path: Path) -> Iterator[list[Settings]]:
    """Two workers of a second merger, in one group, with output topics of their own."""
    base = merger_settings
    pair = base.model_copy(
        update={
            "merger_app_id": f"{base.merger_app_id}-pair",
            "topic_merged": f"{base.topic_merged}.pair",
            "topic_mentions": f"{base.topic_mentions}.pair",
        }
    )
    ensure_topics(pair)
    yield [
        pair.model_copy(
            update={"merger_web_port": free_port(), "merger_datadir": tmp_path / f"pair-{n}"}
        )
        for n in range(2)
    ]
    delete_merger_topics(base)
    delete_merger_topics(pair)
    with admin_client(pair.bootstrap_servers, client_security(pair)) as admin:
        admin.delete_topics([pair.topic_merged, pair.topic_mentions])


def test_two_workers_split_the_partitions_and_merge_as_one_worker_does(
    merger_settings: Settings, pair_settings: list[Settings], tmp_path: Path
) -> None:
    one, pair = merger_settings, pair_settings[0]
    events = spread_events()
    workers = [
        MergerProcess(settings, tmp_path / f"pair-{n}.log")
        for n, settings in enumerate(pair_settings)
    ]
    with (
        TopicCollector(one, one.topic_merged) as merged_by_one,
        TopicCollector(pair, pair.topic_merged) as merged_by_two,
        TopicCollector(pair, pair.topic_mentions) as mentions_by_two,
        side_by_side([MergerProcess(one, tmp_path / "one.log"), *workers]),
    ):
        produce_events(one, [event_message(event) for event in events], partition=None)
        by_one = latest_counts(merged_by_one.wait_until(all_merged(len(events)), MERGE_TIMEOUT_S))
        by_two = latest_counts(merged_by_two.wait_until(all_merged(len(events)), MERGE_TIMEOUT_S))
        assert by_two == by_one
        assert len(by_one) == len(events) // 2 and set(by_one.values()) == {(2, 2, 2)}
        mentions = mentions_by_two.wait_for_keys({event.id for event in events}, MERGE_TIMEOUT_S)
        assert {record["event_id"] for _, record in mentions} == set(by_one)
        merged_by_worker = [
            sum(
                n
                for labels, n in worker.samples("newsstream_merger_mentions_total").items()
                if dict(labels)["outcome"] in ("opened", "joined")
            )
            for worker in workers
        ]
        assert sum(merged_by_worker) == len(events) and all(merged_by_worker), merged_by_worker
