"""Prometheus metrics of the scraper (served at /metrics on the scraper's port).

Label values are bounded: fetch outcomes and status classes are fixed sets, duplicate kinds
are three, and sources are the entries of the sources file.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

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
FETCHES = Counter(
    "newsstream_scraper_fetches_total",
    "HTTP fetches (after redirects and retries) by outcome and HTTP status class.",
    ["outcome", "status_class"],
)
FETCH_BYTES = Counter(
    "newsstream_scraper_fetch_bytes_total", "Response body bytes received (before decoding)."
)
FETCH_DURATION = Histogram(
    "newsstream_scraper_fetch_duration_seconds",
    "Duration of one HTTP exchange, from request to the end of the body.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
EXTRACTION_FAILURES = Counter(
    "newsstream_scraper_extraction_failures_total",
    "Fetched pages or files from which no article could be extracted.",
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
