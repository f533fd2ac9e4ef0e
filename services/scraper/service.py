"""`newsstream scrape`: read sources, publish each new article once to the raw topic."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from newsstream.common.kafka.producer import create_producer, send_validated
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.scraper import metrics
from newsstream.scraper.deduplication import SeenArticles
from newsstream.scraper.sources import ArticleResult, iter_articles

log = logging.getLogger(__name__)

FLUSH_EVERY = 200


@dataclass
class PassReport:
    published: int = 0
    duplicates: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (
            f"published {self.published}, duplicates skipped {self.duplicates}, "
            f"failed {self.failed}"
        )


class ArticlePublisher:
    """Publishes raw articles; an article counts as seen only once the broker acknowledged it."""

    def __init__(self, producer: KafkaProducer, settings: Settings, seen: SeenArticles) -> None:
        self.producer = producer
        self.settings = settings
        self.seen = seen
        self._pending: list[tuple[dict[str, Any], FutureRecordMetadata]] = []
        self._pending_keys: set[str] = set()

    def offer(self, article: dict[str, Any], report: PassReport) -> None:
        kind = self.seen.duplicate_kind(article)
        if kind is None and article["id"] in self._pending_keys:
            kind = "id"
        if kind is not None:
            metrics.DUPLICATES_SKIPPED.labels(kind).inc()
            report.duplicates += 1
            return
        future = send_validated(
            self.producer, self.settings.topic_raw, article["id"], article, Contract.RAW_ARTICLE
        )
        self._pending.append((article, future))
        self._pending_keys.add(article["id"])
        if len(self._pending) >= FLUSH_EVERY:
            self.confirm(report)

    def confirm(self, report: PassReport) -> None:
        """Wait for the broker's acknowledgements of everything sent so far."""
        self.producer.flush(timeout=self.settings.http_timeout_s * 6)
        for article, future in self._pending:
            try:
                future.get(timeout=0)
            except KafkaError as exc:
                report.failed += 1
                print(
                    f"error: article {article['id']} ({article['url']}) not delivered: {exc}",
                    file=sys.stderr,
                )
                continue
            self.seen.remember(article)
            metrics.ARTICLES_PUBLISHED.inc()
            report.published += 1
        self._pending.clear()
        self._pending_keys.clear()


def report_input_error(result: ArticleResult, report: PassReport) -> None:
    metrics.INPUTS.labels("error").inc()
    report.failed += 1
    print(f"error: {result.origin}: {result.error}", file=sys.stderr)


def scrape_pass(
    inputs: Sequence[str], url: str | None, settings: Settings, publisher: ArticlePublisher
) -> PassReport:
    report = PassReport()
    for result in iter_articles(inputs, url=url, settings=settings):
        if result.article is None:
            report_input_error(result, report)
            continue
        metrics.INPUTS.labels("ok").inc()
        publisher.offer(result.article, report)
    publisher.confirm(report)
    metrics.LAST_PASS_SUCCESS.set_to_current_time()
    return report


def run_scrape(inputs: Sequence[str], *, url: str | None, follow: bool, settings: Settings) -> int:
    """Scrape once (or forever with ``follow``); exit status 1 when any input failed."""
    producer = create_producer(settings)
    publisher = ArticlePublisher(producer, settings, SeenArticles())
    any_failed = False
    try:
        while True:
            report = scrape_pass(inputs, url, settings, publisher)
            any_failed |= report.failed > 0
            print(f"scrape: {report.summary()}", file=sys.stderr)
            if not follow:
                break
            time.sleep(settings.follow_interval_s)
    except KeyboardInterrupt:
        log.info("interrupted")
    finally:
        producer.close()
    return 1 if any_failed else 0
