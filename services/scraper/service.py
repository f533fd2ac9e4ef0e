"""`newsstream scrape`: poll the sources, publish each new article once to the raw topic.

Without ``--follow`` every source is read once (the spool is sent before and after); with it,
each source is polled at its own interval, the spool is retried every
``spool_retry_interval_s`` and the state is pruned to its retention window every hour, until
SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence

from newsstream.common.kafka.admin import wait_for_broker
from newsstream.common.kafka.security import client_security
from newsstream.common.metrics import serve_metrics
from newsstream.common.settings import Settings
from newsstream.ingestion.extractionpool import ExtractionPool
from newsstream.ingestion.fetch import Fetcher
from newsstream.ingestion.sourcesfile import Source
from newsstream.scraper import metrics
from newsstream.scraper.crawler import Crawler, PollReport
from newsstream.scraper.deduplication import Deduplicator
from newsstream.scraper.publish import ArticlePublisher
from newsstream.scraper.state import CrawlState, state_path

log = logging.getLogger(__name__)

PRUNE_EVERY_S = 3600.0
READINESS_CACHE_S = 5.0


class BrokerProbe:
    """Readiness of the scraper: the broker answers (checked at most every few seconds)."""

    def __init__(self, settings: Settings) -> None:
        self.bootstrap = settings.bootstrap_servers
        self.security = client_security(settings)
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._ready = False

    def __call__(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at > READINESS_CACHE_S:
                self._ready = wait_for_broker(self.bootstrap, 0, self.security)
                self._checked_at = time.monotonic()
            return self._ready


def run_scrape(sources: Sequence[Source], *, follow: bool, settings: Settings) -> int:
    """Scrape once (or until stopped with ``follow``); exit status 1 when any input failed
    or articles are left in the spool."""
    if follow and settings.metrics_enabled:
        serve_metrics(settings.scraper_metrics_port, BrokerProbe(settings))
    try:
        return asyncio.run(_scrape(sources, follow=follow, settings=settings))
    except KeyboardInterrupt:
        log.info("interrupted")
        return 130


async def _scrape(sources: Sequence[Source], *, follow: bool, settings: Settings) -> int:
    state = CrawlState.open(
        state_path(settings.scraper_state_dir, settings.topic_raw),
        retention_s=settings.dedup_retention_days * 86400,
    )
    try:
        state.prune()
        dedup = Deduplicator(state, settings.near_duplicate_threshold)
        async with (
            Fetcher(settings) as fetcher,
            ArticlePublisher(settings, state, dedup) as publisher,
            ExtractionPool(
                settings.extraction_processes, settings.extraction_timeout_s, settings.log_level
            ) as extractor,
        ):
            crawler = Crawler(settings, fetcher, state, publisher, extractor)
            if follow:
                await _follow(sources, crawler, publisher, dedup)
                return 0
            report = await _one_pass(sources, crawler, publisher)
        spooled = state.spool_size()
    finally:
        state.close()
    print(f"scrape: {report.summary()}", file=sys.stderr)
    if spooled:
        print(
            f"scrape: {spooled} articles kept in the spool (broker unavailable); "
            "the next run sends them",
            file=sys.stderr,
        )
    return 1 if report.failed or spooled else 0


async def _one_pass(
    sources: Sequence[Source], crawler: Crawler, publisher: ArticlePublisher
) -> PollReport:
    await publisher.drain_spool()
    report = PollReport()
    for source_report in await asyncio.gather(*(crawler.poll(s) for s in sources)):
        report.add(source_report)
    await publisher.confirm()
    await publisher.drain_spool()
    metrics.LAST_PASS_SUCCESS.set_to_current_time()
    return report


async def _follow(
    sources: Sequence[Source], crawler: Crawler, publisher: ArticlePublisher, dedup: Deduplicator
) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with asyncio.TaskGroup() as tasks:
        workers = [
            tasks.create_task(_poll_forever(source, crawler, publisher)) for source in sources
        ]
        workers.append(tasks.create_task(_housekeeping(crawler, publisher, dedup)))
        await stop.wait()
        log.info("SIGTERM: stopping")
        for worker in workers:
            worker.cancel()


async def _poll_forever(source: Source, crawler: Crawler, publisher: ArticlePublisher) -> None:
    while True:
        started = time.monotonic()
        report = await crawler.poll(source)
        await publisher.confirm()
        metrics.LAST_PASS_SUCCESS.set_to_current_time()
        log.info("%s: %s", source.name, report.summary())
        await asyncio.sleep(max(0.0, source.interval_s - (time.monotonic() - started)))


async def _housekeeping(crawler: Crawler, publisher: ArticlePublisher, dedup: Deduplicator) -> None:
    pruned_at = time.monotonic()
    while True:
        await asyncio.sleep(crawler.settings.spool_retry_interval_s)
        await publisher.drain_spool()
        if time.monotonic() - pruned_at >= PRUNE_EVERY_S:
            dedup.forget(crawler.state.prune())
            pruned_at = time.monotonic()
