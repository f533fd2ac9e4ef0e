"""Workers killed on the real broker: nothing is lost, replays only repeat identical records.

Each test runs real `newsstream worker` processes, kills one with SIGKILL while the stream is
being processed (no shutdown, nothing flushed, the group not left) and checks the enriched and
events topics: every raw article has its enriched record, and a record written twice (published,
but its offset not yet committed) is the same record under the same key.
A short group session timeout lets the group notice the dead worker in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsstream.common.settings import Settings

from processes import WorkerProcess, free_port
from support import (
    Record,
    TopicCollector,
    assert_once_or_identical_copies,
    news_articles,
    produce_articles,
    read_topic,
)

pytestmark = pytest.mark.integration

ARTICLES = 240
SESSION_TIMEOUT_S = 6.0  # the broker's group.min.session.timeout.ms
FINISH_TIMEOUT_S = 150
KILL_AFTER_RECORDS = 32


def assert_complete_output(
    settings: Settings, enriched: TopicCollector, events: TopicCollector, article_ids: set[str]
) -> None:
    records = enriched.records
    assert_once_or_identical_copies(article_ids, records)
    event_ids = {event["id"] for _, record in records for event in record["events"]}
    assert event_ids, "the articles should give events"
    assert_once_or_identical_copies(event_ids, events.wait_for_keys(event_ids, 30))
    assert read_topic(settings, settings.topic_deadletter, expected=1, timeout_s=2) == []


def assigned_partitions(worker: WorkerProcess) -> set[int]:
    samples = worker.samples("newsstream_enricher_consumer_lag_messages")
    return {int(dict(labels)["partition"]) for labels in samples}


def wait_for_assignment(
    workers: Sequence[WorkerProcess], partitions: int, collector: TopicCollector
) -> list[set[int]]:
    """Each worker's raw-topic partitions, once the group shares them all out."""
    shares: list[set[int]] = []

    def shared_out(_: list[Record]) -> bool:
        shares[:] = [assigned_partitions(worker) for worker in workers]
        return all(shares) and sorted(p for share in shares for p in share) == list(
            range(partitions)
        )

    collector.wait_until(shared_out, 60, lambda: f"assignments: {shares}")
    return shares


@pytest.fixture
def fault_settings(pipeline_settings: Settings) -> Settings:
    return pipeline_settings.model_copy(
        update={
            "worker_session_timeout_s": SESSION_TIMEOUT_S,
            "worker_heartbeat_interval_s": 1.0,
            "worker_lag_interval_s": 1.0,
            "enrich_max_in_flight": 16,
        }
    )


@contextmanager
def stopped_at_exit(*workers: WorkerProcess) -> Iterator[None]:
    try:
        yield
    finally:
        for worker in workers:
            worker.stop()


def test_a_worker_killed_mid_stream_and_restarted_loses_no_article(
    fault_settings: Settings, tmp_path: Path
) -> None:
    settings = fault_settings
    articles = news_articles(ARTICLES, settings.worker_app_id)
    article_ids = {article.id for article in articles}
    worker = WorkerProcess(settings, tmp_path / "worker.log")
    with (
        TopicCollector(settings, settings.topic_enriched) as enriched,
        TopicCollector(settings, settings.topic_events) as events,
        stopped_at_exit(worker),
    ):
        worker.start()
        produce_articles(settings, articles)
        enriched.wait_until(lambda records: len(records) >= KILL_AFTER_RECORDS, 60)
        worker.kill()
        assert len(enriched.keys()) < len(articles), "killed too late: nothing left to do"

        worker.start()
        enriched.wait_for_keys(article_ids, FINISH_TIMEOUT_S, worker.log_tail)
        assert_complete_output(settings, enriched, events, article_ids)


def test_when_one_of_two_workers_is_killed_the_other_takes_over_and_finishes(
    fault_settings: Settings, tmp_path: Path
) -> None:
    settings = fault_settings
    articles = news_articles(ARTICLES, settings.worker_app_id)
    article_ids = {article.id for article in articles}
    workers = [
        WorkerProcess(
            settings.model_copy(
                update={"worker_web_port": free_port(), "worker_datadir": tmp_path / f"faust-{n}"}
            ),
            tmp_path / f"worker-{n}.log",
        )
        for n in range(2)
    ]
    victim, survivor = workers
    with (
        TopicCollector(settings, settings.topic_enriched) as enriched,
        TopicCollector(settings, settings.topic_events) as events,
        stopped_at_exit(*workers),
    ):
        for worker in workers:
            worker.start()
        victim_partitions, _ = wait_for_assignment(workers, settings.topic_partitions, enriched)
        partition_of = produce_articles(settings, articles)
        enriched.wait_until(lambda records: len(records) >= KILL_AFTER_RECORDS, 60)
        victim.kill()
        left_to_victim = {
            article_id
            for article_id, partition in partition_of.items()
            if partition in victim_partitions
        } - enriched.keys()
        assert left_to_victim, "killed too late: the victim had finished its partitions"

        enriched.wait_for_keys(article_ids, FINISH_TIMEOUT_S, survivor.log_tail)
        assert survivor.process is not None and survivor.process.poll() is None
        assert assigned_partitions(survivor) == set(range(settings.topic_partitions))
        assert_complete_output(settings, enriched, events, article_ids)
