"""The local Kafka 4 broker: status, topic set-up, and both Python clients against it.

Kafka 4 removed the old protocol versions, so a round trip with kafka-python (the CLI and
the scraper) and one with aiokafka (under Faust) prove that both still talk to it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType

from newsstream.broker import local
from newsstream.common.kafka.admin import admin_client, ensure_topics, topic_configs
from newsstream.common.settings import Settings

from processes import free_port

pytestmark = pytest.mark.integration

CONSUME_TIMEOUT_S = 20
MESSAGES = [(f"key-{i}".encode(), f"value-{i}".encode()) for i in range(5)]
# Over the 1 MiB broker default: proves message.max.bytes reached the broker and the topic.
LARGE_MESSAGE = (b"large", b"x" * (2 * 1024 * 1024))


def unique_name(prefix: str) -> str:
    return f"test.broker.{prefix}.{uuid.uuid4().hex[:8]}"


@pytest.fixture
def round_trip_topic(broker_settings: Settings) -> Iterator[str]:
    """A fresh one-partition topic (so order is total), deleted afterwards."""
    name = unique_name("roundtrip")
    with admin_client(broker_settings.bootstrap_servers) as admin:
        admin.create_topics(
            {
                name: {
                    "num_partitions": 1,
                    "replication_factor": 1,
                    "configs": {"max.message.bytes": str(broker_settings.max_message_bytes)},
                }
            },
            wait_for_metadata=True,
        )
    yield name
    with admin_client(broker_settings.bootstrap_servers) as admin:
        admin.delete_topics([name])


@pytest.fixture
def isolated_topic_settings(broker_settings: Settings) -> Iterator[Settings]:
    """Settings naming pipeline topics that do not exist yet; they are deleted afterwards."""
    settings = broker_settings.model_copy(
        update={
            "topic_raw": unique_name("raw"),
            "topic_enriched": unique_name("enriched"),
            "topic_events": unique_name("events"),
            "topic_deadletter": unique_name("deadletter"),
            "topic_merged": unique_name("merged"),
            "topic_mentions": unique_name("mentions"),
            "topic_partitions": 2,
        }
    )
    yield settings
    with admin_client(settings.bootstrap_servers) as admin:
        existing = set(admin.list_topics())
        admin.delete_topics(sorted(set(topic_configs(settings)) & existing))


def partition_counts(settings: Settings, names: list[str]) -> dict[str, int]:
    with admin_client(settings.bootstrap_servers) as admin:
        return {t["name"]: len(t["partitions"]) for t in admin.describe_topics(names)}


def topic_config(settings: Settings, topic: str, key: str) -> str:
    with admin_client(settings.bootstrap_servers) as admin:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    return described["topic"][topic][key]["value"]


def test_status_reports_the_running_broker(broker_settings: Settings) -> None:
    status = local.status(broker_settings)

    assert status.running
    assert status.bootstrap == broker_settings.bootstrap_servers
    assert status.version == broker_settings.kafka_version
    assert status.managed_by_us == (status.pid is not None)


def test_ensure_topics_creates_the_pipeline_topics_once(isolated_topic_settings: Settings) -> None:
    settings = isolated_topic_settings
    names = sorted(topic_configs(settings))

    assert ensure_topics(settings) == names
    assert ensure_topics(settings) == []
    assert partition_counts(settings, names) == dict.fromkeys(names, settings.topic_partitions)
    assert topic_config(settings, settings.topic_raw, "retention.ms") == str(
        settings.topic_retention_ms
    )
    assert topic_config(settings, settings.topic_deadletter, "retention.ms") == str(
        settings.topic_deadletter_retention_ms
    )
    assert topic_config(settings, settings.topic_events, "max.message.bytes") == str(
        settings.max_message_bytes
    )
    assert topic_config(settings, settings.topic_merged, "cleanup.policy") == "compact"


def test_ensure_topics_grows_topics_with_too_few_partitions(
    isolated_topic_settings: Settings,
) -> None:
    ensure_topics(isolated_topic_settings)
    more = isolated_topic_settings.model_copy(update={"topic_partitions": 3})
    names = sorted(topic_configs(more))

    assert ensure_topics(more) == names
    assert partition_counts(more, names) == dict.fromkeys(names, 3)
    assert ensure_topics(more) == []


def test_ensure_topics_sets_up_the_pipeline_topics(broker_settings: Settings) -> None:
    ensure_topics(broker_settings)

    assert ensure_topics(broker_settings) == []
    names = list(topic_configs(broker_settings))
    counts = partition_counts(broker_settings, names)
    assert sorted(counts) == sorted(names)
    assert all(count >= broker_settings.topic_partitions for count in counts.values())


def test_kafka_python_round_trip(broker_settings: Settings, round_trip_topic: str) -> None:
    producer = KafkaProducer(
        bootstrap_servers=broker_settings.bootstrap_servers,
        compression_type="gzip",
        max_request_size=broker_settings.max_message_bytes,
        acks="all",
    )
    try:
        for key, value in [*MESSAGES, LARGE_MESSAGE]:
            producer.send(round_trip_topic, key=key, value=value)
        producer.flush(timeout=CONSUME_TIMEOUT_S)
    finally:
        producer.close()

    consumer = KafkaConsumer(
        round_trip_topic,
        bootstrap_servers=broker_settings.bootstrap_servers,
        group_id=unique_name("group"),
        auto_offset_reset="earliest",
        consumer_timeout_ms=CONSUME_TIMEOUT_S * 1000,
    )
    try:
        received = []
        for record in consumer:
            received.append((record.key, record.value))
            if len(received) == len(MESSAGES) + 1:
                break
    finally:
        consumer.close()

    assert received == [*MESSAGES, LARGE_MESSAGE]


async def aiokafka_round_trip(bootstrap: str, topic: str) -> list[tuple[bytes, bytes]]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, compression_type="gzip", acks="all")
    await producer.start()
    try:
        for key, value in MESSAGES:
            await producer.send_and_wait(topic, key=key, value=value)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=unique_name("group"),
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        received: list[tuple[bytes, bytes]] = []
        async with asyncio.timeout(CONSUME_TIMEOUT_S):
            async for record in consumer:
                received.append((record.key, record.value))
                if len(received) == len(MESSAGES):
                    break
        await consumer.commit()
    finally:
        await consumer.stop()
    return received


def test_aiokafka_round_trip(broker_settings: Settings, round_trip_topic: str) -> None:
    received = asyncio.run(aiokafka_round_trip(broker_settings.bootstrap_servers, round_trip_topic))

    assert received == MESSAGES


def test_storage_formats_with_a_kept_cluster_id_starting_with_a_dash(tmp_path: Path) -> None:
    settings = Settings(
        bootstrap_servers=f"localhost:{free_port()}",
        kafka_controller_port=free_port(),
        kafka_data_dir=tmp_path / "kafka",
    )
    dashed_id = "-" + local.new_cluster_id()[1:]
    paths = local.broker_paths(settings)
    paths.cluster_id.parent.mkdir(parents=True)
    paths.cluster_id.write_text(dashed_id + "\n")

    local.format_storage(settings)

    meta = (paths.log_dirs / "meta.properties").read_text()
    assert f"cluster.id={dashed_id}\n" in meta
