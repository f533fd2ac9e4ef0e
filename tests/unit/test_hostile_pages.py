"""Hostile pages: extraction runs in child processes and never takes longer than its limit."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest

from newsstream.scraper.extractionpool import ExtractionAborted, ExtractionPool
from newsstream.scraper.fetch import FetchedPage, Validators
from newsstream.scraper.sources import ArticleResult, fetched_page_result

PARAGRAPH = (
    "<p>The central bank held interest rates on Wednesday, saying inflation was falling but "
    "remained above its target, and signalled that cuts could come later in the year.</p>"
)
ARTICLE = f"<html><body><article>{PARAGRAPH * 5}</article></body></html>"
# Waiting for a result may overrun the limit by this much on a busy machine.
MARGIN_S = 1.0


def page(html: str) -> FetchedPage:
    return FetchedPage(
        "https://example.com/a", 200, html.encode(), "text/html", "utf-8", Validators()
    )


def slow_page() -> str:
    """300,000 tiny elements: about 20 s of trafilatura on a 2024 server core."""
    return f"<html><body>{'<span>a</span>' * 300_000}{PARAGRAPH * 5}</body></html>"


async def in_pool(timeout_s: float, *calls: tuple[Any, ...]) -> list[tuple[Any, float]]:
    """Each (function, *args) in turn in a one-process pool, once its process has started:
    (its result or its exception, seconds taken)."""
    outcomes: list[tuple[Any, float]] = []
    async with ExtractionPool(1, timeout_s) as pool:
        await pool.run(fetched_page_result, "warm-up", page(ARTICLE), tags={})
        for function, *args in calls:
            started = time.monotonic()
            try:
                outcome = await pool.run(function, *args, tags={})
            except Exception as exc:
                outcome = exc
            outcomes.append((outcome, time.monotonic() - started))
    return outcomes


def test_an_extraction_over_the_time_limit_is_cut_and_the_next_page_is_extracted() -> None:
    (cut, seconds), (article, _) = asyncio.run(
        in_pool(
            0.5,
            (fetched_page_result, "slow", page(slow_page())),
            (fetched_page_result, "next", page(ARTICLE)),
        )
    )
    assert isinstance(cut, ExtractionAborted) and "extraction_timeout" in str(cut)
    assert seconds < 0.5 + MARGIN_S
    assert isinstance(article, ArticleResult) and article.article is not None


def kill_itself(tags: dict[str, str]) -> None:
    os._exit(3)


def test_a_dying_extraction_process_fails_only_its_page() -> None:
    (died, _), (article, _) = asyncio.run(
        in_pool(5.0, (kill_itself,), (fetched_page_result, "next", page(ARTICLE)))
    )
    assert isinstance(died, ExtractionAborted) and "process died" in str(died)
    assert isinstance(article, ArticleResult) and article.article is not None


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
def test_pathological_html_ends_within_the_limit(html: str) -> None:
    [(outcome, seconds)] = asyncio.run(in_pool(2.0, (fetched_page_result, "hostile", page(html))))
    assert isinstance(outcome, ArticleResult | ExtractionAborted), outcome
    assert seconds < 2.0 + MARGIN_S
