"""How hard the scraper may hit the web: a global and a per-host concurrency limit, and a
least delay between the starts of two requests to one host."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# A robots.txt Crawl-delay is honoured up to this; a larger one would stall a source for good.
MAX_CRAWL_DELAY_S = 60.0


@dataclass
class _HostGate:
    slots: asyncio.Semaphore
    delay_s: float
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class HostGates:
    """Hands out request slots; use ``async with gates.slot(host):`` around each request."""

    def __init__(self, total: int, per_host: int, per_host_delay_s: float) -> None:
        self._total = asyncio.Semaphore(total)
        self._per_host = per_host
        self._default_delay_s = per_host_delay_s
        self._gates: dict[str, _HostGate] = {}

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = _HostGate(asyncio.Semaphore(self._per_host), self._default_delay_s)
            self._gates[host] = gate
        return gate

    def honour_crawl_delay(self, host: str, crawl_delay_s: float | None) -> None:
        """Space this host's requests by its robots.txt Crawl-delay when that is longer."""
        if crawl_delay_s:
            delay = max(self._default_delay_s, min(crawl_delay_s, MAX_CRAWL_DELAY_S))
            self._gate(host).delay_s = delay

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        gate = self._gate(host)
        async with gate.slots:
            # The turn lock is held until the global slot is ours, so the recorded start is
            # the real one and no sleeping request keeps a global slot from other hosts.
            async with gate.turn:
                wait = gate.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._total.acquire()
                gate.next_start = time.monotonic() + gate.delay_s
            try:
                yield
            finally:
                self._total.release()
