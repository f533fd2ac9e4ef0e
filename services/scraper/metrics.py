"""Prometheus metrics of the scraper (served at /metrics on the scraper's port).

Fetch and extraction metrics are in ``newsstream.ingestion.metrics``. Label values are
bounded: duplicate kinds are three, and sources are the entries of the sources file.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

INPUTS = Counter(
    "newsstream_scraper_inputs_total",
    "Inputs read (files, JSON lines, pages, feed entries) by outcome.",
    ["outcome"],
)
ARTICLES_PUBLISHED = Counter(
    "newsstream_scraper_articles_published_total", "Raw articles acknowledged by the broker."
)
DUPLICATES_SKIPPED = Counter(
    "newsstream_scraper_duplicates_skipped_total",
    "Articles not published again: kind url (address or article id already published), "
    "exact (same text), near (MinHash similarity over the threshold).",
    ["kind"],
)
LAST_PASS_SUCCESS = Gauge(
    "newsstream_scraper_last_success_timestamp_seconds",
    "Unix time of the last pass that completed.",
)
SOURCE_LAST_SUCCESS = Gauge(
    "newsstream_scraper_source_last_success_timestamp_seconds",
    "Unix time of the last poll of a source that read it (a 304 counts).",
    ["source"],
)
SPOOLED_ARTICLES = Gauge(
    "newsstream_scraper_spooled_articles",
    "Articles kept on disk because the broker did not acknowledge them yet.",
)
