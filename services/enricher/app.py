"""The Faust enricher: raw articles in; enriched articles, events and dead letters out.

The agent hands its stream to the EnrichmentLoop (loop.py); the worker also serves /healthz,
/readyz (health.py) and /metrics, and measures its consumer lag (lag.py).
"""

from __future__ import annotations

from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from newsstream.common.kafka.admin import ensure_topics
from newsstream.common.kafka.security import faust_credentials
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.health import Readiness, register_health_pages
from newsstream.enricher.lag import register_lag_probe
from newsstream.enricher.loop import EnrichmentLoop
from newsstream.enricher.publisher import Publisher


def create_app(settings: Settings) -> faust.App:
    app = faust.App(settings.worker_app_id, **faust_options(settings))
    raw_articles = app.topic(settings.topic_raw, value_serializer="raw", key_serializer="raw")
    enrichment = EnrichmentLoop(
        Enricher(settings), Publisher(app, settings), settings.enrich_max_in_flight
    )

    @app.agent(raw_articles)
    async def enrich(stream: faust.StreamT) -> None:
        await enrichment.run(stream)

    readiness = Readiness()
    register_health_pages(app, readiness)
    register_lag_probe(app, settings, readiness)
    if settings.metrics_enabled:
        setup_prometheus_sensors(app, name_prefix="newsstream_faust")
    return app


def faust_options(settings: Settings) -> dict[str, Any]:
    return {
        "broker": [f"kafka://{server}" for server in settings.bootstrap_server_list],
        "broker_credentials": faust_credentials(settings),
        "datadir": str(settings.worker_datadir),
        "web_port": settings.worker_web_port,
        "web_host": "0.0.0.0",
        "topic_partitions": settings.topic_partitions,
        "topic_replication_factor": settings.topic_replication,
        "consumer_auto_offset_reset": "earliest",
        "producer_acks": -1,
        "producer_compression_type": None
        if settings.compression == "none"
        else settings.compression,
        "producer_max_request_size": settings.max_message_bytes,
        "consumer_max_fetch_size": settings.max_message_bytes,
        # Messages wait in Faust's buffer while the in-flight slots are taken; a small buffer
        # pauses fetching instead of holding thousands of articles in memory.
        "stream_buffer_maxsize": settings.enrich_max_in_flight,
        "broker_commit_interval": settings.worker_commit_interval_s,
        "broker_session_timeout": settings.worker_session_timeout_s,
        "broker_heartbeat_interval": settings.worker_heartbeat_interval_s,
    }


def run_worker(settings: Settings) -> None:
    # Faust ignores a source topic that does not exist yet, and would not see it for minutes.
    ensure_topics(settings)
    app = create_app(settings)
    worker = faust.Worker(app, loglevel=settings.log_level.lower())
    worker.execute_from_commandline()
