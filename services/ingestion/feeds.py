"""RSS/Atom feeds and XML sitemaps -> the article links they list, with what they say about
each article.

No XML entity is ever expanded: a document that declares entities (the "billion laughs" and
external-entity attacks) is refused by defusedxml before any parser reads it for content, and
so is a malformed one (which defusedxml cannot read) that declares entities all the same.
Sitemaps may be sitemap indexes, may be gzip-compressed, and may carry Google News tags
(publication name and language, publication date, title).
"""

from __future__ import annotations

import gzip
import io
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from newsstream.ingestion.htmlprocessing import split_authors

# The root element after the XML declaration, comments and a doctype.
_XML_PROLOG = rb"^\s*(?:<\?[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>[]*(?:\[.*?\])?\s*>\s*)*"
_FEED_ROOT = re.compile(_XML_PROLOG + rb"<(?:rss|feed|rdf:RDF)\b", re.DOTALL | re.IGNORECASE)
_SITEMAP_ROOT = re.compile(
    _XML_PROLOG + rb"<(?:[\w-]+:)?(?:urlset|sitemapindex)\b", re.DOTALL | re.IGNORECASE
)
_SNIFF_BYTES = 4096
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"
# A sitemap may hold 50,000 URLs and 50 MB uncompressed (sitemaps.org).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One article link of a feed or sitemap, with the metadata given beside it."""

    link: str | None
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    site_name: str | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    entries: list[FeedEntry]
    children: list[str]  # the sitemaps a sitemap index lists


class FeedError(ValueError):
    """Content that is not a usable feed or sitemap."""


def is_feed(content: bytes) -> bool:
    """Whether the document's root element is an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.match(_head(content)))


def is_sitemap(content: bytes) -> bool:
    """Whether the document is a sitemap or sitemap index (also gzip-compressed)."""
    return content.startswith(_GZIP_MAGIC) or bool(_SITEMAP_ROOT.match(_head(content)))


def _head(content: bytes) -> bytes:
    return content[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")


def refuse_entities(content: bytes) -> None:
    """FeedError when the document declares entities or external references; a document
    that is merely malformed is left to the (lenient) parser that reads it next."""
    try:
        fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"XML entities or external references refused: {exc}") from None
    except ParseError:
        if _ENTITY_DECLARATION.search(content):
            raise FeedError("XML entities refused (declared in a malformed document)") from None


def parse_feed(content: bytes, *, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed."""
    refuse_entities(content)
    headers = {"content-location": base_url} if base_url else None
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    # A feed with errors is read for what it gives; one that gives nothing says why.
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS/Atom structure"
        raise FeedError(f"not an RSS/Atom feed: {reason}")
    language = _primary_language(parsed.feed.get("language"))
    return [_feed_entry(entry, language) for entry in parsed.entries]


def _feed_entry(entry: Any, language: str | None) -> FeedEntry:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    names = [author.get("name") for author in entry.get("authors", []) if author.get("name")]
    return FeedEntry(
        link=entry.get("link") or None,
        title=_clean(entry.get("title")),
        published=time.strftime("%Y-%m-%dT%H:%M:%SZ", when) if when else None,
        authors=names or split_authors(entry.get("author")),
        language=language,
    )


def parse_sitemap(content: bytes) -> Sitemap:
    """The article links of a sitemap (with Google News tags), or the children of an index."""
    content = _gunzip(content) if content.startswith(_GZIP_MAGIC) else content
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"XML entities or external references refused: {exc}") from None
    except ParseError as exc:
        raise FeedError(f"not a sitemap: {exc}") from None
    kind = _local_name(root.tag)
    if kind == "sitemapindex":
        return Sitemap([], [loc for node in _children(root, "sitemap") if (loc := _loc(node))])
    if kind != "urlset":
        raise FeedError(f"not a sitemap: root element <{kind}>")
    return Sitemap([_sitemap_entry(node) for node in _children(root, "url")], [])


def _gunzip(content: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as handle:
            inflated = handle.read(MAX_SITEMAP_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise FeedError(f"bad gzip sitemap: {exc}") from None
    if len(inflated) > MAX_SITEMAP_BYTES:
        raise FeedError(f"sitemap larger than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return inflated


def _sitemap_entry(node: Element) -> FeedEntry:
    news = _child(node, "news")
    publication = _child(news, "publication") if news is not None else None
    return FeedEntry(
        link=_loc(node),
        title=_text(news, "title"),
        published=_text(news, "publication_date") or _text(node, "lastmod"),
        language=_primary_language(_text(publication, "language")),
        site_name=_text(publication, "name"),
    )


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if _local_name(child.tag) == name]


def _child(node: Element | None, name: str) -> Element | None:
    if node is None:
        return None
    return next(iter(_children(node, name)), None)


def _text(node: Element | None, name: str) -> str | None:
    child = _child(node, name)
    return _clean(child.text) if child is not None else None


def _loc(node: Element) -> str | None:
    return _text(node, "loc")


def _clean(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


def _primary_language(value: str | None) -> str | None:
    primary = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
