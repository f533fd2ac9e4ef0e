"""Kafka administration shared by the CLI, the local broker manager and the tests."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from kafka import KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError, for_code

from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings, split_servers

log = logging.getLogger(__name__)

DEFAULT_KAFKA_PORT = 9092
_TCP_PROBE_TIMEOUT_S = 1.0
_MIN_HANDSHAKE_TIMEOUT_S = 2.0
_ADMIN_TIMEOUT_MS = 15_000


def bootstrap_addresses(bootstrap: str) -> list[tuple[str, int]]:
    """Split ``"host:port,host2:port2"`` (``[v6]:port`` too) into ``(host, port)`` pairs."""
    addresses = []
    for entry in split_servers(bootstrap):
        host, sep, port = entry.rpartition(":")
        if not sep or host.endswith(":"):  # no port, or a bare IPv6 address
            host, port = entry, str(DEFAULT_KAFKA_PORT)
        addresses.append((host.strip("[]"), int(port)))
    if not addresses:
        raise ValueError(f"no Kafka address in bootstrap servers {bootstrap!r}")
    return addresses


def wait_for_broker(
    bootstrap: str, timeout_s: float, security: Mapping[str, Any] | None = None
) -> bool:
    """Poll until a broker at ``bootstrap`` answers a cluster description; False on timeout.

    Always makes at least one attempt, so ``timeout_s=0`` is a quick liveness check.
    ``security`` is ``client_security(settings)`` for a broker that wants TLS or SASL.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if _accepts_tcp(bootstrap) and _describes_cluster(bootstrap, remaining, security or {}):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(0.25, max(deadline - time.monotonic(), 0.0)))


def _accepts_tcp(bootstrap: str) -> bool:
    # A closed port is no broker: checking it first keeps kafka-python from logging a
    # connection error per poll while the broker starts.
    for host, port in bootstrap_addresses(bootstrap):
        try:
            with socket.create_connection((host, port), timeout=_TCP_PROBE_TIMEOUT_S):
                return True
        except OSError:
            continue
    return False


def _describes_cluster(bootstrap: str, timeout_s: float, security: Mapping[str, Any]) -> bool:
    timeout_ms = int(max(timeout_s, _MIN_HANDSHAKE_TIMEOUT_S) * 1000)
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="newsstream-probe",
            bootstrap_timeout_ms=timeout_ms,
            request_timeout_ms=timeout_ms,
            **security,
        )
    except KafkaError:
        return False
    try:
        return bool(admin.describe_cluster()["brokers"])
    except KafkaError:
        return False
    finally:
        admin.close()


@contextmanager
def admin_client(
    bootstrap: str, security: Mapping[str, Any] | None = None
) -> Iterator[KafkaAdminClient]:
    """An admin client, closed on exit; ``security`` as for ``wait_for_broker``."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="newsstream-admin",
        bootstrap_timeout_ms=_ADMIN_TIMEOUT_MS,
        request_timeout_ms=_ADMIN_TIMEOUT_MS,
        **(security or {}),
    )
    try:
        yield admin
    finally:
        admin.close()


def topic_configs(settings: Settings) -> dict[str, dict[str, str]]:
    """The pipeline's topics and the topic-level configs each is created with."""
    common = {
        "max.message.bytes": str(settings.max_message_bytes),
        # Keep the batches as the producers compressed them (gzip by default).
        "compression.type": "producer",
    }
    retention = {"retention.ms": str(settings.topic_retention_ms)}
    return {
        settings.topic_raw: common | retention,
        settings.topic_enriched: common | retention,
        settings.topic_events: common | retention,
        # The merged events are upserted by id: compaction keeps each one's latest state.
        settings.topic_merged: common | {"cleanup.policy": "compact"},
        settings.topic_mentions: common | retention,
        settings.topic_deadletter: common
        | {"retention.ms": str(settings.topic_deadletter_retention_ms)},
    }


def ensure_topics(settings: Settings) -> list[str]:
    """Create the pipeline's missing topics and grow those with too few partitions.

    Existing topics keep their configs. Returns the names of the topics created or grown
    by this call (empty when everything was already in place).
    """
    wanted = topic_configs(settings)
    with admin_client(settings.bootstrap_servers, client_security(settings)) as admin:
        partition_counts = _partition_counts(admin, list(wanted))
        missing = {name: cfg for name, cfg in wanted.items() if name not in partition_counts}
        too_small = sorted(
            name for name, count in partition_counts.items() if count < settings.topic_partitions
        )
        created = _create_topics(admin, missing, settings) if missing else []
        if too_small:
            _grow_partitions(admin, too_small, settings.topic_partitions)
    return sorted(created + too_small)


def _partition_counts(admin: KafkaAdminClient, names: list[str]) -> dict[str, int]:
    """Partition count of each of ``names`` that exists (missing ones answer with an error)."""
    return {
        topic["name"]: len(topic["partitions"])
        for topic in admin.describe_topics(names)
        if topic["error_code"] == 0
    }


def _create_topics(
    admin: KafkaAdminClient, configs_by_name: dict[str, dict[str, str]], settings: Settings
) -> list[str]:
    response = admin.create_topics(
        {
            name: {
                "num_partitions": settings.topic_partitions,
                "replication_factor": settings.topic_replication,
                "configs": configs,
            }
            for name, configs in configs_by_name.items()
        },
        raise_errors=False,
    )
    created = []
    for topic in response["topics"]:
        error = for_code(topic["error_code"])
        if topic["error_code"] == 0:
            created.append(topic["name"])
        # Another process (a second CLI, a worker) may have created it since we looked.
        elif error is not TopicAlreadyExistsError:
            raise error(f"cannot create topic {topic['name']}: {topic['error_message']}")
    admin.wait_for_topics(created, timeout_ms=_ADMIN_TIMEOUT_MS)
    log.info("created topics %s", ", ".join(sorted(created)) or "(none)")
    return created


def _grow_partitions(admin: KafkaAdminClient, names: list[str], count: int) -> None:
    admin.create_partitions({name: count for name in names})
    # The new partitions show in metadata a moment after the controller accepted them.
    deadline = time.monotonic() + _ADMIN_TIMEOUT_MS / 1000
    while min(_partition_counts(admin, names).values()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    admin.wait_for_topics(names, timeout_ms=_ADMIN_TIMEOUT_MS)
    log.info("grew %s to %d partitions", ", ".join(names), count)
