"""A kafka-python consumer of JSON messages, for subscribers and tests."""

from __future__ import annotations

from typing import Any

from kafka import KafkaConsumer

from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings


def create_consumer(
    settings: Settings,
    *topics: str,
    group_id: str | None = None,
    from_beginning: bool = False,
    **overrides: Any,
) -> KafkaConsumer:
    """A consumer of raw bytes; without ``group_id`` it reads all partitions and commits nothing."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_server_list,
        "client_id": "newsstream-consumer",
        "group_id": group_id,
        "enable_auto_commit": group_id is not None,
        "auto_offset_reset": "earliest" if from_beginning else "latest",
        "fetch_max_bytes": settings.max_message_bytes,
        "max_partition_fetch_bytes": settings.max_message_bytes,
        **client_security(settings),
    }
    config.update(overrides)
    return KafkaConsumer(*topics, **config)
