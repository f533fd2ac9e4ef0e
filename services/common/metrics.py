"""Serving a service's Prometheus metrics with liveness and readiness endpoints."""

from __future__ import annotations

import logging

from prometheus_client import start_http_server

from newsstream.common.settings import Settings

log = logging.getLogger(__name__)


def serve_metrics(port: int, settings: Settings) -> None:
    """Serve /metrics on ``port`` in a background thread (when metrics are enabled)."""
    if not settings.metrics_enabled:
        return
    start_http_server(port)
    log.info("metrics on http://localhost:%d/metrics", port)
