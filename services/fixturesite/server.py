"""A small local news site for tests and the demo, with a few endpoints that misbehave.

Well-behaved paths::

    /robots.txt                 disallows /private/ (and /_fixture/)
    /articles/<slug>            the bundled pages (gzip-encoded when the client accepts it)
    /feeds/news.xml             RSS 2.0 of the published stories, newest first
    /sitemap.xml                a sitemap index -> /sitemaps/news.xml (Google News tags)

The first story as other sites link to it, listed in /feeds/syndication.xml::

    /articles/<slug>?utm_...    with tracking parameters
    /republished/<slug>         re-published with edits by another outlet (a near duplicate)

Misbehaving paths, all listed in /feeds/misbehaving.xml::

    /misbehaving/slow           answers after ``slow_s`` seconds
    /misbehaving/error          always 500
    /misbehaving/throttled      429 with Retry-After: 1 on the first request, then a story
    /misbehaving/oversized      a body of ``oversized_bytes``, streamed without a length
    /misbehaving/gzip-bomb      a small gzip body inflating to ``bomb_bytes``
    /misbehaving/wrong-charset  a windows-1252 page whose header says UTF-8
    /misbehaving/redirect-loop  redirects to itself
    /private/exclusive.html     a story robots.txt disallows

Hostile paths: the pages are listed in /feeds/hostile.xml, the documents are sources of their own::

    /hostile/deep-nesting       a story inside 100,000 nested <div>s
    /hostile/huge-attribute     a story inside an element with a 9 MB attribute
    /hostile/tiny-elements      a story after 300,000 tiny elements (slow to extract)
    /hostile/to-metadata        redirects to the cloud metadata address 169.254.169.254
    /hostile/to-loopback        redirects to 127.0.0.2 (loopback, outside the tests' allow-list)
    /feeds/entity-bomb.xml      an RSS feed declaring "billion laughs" entities
    /feeds/external-entity.xml  an RSS feed declaring an external entity (file:///etc/passwd)
    /feeds/malformed.xml        a feed cut off in the middle
    /sitemaps/malformed.xml     a sitemap cut off in the middle
    /sitemaps/bomb.xml.gz       a gzipped sitemap inflating past the scraper's sitemap limit

Feeds and sitemaps carry an ETag and answer a matching If-None-Match with 304. The site counts
every request by path and the most requests it served at once to each Host header
(``stats``, also at GET /_fixture/stats); POST /_fixture/release?count=N publishes N more
stories (all when no count).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

from newsstream.fixturesite import hostile, stories
from newsstream.fixturesite.catalog import (
    Listing,
    Story,
    invented_page,
    load_stories,
    news_sitemap,
    republished_page,
    rss,
    sitemap_index,
)

log = logging.getLogger(__name__)

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\nDisallow: /_fixture/\n"
TRACKING_QUERY = "utm_source=rss&utm_medium=feed&utm_campaign=fixture&fbclid=fixture"
THROTTLE_RETRY_AFTER_S = 1
# Stories are dated a minute apart, the newest a minute before the site started.
STORY_SPACING = timedelta(minutes=1)
_STREAM_CHUNK = 64 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class SiteStats:
    """What the site saw: requests per path (with query) and per host, concurrency per host."""

    requests: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    request_times: dict[str, list[float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "requests": dict(self.requests),
            "max_in_flight": dict(self.max_in_flight),
        }


class FixtureSite:
    def __init__(
        self,
        pages: Path,
        *,
        release: int | None = None,
        slow_s: float = 30.0,
        oversized_bytes: int = 12 * 1024 * 1024,
        bomb_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.stories = load_stories(pages)
        self.released = len(self.stories) if release is None else min(release, len(self.stories))
        self.slow_s = slow_s
        self.oversized_bytes = oversized_bytes
        self.bomb_bytes = bomb_bytes
        self.stats = SiteStats()
        self._started = datetime.now(UTC).replace(microsecond=0)
        self._by_slug = {story.slug: story for story in self.stories}
        self._republished = next(s for s in self.stories if s.media_type == "text/html")
        self._bomb: bytes | None = None

    @staticmethod
    def build_hostile_documents() -> None:
        """Build the hostile documents (each once) before a run, so that no fetch of one
        waits for the site to compress a bomb on a busy machine."""
        for build, _ in HOSTILE_DOCUMENTS.values():
            build()

    def release(self, count: int | None = None) -> int:
        """Publish ``count`` more stories (all when None); the number now published."""
        more = len(self.stories) if count is None else count
        self.released = min(len(self.stories), self.released + more)
        return self.released

    @property
    def published(self) -> list[Story]:
        return self.stories[: self.released]

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._counting])
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_get("/articles/{slug}", self._article)
        app.router.add_get("/republished/{slug}", self._republished_story)
        app.router.add_get("/feeds/news.xml", self._news_feed)
        app.router.add_get("/feeds/misbehaving.xml", self._misbehaving_feed)
        app.router.add_get("/feeds/syndication.xml", self._syndication_feed)
        app.router.add_get("/sitemap.xml", self._sitemap_index)
        app.router.add_get("/sitemaps/news.xml", self._news_sitemap)
        app.router.add_get("/private/exclusive.html", self._private)
        app.router.add_get("/misbehaving/slow", self._slow)
        app.router.add_get("/misbehaving/error", self._error)
        app.router.add_get("/misbehaving/throttled", self._throttled)
        app.router.add_get("/misbehaving/oversized", self._oversized)
        app.router.add_get("/misbehaving/gzip-bomb", self._gzip_bomb)
        app.router.add_get("/misbehaving/wrong-charset", self._wrong_charset)
        app.router.add_get("/misbehaving/redirect-loop", self._redirect_loop)
        app.router.add_get("/feeds/hostile.xml", self._hostile_feed)
        app.router.add_get("/hostile/to-metadata", self._to_metadata)
        app.router.add_get("/hostile/to-loopback", self._to_loopback)
        for path, (build, content_type) in HOSTILE_DOCUMENTS.items():
            app.router.add_get(path, _serving(build, content_type))
        app.router.add_get("/_fixture/stats", self._stats)
        app.router.add_post("/_fixture/release", self._release)
        return app

    @web.middleware
    async def _counting(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.host
        self.stats.requests[request.path_qs] += 1
        self.stats.request_times.setdefault(request.path_qs, []).append(
            asyncio.get_running_loop().time()
        )
        self.stats.in_flight[host] += 1
        self.stats.max_in_flight[host] = max(
            self.stats.max_in_flight[host], self.stats.in_flight[host]
        )
        try:
            return await handler(request)
        finally:
            self.stats.in_flight[host] -= 1

    # --- well-behaved ---

    async def _robots(self, request: web.Request) -> web.Response:
        text = f"{ROBOTS_TXT}Sitemap: {_base(request)}/sitemap.xml\n"
        return web.Response(text=text, content_type="text/plain")

    async def _article(self, request: web.Request) -> web.Response:
        story = self._by_slug.get(request.match_info["slug"])
        if story is None or story not in self.published:
            raise web.HTTPNotFound()
        if story.is_gzipped and "gzip" in request.headers.get("Accept-Encoding", ""):
            response = web.Response(body=story.path.read_bytes(), content_type=story.media_type)
            response.headers["Content-Encoding"] = "gzip"
            return response
        return web.Response(body=story.content(), content_type=story.media_type)

    async def _republished_story(self, request: web.Request) -> web.Response:
        if request.match_info["slug"] != self._republished.slug:
            raise web.HTTPNotFound()
        body = await asyncio.to_thread(republished_page, self._republished)
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def _news_feed(self, request: web.Request) -> web.Response:
        listings = self._listings(request)
        return _document(
            request, rss("Fixture News", _base(request), listings), "application/rss+xml"
        )

    async def _sitemap_index(self, request: web.Request) -> web.Response:
        body = sitemap_index([f"{_base(request)}/sitemaps/news.xml"])
        return _document(request, body, "application/xml")

    async def _news_sitemap(self, request: web.Request) -> web.Response:
        body = news_sitemap(self._listings(request), publication="Fixture News")
        return _document(request, body, "application/xml")

    def _listings(self, request: web.Request) -> list[Listing]:
        base = _base(request)
        listings = [
            Listing(f"{base}/articles/{story.slug}", story.title, self._published_at(number))
            for number, story in enumerate(self.published)
        ]
        return listings[::-1]

    def _published_at(self, number: int) -> datetime:
        return self._started - STORY_SPACING * (len(self.stories) - number)

    # --- misbehaving ---

    async def _misbehaving_feed(self, request: web.Request) -> web.Response:
        paths = {
            "Slow story": "/misbehaving/slow",
            "Server error": "/misbehaving/error",
            "Throttled story": "/misbehaving/throttled",
            "Oversized page": "/misbehaving/oversized",
            "Decompression bomb": "/misbehaving/gzip-bomb",
            "Story in the wrong charset": "/misbehaving/wrong-charset",
            "Redirect loop": "/misbehaving/redirect-loop",
            "Members-only story": "/private/exclusive.html",
        }
        return self._feed_of(request, "Fixture News: misbehaving", paths)

    async def _syndication_feed(self, request: web.Request) -> web.Response:
        first = self._republished
        paths = {
            f"{first.title} (tracked)": f"/articles/{first.slug}?{TRACKING_QUERY}",
            f"Updated: {first.title}": f"/republished/{first.slug}",
        }
        return self._feed_of(request, "Fixture Wire: syndicated stories", paths)

    def _feed_of(self, request: web.Request, title: str, paths: dict[str, str]) -> web.Response:
        base = _base(request)
        listings = [Listing(f"{base}{path}", name, self._started) for name, path in paths.items()]
        return _document(request, rss(title, base, listings), "application/rss+xml")

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.slow_s)
        return _html(invented_page(stories.SLOW))

    async def _error(self, request: web.Request) -> web.Response:
        raise web.HTTPInternalServerError(text="fixture: always failing")

    async def _throttled(self, request: web.Request) -> web.Response:
        if self.stats.requests[request.path_qs] == 1:
            raise web.HTTPTooManyRequests(headers={"Retry-After": str(THROTTLE_RETRY_AFTER_S)})
        return _html(invented_page(stories.THROTTLED))

    async def _oversized(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = b"<p>" + b"filler " * (_STREAM_CHUNK // 7) + b"</p>\n"
        sent = 0
        try:
            while sent < self.oversized_bytes:
                await response.write(chunk)
                sent += len(chunk)
            await response.write_eof()
        except ConnectionError:
            log.info("oversized: the client stopped reading after %d bytes", sent)
        return response

    async def _gzip_bomb(self, request: web.Request) -> web.Response:
        if self._bomb is None:
            self._bomb = await asyncio.to_thread(gzip.compress, b" " * self.bomb_bytes, 9)
        response = web.Response(body=self._bomb, content_type="text/html")
        response.headers["Content-Encoding"] = "gzip"
        return response

    async def _wrong_charset(self, request: web.Request) -> web.Response:
        body = invented_page(stories.WRONG_CHARSET, charset="cp1252")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=utf-8"})

    async def _redirect_loop(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(location="/misbehaving/redirect-loop")

    async def _private(self, request: web.Request) -> web.Response:
        return _html(invented_page(stories.PRIVATE))

    # --- hostile ---

    async def _hostile_feed(self, request: web.Request) -> web.Response:
        paths = {
            "Deeply nested story": "/hostile/deep-nesting",
            "Story with a huge attribute": "/hostile/huge-attribute",
            "Story after many tiny elements": "/hostile/tiny-elements",
            "Story on the metadata service": "/hostile/to-metadata",
            "Story on the loopback network": "/hostile/to-loopback",
        }
        return self._feed_of(request, "Fixture News: hostile", paths)

    async def _to_metadata(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(location=hostile.METADATA_URL)

    async def _to_loopback(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(location=f"http://127.0.0.2:{request.url.port}/articles/")

    # --- control ---

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.stats.as_json())

    async def _release(self, request: web.Request) -> web.Response:
        count = request.query.get("count")
        released = self.release(int(count) if count else None)
        return web.json_response({"released": released})


HOSTILE_DOCUMENTS: dict[str, tuple[Callable[[], bytes], str]] = {
    "/hostile/deep-nesting": (hostile.deep_nesting_page, "text/html"),
    "/hostile/huge-attribute": (hostile.huge_attribute_page, "text/html"),
    "/hostile/tiny-elements": (hostile.tiny_elements_page, "text/html"),
    "/feeds/entity-bomb.xml": (hostile.entity_bomb_feed, "application/rss+xml"),
    "/feeds/external-entity.xml": (hostile.external_entity_feed, "application/rss+xml"),
    "/feeds/malformed.xml": (hostile.malformed_feed, "application/rss+xml"),
    "/sitemaps/malformed.xml": (hostile.malformed_sitemap, "application/xml"),
    "/sitemaps/bomb.xml.gz": (hostile.sitemap_bomb, "application/gzip"),
}


def _serving(build: Callable[[], bytes], content_type: str) -> Handler:
    async def serve(request: web.Request) -> web.Response:
        body = await asyncio.to_thread(build)
        return web.Response(body=body, content_type=content_type)

    return serve


def _base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _html(body: bytes) -> web.Response:
    return web.Response(body=body, content_type="text/html", charset="utf-8")


def _document(request: web.Request, body: bytes, content_type: str) -> web.Response:
    """A feed or sitemap with validators; 304 when the client has this version."""
    etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
    headers = {"ETag": etag, "Last-Modified": format_datetime(datetime.now(UTC), usegmt=True)}
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, content_type=content_type, charset="utf-8", headers=headers)


@contextmanager
def serve_in_thread(site: FixtureSite, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the site on its own event loop in a daemon thread; yields its base URL."""
    loop = asyncio.new_event_loop()
    # A handler stops when its client hangs up (a fetch that timed out), so the requests in
    # flight per host are those a client still waits for.
    runner = web.AppRunner(site.app(), access_log=None, handler_cancellation=True)
    loop.run_until_complete(runner.setup())
    tcp = web.TCPSite(runner, host, port)
    loop.run_until_complete(tcp.start())
    bound_port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, name="fixture-site", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def run_fixture_site(
    pages: Path, *, host: str, port: int, release: int | None, slow_s: float
) -> int:
    """`newsstream fixture-site`: serve until interrupted."""
    site = FixtureSite(pages, release=release, slow_s=slow_s)
    print(
        f"fixture site: {len(site.stories)} stories ({site.released} published) on "
        f"http://{host}:{port}/ - feeds /feeds/news.xml /feeds/misbehaving.xml, "
        "sitemap /sitemap.xml",
        flush=True,
    )
    web.run_app(
        site.app(), host=host, port=port, print=None, access_log=None, handler_cancellation=True
    )
    return 0
