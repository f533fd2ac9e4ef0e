"""One poll of a source: read it, skip what was handled before, hand the articles over.

The ingestion reader (``SourceReader``) discovers the links of feeds, sitemaps and URL lists,
fetches them and extracts them in child processes within a time limit (``ExtractionPool``);
the crawler answers its questions for one poll (``_Poll``) and offers each article to the
publisher, which drops duplicates. A link already handled (its canonical form is in the state,
or another poll of this run has it) or older than the retention window is not fetched again.

Feeds and sitemaps are fetched with their last ETag/Last-Modified, and those are saved only when
every link the document listed was handled, so a link that failed is tried again at the next
poll instead of hiding behind a 304.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from newsstream.common.articles import canonicalize_url
from newsstream.common.settings import Settings
from newsstream.ingestion.extractionpool import ExtractionPool
from newsstream.ingestion.feeds import FeedEntry
from newsstream.ingestion.fetch import Fetcher, Validators
from newsstream.ingestion.reader import ReadingGuide, SourceReader
from newsstream.ingestion.sources import ArticleResult
from newsstream.ingestion.sourcesfile import Source
from newsstream.scraper import metrics
from newsstream.scraper.publish import ArticlePublisher
from newsstream.scraper.state import CrawlState

log = logging.getLogger(__name__)

# Links being worked on at once (beyond the fetch limits they wait for a slot).
PAGES_IN_PROGRESS_PER_FETCH_SLOT = 4
# Canonical URLs handed to the publisher and not yet in the state, kept to skip repeats.
RECENT_URLS = 100_000


@dataclass
class PollReport:
    """What one poll of one source did."""

    new_articles: int = 0
    duplicates: int = 0
    failed: int = 0
    not_modified: int = 0
    stale: int = 0

    def add(self, other: PollReport) -> None:
        self.new_articles += other.new_articles
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.not_modified += other.not_modified
        self.stale += other.stale

    def summary(self) -> str:
        return (
            f"new articles {self.new_articles}, duplicates skipped {self.duplicates}, "
            f"failed {self.failed}, unchanged feeds/sitemaps {self.not_modified}, "
            f"entries older than the retention window {self.stale}"
        )


class Crawler:
    def __init__(
        self,
        settings: Settings,
        fetcher: Fetcher,
        state: CrawlState,
        publisher: ArticlePublisher,
        extractor: ExtractionPool,
    ) -> None:
        self.settings = settings
        self.state = state
        self.publisher = publisher
        self.reader = SourceReader(
            settings,
            fetcher,
            extractor,
            pages_ahead=settings.fetch_concurrency * PAGES_IN_PROGRESS_PER_FETCH_SLOT,
        )
        self._recent_urls: OrderedDict[str, None] = OrderedDict()

    async def poll(self, source: Source) -> PollReport:
        """Read ``source`` once; every failure is reported and counted, none is raised."""
        report = PollReport()
        poll = _Poll(self, report)
        try:
            async for result in self.reader.read(source, poll):
                await self._publish(result, report)
        except Exception:  # a bug must not end a long-running scraper
            log.exception("poll of %s failed", source.name)
            report.failed += 1
            poll.read = False
        if poll.read:
            metrics.SOURCE_LAST_SUCCESS.labels(source.name).set_to_current_time()
        return report

    async def _publish(self, result: ArticleResult, report: PollReport) -> None:
        canonical = tuple(dict.fromkeys(canonicalize_url(url) for url in result.urls))
        if result.article is None:
            _input_error(result, report)
            if result.urls:  # a page without an article will not grow one: do not fetch it again
                self.state.remember_urls(canonical, "no_article")
            return
        metrics.INPUTS.labels("ok").inc()
        article = result.article
        addresses = canonical + ((article.canonical_url,) if article.canonical_url else ())
        kind = await self.publisher.offer(article, tuple(dict.fromkeys(addresses)))
        if kind is None:
            report.new_articles += 1
        else:
            report.duplicates += 1
            log.info("%s: duplicate (%s), not published", result.origin, kind)
            if result.urls:
                self.state.remember_urls(canonical, f"duplicate_{kind}")

    def already_handled(self, url: str) -> bool:
        """Whether a link was handled before (in the state) or is being handled now; if not,
        it is marked as being handled."""
        canonical = canonicalize_url(url)
        if canonical in self._recent_urls or self.state.knows_url(canonical):
            return True
        self._recent_urls[canonical] = None
        if len(self._recent_urls) > RECENT_URLS:
            self._recent_urls.popitem(last=False)
        return False

    def forget_recent(self, url: str) -> None:
        self._recent_urls.pop(canonicalize_url(url), None)

    def is_stale(self, entry: FeedEntry) -> bool:
        published = _parse_date(entry.published)
        retention_s = self.settings.dedup_retention_days * 86400
        return published is not None and published < time.time() - retention_s


class _Poll(ReadingGuide):
    """The crawler's answers to the reader during one poll of one source."""

    def __init__(self, crawler: Crawler, report: PollReport) -> None:
        self.crawler = crawler
        self.report = report
        self.read = False

    def validators(self, url: str) -> Validators | None:
        return self.crawler.state.validators(url)

    def is_known(self, url: str) -> bool:
        known = self.crawler.state.knows_url(canonicalize_url(url))
        if known:
            self._duplicate()
        return known

    def wants(self, url: str, entry: FeedEntry | None) -> bool:
        if entry is not None and self.crawler.is_stale(entry):
            self.report.stale += 1
            return False
        if self.crawler.already_handled(url):
            self._duplicate()
            return False
        return True

    def source_read(self) -> None:
        self.read = True

    def not_modified(self, url: str) -> None:
        self.report.not_modified += 1

    def link_failed(self, url: str) -> None:
        self.crawler.forget_recent(url)

    def document_read(self, url: str, validators: Validators) -> None:
        self.crawler.state.save_validators(url, validators)

    def _duplicate(self) -> None:
        metrics.DUPLICATES_SKIPPED.labels("url").inc()
        self.report.duplicates += 1


def _input_error(result: ArticleResult, report: PollReport) -> None:
    metrics.INPUTS.labels("error").inc()
    report.failed += 1
    print(f"error: {result.origin}: {result.error}", file=sys.stderr)


def _parse_date(value: str | None) -> float | None:
    """Unix time of an ISO 8601 / W3C date; None when absent or unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
