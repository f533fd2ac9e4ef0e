"""Fetching pages and feeds over HTTP(S), bounded in time, size and redirects.

Deliberately simple and synchronous: one request at a time, no robots.txt or per-host
pacing yet.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from newsstream.common.settings import Settings

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


class FetchError(Exception):
    """A page could not be fetched; the message says why."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # after redirects
    content: bytes
    media_type: str | None  # e.g. 'text/html', without parameters
    charset: str | None  # as declared by the Content-Type header
    truncated: bool  # the body was cut at the size limit


def is_http_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class PageFetcher:
    """Fetches pages with one HTTP client, opened on first use; use as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: httpx.Client | None = None

    def __enter__(self) -> PageFetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.settings.http_timeout_s,
                follow_redirects=True,
                max_redirects=self.settings.http_max_redirects,
                headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
            )
        return self._client

    def fetch(self, url: str) -> FetchedPage:
        """GET ``url``; raise FetchError on a bad address, network error, HTTP error status,
        too many redirects or a request slower than the timeout as a whole."""
        if not is_http_url(url):
            raise FetchError(f"not an http(s) URL: {url!r}")
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                content, truncated = self._read_body(response)
        except httpx.TooManyRedirects:
            raise FetchError(
                f"more than {self.settings.http_max_redirects} redirects"
            ) from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.settings.http_timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None
        if truncated:
            log.warning("%s: body cut at %d bytes", url, self.settings.max_body_bytes)
        content_type = response.headers.get("content-type", "")
        return FetchedPage(
            url=str(response.url),
            content=content,
            media_type=content_type.split(";")[0].strip().lower() or None,
            charset=response.charset_encoding,
            truncated=truncated,
        )

    def _read_body(self, response: httpx.Response) -> tuple[bytes, bool]:
        """Read at most max_body_bytes (after content decoding) within the timeout."""
        limit = self.settings.max_body_bytes
        deadline = time.monotonic() + self.settings.http_timeout_s
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                return bytes(body[:limit]), True
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("body not received in time", request=response.request)
        return bytes(body), False
