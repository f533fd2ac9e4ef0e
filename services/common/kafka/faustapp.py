"""What every newsstream Faust worker shares: its options (broker, security, topics, producer
and consumer limits, group timing) and how it runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import faust

from newsstream.common.kafka.admin import ensure_topics
from newsstream.common.kafka.security import faust_credentials
from newsstream.common.settings import Settings


def run_faust_worker(create_app: Callable[[Settings], faust.App], settings: Settings) -> None:
    """Run the app ``create_app`` makes until the worker is stopped."""
    # Faust ignores a source topic that does not exist yet, and would not see it for minutes.
    ensure_topics(settings)
    worker = faust.Worker(create_app(settings), loglevel=settings.log_level.lower())
    worker.execute_from_commandline()


def faust_options(
    settings: Settings,
    *,
    web_port: int,
    datadir: Path,
    stream_buffer_maxsize: int | None = None,
) -> dict[str, Any]:
    """Options of ``faust.App`` for a worker serving its web pages on ``web_port``; Faust's own
    stream buffer size unless ``stream_buffer_maxsize`` is given."""
    buffer = (
        {} if stream_buffer_maxsize is None else {"stream_buffer_maxsize": stream_buffer_maxsize}
    )
    return buffer | {
        "broker": [f"kafka://{server}" for server in settings.bootstrap_server_list],
        "broker_credentials": faust_credentials(settings),
        "datadir": str(datadir),
        "web_port": web_port,
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
        "broker_commit_interval": settings.worker_commit_interval_s,
        "broker_session_timeout": settings.worker_session_timeout_s,
        "broker_heartbeat_interval": settings.worker_heartbeat_interval_s,
    }
