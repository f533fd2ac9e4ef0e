"""`newsstream enrich`: files or JSON Lines in, enriched JSON Lines out, without Kafka.

Runs the worker's own Enricher, so the records are the ones the agent would publish.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from itertools import islice

from newsstream.common.records import EnrichedArticle, encode
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.messages import in_process_message
from newsstream.ingestion.offline import iter_articles
from newsstream.ingestion.sources import ArticleResult


def chunked(results: Iterator[ArticleResult], size: int) -> Iterator[list[ArticleResult]]:
    while chunk := list(islice(results, size)):
        yield chunk


def input_articles(inputs: Sequence[str], settings: Settings) -> Iterator[ArticleResult]:
    """The articles of the inputs ('-': JSON Lines on stdin), read as the scraper reads them."""
    return iter_articles(inputs, settings=settings)


def enrich_in_order(
    enricher: Enricher, results: Sequence[ArticleResult]
) -> list[tuple[ArticleResult, EnrichedArticle | str]]:
    """Each input's enriched record or error message, in input order."""
    outputs: dict[int | None, EnrichedArticle | str] = {}
    messages = []
    for index, result in enumerate(results):
        if result.article is None:
            outputs[index] = result.error or "unreadable input"
        else:
            messages.append(in_process_message(index, result.article, result.origin))
    outcome = enricher.process(messages)
    for message, record in outcome.enriched:
        outputs[message.position.offset] = record
    for letter in outcome.dead_letters:
        outputs[letter.source_offset] = f"{letter.reason}: {letter.error}"
    return [(results[index], outputs[index]) for index in range(len(results))]


def run_enrich(inputs: Sequence[str], *, settings: Settings) -> int:
    """Print one enriched JSON line per article; errors go to stderr and make the exit 1."""
    return print_enriched(Enricher(settings), inputs, settings)


def print_enriched(enricher: Enricher, inputs: Sequence[str], settings: Settings) -> int:
    """Enrich the inputs a chunk at a time and print each chunk's records in input order;
    return the exit status."""
    failed = 0
    for chunk in chunked(input_articles(inputs, settings), settings.enrich_max_in_flight):
        for result, output in enrich_in_order(enricher, chunk):
            if isinstance(output, str):
                failed += 1
                print(f"error: {result.origin}: {output}", file=sys.stderr)
            else:
                sys.stdout.buffer.write(encode(output) + b"\n")
        sys.stdout.flush()
    return 1 if failed else 0
