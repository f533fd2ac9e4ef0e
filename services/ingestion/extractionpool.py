"""Extracting articles in child processes, one page per process at a time, within a time limit.

Why processes and not threads: trafilatura parses every page with one module-level lxml parser,
and two threads using it at once corrupt the heap (the scraper died with "double free or
corruption" while extracting pages concurrently). And a thread cannot be stopped: a hostile
page (millions of tiny elements, a 9 MB attribute) keeps trafilatura busy for minutes. A child
process that overruns ``extraction_timeout_s`` is killed and replaced; one that dies is replaced
too. Either way only that page fails, and the pool goes on.

pebble's process pool does the killing and replacing: its clock starts when a child takes the
page, and cancelling the caller's task kills the child that works on its page. Children are
started with ``spawn`` (the scraper has threads, which ``fork`` would copy half-way) when the pool
is first used, and import the extraction code before they take work.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from newsstream.common.logs import configure_logging

Result = TypeVar("Result")


class ExtractionAborted(Exception):
    """The page's extraction overran the time limit, or its process died."""


def _prepare_child(log_level: str) -> None:
    configure_logging(log_level)
    import newsstream.ingestion.sources  # noqa: F401  (the heavy imports, before the clock runs)


class ExtractionPool:
    """``async with ExtractionPool(processes, timeout_s) as pool: await pool.run(f, ...)``"""

    def __init__(self, processes: int, timeout_s: float, log_level: str = "INFO") -> None:
        self.timeout_s = timeout_s
        self._pool = ProcessPool(
            max_workers=processes,
            initializer=_prepare_child,
            initargs=(log_level,),
            context=multiprocessing.get_context("spawn"),
        )

    async def __aenter__(self) -> ExtractionPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pool.stop()
        await asyncio.to_thread(self._pool.join)

    async def run(self, function: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        """``function(*args, **kwargs)`` in a child process (all picklable); its exceptions
        are raised here, and ExtractionAborted when it overran the limit or its process died."""
        future = self._pool.schedule(function, args=args, kwargs=kwargs, timeout=self.timeout_s)
        try:
            return await asyncio.wrap_future(future)
        except TimeoutError:
            message = f"extraction_timeout: no result in {self.timeout_s:g} s"
            raise ExtractionAborted(message) from None
        except ProcessExpired as error:
            raise ExtractionAborted(f"the extraction process died: {error!r}") from None
