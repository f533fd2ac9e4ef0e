"""How the services authenticate to Kafka and encrypt the connection, from the settings.

The same TLS and SASL options serve every client: kafka-python (the scraper, the CLI, the
tests), aiokafka and Faust (the enricher). The password is read from its SecretStr only here,
where a client is configured, so it never reaches a log line or a repr.
"""

from __future__ import annotations

import ssl
from typing import Any

import faust
from faust.types.auth import CredentialsT

from newsstream.common.settings import Settings


class KafkaSecurityError(ValueError):
    """The security settings are incomplete; the message names the missing ones."""


def uses_tls(settings: Settings) -> bool:
    return settings.kafka_security_protocol in ("SSL", "SASL_SSL")


def uses_sasl(settings: Settings) -> bool:
    return settings.kafka_security_protocol in ("SASL_PLAINTEXT", "SASL_SSL")


def client_security(settings: Settings) -> dict[str, Any]:
    """Keyword arguments securing a kafka-python or aiokafka client (both take the same)."""
    options: dict[str, Any] = {"security_protocol": settings.kafka_security_protocol}
    if uses_tls(settings):
        options["ssl_context"] = ssl_context(settings)
    if uses_sasl(settings):
        username, password = sasl_credentials(settings)
        options |= {
            "sasl_mechanism": settings.kafka_sasl_mechanism,
            "sasl_plain_username": username,
            "sasl_plain_password": password,
        }
    return options


def faust_credentials(settings: Settings) -> CredentialsT | None:
    """Faust's ``broker_credentials``: None for PLAINTEXT."""
    context = ssl_context(settings) if uses_tls(settings) else None
    if uses_sasl(settings):
        username, password = sasl_credentials(settings)
        # With a TLS context Faust (and so aiokafka) speaks SASL_SSL, without one SASL_PLAINTEXT.
        return faust.SASLCredentials(
            username=username,
            password=password,
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """A client TLS context: the configured CA (else the system's), optional client cert."""
    if settings.kafka_ssl_keyfile is not None and settings.kafka_ssl_certfile is None:
        raise KafkaSecurityError("NEWSSTREAM_KAFKA_SSL_KEYFILE needs NEWSSTREAM_KAFKA_SSL_CERTFILE")
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = settings.kafka_ssl_check_hostname
    if settings.kafka_ssl_certfile is not None:
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile)
    return context


def sasl_credentials(settings: Settings) -> tuple[str, str]:
    password = settings.kafka_sasl_password.get_secret_value()
    if not (settings.kafka_sasl_username and password):
        raise KafkaSecurityError(
            f"security protocol {settings.kafka_security_protocol} needs "
            "NEWSSTREAM_KAFKA_SASL_USERNAME and NEWSSTREAM_KAFKA_SASL_PASSWORD"
        )
    return settings.kafka_sasl_username, password
