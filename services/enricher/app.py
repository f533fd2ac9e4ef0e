"""The Faust enricher: raw articles in; enriched articles, events and dead letters out.

The agent hands its stream to the EnrichmentLoop (loop.py); the worker also serves /healthz,
/readyz (common/health.py) and /metrics, and measures its consumer lag (lag.py).
"""

from __future__ import annotations

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from newsstream.common.health import Readiness, register_health_pages
from newsstream.common.kafka.faustapp import faust_options, run_faust_worker
from newsstream.common.settings import Settings
from newsstream.enricher import metrics
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.lag import register_lag_probe
from newsstream.enricher.loop import EnrichmentLoop
from newsstream.enricher.publisher import Publisher


def create_app(settings: Settings) -> faust.App:
    options = faust_options(
        settings,
        web_port=settings.worker_web_port,
        datadir=settings.worker_datadir,
        # Messages wait in Faust's buffer while the in-flight slots are taken; a small buffer
        # pauses fetching instead of holding thousands of articles in memory.
        stream_buffer_maxsize=settings.enrich_max_in_flight,
    )
    app = faust.App(settings.worker_app_id, **options)
    raw_articles = app.topic(settings.topic_raw, value_serializer="raw", key_serializer="raw")
    enrichment = EnrichmentLoop(
        Enricher(settings), Publisher(app, settings), settings.enrich_max_in_flight
    )

    @app.agent(raw_articles)
    async def enrich(stream: faust.StreamT) -> None:
        await enrichment.run(stream)

    readiness = Readiness(metrics.READY)
    register_health_pages(app, readiness)
    register_lag_probe(app, settings, readiness)
    if settings.metrics_enabled:
        setup_prometheus_sensors(app, name_prefix="newsstream_faust")
    return app


def run_worker(settings: Settings) -> None:
    run_faust_worker(create_app, settings)
