"""Sources -> articles: the one reader behind `newsstream scrape`, `extract` and `enrich`.

A feed or sitemap (sitemap indexes are followed), remote or a local file, gives links with
metadata; a page URL, a URL list, page files, folders and JSON Lines (a file or stdin) give
pages or articles directly. Links are fetched and extracted up to ``pages_ahead`` at a time
(the fetcher keeps the per-host limits), and the results come out in input order, one
ArticleResult per article or per input that gave none.

What to skip, what to fetch conditionally and what to remember is the caller's to say, through
a ``ReadingGuide``: the plain one (the offline commands') reads every link and keeps nothing;
the crawler's skips what it handled before and saves the validators of feeds and sitemaps.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

from newsstream.common.settings import Settings
from newsstream.ingestion import metrics
from newsstream.ingestion.extractionpool import ExtractionAborted
from newsstream.ingestion.feeds import (
    FeedEntry,
    FeedError,
    is_feed,
    is_sitemap,
    parse_feed,
    parse_sitemap,
)
from newsstream.ingestion.fetch import FetchedPage, Fetcher, FetchError, Validators, is_http_url
from newsstream.ingestion.sources import (
    FEED_MEDIA_TYPES,
    STDIN,
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
from newsstream.ingestion.sourcesfile import Source

log = logging.getLogger(__name__)

# Sitemap indexes nest at most this deep and list at most this many sitemaps we follow.
MAX_SITEMAP_DEPTH = 2
MAX_SITEMAP_CHILDREN = 1000
# JSON lines parsed per turn of a worker thread (the event loop stays free meanwhile).
JSON_LINES_PER_READ = 1000

Result = TypeVar("Result")


class Extractor(Protocol):
    """Runs an extraction: ``ExtractionPool`` (child processes, a time limit) or inline."""

    async def run(self, function: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        """``function(*args, **kwargs)``; ExtractionAborted when it could not finish."""
        ...


class InlineExtractor:
    """Extraction in this process, one page at a time (the offline commands)."""

    async def run(self, function: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        return function(*args, **kwargs)


class ReadingGuide:
    """The caller's side of a reading. This one (the offline commands') fetches every link,
    unconditionally, and keeps nothing; the crawler's remembers what it handled."""

    def validators(self, url: str) -> Validators | None:
        """The validators to fetch a feed or sitemap with, so that an unchanged one is a 304."""
        return None

    def is_known(self, url: str) -> bool:
        """Whether a page source's address was handled before (it is not fetched again)."""
        return False

    def wants(self, url: str, entry: FeedEntry | None) -> bool:
        """Whether to fetch a link of a feed, sitemap or URL list."""
        return True

    def source_read(self) -> None:
        """The source itself could be read (its links may still fail)."""

    def not_modified(self, url: str) -> None:
        """A feed or sitemap answered 304."""

    def link_failed(self, url: str) -> None:
        """A link could not be fetched this time."""

    def document_read(self, url: str, validators: Validators) -> None:
        """Every link of a fetched feed or sitemap was handled."""


@dataclass(frozen=True, slots=True)
class _Link:
    url: str
    entry: FeedEntry | None
    tags: Mapping[str, str]


@dataclass
class _Document:
    """A feed or sitemap being read (fetched ones have validators); complete while none of its
    links failed."""

    url: str
    validators: Validators | None
    complete: bool = True


_Outcome = tuple[ArticleResult, bool]  # a result, and whether its input was handled for good


class SourceReader:
    def __init__(
        self, settings: Settings, fetcher: Fetcher, extractor: Extractor, *, pages_ahead: int = 1
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.extractor = extractor
        self.pages_ahead = pages_ahead
        self._slots = asyncio.Semaphore(pages_ahead)  # links in progress, over all readings

    async def read(
        self, source: Source, guide: ReadingGuide | None = None
    ) -> AsyncIterator[ArticleResult]:
        """The articles of ``source`` in input order, and the inputs that gave none, with why."""
        guide = guide or ReadingGuide()
        if source.kind in ("feed", "sitemap", "url"):
            reading = self._read_url(source, guide)
        elif source.kind == "url_list":
            reading = self._read_url_list(source, guide)
        else:
            reading = self._read_local(source, guide)
        async for result in reading:
            yield result

    # --- remote sources ---

    async def _read_url(self, source: Source, guide: ReadingGuide) -> AsyncIterator[ArticleResult]:
        url = source.location
        if source.kind == "url" and guide.is_known(url):
            guide.source_read()
            return
        conditional = source.kind != "url"
        page = await self._fetch(url, guide.validators(url) if conditional else None)
        if isinstance(page, ArticleResult):
            yield page
            return
        guide.source_read()
        if page.not_modified:
            guide.not_modified(url)
            return
        document = _Document(url, page.validators)
        if source.kind == "sitemap" or (source.kind == "url" and is_sitemap(page.content)):
            reading = self._read_sitemap(document, page.content, url, source, guide, depth=0)
        elif source.kind == "feed" or page.media_type in FEED_MEDIA_TYPES or is_feed(page.content):
            reading = self._read_feed(document, page.content, page.url, source, guide)
        else:
            reading = _one(self._page(_Link(url, None, source.tags), page))
        async for result in reading:
            yield result

    async def _read_feed(
        self,
        document: _Document,
        content: bytes,
        base_url: str | None,
        source: Source,
        guide: ReadingGuide,
    ) -> AsyncIterator[ArticleResult]:
        try:
            entries = parse_feed(content, base_url=base_url)
        except FeedError as exc:
            yield ArticleResult(document.url, error=str(exc))
            return
        if not entries:
            log.info("%s: feed has no entries", document.url)
        tags = {"feed": document.url, **source.tags}
        async for result in self._follow(document, entries, tags, guide):
            yield result

    async def _read_sitemap(
        self,
        document: _Document,
        content: bytes,
        label: str,
        source: Source,
        guide: ReadingGuide,
        *,
        depth: int,
    ) -> AsyncIterator[ArticleResult]:
        """A sitemap's pages, after those of the sitemaps it lists if it is an index;
        ``label`` (the sitemap given) tags every article."""
        try:
            sitemap = parse_sitemap(content)
        except FeedError as exc:
            yield ArticleResult(document.url, error=str(exc))
            return
        if sitemap.children:
            # An index often stays the same while the sitemaps it lists change: it is read
            # in full at every poll (its validators are never saved).
            document.complete = False
        children = sitemap.children[:MAX_SITEMAP_CHILDREN] if depth < MAX_SITEMAP_DEPTH else []
        for child_url in children:
            child = await self._fetch(child_url, guide.validators(child_url))
            if isinstance(child, ArticleResult):
                yield child
            elif child.not_modified:
                guide.not_modified(child_url)
            else:
                child_document = _Document(child_url, child.validators)
                async for result in self._read_sitemap(
                    child_document, child.content, label, source, guide, depth=depth + 1
                ):
                    yield result
        tags = {"sitemap": label, **source.tags}
        async for result in self._follow(document, sitemap.entries, tags, guide):
            yield result

    async def _follow(
        self,
        document: _Document,
        entries: list[FeedEntry],
        tags: Mapping[str, str],
        guide: ReadingGuide,
    ) -> AsyncIterator[ArticleResult]:
        """The pages a feed or sitemap links to; once every link was handled (and its result
        taken), the guide hears that the document was read."""
        async for result in self._pages(
            _entry_links(document.url, entries, tags, guide), document, guide
        ):
            yield result
        if document.complete and document.validators is not None:
            guide.document_read(document.url, document.validators)

    async def _read_url_list(
        self, source: Source, guide: ReadingGuide
    ) -> AsyncIterator[ArticleResult]:
        try:
            text = await asyncio.to_thread(Path(source.location).read_text, encoding="utf-8")
        except OSError as exc:
            yield ArticleResult(source.location, error=f"cannot read: {exc}")
            return
        guide.source_read()
        async for result in self._pages(_listed_links(source, text, guide), None, guide):
            yield result

    async def _fetch(self, url: str, validators: Validators | None) -> FetchedPage | ArticleResult:
        try:
            return await self.fetcher.fetch(url, validators=validators)
        except FetchError as exc:
            return ArticleResult(url, error=str(exc))

    # --- links ---

    async def _pages(
        self,
        items: Iterable[_Link | ArticleResult],
        document: _Document | None,
        guide: ReadingGuide,
    ) -> AsyncIterator[ArticleResult]:
        """Each item's result in order: links are fetched and extracted, up to
        ``pages_ahead`` ahead of the one given out."""
        pending: deque[asyncio.Future[_Outcome]] = deque()
        try:
            for item in items:
                if len(pending) >= self.pages_ahead:
                    yield _settled(await pending.popleft(), document)
                pending.append(await self._start(item, guide))
            while pending:
                yield _settled(await pending.popleft(), document)
        finally:
            for outcome in pending:
                outcome.cancel()

    async def _start(
        self, item: _Link | ArticleResult, guide: ReadingGuide
    ) -> asyncio.Future[_Outcome]:
        if isinstance(item, ArticleResult):
            outcome: asyncio.Future[_Outcome] = asyncio.get_running_loop().create_future()
            outcome.set_result((item, True))
            return outcome
        await self._slots.acquire()
        task = asyncio.create_task(self._crawl_link(item, guide))
        task.add_done_callback(lambda _: self._slots.release())
        return task

    async def _crawl_link(self, link: _Link, guide: ReadingGuide) -> _Outcome:
        """A link's page; not handled for good when it could not be fetched (or a bug hit)."""
        try:
            page = await self.fetcher.fetch(link.url)
            return await self._page(link, page), True
        except FetchError as exc:
            guide.link_failed(link.url)
            return ArticleResult(link.url, error=str(exc)), False
        except Exception as exc:  # a bug must not end the reading
            log.exception("%s: failed", link.url)
            return ArticleResult(link.url, error=f"failed: {type(exc).__name__}: {exc}"), False

    async def _page(self, link: _Link, page: FetchedPage) -> ArticleResult:
        """The article of a fetched page, with what its feed or sitemap entry adds."""
        result = await self._extract(link.url, fetched_page_result, link.url, page, tags=link.tags)
        if link.entry is not None:
            result = with_entry_metadata(result, link.entry)
        return replace(result, urls=(link.url, page.url))

    async def _extract(
        self, origin: str, extract: Callable[..., ArticleResult], *args: object, **kwargs: object
    ) -> ArticleResult:
        """The article of a page, extracted by the extractor; a failure is counted."""
        try:
            result = await self.extractor.run(extract, *args, **kwargs)
        except ExtractionAborted as exc:
            result = ArticleResult(origin, error=str(exc))
        if result.article is None:
            metrics.EXTRACTION_FAILURES.inc()
        return result

    # --- local sources ---

    async def _read_local(
        self, source: Source, guide: ReadingGuide
    ) -> AsyncIterator[ArticleResult]:
        path = Path(source.location)
        if source.location == STDIN or path.is_file():
            files, explicit = [path], True
        elif path.is_dir():
            files, explicit = list(walk_folder(path)), False
        else:
            yield ArticleResult(source.location, error="no such file, folder or http(s) URL")
            return
        guide.source_read()
        for file in files:
            async for result in self._read_file(file, source, guide, explicit=explicit):
                yield result

    async def _read_file(
        self, path: Path, source: Source, guide: ReadingGuide, *, explicit: bool
    ) -> AsyncIterator[ArticleResult]:
        kind = "jsonl" if source.kind == "jsonl" else file_kind(path)
        if kind == "jsonl":
            reading = self._json_lines(str(path), source.tags)
        elif kind == "feed":
            reading = self._read_feed_file(path, source, guide)
        elif kind is not None or explicit:
            reading = _one(self._extract_file(path, source))
        else:
            log.info("skipping %s: not a page, feed or JSON Lines file", path)
            return
        async for result in reading:
            yield result

    async def _json_lines(
        self, location: str, tags: Mapping[str, str]
    ) -> AsyncIterator[ArticleResult]:
        results = json_line_results(location, tags)
        while batch := await asyncio.to_thread(list, islice(results, JSON_LINES_PER_READ)):
            for result in batch:
                yield result

    async def _read_feed_file(
        self, path: Path, source: Source, guide: ReadingGuide
    ) -> AsyncIterator[ArticleResult]:
        """A feed or sitemap file: its links are fetched like those of a remote one."""
        try:
            content = await asyncio.to_thread(
                read_file, path, max_bytes=self.settings.max_file_bytes
            )
        except UnreadableFileError as exc:
            yield ArticleResult(str(path), error=str(exc))
            return
        document = _Document(str(path), None)
        if is_sitemap(content):
            reading = self._read_sitemap(document, content, str(path), source, guide, depth=0)
        else:
            reading = self._read_feed(document, content, None, source, guide)
        async for result in reading:
            yield result

    async def _extract_file(self, path: Path, source: Source) -> ArticleResult:
        """The article of a page file, read here so that only extraction runs in the extractor."""
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


def _entry_links(
    origin: str, entries: list[FeedEntry], tags: Mapping[str, str], guide: ReadingGuide
) -> Iterator[_Link | ArticleResult]:
    for number, entry in enumerate(entries, start=1):
        if not entry.link:
            yield ArticleResult(f"{origin} entry {number}", error="feed entry has no link")
        elif not is_http_url(entry.link):
            error = f"not an http(s) URL: {entry.link!r}"
            yield ArticleResult(f"{origin} entry {number}", error=error)
        elif guide.wants(entry.link, entry):
            yield _Link(entry.link, entry, tags)


def _listed_links(
    source: Source, text: str, guide: ReadingGuide
) -> Iterator[_Link | ArticleResult]:
    """The links of a URL list: one per line, '#' starts a comment."""
    for line in text.splitlines():
        url = line.split("#", 1)[0].strip()
        if not url:
            continue
        if not is_http_url(url):
            yield ArticleResult(source.location, error=f"not an http(s) URL: {url!r}")
        elif guide.wants(url, None):
            yield _Link(url, None, source.tags)


def _settled(outcome: _Outcome, document: _Document | None) -> ArticleResult:
    result, handled = outcome
    if document is not None and not handled:
        document.complete = False
    return result


async def _one(result: Awaitable[ArticleResult]) -> AsyncIterator[ArticleResult]:
    yield await result
