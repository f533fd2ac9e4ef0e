"""Inputs -> articles, one at a time: files, folders, page URLs, RSS/Atom feeds, JSON Lines.

``iter_articles`` serves the offline commands (`newsstream extract`/`enrich`) in input order;
the crawler reuses the local-file readers and the page/feed-entry helpers.

Every input gives results, never an exception: a file that cannot be read, a bad JSON line,
a failed fetch or a page without article text becomes an ArticleResult with the reason, and
the run goes on with the next input.
"""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from newsstream.common.articles import build_raw_article, canonicalize_url
from newsstream.common.schemas import Contract, validate
from newsstream.common.settings import Settings
from newsstream.scraper import metrics
from newsstream.scraper.extraction import PageKind, extract_article
from newsstream.scraper.feeds import FeedEntry, FeedError, is_feed, parse_feed
from newsstream.scraper.fetch import FetchedPage, FetchError, PageFetcher, is_http_url
from newsstream.scraper.htmlprocessing import split_authors

log = logging.getLogger(__name__)

FileKind = Literal["html", "text", "jsonl", "feed"]
FILE_KINDS: dict[str, FileKind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Raw-article fields a JSON line may carry besides ``text``; the others are computed.
JSON_LINE_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "authors",
    "source",
    "published",
    "language",
    "fetched_at",
)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article, or the reason why an input gave none."""

    origin: str  # a path, a URL or 'file.jsonl:line N'
    article: dict[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Run:
    settings: Settings
    fetcher: PageFetcher
    url: str | None
    tags: Mapping[str, str]


def iter_articles(
    inputs: Sequence[str],
    *,
    url: str | None = None,
    settings: Settings,
    tags: Mapping[str, str] | None = None,
) -> Iterator[ArticleResult]:
    """Expand ``inputs`` (files, folders, http(s) URLs of pages or feeds) into articles.

    ``url`` is the address a single local page file was saved from; it is refused with
    anything else, since one address for several articles would give them one id.
    ``tags`` label every article.
    """
    if url is not None and not (len(inputs) == 1 and _is_page_file(inputs[0])):
        raise ValueError("url applies only to a single local .html/.txt page file")
    return _iter_articles(inputs, url=url, settings=settings, tags=dict(tags or {}))


def _iter_articles(
    inputs: Sequence[str], *, url: str | None, settings: Settings, tags: Mapping[str, str]
) -> Iterator[ArticleResult]:
    with PageFetcher(settings) as fetcher:
        run = _Run(settings=settings, fetcher=fetcher, url=url, tags=tags)
        for item in inputs:
            yield from _expand(item, run)


def _is_page_file(item: str) -> bool:
    return not is_http_url(item) and file_kind(Path(item)) in ("html", "text")


def _expand(item: str, run: _Run) -> Iterator[ArticleResult]:
    if is_http_url(item):
        yield from _from_url(item, run)
        return
    path = Path(item)
    if path.is_dir():
        for file in walk_folder(path):
            if file_kind(file) is None:
                log.info("skipping %s: not a page, feed or JSON Lines file", file)
            else:
                yield from _from_file(file, run)
    elif path.is_file():
        yield from _from_file(path, run)
    else:
        yield ArticleResult(item, error="no such file, folder or http(s) URL")


def walk_folder(folder: Path) -> Iterator[Path]:
    """The files under ``folder``, recursively, in sorted order; hidden ones left out."""
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden:
            yield path


def file_kind(path: Path) -> FileKind | None:
    """What a file holds, by its name: '.html', '.txt', '.jsonl', '.xml'..., each also
    gzip-compressed with a '.gz' suffix added."""
    name = path.name.lower().removesuffix(".gz")
    return FILE_KINDS.get(Path(name).suffix)


# --- files -------------------------------------------------------------------------------


def _from_file(path: Path, run: _Run) -> Iterator[ArticleResult]:
    kind = file_kind(path)
    if kind == "jsonl":
        yield from json_line_results(path, run.tags)
    elif kind == "feed":
        try:
            content = read_file(path, max_bytes=run.settings.max_file_bytes)
        except UnreadableFileError as exc:
            yield ArticleResult(str(path), error=str(exc))
            return
        yield from _from_feed(content, origin=str(path), base_url=None, run=run)
    else:
        yield page_file_result(path, url=run.url, tags=run.tags, settings=run.settings)


def page_file_result(
    path: Path, *, url: str | None, tags: Mapping[str, str], settings: Settings
) -> ArticleResult:
    """The article of a local HTML or text page file (``url``: where it was saved from)."""
    origin = str(path)
    try:
        kind, content = read_page_file(path, max_bytes=settings.max_file_bytes)
    except UnreadableFileError as exc:
        return ArticleResult(origin, error=str(exc))
    return page_result(origin, content, kind=kind, url=url, tags=tags)


class UnreadableFileError(ValueError):
    """A file of another type than expected, or one that cannot be read."""


def read_page_file(path: Path, *, max_bytes: int) -> tuple[PageKind, bytes]:
    """The kind and the bytes of a local HTML or text page file."""
    kind = file_kind(path)
    if kind != "html" and kind != "text":
        expected = ", ".join(sorted(FILE_KINDS))
        raise UnreadableFileError(f"unsupported file type (expected {expected}, or .gz)")
    return kind, read_file(path, max_bytes=max_bytes)


def read_file(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a file, gunzipped when its name ends in '.gz'; UnreadableFileError when
    it cannot be read (a broken .gz included) or is larger than ``max_bytes``."""
    try:
        with _open_binary(path) as handle:
            content = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableFileError(f"cannot read file: {exc}") from None
    if len(content) > max_bytes:
        raise UnreadableFileError(
            f"cannot read file: larger than {max_bytes} bytes (max_file_bytes)"
        )
    return content


def json_line_results(path: Path, tags: Mapping[str, str]) -> Iterator[ArticleResult]:
    """One article (or error) per non-blank line of a JSON Lines file."""
    number = 0
    try:
        with _open_binary(path) as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _json_line_result(f"{path}:line {number}", line, tags)
    except (OSError, EOFError, zlib.error) as exc:
        origin = f"{path}:line {number + 1}" if number else str(path)
        yield ArticleResult(origin, error=f"cannot read file: {exc}")


def _open_binary(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _json_line_result(origin: str, line: bytes, tags: Mapping[str, str]) -> ArticleResult:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return ArticleResult(origin, error=f"invalid JSON: {exc}")
    try:
        return ArticleResult(origin, article=article_from_json(record, tags=tags))
    except ValueError as exc:
        return ArticleResult(origin, error=str(exc))


def article_from_json(record: Any, *, tags: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A raw article from a JSON object that has at least ``text``; the other raw-article
    fields are taken when present and computed otherwise (ids, hashes, canonical URL)."""
    if not isinstance(record, dict):
        raise ValueError("a JSON line must be an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing 'text': a non-empty string is required")
    fields = {name: record[name] for name in JSON_LINE_FIELDS if record.get(name) is not None}
    for name, value in fields.items():
        if name == "authors" and not isinstance(value, str | list):
            raise ValueError("'authors' must be a list of strings or a '; '-separated string")
        if name != "authors" and not isinstance(value, str):
            raise ValueError(f"'{name}' must be a string")
    if isinstance(fields.get("authors"), str):
        fields["authors"] = split_authors(fields["authors"])
    if "canonical_url" in fields:
        fields["canonical_url"] = canonicalize_url(fields["canonical_url"])
    record_tags = record.get("tags") or {}
    if not isinstance(record_tags, dict):
        raise ValueError("'tags' must be an object of strings")
    tags = {**(tags or {}), **record_tags}
    return build_raw_article(text, input_kind="json", tags=tags, **fields)


# --- pages -------------------------------------------------------------------------------


def page_result(
    origin: str,
    content: bytes,
    *,
    kind: PageKind | None,
    url: str | None,
    tags: Mapping[str, str],
    charset: str | None = None,
) -> ArticleResult:
    """The article extracted from a page's bytes; an extraction failure is counted."""
    try:
        article = extract_article(content, kind=kind, url=url, tags=tags, charset=charset)
    except ValueError as exc:  # ExtractionError, or a field the contract refuses
        metrics.EXTRACTION_FAILURES.inc()
        return ArticleResult(origin, error=str(exc))
    except Exception as exc:  # a bug in a parser must not stop the run
        log.exception("%s: extraction failed", origin)
        metrics.EXTRACTION_FAILURES.inc()
        return ArticleResult(origin, error=f"extraction failed: {type(exc).__name__}: {exc}")
    return ArticleResult(origin, article=article)


def _from_url(url: str, run: _Run) -> Iterator[ArticleResult]:
    try:
        page = run.fetcher.fetch(url)
    except FetchError as exc:
        yield ArticleResult(url, error=str(exc))
        return
    if page.media_type in FEED_MEDIA_TYPES or is_feed(page.content):
        yield from _from_feed(page.content, origin=url, base_url=page.url, run=run)
    else:
        yield fetched_page_result(url, page, tags=run.tags)


def fetched_page_result(
    origin: str, page: FetchedPage, *, tags: Mapping[str, str]
) -> ArticleResult:
    """The article of a fetched page; its address is the one after redirects."""
    kind: PageKind | None = "html" if page.media_type in HTML_MEDIA_TYPES else None
    return page_result(
        origin, page.content, kind=kind, url=page.url, tags=tags, charset=page.charset
    )


# --- feeds -------------------------------------------------------------------------------


def _from_feed(
    content: bytes, *, origin: str, base_url: str | None, run: _Run
) -> Iterator[ArticleResult]:
    try:
        entries = parse_feed(content, base_url=base_url)
    except FeedError as exc:
        yield ArticleResult(origin, error=str(exc))
        return
    if not entries:
        log.info("%s: feed has no entries", origin)
    tags = {"feed": origin, **run.tags}
    for number, entry in enumerate(entries, start=1):
        if entry.link:
            yield _feed_entry_result(entry.link, entry, run=run, tags=tags)
        else:
            yield ArticleResult(f"{origin} entry {number}", error="feed entry has no link")


def _feed_entry_result(
    link: str, entry: FeedEntry, *, run: _Run, tags: Mapping[str, str]
) -> ArticleResult:
    """The page an entry links to, read as a page even if it is another feed."""
    try:
        page = run.fetcher.fetch(link)
    except FetchError as exc:
        return ArticleResult(link, error=str(exc))
    return with_entry_metadata(fetched_page_result(link, page, tags=tags), entry)


def with_entry_metadata(result: ArticleResult, entry: FeedEntry) -> ArticleResult:
    """The result with the metadata its feed or sitemap entry adds (see fill_from_feed)."""
    if result.article is None:
        return result
    try:
        return ArticleResult(result.origin, article=fill_from_feed(result.article, entry))
    except ValueError as exc:
        return ArticleResult(result.origin, error=f"feed entry metadata refused: {exc}")


def fill_from_feed(article: dict[str, Any], entry: FeedEntry) -> dict[str, Any]:
    """The article with the title, authors, date, outlet and language the page lacked taken
    from its feed or sitemap entry."""
    gaps = {
        "title": entry.title if not article["title"] else None,
        "authors": entry.authors if not article["authors"] else None,
        "published": entry.published if not article["published"] else None,
        "source": entry.site_name if not article["source"] else None,
        "language": entry.language if not article["language"] else None,
    }
    filled = {**article, **{name: value for name, value in gaps.items() if value}}
    validate(Contract.RAW_ARTICLE, filled)
    return filled
