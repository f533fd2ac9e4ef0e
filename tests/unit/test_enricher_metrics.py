"""The enricher's metrics: what an NLP step counts, readiness, consumer lag, bounded labels."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.structs import TopicPartition as TP
from prometheus_client import REGISTRY

from newsstream.common.deadletter import Rejected, SourcePosition
from newsstream.common.health import Readiness
from newsstream.enricher import metrics
from newsstream.enricher.lag import consumer_lag
from newsstream.enricher.loop import record_outcome_metrics, record_step_metrics
from newsstream.enricher.messages import InboundMessage, Outcome, dead_letter
from newsstream.enricher.scheduling import PieceScheduler

from processes import REPO_ROOT

RAW = "news.articles.raw"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def message(partition: int, offset: int, timestamp: float | None = 1.0) -> InboundMessage:
    return InboundMessage(b"k", b"{}", SourcePosition(RAW, partition, offset), timestamp)


def enriched(
    language: str | None, labels: list[str], roots: list[tuple[str, int]], tags: Any = None
) -> Any:
    """The fields of an enriched record that the metrics read."""
    return SimpleNamespace(
        language=language,
        tags=tags or {},
        entities=[SimpleNamespace(label=label) for label in labels],
        events=[SimpleNamespace(cameo_root=root, quad_class=quad) for root, quad in roots],
    )


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("deu", "de"),
        ("zz", "other"),
        ("nov", "other"),  # Novial: ISO 639-3 only
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_language_labels_are_iso_codes_or_a_fixed_fallback(tag: str | None, label: str) -> None:
    assert metrics.language_label(tag) == label


def test_outlet_labels_come_from_the_sources_file_tag() -> None:
    assert metrics.outlet_label({"outlet": "Example News", "region": "world"}) == "Example News"
    assert metrics.outlet_label({"feed": "https://example.com/rss"}) == "untagged"
    assert metrics.outlet_label(None) == "untagged"


def test_lag_is_end_minus_committed_offset_or_the_start_when_never_committed() -> None:
    ends = {TP(RAW, 0): 10, TP(RAW, 1): 5, TP(RAW, 2): 7, TP(RAW, 3): 3}
    committed = {TP(RAW, 0): 4, TP(RAW, 3): 4}
    starts = {TP(RAW, 1): 2, TP(RAW, 2): 7}
    assert consumer_lag(ends, committed, starts) == {
        (RAW, 0): 6,
        (RAW, 1): 3,
        (RAW, 2): 0,
        (RAW, 3): 0,  # an end offset read before the commit: never negative
    }


def test_revoked_partitions_stop_reporting_lag() -> None:
    metrics.report_consumer_lag({(RAW, 0): 5, (RAW, 1): 7})
    metrics.report_consumer_lag({(RAW, 1): 2})
    name = "newsstream_enricher_consumer_lag_messages"
    assert REGISTRY.get_sample_value(name, {"topic": RAW, "partition": "0"}) is None
    assert sample(name, topic=RAW, partition="1") == 2


def test_readiness_needs_an_assignment_and_a_reachable_broker() -> None:
    readiness = Readiness(metrics.READY)
    assert not readiness.ready and sample("newsstream_enricher_ready") == 0
    readiness.rebalance_completed()
    assert readiness.ready and sample("newsstream_enricher_ready") == 1
    readiness.broker_probed(False)
    assert not readiness.ready and sample("newsstream_enricher_ready") == 0
    readiness.broker_probed(True)
    assert readiness.ready
    readiness.partitions_revoked()
    assert not readiness.ready and sample("newsstream_enricher_ready") == 0


def test_a_step_counts_its_characters_and_the_nlp_time_of_the_articles_it_finishes() -> None:
    scheduler: PieceScheduler[InboundMessage] = PieceScheduler(1_000, latency_target_s=2.0)
    short_job = scheduler.admit(message(0, 1), {}, ["c" * 300])
    long_job = scheduler.admit(message(0, 2), {}, ["a" * 600, "b" * 600])
    first = scheduler.next_step()
    assert first is not None and first.finishing == [short_job]
    short_job.nlp_seconds = 0.25
    long_job.nlp_seconds = 0.5  # its first piece only: not observed yet
    names = (
        "newsstream_enricher_nlp_step_chars_sum",
        "newsstream_enricher_nlp_step_seconds_count",
        "newsstream_enricher_nlp_step_seconds_sum",
        "newsstream_enricher_nlp_article_seconds_count",
        "newsstream_enricher_nlp_article_seconds_sum",
    )
    before = {name: sample(name) for name in names}
    record_step_metrics(first, 0.75)
    after = {name: sample(name) - value for name, value in before.items()}
    assert after == {
        "newsstream_enricher_nlp_step_chars_sum": 900,
        "newsstream_enricher_nlp_step_seconds_count": 1,
        "newsstream_enricher_nlp_step_seconds_sum": 0.75,
        "newsstream_enricher_nlp_article_seconds_count": 1,
        "newsstream_enricher_nlp_article_seconds_sum": 0.25,
    }


def test_only_acknowledged_outputs_count_and_refusals_are_dead_letters() -> None:
    kept = message(partition=0, offset=7)
    refused = message(partition=1, offset=7)  # same offset, other partition
    invalid = message(partition=1, offset=8, timestamp=None)
    outcome = Outcome(
        enriched=[
            (
                kept,
                enriched(
                    "en-US",
                    ["PERSON", "PERSON", "GPE"],
                    [("04", 1), ("19", 4)],
                    {"outlet": "Example News", "feed": "https://example.com/rss"},
                ),
            ),
            (refused, enriched("fr", ["ORG"], [("04", 1)])),
        ],
        dead_letters=[dead_letter(invalid, Rejected("decode", "invalid_json", "not JSON"))],
    )
    refusal = dead_letter(refused, Rejected("produce", "output_refused", "too big"))
    counted = [
        (
            "newsstream_enricher_articles_produced_total",
            {"language": "en", "outlet": "Example News"},
            1,
        ),
        (
            "newsstream_enricher_articles_produced_total",
            {"language": "fr", "outlet": "untagged"},
            0,
        ),
        ("newsstream_enricher_entities_total", {"label": "PERSON"}, 2),
        ("newsstream_enricher_entities_total", {"label": "GPE"}, 1),
        ("newsstream_enricher_entities_total", {"label": "ORG"}, 0),
        ("newsstream_enricher_events_produced_total", {"cameo_root": "04", "quad_class": "1"}, 1),
        ("newsstream_enricher_events_produced_total", {"cameo_root": "19", "quad_class": "4"}, 1),
        ("newsstream_enricher_deadletters_total", {"stage": "decode", "reason": "invalid_json"}, 1),
        (
            "newsstream_enricher_deadletters_total",
            {"stage": "produce", "reason": "output_refused"},
            1,
        ),
        ("newsstream_enricher_end_to_end_latency_seconds_count", {}, 1),
    ]
    before = [sample(name, **labels) for name, labels, _ in counted]
    record_outcome_metrics(outcome, [refusal])
    for (name, labels, increase), value in zip(counted, before, strict=True):
        assert sample(name, **labels) - value == increase, (name, labels)


def test_every_dead_letter_class_of_the_enricher_is_exported_from_zero() -> None:
    rejected = re.compile(r'Rejected\(\s*"(\w+)",\s*"(\w+)"')
    emitted = {
        found
        for path in (REPO_ROOT / "services" / "enricher").glob("*.py")
        for found in rejected.findall(path.read_text())
    }
    assert emitted and emitted <= set(metrics.DEAD_LETTER_CLASSES)
    for stage, reason in metrics.DEAD_LETTER_CLASSES:
        labels = {"stage": stage, "reason": reason}
        assert (
            REGISTRY.get_sample_value("newsstream_enricher_deadletters_total", labels) is not None
        )
