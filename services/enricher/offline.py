"""`newsstream enrich`: files or JSON Lines in, enriched JSON Lines out, without Kafka.

Runs the worker's own ArticleProcessor, so the records are the ones the agent would publish.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import orjson

from newsstream.common.deadletter import SourcePosition
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.pipeline import ArticleProcessor, InboundMessage
from newsstream.scraper.sources import ArticleResult, article_from_json, iter_articles

STDIN = "-"


def chunked(results: Iterator[ArticleResult], size: int) -> Iterator[list[ArticleResult]]:
    while chunk := list(islice(results, size)):
        yield chunk


def stdin_articles() -> Iterator[ArticleResult]:
    for number, line in enumerate(sys.stdin.buffer, start=1):
        if not line.strip():
            continue
        origin = f"<stdin>:line {number}"
        try:
            yield ArticleResult(origin, article=article_from_json(orjson.loads(line)))
        except (orjson.JSONDecodeError, ValueError) as exc:
            yield ArticleResult(origin, error=str(exc))


def input_articles(inputs: Sequence[str], settings: Settings) -> Iterator[ArticleResult]:
    for item in inputs:
        if item == STDIN:
            yield from stdin_articles()
        else:
            yield from iter_articles([item], settings=settings)


def as_inbound(index: int, result: ArticleResult) -> InboundMessage:
    return InboundMessage(
        key=None,
        value=orjson.dumps(result.article),
        position=SourcePosition(result.origin, None, index),
    )


def enrich_in_order(
    processor: ArticleProcessor, results: Sequence[ArticleResult]
) -> list[tuple[ArticleResult, dict[str, Any] | str]]:
    """Each input's enriched record or error message, in input order."""
    outputs: dict[int, dict[str, Any] | str] = {}
    messages = []
    for index, result in enumerate(results):
        if result.article is None:
            outputs[index] = result.error or "unreadable input"
        else:
            messages.append(as_inbound(index, result))
    outcome = processor.process(messages)
    for message, record in outcome.enriched:
        outputs[message.position.offset] = record
    for letter in outcome.dead_letters:
        outputs[letter["source_offset"]] = f"{letter['reason']}: {letter['error']}"
    return [(results[index], outputs[index]) for index in range(len(results))]


def run_enrich(inputs: Sequence[str], *, settings: Settings) -> int:
    """Print one enriched JSON line per article; errors go to stderr and make the exit 1."""
    processor = ArticleProcessor(Enricher(settings))
    failed = 0
    for chunk in chunked(input_articles(inputs, settings), settings.enrich_max_in_flight):
        for result, output in enrich_in_order(processor, chunk):
            if isinstance(output, str):
                failed += 1
                print(f"error: {result.origin}: {output}", file=sys.stderr)
            else:
                sys.stdout.buffer.write(orjson.dumps(output) + b"\n")
        sys.stdout.flush()
    return 1 if failed else 0
