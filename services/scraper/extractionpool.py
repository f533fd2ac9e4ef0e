"""Extracting articles in child processes, one page per process at a time, within a time limit.

Why processes and not threads: trafilatura parses every page with one module-level lxml parser,
and two threads using it at once corrupt the heap (the scraper died with "double free or
corruption" while extracting pages concurrently). And a thread cannot be stopped: a hostile
page (millions of tiny elements, a 9 MB attribute) keeps trafilatura busy for minutes. A child
process that overruns ``extraction_timeout_s`` is killed and replaced; one that dies is replaced
too. Either way only that page fails, and the pool goes on.

Children are started with ``spawn`` (the scraper has threads, which ``fork`` would copy
half-way), import the extraction code before they take work, and are started when first needed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, TypeVar

from newsstream.common.logs import configure_logging

Result = TypeVar("Result")
_CONTEXT = multiprocessing.get_context("spawn")
_STOP_WAIT_S = 5.0


class ExtractionAborted(Exception):
    """The page's extraction overran the time limit, or its process died."""


def _serve(connection: Connection, log_level: str) -> None:
    """A child: run each (function, args, kwargs) received; reply (True, result) or
    (False, exception) until the parent closes the pipe."""
    configure_logging(log_level)
    import newsstream.scraper.sources  # noqa: F401  (the heavy imports, before the clock runs)

    connection.send("ready")
    while True:
        try:
            function, args, kwargs = connection.recv()
        except EOFError:
            return
        try:
            reply = (True, function(*args, **kwargs))
        except Exception as exc:
            reply = (False, exc)
        connection.send(reply)


class _Child:
    def __init__(self, log_level: str) -> None:
        self.connection, child_end = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve, args=(child_end, log_level), name="extraction", daemon=True
        )
        self.process.start()
        child_end.close()
        self._ready = False

    def call(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        timeout_s: float,
    ) -> tuple[bool, Any]:
        """Blocking: (True, the function's result) or (False, the exception it raised)."""
        if not self._ready:
            self.connection.recv()  # the child has imported the extraction code
            self._ready = True
        self.connection.send((function, args, kwargs))
        if not self.connection.poll(timeout_s):
            raise ExtractionAborted(f"extraction_timeout: no result in {timeout_s:g} s")
        return self.connection.recv()

    def stop(self) -> None:
        self.connection.close()  # the child reads EOF and returns
        self.process.join(_STOP_WAIT_S)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class ExtractionPool:
    """``async with ExtractionPool(processes, timeout_s) as pool: await pool.run(f, ...)``"""

    def __init__(self, processes: int, timeout_s: float, log_level: str = "INFO") -> None:
        self.timeout_s = timeout_s
        self.log_level = log_level
        self._idle: asyncio.Queue[_Child | None] = asyncio.Queue()
        for _ in range(processes):
            self._idle.put_nowait(None)  # a slot whose process is started when first needed

    async def __aenter__(self) -> ExtractionPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        while not self._idle.empty():
            child = self._idle.get_nowait()
            if child is not None:
                await asyncio.to_thread(child.stop)

    async def run(self, function: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
        """``function(*args, **kwargs)`` in a child process (all picklable); its exceptions
        are raised here, and ExtractionAborted when it overran the limit or its process died."""
        child = await self._idle.get()
        try:
            child = child or _Child(self.log_level)
            succeeded, value = await asyncio.to_thread(
                child.call, function, args, kwargs, self.timeout_s
            )
        except (ExtractionAborted, EOFError, OSError) as error:
            if child is not None:
                await asyncio.to_thread(child.kill)
                child = None
            if isinstance(error, ExtractionAborted):
                raise
            raise ExtractionAborted(f"the extraction process died: {error!r}") from None
        except asyncio.CancelledError:
            if child is not None:  # its thread still waits on it: it cannot be lent again
                child.process.kill()
                child = None
            raise
        finally:
            self._idle.put_nowait(child)
        if not succeeded:
            raise value
        return value
