"""Hostile pages: extraction runs in child processes and never takes longer than its limit."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from newsstream.ingestion.extractionpool import ExtractionAborted, ExtractionPool
from newsstream.ingestion.fetch import FetchedPage, Validators
from newsstream.ingestion.sources import ArticleResult, fetched_page_result

PARAGRAPH = (
    "<p>The central bank held interest rates on Wednesday, saying inflation was falling but "
    "remained above its target, and signalled that cuts could come later in the year.</p>"
)
ARTICLE = f"<html><body><article>{PARAGRAPH * 5}</article></body></html>"
LIMIT_S = 2.0


def page(html: str) -> FetchedPage:
    return FetchedPage(
        "https://example.com/a", 200, html.encode(), "text/html", "utf-8", Validators()
    )


def slow_page() -> str:
    """300,000 tiny elements: about 20 s of trafilatura on a 2024 server core."""
    return f"<html><body>{'<span>a</span>' * 300_000}{PARAGRAPH * 5}</body></html>"


def process_id(tags: dict[str, str]) -> int:
    return os.getpid()


def never_returns(tags: dict[str, str]) -> None:
    """Only the time limit ends this call: a pool that waited for it would hang the test."""
    threading.Event().wait()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def in_pool(timeout_s: float, *calls: tuple[Any, ...]) -> list[Any]:
    """Each (function, *args) in turn in a one-process pool, once its process has started:
    its result or its exception. No clock is read: whether the limit ended a call is what
    the pool reports (ExtractionAborted) and whether the process was replaced."""
    outcomes: list[Any] = []
    async with ExtractionPool(1, timeout_s) as pool:
        await pool.run(fetched_page_result, "warm-up", page(ARTICLE), tags={})
        for function, *args in calls:
            try:
                outcome = await pool.run(function, *args, tags={})
            except Exception as exc:
                outcome = exc
            outcomes.append(outcome)
    return outcomes


def cut_at_the_limit(outcome: object) -> bool:
    return isinstance(outcome, ExtractionAborted) and "extraction_timeout" in str(outcome)


def test_an_extraction_over_the_time_limit_is_cut_and_its_process_replaced() -> None:
    first, slow, second, endless, third, article = asyncio.run(
        in_pool(
            LIMIT_S,
            (process_id,),
            (fetched_page_result, "slow", page(slow_page())),
            (process_id,),
            (never_returns,),
            (process_id,),
            (fetched_page_result, "next", page(ARTICLE)),
        )
    )
    assert cut_at_the_limit(slow), slow
    assert cut_at_the_limit(endless), endless
    # each cut killed the process that overran the limit and started a fresh one
    assert len({first, second, third}) == 3
    assert not alive(first) and not alive(second)
    assert isinstance(article, ArticleResult) and article.article is not None


def kill_itself(tags: dict[str, str]) -> None:
    os._exit(3)


def test_a_dying_extraction_process_fails_only_its_page() -> None:
    died, article = asyncio.run(
        in_pool(LIMIT_S, (kill_itself,), (fetched_page_result, "next", page(ARTICLE)))
    )
    assert isinstance(died, ExtractionAborted) and "process died" in str(died)
    assert isinstance(article, ArticleResult) and article.article is not None


def announce_then_never_return(path: str, tags: dict[str, str]) -> None:
    """Writes its process id to ``path`` (whole, by a rename) once it runs, then blocks."""
    Path(f"{path}.tmp").write_text(str(os.getpid()))
    os.replace(f"{path}.tmp", path)
    threading.Event().wait()


async def cancel_a_running_call(path: Path) -> tuple[int, int]:
    """The process id of a call cancelled while it ran, and of the call after it."""
    async with ExtractionPool(1, 600.0) as pool:
        running = asyncio.create_task(pool.run(announce_then_never_return, str(path), tags={}))
        while not path.exists():
            await asyncio.sleep(0.05)
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        return int(path.read_text()), await pool.run(process_id, tags={})


def test_a_cancelled_extraction_gives_up_its_process(tmp_path: Path) -> None:
    """A scraper stopping mid-page does not wait for the page: its process is replaced."""
    cancelled, after = asyncio.run(cancel_a_running_call(tmp_path / "pid"))
    assert cancelled != after


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            "<html><body>" + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000, id="nesting"
        ),
        pytest.param("<html><body>" + "<table><tr><td>" * 30_000 + PARAGRAPH, id="tables"),
        pytest.param(f'<html><body><div class="{"a" * 9_000_000}">{PARAGRAPH}</div>', id="attr"),
        pytest.param(
            "<html><body><div " + " ".join(f'a{i}="x"' for i in range(100_000)) + ">", id="attrs"
        ),
    ],
)
def test_pathological_html_ends_with_a_result_or_at_the_limit(html: str) -> None:
    """The pool hands back a result only when it came within the limit, so either outcome
    means the page ended within it; a crashed process (or any other error) does not pass."""
    [outcome] = asyncio.run(in_pool(LIMIT_S, (fetched_page_result, "hostile", page(html))))
    assert isinstance(outcome, ArticleResult) or cut_at_the_limit(outcome), outcome
