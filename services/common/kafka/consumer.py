"""A kafka-python consumer of JSON messages, for subscribers and tests."""

from __future__ import annotations

import uuid
from typing import Any

from kafka import KafkaConsumer

from newsstream.common.settings import Settings


def create_consumer(
    settings: Settings,
    *topics: str,
    group_id: str | None = None,
    from_beginning: bool = False,
    **overrides: Any,
) -> KafkaConsumer:
    """A consumer of raw bytes; without ``group_id`` a throw-away group that commits nothing."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers.split(","),
        "client_id": "newsstream-consumer",
        "group_id": group_id or f"newsstream-tail-{uuid.uuid4().hex[:8]}",
        "enable_auto_commit": group_id is not None,
        "auto_offset_reset": "earliest" if from_beginning else "latest",
        "fetch_max_bytes": settings.max_message_bytes,
        "max_partition_fetch_bytes": settings.max_message_bytes,
    }
    config.update(overrides)
    return KafkaConsumer(*topics, **config)
