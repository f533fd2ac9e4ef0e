"""Prometheus metrics of the enricher, served with Faust's own sensors at /metrics on the worker's
web port.

Label values are bounded: dead-letter stages and reasons are the pipeline's fixed classes, entity
labels the model's label set, CAMEO roots 01-20, QuadClasses 1-4, languages ISO 639-1 codes (plus
``other`` and ``unknown``), outlets the ``outlet`` tags of the scraper's sources file (plus
``untagged``), partitions those of the raw topic.
"""

from __future__ import annotations

from collections.abc import Mapping

import pycountry
from prometheus_client import Counter, Gauge, Histogram

ARTICLES_CONSUMED = Counter(
    "newsstream_enricher_articles_consumed_total",
    "Messages taken from the raw topic (articles and whatever else arrived there).",
)
ARTICLES_PRODUCED = Counter(
    "newsstream_enricher_articles_produced_total",
    "Enriched articles acknowledged by the broker, by language and outlet (the article's "
    "'outlet' tag from the sources file).",
    ["language", "outlet"],
)
EVENTS_PRODUCED = Counter(
    "newsstream_enricher_events_produced_total",
    "Events of acknowledged enriched articles, by CAMEO root code and QuadClass.",
    ["cameo_root", "quad_class"],
)
ENTITIES = Counter(
    "newsstream_enricher_entities_total",
    "Entities (name variants merged) of acknowledged enriched articles, by label.",
    ["label"],
)
DEAD_LETTERS = Counter(
    "newsstream_enricher_deadletters_total",
    "Messages sent to the dead-letter topic, by stage and reason class.",
    ["stage", "reason"],
)
IN_FLIGHT = Gauge(
    "newsstream_enricher_in_flight_messages",
    "Raw messages taken from the topic whose outputs the broker has not yet acknowledged.",
)
NLP_STEP_CHARS = Histogram(
    "newsstream_enricher_nlp_step_chars",
    "Characters of text parsed in one NLP step (pieces of one or more articles).",
    buckets=(100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000),
)
NLP_STEP_SECONDS = Histogram(
    "newsstream_enricher_nlp_step_seconds",
    "Time of one NLP step: spaCy on its pieces, then entities, events and quotations of the "
    "articles it finishes.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
NLP_ARTICLE_SECONDS = Histogram(
    "newsstream_enricher_nlp_article_seconds",
    "NLP time of one article: its share (by characters) of the steps that parsed it, plus its "
    "entities, events and quotations.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
END_TO_END_SECONDS = Histogram(
    "newsstream_enricher_end_to_end_latency_seconds",
    "From the raw record's timestamp (the scraper's publish) to the enriched record "
    "acknowledged by the broker.",
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600),
)
CONSUMER_LAG = Gauge(
    "newsstream_enricher_consumer_lag_messages",
    "Messages of a raw-topic partition assigned to this worker after the group's committed offset.",
    ["topic", "partition"],
)
READY = Gauge(
    "newsstream_enricher_ready",
    "1 when the worker is ready (model loaded, partitions assigned, broker reachable), else 0.",
)

# Every (stage, reason) the enricher emits. They are exported at zero from the start: a series
# that first appears with the value 1 shows no increase, so the first dead letter of a kind
# would escape rate() and the dead-letter alert.
DEAD_LETTER_CLASSES = (
    ("decode", "null_value"),
    ("decode", "invalid_utf8"),
    ("decode", "invalid_json"),
    ("validate", "schema_violation"),
    ("validate", "text_too_long"),
    ("process", "output_schema_violation"),
    ("process", "nlp_error"),
    ("produce", "output_refused"),
)
for _stage, _reason in DEAD_LETTER_CLASSES:
    DEAD_LETTERS.labels(_stage, _reason)


# ISO 639 language codes (2 and 3 letters) -> the 2-letter code, for the languages that have
# one. Built at import: pycountry loads its database on first use, which on the event loop held
# up the NLP thread (the GIL) while the first articles were parsed.
ISO_639_1 = {
    code: language.alpha_2
    for language in pycountry.languages
    if hasattr(language, "alpha_2")
    for code in (language.alpha_2, language.alpha_3)
}


def language_label(language: str | None) -> str:
    """The ISO 639-1 code of a language tag ('en-GB' -> 'en', 'deu' -> 'de'): 184 values, plus
    ``other`` for languages without one and ``unknown`` when there is no tag."""
    if not language:
        return "unknown"
    return ISO_639_1.get(language.split("-", 1)[0].lower(), "other")


def outlet_label(tags: Mapping[str, str] | None) -> str:
    """The ``outlet`` tag that the sources file gives a source's articles: configuration, so a
    bounded set, unlike the outlet names that extraction finds in pages."""
    return (tags or {}).get("outlet") or "untagged"


def report_consumer_lag(lags: Mapping[tuple[str, int], int]) -> None:
    """Replace the lag series, so that partitions revoked from this worker disappear."""
    CONSUMER_LAG.clear()
    for (topic, partition), lag in lags.items():
        CONSUMER_LAG.labels(topic, str(partition)).set(lag)
