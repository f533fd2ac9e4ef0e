"""Hostile content for the fixture site: pages that are slow or impossible to extract, redirects
to internal addresses, feeds that declare XML entities, broken feeds and sitemaps, a sitemap
gzip bomb. Each is built once, on first request."""

from __future__ import annotations

import gzip
from functools import cache

from newsstream.fixturesite import stories
from newsstream.fixturesite.catalog import invented_page

# Past the scraper's sitemap limit (feeds.MAX_SITEMAP_BYTES, 50 MB) once inflated.
SITEMAP_BOMB_BYTES = 60 * 1024 * 1024
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
_STORY = invented_page(stories.THROTTLED).decode()
_LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{f"&{chr(97 + n)};" * 10}">' for n in range(8)
)


@cache
def deep_nesting_page() -> bytes:
    return ("<div>" * 100_000 + _STORY + "</div>" * 100_000).encode()


@cache
def huge_attribute_page() -> bytes:
    return f'<div class="{"x" * 9_000_000}">{_STORY}</div>'.encode()


@cache
def tiny_elements_page() -> bytes:
    return ("<span>a</span>" * 300_000 + _STORY).encode()


def _feed(doctype: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{doctype}]><rss version="2.0"><channel>'
        f"<title>{title}</title><item><title>{title}</title>"
        "<link>https://example.com/story</link></item></channel></rss>"
    ).encode()


def entity_bomb_feed() -> bytes:
    return _feed(_LAUGHS, "&i;")


def external_entity_feed() -> bytes:
    return _feed('<!ENTITY secret SYSTEM "file:///etc/passwd">', "&secret;")


def malformed_feed() -> bytes:
    return b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off</ti'


def malformed_sitemap() -> bytes:
    return b"<urlset><url><loc>https://example.com/a</loc></url"


@cache
def sitemap_bomb() -> bytes:
    return gzip.compress(b"<!--" + b" " * SITEMAP_BOMB_BYTES + b"-->", 9)
