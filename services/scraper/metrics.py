"""Prometheus metrics of the scraper (served at /metrics on the scraper's port)."""

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
    "newsstream_scraper_duplicates_skipped_total", "Articles not published again.", ["kind"]
)
LAST_PASS_SUCCESS = Gauge(
    "newsstream_scraper_last_success_timestamp_seconds",
    "Unix time of the last pass that completed.",
)
