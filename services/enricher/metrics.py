"""Prometheus metrics of the enricher (served by the Faust web server at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ARTICLES_CONSUMED = Counter(
    "newsstream_enricher_articles_consumed_total", "Raw-topic messages read by the enricher."
)
ARTICLES_ENRICHED = Counter(
    "newsstream_enricher_articles_enriched_total", "Enriched articles acknowledged by the broker."
)
EVENTS_PUBLISHED = Counter(
    "newsstream_enricher_events_published_total",
    "Events published to the events topic.",
    ["cameo_root", "quad_class"],
)
ENTITIES_EXTRACTED = Counter(
    "newsstream_enricher_entities_total", "Distinct entities found in enriched articles.", ["label"]
)
DEAD_LETTERS = Counter(
    "newsstream_enricher_deadletters_total",
    "Messages routed to the dead-letter topic.",
    ["stage", "reason"],
)
BATCH_SIZE = Histogram(
    "newsstream_enricher_batch_size",
    "Articles per NLP batch.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)
NLP_BATCH_SECONDS = Histogram(
    "newsstream_enricher_nlp_batch_seconds", "Time spent in spaCy and event coding per batch."
)
END_TO_END_SECONDS = Histogram(
    "newsstream_enricher_end_to_end_latency_seconds",
    "Raw publish timestamp to enriched record acknowledged.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
WORKER_READY = Gauge(
    "newsstream_enricher_ready", "1 when the model is loaded and partitions are assigned."
)
