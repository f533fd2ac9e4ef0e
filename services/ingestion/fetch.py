"""Fetching pages, feeds and sitemaps over HTTP(S), politely and within bounds.

Every request: a public address (or an allow-listed one), allowed by the host's robots.txt,
inside the global and per-host concurrency limits and the per-host delay, with a timeout, a
body and a decompression limit. Connection errors, 5xx and 429 are retried with exponential
back-off and full jitter (a Retry-After is honoured); redirects are followed one by one, up to
a limit, each hop checked like the first request. Feeds and sitemaps are fetched with their
last ETag / Last-Modified, so an unchanged one costs a 304. Whenever the address guard refuses
a request (for the page, a redirect hop or the host's robots.txt), the fetch ends as
``blocked_address`` and says which host or address was refused.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import aiohttp
from yarl import URL

from newsstream.common.settings import Settings
from newsstream.ingestion import metrics
from newsstream.ingestion.bodies import (
    ACCEPT_ENCODING,
    BodyTooLargeError,
    UnsupportedEncodingError,
    content_encoding,
    read_limited,
)
from newsstream.ingestion.netguard import (
    AddressPolicy,
    BlockedAddressError,
    GuardedResolver,
    parse_networks,
)
from newsstream.ingestion.politeness import HostGates
from newsstream.ingestion.robots import RobotsCache

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
# Media types worth reading: pages, feeds, sitemaps (also gzipped ones) and plain text.
READABLE_MEDIA_TYPES = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/gzip",
        "application/x-gzip",
    }
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK_BYTES = 64 * 1024
# The body of an error or redirect response is drained up to this much, then dropped.
_DISCARD_BYTES = 64 * 1024

FetchOutcome = Literal[
    "ok",
    "not_modified",
    "http_error",
    "throttled",
    "timeout",
    "connection_error",
    "too_many_redirects",
    "too_large",
    "bad_encoding",
    "unsupported_type",
    "blocked_address",
    "robots_disallowed",
    "invalid_url",
]


class FetchError(Exception):
    """A page could not be fetched: ``outcome`` says how (a metric label), the text why."""

    def __init__(self, outcome: FetchOutcome, detail: str, status: int | None = None) -> None:
        super().__init__(f"{outcome}: {detail}")
        self.outcome = outcome
        self.detail = detail
        self.status = status

    def at(self, url: str, step: str) -> FetchError:
        """The same failure, said to have happened at ``step`` (e.g. a redirect) to ``url``."""
        return FetchError(self.outcome, f"{step} {url}: {self.detail}", self.status)


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said about a document last time, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # after redirects
    status: int  # 200..299, or 304 for a conditional GET of an unchanged document
    content: bytes  # decoded (gunzipped) body; empty for a 304
    media_type: str | None  # e.g. 'text/html', without parameters
    charset: str | None  # as declared by the Content-Type header
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class _Response:
    url: str
    status: int
    headers: Any  # multidict of the response headers
    content: bytes


def is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:  # broken brackets, a bad IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def status_class(status: int | None) -> str:
    return f"{status // 100}xx" if status else "none"


def retry_after_s(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff_s(attempt: int, base_s: float, max_s: float) -> float:
    """Full jitter: uniform between 0 and base * 2^attempt (capped)."""
    return random.uniform(0, min(max_s, base_s * 2**attempt))


class Fetcher:
    """Asynchronous, polite HTTP client; ``async with Fetcher(settings) as fetcher``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.policy = AddressPolicy(parse_networks(settings.fetch_allowed_networks))
        self.gates = HostGates(
            settings.fetch_concurrency,
            settings.fetch_per_host_concurrency,
            settings.fetch_per_host_delay_s,
        )
        self.robots = RobotsCache(
            self._load_robots, settings.user_agent, settings.robots_cache_ttl_s
        )
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self.policy), limit=self.settings.fetch_concurrency
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            timeout=aiohttp.ClientTimeout(total=self.settings.http_timeout_s),
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str, *, validators: Validators | None = None) -> FetchedPage:
        """GET ``url``; FetchError (with its outcome) when no usable document came back."""
        try:
            page = await self._follow(url, validators, obey_robots=True)
        except FetchError as error:
            metrics.FETCHES.labels(error.outcome, status_class(error.status)).inc()
            log.info("fetch %s: %s", url, error)
            raise
        outcome = "not_modified" if page.not_modified else "ok"
        metrics.FETCHES.labels(outcome, status_class(page.status)).inc()
        return page

    async def _load_robots(self, robots_url: str) -> tuple[int | None, bytes]:
        """Status and body of a robots.txt; a refusal of the address guard is raised (as the
        page's own failure): no rules were read, and the page would be refused anyway."""
        try:
            response = await self._follow_redirects(robots_url, None, obey_robots=False)
        except FetchError as error:
            if error.outcome == "blocked_address":
                raise error.at(robots_url, "reading") from None
            return error.status, b""
        return response.status, response.content

    async def _follow(
        self, url: str, validators: Validators | None, *, obey_robots: bool
    ) -> FetchedPage:
        response = await self._follow_redirects(url, validators, obey_robots=obey_robots)
        if response.status == 304:
            return FetchedPage(response.url, 304, b"", None, None, validators or Validators())
        if not 200 <= response.status < 300:
            raise FetchError("http_error", f"HTTP {response.status}", response.status)
        content_type = response.headers.get("Content-Type", "")
        media_type = content_type.split(";")[0].strip().lower() or None
        return FetchedPage(
            url=response.url,
            status=response.status,
            content=response.content,
            media_type=media_type,
            charset=_charset_parameter(content_type),
            validators=Validators(
                response.headers.get("ETag"), response.headers.get("Last-Modified")
            ),
        )

    async def _follow_redirects(
        self, url: str, validators: Validators | None, *, obey_robots: bool
    ) -> _Response:
        for hop in range(self.settings.http_max_redirects + 1):
            try:
                host = await self._check_allowed(url, obey_robots=obey_robots)
                response = await self._with_retries(url, host, validators)
            except FetchError as error:
                if hop and error.outcome == "blocked_address":
                    raise error.at(url, "redirect to") from None
                raise
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            url = urljoin(url, location)
        raise FetchError(
            "too_many_redirects", f"more than {self.settings.http_max_redirects} redirects"
        )

    async def _check_allowed(self, url: str, *, obey_robots: bool) -> str:
        """The URL's host, once the address guard and robots.txt let it be fetched; the guard
        comes first, so robots.txt is never asked for (nor blamed) when the address is refused.
        """
        host = self._guarded_host(url)
        if not obey_robots:
            return host
        rules = await self.robots.rules_for(url)
        self.gates.honour_crawl_delay(host, rules.crawl_delay(self.settings.user_agent))
        if not rules.can_fetch(url, self.settings.user_agent):
            raise FetchError("robots_disallowed", rules.refusal())
        return host

    def _guarded_host(self, url: str) -> str:
        """The URL's host, unless the URL is not http(s) or names an address (or a localhost
        name) the guard refuses; host names are checked again when they are resolved."""
        if not is_http_url(url):
            raise FetchError("invalid_url", f"not an http(s) URL: {url!r}")
        try:
            host = connection_host(url)
        except ValueError as error:
            raise FetchError("invalid_url", f"{url!r}: {error}") from None
        try:
            self.policy.check_host(host)
        except BlockedAddressError as error:
            raise FetchError("blocked_address", str(error)) from None
        return host

    async def _with_retries(self, url: str, host: str, validators: Validators | None) -> _Response:
        retries = self.settings.fetch_retries
        for attempt in range(retries + 1):
            try:
                response = await self._request(url, host, validators)
            except FetchError as error:
                if error.outcome != "connection_error" or attempt == retries:
                    raise
                await self._wait_before_retry(url, attempt, None, str(error))
                continue
            if not _is_retryable(response.status):
                return response
            if attempt == retries:
                break
            retry_after = retry_after_s(response.headers.get("Retry-After"))
            await self._wait_before_retry(url, attempt, retry_after, f"HTTP {response.status}")
        outcome: FetchOutcome = "throttled" if response.status == 429 else "http_error"
        raise FetchError(
            outcome, f"HTTP {response.status} after {retries} retries", response.status
        )

    async def _wait_before_retry(
        self, url: str, attempt: int, retry_after: float | None, reason: str
    ) -> None:
        limit = self.settings.fetch_backoff_max_s
        if retry_after is not None and retry_after > limit:
            raise FetchError("throttled", f"{reason}, Retry-After {retry_after:g} s > {limit:g} s")
        wait = retry_after if retry_after is not None else 0.0
        wait = max(wait, backoff_s(attempt, self.settings.fetch_backoff_s, limit))
        log.info("fetch %s: %s, retry %d in %.1f s", url, reason, attempt + 1, wait)
        await asyncio.sleep(wait)

    async def _request(self, url: str, host: str, validators: Validators | None) -> _Response:
        """One HTTP exchange inside the host's slot; the body is read only when it is used."""
        async with self.gates.slot(host):
            started = time.monotonic()
            try:
                return await self._exchange(url, _conditional_headers(validators))
            except TimeoutError:
                timeout = self.settings.http_timeout_s
                raise FetchError("timeout", f"no complete response in {timeout:g} s") from None
            except (aiohttp.ClientError, OSError) as error:
                raise _connection_failure(error) from None
            finally:
                metrics.FETCH_DURATION.observe(time.monotonic() - started)

    async def _exchange(self, url: str, headers: dict[str, str]) -> _Response:
        assert self._session is not None, "use the Fetcher as an async context manager"
        async with self._session.get(url, headers=headers, allow_redirects=False) as response:
            if not 200 <= response.status < 300:
                received = len(await response.content.read(_DISCARD_BYTES))
                metrics.FETCH_BYTES.inc(received)
                return _Response(str(response.url), response.status, response.headers, b"")
            _check_media_type(response)
            content = await self._read_body(response)
            return _Response(str(response.url), response.status, response.headers, content)

    async def _read_body(self, response: aiohttp.ClientResponse) -> bytes:
        status = response.status
        length = response.content_length
        if length is not None and length > self.settings.max_body_bytes:
            limit = self.settings.max_body_bytes
            raise FetchError("too_large", f"Content-Length {length} > {limit} bytes", status)
        try:
            encoding = content_encoding(response.headers.get("Content-Encoding"))
            content, received = await read_limited(
                response.content.iter_chunked(_CHUNK_BYTES),
                encoding=encoding,
                max_wire_bytes=self.settings.max_body_bytes,
                max_decoded_bytes=self.settings.max_decoded_bytes,
            )
        except BodyTooLargeError as error:
            raise FetchError("too_large", str(error), status) from None
        except (UnsupportedEncodingError, zlib.error) as error:
            raise FetchError("bad_encoding", str(error), status) from None
        metrics.FETCH_BYTES.inc(received)
        return content


def connection_host(url: str) -> str:
    """The host as the HTTP client reads it (IDNA, Unicode dots), so the address guard and
    the politeness limits see one host where the client connects to one."""
    return URL(url).host or ""


def _connection_failure(error: aiohttp.ClientError | OSError) -> FetchError:
    """``blocked_address`` when the address guard refused the connection (the client wraps
    the resolver's refusal), else ``connection_error``."""
    refusal = _guard_refusal(error)
    if refusal is not None:
        return FetchError("blocked_address", str(refusal))
    if isinstance(error, aiohttp.ClientConnectorError):
        return FetchError("connection_error", str(error))
    return FetchError("connection_error", f"{type(error).__name__}: {error}")


def _guard_refusal(error: BaseException) -> BlockedAddressError | None:
    """The address guard's refusal behind ``error``, however the HTTP client wrapped it."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, BlockedAddressError):
            return cause
        seen.add(id(cause))
        wrapped = getattr(cause, "os_error", None)
        if not isinstance(wrapped, BaseException):
            wrapped = cause.__cause__ or cause.__context__
        cause = wrapped
    return None


def _is_retryable(status: int) -> bool:
    return status == 429 or 500 <= status < 600


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _charset_parameter(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _check_media_type(response: aiohttp.ClientResponse) -> None:
    media_type = response.content_type.lower()
    if "Content-Type" not in response.headers or media_type.startswith("text/"):
        return
    if media_type not in READABLE_MEDIA_TYPES:
        raise FetchError("unsupported_type", f"not a page, feed or sitemap: {media_type}")
