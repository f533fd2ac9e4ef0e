"""One poll of a source: discover article links, fetch and extract them, hand them over.

A feed or sitemap (sitemap indexes are followed) gives links with metadata; a page URL,
a URL list or local files give pages directly. A link already handled (its canonical form is
in the state, or another task of this run has it) is not fetched again. Pages are fetched
concurrently (the fetcher keeps the per-host limits), extracted in child processes within a
time limit (``ExtractionPool``), filled with what the feed said about them, and offered to
the publisher, which drops duplicates.

A feed or sitemap's ETag/Last-Modified is saved only when every link it listed was handled,
so a link that failed is tried again at the next poll instead of hiding behind a 304.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newsstream.common.articles import canonicalize_url
from newsstream.common.settings import Settings
from newsstream.scraper import metrics
from newsstream.scraper.extractionpool import ExtractionAborted, ExtractionPool
from newsstream.scraper.feeds import (
    FeedEntry,
    FeedError,
    is_feed,
    is_sitemap,
    parse_feed,
    parse_sitemap,
)
from newsstream.scraper.fetch import FetchedPage, Fetcher, FetchError, is_http_url
from newsstream.scraper.publish import ArticlePublisher
from newsstream.scraper.sources import (
    FEED_MEDIA_TYPES,
    ArticleResult,
    UnreadableFileError,
    fetched_page_result,
    file_kind,
    json_line_results,
    page_result,
    read_file,
    read_page_file,
    walk_folder,
    with_entry_metadata,
)
from newsstream.scraper.sourcesfile import Source
from newsstream.scraper.state import CrawlState

log = logging.getLogger(__name__)

# Sitemap indexes nest at most this deep and list at most this many sitemaps we follow.
MAX_SITEMAP_DEPTH = 2
MAX_SITEMAP_CHILDREN = 1000
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


@dataclass(frozen=True, slots=True)
class _Link:
    url: str
    entry: FeedEntry | None
    tags: Mapping[str, str]


@dataclass
class _Document:
    """A feed or sitemap being handled; complete while none of its links failed."""

    url: str
    page: FetchedPage
    complete: bool = True
    links: list[asyncio.Task[bool]] = field(default_factory=list)


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
        self.fetcher = fetcher
        self.state = state
        self.publisher = publisher
        self.extractor = extractor
        self._slots = asyncio.Semaphore(
            settings.fetch_concurrency * PAGES_IN_PROGRESS_PER_FETCH_SLOT
        )
        self._recent_urls: OrderedDict[str, None] = OrderedDict()

    async def poll(self, source: Source) -> PollReport:
        """Read ``source`` once; every failure is reported and counted, none is raised."""
        report = PollReport()
        try:
            read = await self._poll(source, report)
        except Exception:  # a bug must not end a long-running scraper
            log.exception("poll of %s failed", source.name)
            report.failed += 1
            read = False
        if read:
            metrics.SOURCE_LAST_SUCCESS.labels(source.name).set_to_current_time()
        return report

    async def _poll(self, source: Source, report: PollReport) -> bool:
        """True when the source itself could be read (its links may still fail)."""
        async with asyncio.TaskGroup() as tasks:
            if source.kind in ("feed", "sitemap", "url"):
                return await self._poll_url(source, report, tasks)
            if source.kind == "url_list":
                return await self._poll_url_list(source, report, tasks)
            return await self._poll_path(source, report, tasks)

    # --- remote sources ---

    async def _poll_url(self, source: Source, report: PollReport, tasks: asyncio.TaskGroup) -> bool:
        url = source.location
        if source.kind == "url" and self.state.knows_url(canonicalize_url(url)):
            metrics.DUPLICATES_SKIPPED.labels("url").inc()
            report.duplicates += 1
            return True
        conditional = source.kind != "url"
        page = await self._fetch(url, report, conditional=conditional)
        if page is None:
            return False
        if page.not_modified:
            report.not_modified += 1
            return True
        document = _Document(url, page)
        if source.kind == "sitemap" or (source.kind == "url" and is_sitemap(page.content)):
            await self._read_sitemap(document, source, report, tasks, depth=0)
        elif source.kind == "feed" or page.media_type in FEED_MEDIA_TYPES or is_feed(page.content):
            await self._read_feed(document, source, report, tasks)
        else:
            result = await self._extract(url, fetched_page_result, url, page, tags=source.tags)
            await self._publish(result, report, urls=(url, page.url), fetched=True)
        return True

    async def _read_feed(
        self, document: _Document, source: Source, report: PollReport, tasks: asyncio.TaskGroup
    ) -> None:
        try:
            entries = parse_feed(document.page.content, base_url=document.page.url)
        except FeedError as exc:
            self._input_error(ArticleResult(document.url, error=str(exc)), report)
            return
        tags = {"feed": source.location, **source.tags}
        await self._follow_entries(document, entries, tags, report, tasks)

    async def _read_sitemap(
        self,
        document: _Document,
        source: Source,
        report: PollReport,
        tasks: asyncio.TaskGroup,
        *,
        depth: int,
    ) -> None:
        try:
            sitemap = parse_sitemap(document.page.content)
        except FeedError as exc:
            self._input_error(ArticleResult(document.url, error=str(exc)), report)
            return
        if sitemap.children:
            # An index often stays the same while the sitemaps it lists change: it is read
            # in full at every poll (its validators are never saved).
            document.complete = False
        if sitemap.children and depth < MAX_SITEMAP_DEPTH:
            for child_url in sitemap.children[:MAX_SITEMAP_CHILDREN]:
                child = await self._fetch(child_url, report, conditional=True)
                if child is None:
                    document.complete = False
                elif child.not_modified:
                    report.not_modified += 1
                else:
                    child_document = _Document(child_url, child)
                    await self._read_sitemap(child_document, source, report, tasks, depth=depth + 1)
        tags = {"sitemap": source.location, **source.tags}
        await self._follow_entries(document, sitemap.entries, tags, report, tasks)

    async def _follow_entries(
        self,
        document: _Document,
        entries: list[FeedEntry],
        tags: Mapping[str, str],
        report: PollReport,
        tasks: asyncio.TaskGroup,
    ) -> None:
        document.links += await self._crawl_entries(document.url, entries, tags, report, tasks)
        tasks.create_task(self._save_validators_when_done(document))

    async def _crawl_entries(
        self,
        origin: str,
        entries: list[FeedEntry],
        tags: Mapping[str, str],
        report: PollReport,
        tasks: asyncio.TaskGroup,
    ) -> list[asyncio.Task[bool]]:
        """Start crawling the new, recent links of a feed or sitemap."""
        crawls = []
        for number, entry in enumerate(entries, start=1):
            if not entry.link or not is_http_url(entry.link):
                error = "entry has no http(s) link"
                self._input_error(ArticleResult(f"{origin} entry {number}", error=error), report)
            elif self._is_stale(entry):
                report.stale += 1
            elif not self._already_handled(entry.link, report):
                await self._slots.acquire()
                link = _Link(entry.link, entry, tags)
                crawls.append(tasks.create_task(self._crawl_link(link, report)))
        return crawls

    async def _save_validators_when_done(self, document: _Document) -> None:
        outcomes = await asyncio.gather(*document.links)
        if document.complete and all(outcomes):
            self.state.save_validators(document.url, document.page.validators)

    async def _crawl_link(self, link: _Link, report: PollReport) -> bool:
        """Fetch, extract and publish one linked page; False when it should be tried again."""
        try:
            page = await self._fetch(link.url, report, conditional=False)
            if page is None:
                self._forget_recent(link.url)
                return False
            result = await self._extract(
                link.url, fetched_page_result, link.url, page, tags=link.tags
            )
            if link.entry is not None:
                result = with_entry_metadata(result, link.entry)
            await self._publish(result, report, urls=(link.url, page.url), fetched=True)
            return True
        except Exception:
            log.exception("%s: failed", link.url)
            report.failed += 1
            return False
        finally:
            self._slots.release()

    async def _poll_url_list(
        self, source: Source, report: PollReport, tasks: asyncio.TaskGroup
    ) -> bool:
        try:
            lines = Path(source.location).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            self._input_error(ArticleResult(source.location, error=f"cannot read: {exc}"), report)
            return False
        for line in lines:
            url = line.split("#", 1)[0].strip()
            if not url:
                continue
            if not is_http_url(url):
                error = f"not an http(s) URL: {url!r}"
                self._input_error(ArticleResult(source.location, error=error), report)
            elif not self._already_handled(url, report):
                await self._slots.acquire()
                tasks.create_task(self._crawl_link(_Link(url, None, source.tags), report))
        return True

    async def _fetch(
        self, url: str, report: PollReport, *, conditional: bool
    ) -> FetchedPage | None:
        validators = self.state.validators(url) if conditional else None
        try:
            return await self.fetcher.fetch(url, validators=validators)
        except FetchError as exc:
            self._input_error(ArticleResult(url, error=str(exc)), report)
            return None

    # --- local sources ---

    async def _poll_path(
        self, source: Source, report: PollReport, tasks: asyncio.TaskGroup
    ) -> bool:
        path = Path(source.location)
        if path.is_dir():
            files = list(walk_folder(path))
        elif path.is_file():
            files = [path]
        else:
            self._input_error(ArticleResult(str(path), error="no such file or folder"), report)
            return False
        for file in files:
            await self._read_file(file, source, report, tasks, explicit=not path.is_dir())
        return True

    async def _read_file(
        self,
        path: Path,
        source: Source,
        report: PollReport,
        tasks: asyncio.TaskGroup,
        *,
        explicit: bool,
    ) -> None:
        kind = file_kind(path)
        if kind == "jsonl":
            results = await asyncio.to_thread(list, json_line_results(path, source.tags))
            for result in results:
                await self._publish(result, report)
        elif kind == "feed":
            await self._read_feed_file(path, source, report, tasks)
        elif kind is not None or explicit:
            await self._publish(await self._extract_file(path, source), report)
        else:
            log.info("skipping %s: not a page, feed or JSON Lines file", path)

    async def _read_feed_file(
        self, path: Path, source: Source, report: PollReport, tasks: asyncio.TaskGroup
    ) -> None:
        try:
            content = await asyncio.to_thread(
                read_file, path, max_bytes=self.settings.max_file_bytes
            )
            entries = parse_feed(content)
        except (UnreadableFileError, FeedError) as exc:
            self._input_error(ArticleResult(str(path), error=str(exc)), report)
            return
        tags = {"feed": str(path), **source.tags}
        await self._crawl_entries(str(path), entries, tags, report, tasks)

    async def _extract_file(self, path: Path, source: Source) -> ArticleResult:
        """The article of a page file, read here so that only extraction can fail in the pool."""
        origin = str(path)
        try:
            kind, content = await asyncio.to_thread(
                read_page_file, path, max_bytes=self.settings.max_file_bytes
            )
        except UnreadableFileError as exc:
            return ArticleResult(origin, error=str(exc))
        return await self._extract(
            origin, page_result, origin, content, kind=kind, url=source.page_url, tags=source.tags
        )

    async def _extract(
        self, origin: str, extract: Callable[..., ArticleResult], *args: object, **kwargs: object
    ) -> ArticleResult:
        """The article of a page, extracted by the pool; a failure is counted (here: the
        extraction process's own metrics are not served)."""
        try:
            result = await self.extractor.run(extract, *args, **kwargs)
        except ExtractionAborted as exc:
            result = ArticleResult(origin, error=str(exc))
        if result.article is None:
            metrics.EXTRACTION_FAILURES.inc()
        return result

    # --- publishing ---

    async def _publish(
        self,
        result: ArticleResult,
        report: PollReport,
        *,
        urls: tuple[str, ...] = (),
        fetched: bool = False,
    ) -> None:
        canonical = tuple(dict.fromkeys(canonicalize_url(url) for url in urls))
        if result.article is None:
            self._input_error(result, report)
            if fetched:  # a page without an article will not grow one: do not fetch it again
                self.state.remember_urls(canonical, "no_article")
            return
        metrics.INPUTS.labels("ok").inc()
        article = result.article
        addresses = canonical + ((article["canonical_url"],) if article["canonical_url"] else ())
        kind = await self.publisher.offer(article, tuple(dict.fromkeys(addresses)))
        if kind is None:
            report.new_articles += 1
        else:
            report.duplicates += 1
            log.info("%s: duplicate (%s), not published", result.origin, kind)
            if fetched:
                self.state.remember_urls(canonical, f"duplicate_{kind}")

    def _already_handled(self, url: str, report: PollReport) -> bool:
        """Whether a link was handled before (in the state) or is being handled now; if not,
        it is marked as being handled."""
        canonical = canonicalize_url(url)
        if canonical in self._recent_urls or self.state.knows_url(canonical):
            metrics.DUPLICATES_SKIPPED.labels("url").inc()
            report.duplicates += 1
            return True
        self._recent_urls[canonical] = None
        if len(self._recent_urls) > RECENT_URLS:
            self._recent_urls.popitem(last=False)
        return False

    def _forget_recent(self, url: str) -> None:
        self._recent_urls.pop(canonicalize_url(url), None)

    def _is_stale(self, entry: FeedEntry) -> bool:
        published = _parse_date(entry.published)
        retention_s = self.settings.dedup_retention_days * 86400
        return published is not None and published < time.time() - retention_s

    @staticmethod
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
