"""What each kind of input gives: local files, folders, JSON Lines, fetched pages, feed and
sitemap entries -> articles (``ArticleResult``).

``reader.SourceReader`` walks the sources with these, for `newsstream scrape`, `extract` and
`enrich` alike. Every input gives results, never an exception: a file that cannot be read, a
bad JSON line or a page without article text becomes an ArticleResult with the reason.
"""

from __future__ import annotations

import gzip
import io
import logging
import sys
import zlib
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Literal

import msgspec
import orjson

from newsstream.common.articles import build_raw_article, canonicalize_url, checked_raw_article
from newsstream.common.records import RawArticle
from newsstream.ingestion.extraction import PageKind, extract_article
from newsstream.ingestion.feeds import FeedEntry
from newsstream.ingestion.fetch import FetchedPage
from newsstream.ingestion.htmlprocessing import split_authors

log = logging.getLogger(__name__)

STDIN = "-"  # the JSON Lines location that is the standard input
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
    article: RawArticle | None = None
    error: str | None = None
    urls: tuple[str, ...] = ()  # a fetched page's addresses: the link, and after redirects


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


def json_line_results(location: str, tags: Mapping[str, str]) -> Iterator[ArticleResult]:
    """One article (or error) per non-blank line of a JSON Lines file, or of stdin ('-')."""
    name = "<stdin>" if location == STDIN else location
    number = 0
    try:
        with _open_lines(location) as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _json_line_result(f"{name}:line {number}", line, tags)
    except (OSError, EOFError, zlib.error) as exc:
        origin = f"{name}:line {number + 1}" if number else name
        yield ArticleResult(origin, error=f"cannot read file: {exc}")


def _open_lines(location: str) -> AbstractContextManager[IO[bytes]]:
    if location == STDIN:
        return nullcontext(sys.stdin.buffer)
    return _open_binary(Path(location))


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


def article_from_json(record: Any, *, tags: Mapping[str, str] | None = None) -> RawArticle:
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
    """The article extracted from a page's bytes, or why there is none."""
    try:
        article = extract_article(content, kind=kind, url=url, tags=tags, charset=charset)
    except ValueError as exc:  # ExtractionError, or a field the contract refuses
        return ArticleResult(origin, error=str(exc))
    except Exception as exc:  # a bug in a parser must not stop the run
        log.exception("%s: extraction failed", origin)
        return ArticleResult(origin, error=f"extraction failed: {type(exc).__name__}: {exc}")
    return ArticleResult(origin, article=article)


def fetched_page_result(
    origin: str, page: FetchedPage, *, tags: Mapping[str, str]
) -> ArticleResult:
    """The article of a fetched page; its address is the one after redirects."""
    kind: PageKind | None = "html" if page.media_type in HTML_MEDIA_TYPES else None
    return page_result(
        origin, page.content, kind=kind, url=page.url, tags=tags, charset=page.charset
    )


# --- feeds -------------------------------------------------------------------------------


def with_entry_metadata(result: ArticleResult, entry: FeedEntry) -> ArticleResult:
    """The result with the metadata its feed or sitemap entry adds (see fill_from_feed)."""
    if result.article is None:
        return result
    try:
        return replace(result, article=fill_from_feed(result.article, entry))
    except ValueError as exc:
        return replace(result, article=None, error=f"feed entry metadata refused: {exc}")


def fill_from_feed(article: RawArticle, entry: FeedEntry) -> RawArticle:
    """The article with the title, authors, date, outlet and language the page lacked taken
    from its feed or sitemap entry."""
    gaps = {
        "title": entry.title if not article.title else None,
        "authors": entry.authors if not article.authors else None,
        "published": entry.published if not article.published else None,
        "source": entry.site_name if not article.source else None,
        "language": entry.language if not article.language else None,
    }
    filled = {name: value for name, value in gaps.items() if value}
    return checked_raw_article(msgspec.structs.replace(article, **filled))
