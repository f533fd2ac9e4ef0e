"""Serving a service's Prometheus metrics with liveness and readiness endpoints.

The Faust worker serves the same three paths from its own web server; this one is for the
services that have none (the scraper).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

log = logging.getLogger(__name__)

Readiness = Callable[[], bool]


def _handler_for(readiness: Readiness) -> type[BaseHTTPRequestHandler]:
    class MetricsHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._reply(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
            elif path == "/healthz":
                self._reply(200, b'{"status": "alive"}\n', "application/json")
            elif path == "/readyz":
                ready = readiness()
                body = b'{"ready": true}\n' if ready else b'{"ready": false}\n'
                self._reply(200 if ready else 503, body, "application/json")
            else:
                self._reply(404, b"not found\n", "text/plain")

        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Scrapes every few seconds would drown the service's own log."""

    return MetricsHandler


def serve_metrics(port: int, readiness: Readiness = lambda: True) -> ThreadingHTTPServer:
    """Serve /metrics, /healthz and /readyz on ``port`` from a daemon thread."""
    server = ThreadingHTTPServer(("0.0.0.0", port), _handler_for(readiness))
    threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
    log.info("metrics on http://localhost:%d/metrics", port)
    return server
