"""Kafka security: a second local broker whose only client listener is SASL_SSL.

It runs beside the default broker (its own data dir and ports), with certificates and passwords
made for this module: SCRAM-SHA-512 users are created when its storage is formatted, PLAIN users
come from the listener's JAAS config, and clients also need a certificate of the test CA.
The module's ``broker_settings`` point at it, so the shared ``pipeline_settings`` and ``worker``
fixtures run the pipeline over TLS and SCRAM-SHA-512.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import ssl
import struct
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError
from kafka.errors import KafkaTimeoutError
from pydantic import SecretStr

from newsstream.broker import local
from newsstream.common.kafka.admin import admin_client, bootstrap_addresses, wait_for_broker
from newsstream.common.kafka.producer import create_producer
from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings

from conftest import DEMO_ARTICLES
from processes import WorkerProcess, free_port, newsstream_running
from support import read_topic
from tls_certificates import Certificates, make_certificates

pytestmark = pytest.mark.integration

SCRAM_USER, PLAIN_USER, BROKER_USER = "alice", "bob", "broker"
SEED_ARTICLE = DEMO_ARTICLES / "000_28347a80e5ea574f.txt"
MESSAGES = [(f"key-{i}", {"n": i}) for i in range(3)]
TIMEOUT_S = 30
WRONG_PASSWORD_TIMEOUT_MS = 2000
API_VERSIONS = 18  # Kafka's api key of the ApiVersions request
CORRELATION_ID = 7
# The TLS alert the broker (Java's TLS) sends a client that gave no certificate: bad_certificate
# (42), under OpenSSL's name. A timeout, a refused connection or another alert is not this.
NO_CERTIFICATE_ALERT = "SSLV3_ALERT_BAD_CERTIFICATE"


@dataclass(frozen=True)
class SecuredBroker:
    scram: Settings
    """Client settings of the SCRAM-SHA-512 user."""
    plain: Settings
    """Client settings of the PLAIN user."""
    passwords: tuple[str, ...]
    """Every password the broker knows, its own included."""

    def clients(self, mechanism: str) -> Settings:
        return self.scram if mechanism == "SCRAM-SHA-512" else self.plain


def server_security(certificates: Certificates, users: dict[str, str]) -> local.BrokerSecurity:
    """TLS with client certificates; SCRAM_USER is a SCRAM user, the others PLAIN users.

    BROKER_USER is the broker's own identity on its inter-broker listener (the same one).
    """
    plain_users = " ".join(f'user_{name}="{users[name]}"' for name in (PLAIN_USER, BROKER_USER))
    return local.BrokerSecurity(
        properties={
            "ssl.keystore.type": "PEM",
            "ssl.keystore.location": str(certificates.server_keystore),
            "ssl.truststore.type": "PEM",
            "ssl.truststore.location": str(certificates.ca),
            # A SASL_SSL listener ignores the broker-wide ssl.client.auth (KIP-684).
            "listener.name.sasl_ssl.ssl.client.auth": "required",
            "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-512",
            "sasl.mechanism.inter.broker.protocol": "PLAIN",
            "listener.name.sasl_ssl.plain.sasl.jaas.config": (
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                f'username="{BROKER_USER}" password="{users[BROKER_USER]}" {plain_users};'
            ),
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": (
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"
            ),
        },
        scram_credentials=(f"SCRAM-SHA-512=[name={SCRAM_USER},password={users[SCRAM_USER]}]",),
    )


@pytest.fixture(scope="module")
def secured_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    folder = tmp_path_factory.mktemp("secured-broker")
    certificates = make_certificates(folder / "certs")
    users = {name: secrets.token_urlsafe(18) for name in (SCRAM_USER, PLAIN_USER, BROKER_USER)}
    scram = Settings(
        bootstrap_servers=f"localhost:{free_port()}",
        kafka_controller_port=free_port(),
        kafka_data_dir=folder / "kafka",
        kafka_heap="-Xms128m -Xmx512m",
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username=SCRAM_USER,
        kafka_sasl_password=SecretStr(users[SCRAM_USER]),
        kafka_ssl_cafile=certificates.ca,
        kafka_ssl_certfile=certificates.client_cert,
        kafka_ssl_keyfile=certificates.client_key,
        scraper_state_dir=folder / "scraper",
        log_level="DEBUG",  # the most the services ever log must not show a password
    )
    plain = scram.model_copy(
        update={
            "kafka_sasl_mechanism": "PLAIN",
            "kafka_sasl_username": PLAIN_USER,
            "kafka_sasl_password": SecretStr(users[PLAIN_USER]),
        }
    )
    try:
        local.start(scram, server_security(certificates, users))
        yield SecuredBroker(scram, plain, tuple(users.values()))
    finally:
        local.stop(scram)


@pytest.fixture(scope="module")
def broker_settings(secured_broker: SecuredBroker) -> Settings:
    """Overrides the default broker's settings for this module's pipeline fixtures."""
    return secured_broker.scram


@pytest.fixture
def topic(secured_broker: SecuredBroker) -> Iterator[str]:
    settings = secured_broker.scram
    name = f"test.security.{uuid.uuid4().hex[:8]}"
    with admin_client(settings.bootstrap_servers, client_security(settings)) as admin:
        admin.create_topics(
            {name: {"num_partitions": 1, "replication_factor": 1}}, wait_for_metadata=True
        )
    yield name
    with admin_client(settings.bootstrap_servers, client_security(settings)) as admin:
        admin.delete_topics([name])


def with_password(settings: Settings, password: str) -> Settings:
    return settings.model_copy(update={"kafka_sasl_password": SecretStr(password)})


MECHANISMS = pytest.mark.parametrize("mechanism", ["SCRAM-SHA-512", "PLAIN"])


@MECHANISMS
def test_kafka_python_round_trip(secured_broker: SecuredBroker, topic: str, mechanism: str) -> None:
    settings = secured_broker.clients(mechanism)
    producer = create_producer(settings)
    try:
        for key, value in MESSAGES:
            producer.send(topic, key=key, value=value)
        producer.flush(timeout=TIMEOUT_S)
    finally:
        producer.close()

    assert read_topic(settings, topic, expected=len(MESSAGES), timeout_s=TIMEOUT_S) == MESSAGES


async def aiokafka_round_trip(settings: Settings, topic: str) -> list[tuple[bytes, bytes]]:
    security = client_security(settings)
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, **security)
    await producer.start()
    try:
        for key, value in MESSAGES:
            await producer.send_and_wait(topic, key=key.encode(), value=str(value).encode())
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.bootstrap_servers,
        auto_offset_reset="earliest",
        **security,
    )
    await consumer.start()
    received: list[tuple[bytes, bytes]] = []
    try:
        async with asyncio.timeout(TIMEOUT_S):
            async for record in consumer:
                received.append((record.key, record.value))
                if len(received) == len(MESSAGES):
                    break
    finally:
        await consumer.stop()
    return received


@MECHANISMS
def test_aiokafka_round_trip(secured_broker: SecuredBroker, topic: str, mechanism: str) -> None:
    received = asyncio.run(aiokafka_round_trip(secured_broker.clients(mechanism), topic))

    assert received == [(key.encode(), str(value).encode()) for key, value in MESSAGES]


@MECHANISMS
def test_a_wrong_password_is_refused_with_a_clear_error(
    secured_broker: SecuredBroker, mechanism: str, caplog: pytest.LogCaptureFixture
) -> None:
    wrong_password = secrets.token_urlsafe(18)
    settings = with_password(secured_broker.clients(mechanism), wrong_password)
    caplog.set_level(logging.WARNING)

    with pytest.raises(KafkaTimeoutError):  # kafka-python retries until its bootstrap timeout
        create_producer(settings, bootstrap_timeout_ms=WRONG_PASSWORD_TIMEOUT_MS)
    with pytest.raises(KafkaConnectionError):
        asyncio.run(start_aiokafka_producer(settings))

    # Only aiokafka's log is checked for the reason: kafka-python 3.0.12 drops the broker's
    # answer when the broker's close arrives in the same read, and then logs "socket
    # disconnected" instead.
    aiokafka_errors = [r.getMessage() for r in caplog.records if r.name.startswith("aiokafka")]
    assert any("SaslAuthenticationFailed" in error for error in aiokafka_errors), aiokafka_errors
    assert wrong_password not in caplog.text


async def start_aiokafka_producer(settings: Settings) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers, **client_security(settings)
    )
    try:
        await producer.start()
    finally:
        await producer.stop()


def api_versions_request() -> bytes:
    """Kafka's ApiVersions request v0 (the first request of every client), size-prefixed."""
    client_id = b"newsstream-tls-probe"
    header = struct.pack(">hhih", API_VERSIONS, 0, CORRELATION_ID, len(client_id)) + client_id
    return struct.pack(">i", len(header)) + header


def receive_exactly(connection: ssl.SSLSocket, size: int) -> bytes:
    received = b""
    while len(received) < size:
        chunk = connection.recv(size - len(received))
        if not chunk:
            raise ConnectionError(f"closed after {len(received)} of {size} bytes")
        received += chunk
    return received


def api_versions_over_tls(settings: Settings) -> int:
    """Ask the broker for its API versions over TLS with the settings' CA and client
    certificate (if any): the error code of its answer. The TLS layer's refusal is raised as
    ssl.SSLError; SASL is not needed for this request."""
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    if settings.kafka_ssl_certfile is not None:
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile)
    [(host, port)] = bootstrap_addresses(settings.bootstrap_servers)
    with (
        socket.create_connection((host, port), timeout=TIMEOUT_S) as plain,
        context.wrap_socket(plain, server_hostname=host) as connection,
    ):
        connection.sendall(api_versions_request())
        size = struct.unpack(">i", receive_exactly(connection, 4))[0]
        correlation_id, error_code = struct.unpack(">ih", receive_exactly(connection, size)[:6])
    assert correlation_id == CORRELATION_ID
    return error_code


def test_a_client_without_a_certificate_is_refused(secured_broker: SecuredBroker) -> None:
    settings = secured_broker.scram
    without = settings.model_copy(update={"kafka_ssl_certfile": None, "kafka_ssl_keyfile": None})

    assert api_versions_over_tls(settings) == 0
    with pytest.raises(ssl.SSLError) as refused:
        api_versions_over_tls(without)
    assert refused.value.reason == NO_CERTIFICATE_ALERT, refused.value
    # And the services' own probe, given the time a loaded machine may need for the handshake.
    assert wait_for_broker(settings.bootstrap_servers, TIMEOUT_S, client_security(settings))


def test_kcat_connects_with_the_documented_options(
    kcat: str, secured_broker: SecuredBroker
) -> None:
    # PLAIN: kcat builds on librdkafka < 2.6.1 fail SCRAM against Kafka 4 (see the README).
    settings = secured_broker.plain
    options = {
        "security.protocol": "SASL_SSL",
        "sasl.mechanisms": "PLAIN",
        "sasl.username": settings.kafka_sasl_username,
        "sasl.password": settings.kafka_sasl_password.get_secret_value(),
        "ssl.ca.location": str(settings.kafka_ssl_cafile),
        "ssl.certificate.location": str(settings.kafka_ssl_certfile),
        "ssl.key.location": str(settings.kafka_ssl_keyfile),
    }
    command = [kcat, "-b", settings.bootstrap_servers, "-L", "-m", "10"]
    for name, value in options.items():
        command += ["-X", f"{name}={value}"]

    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)

    assert result.returncode == 0, result.stderr
    assert "1 brokers" in result.stdout


def test_the_pipeline_runs_over_sasl_ssl_and_never_shows_the_password(
    secured_broker: SecuredBroker, worker: WorkerProcess, tmp_path: Path
) -> None:
    settings = worker.settings
    # The scraper authenticates with PLAIN: kafka-python sends that password as it is.
    plain = secured_broker.plain
    scraper_settings = settings.model_copy(
        update={
            "kafka_sasl_mechanism": plain.kafka_sasl_mechanism,
            "kafka_sasl_username": plain.kafka_sasl_username,
            "kafka_sasl_password": plain.kafka_sasl_password,
        }
    )
    scraper_log = tmp_path / "scraper.log"
    scrape = ["scrape", "--follow", str(SEED_ARTICLE)]
    with newsstream_running(scraper_settings, scrape, scraper_log, TIMEOUT_S):
        [(key, record)] = read_topic(settings, settings.topic_enriched, expected=1)
        metrics = {
            "worker": httpx.get(f"{worker.base_url}/metrics", timeout=10).text,
            "scraper": httpx.get(
                f"http://127.0.0.1:{settings.scraper_metrics_port}/metrics", timeout=10
            ).text,
        }

    assert key == record["id"] and record["entities"], worker.log_tail()
    assert "newsstream_enricher_articles_produced_total" in metrics["worker"]
    assert "newsstream_scraper_articles_published_total" in metrics["scraper"]
    texts = {"worker log": worker.log_path.read_text(), "scraper log": scraper_log.read_text()}
    texts |= {f"{name} metrics": text for name, text in metrics.items()}
    for name, text in texts.items():
        for password in secured_broker.passwords:
            assert password not in text, f"a password shows in the {name}"
