"""Prometheus metrics of reading input: fetches and extraction (served by the scraper at
/metrics; the offline commands count them too, unserved).

The names keep the ``newsstream_scraper_`` prefix: the dashboards and alerts know them so.
Label values are bounded: fetch outcomes and status classes are fixed sets.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
