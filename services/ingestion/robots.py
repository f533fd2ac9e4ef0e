"""robots.txt: read once per origin, kept for a while, asked before every page.

What an answer means follows RFC 9309: a robots.txt that is found is obeyed; one that does
not exist (4xx) allows everything; one that cannot be read (5xx, 429, network error) forbids
everything until it is read again, a little later than a readable one would be.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

log = logging.getLogger(__name__)

# RFC 9309: a crawler must parse at least 500 KiB; the rest may be ignored.
MAX_ROBOTS_BYTES = 500 * 1024
UNREACHABLE_RETRY_S = 300.0

# (HTTP status or None when unreachable, body) of GET /robots.txt
RobotsLoader = Callable[[str], Awaitable[tuple[int | None, bytes]]]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    parser: Protego | None  # None: no rules (allow all)
    allow_all: bool
    expires: float
    status: int | None = None  # of the GET /robots.txt; None when no HTTP answer came

    def refusal(self) -> str:
        """Why these rules refuse a URL: the file says so, or it could not be read."""
        if self.parser is not None or self.allow_all:
            return "disallowed by robots.txt"
        answer = f"HTTP {self.status}" if self.status is not None else "no HTTP answer"
        return f"robots.txt could not be read ({answer}), so nothing is fetched from the host"

    def can_fetch(self, url: str, user_agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        return self.parser.crawl_delay(user_agent) if self.parser else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def rules_from_response(status: int | None, body: bytes, *, ttl_s: float) -> RobotsRules:
    now = time.monotonic()
    if status is not None and 200 <= status < 300:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(Protego.parse(text), allow_all=True, expires=now + ttl_s, status=status)
    if status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules(None, allow_all=True, expires=now + ttl_s, status=status)
    expires = now + min(ttl_s, UNREACHABLE_RETRY_S)
    return RobotsRules(None, allow_all=False, expires=expires, status=status)


class RobotsCache:
    """The rules of each origin, loaded on first use with ``loader`` and kept ``ttl_s``."""

    def __init__(self, loader: RobotsLoader, user_agent: str, ttl_s: float) -> None:
        self._loader = loader
        self.user_agent = user_agent
        self._ttl_s = ttl_s
        self._rules: dict[str, RobotsRules] = {}
        self._loading: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        async with self._loading.setdefault(origin, asyncio.Lock()):
            rules = self._rules.get(origin)
            if rules is None or rules.expires <= time.monotonic():
                status, body = await self._loader(f"{origin}/robots.txt")
                rules = rules_from_response(status, body, ttl_s=self._ttl_s)
                if not rules.allow_all:
                    log.warning("%s/robots.txt unreachable (%s): not crawling it", origin, status)
                self._rules[origin] = rules
        return rules
