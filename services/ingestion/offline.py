"""Reading without Kafka: the scraper's own reader, driven from synchronous code.

`newsstream extract` prints the articles it reads; `newsstream enrich` enriches them. Both read
every kind of input the scraper reads (files, folders, page, feed and sitemap URLs, JSON
Lines, '-' for stdin), one page at a time and in input order, with nothing remembered.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncGenerator, Iterator, Mapping, Sequence

from newsstream.common.records import encode
from newsstream.common.settings import Settings
from newsstream.ingestion.fetch import Fetcher
from newsstream.ingestion.reader import InlineExtractor, SourceReader
from newsstream.ingestion.sources import ArticleResult
from newsstream.ingestion.sourcesfile import Source, sources_from_arguments


def iter_articles(
    inputs: Sequence[str],
    *,
    url: str | None = None,
    settings: Settings,
    tags: Mapping[str, str] | None = None,
) -> Iterator[ArticleResult]:
    """The articles of the command line's ``inputs``, in order, and the inputs that gave none.

    ``url`` is the address a single local page file was saved from (ArgumentError with
    anything else); ``tags`` label every article.
    """
    sources = sources_from_arguments(inputs, page_url=url, interval_s=settings.follow_interval_s)
    labelled = [source.model_copy(update={"tags": dict(tags or {})}) for source in sources]
    return _in_step(_read(labelled, settings))


async def _read(
    sources: Sequence[Source], settings: Settings
) -> AsyncGenerator[ArticleResult, None]:
    async with Fetcher(settings) as fetcher:
        reader = SourceReader(settings, fetcher, InlineExtractor())
        for source in sources:
            async for result in reader.read(source):
                yield result


def _in_step(results: AsyncGenerator[ArticleResult, None]) -> Iterator[ArticleResult]:
    """The async results one by one: the event loop runs while the next one is read."""
    with asyncio.Runner() as runner:
        try:
            while True:
                try:
                    yield runner.run(_next(results))
                except StopAsyncIteration:
                    return
        finally:
            runner.run(results.aclose())


async def _next(results: AsyncGenerator[ArticleResult, None]) -> ArticleResult:
    return await anext(results)


def run_extract(inputs: Sequence[str], *, url: str | None, settings: Settings) -> int:
    """One clean-article JSON line per article, in order; an input that gives none is
    reported and makes the exit 1."""
    failed = 0
    for result in iter_articles(inputs, url=url, settings=settings):
        if result.article is None:
            failed += 1
            print(f"error: {result.origin}: {result.error}", file=sys.stderr)
            continue
        sys.stdout.buffer.write(encode(result.article) + b"\n")
        sys.stdout.flush()
    return 1 if failed else 0
