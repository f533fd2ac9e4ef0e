"""From the security settings to the options of kafka-python, aiokafka and Faust."""

from __future__ import annotations

import ssl
from pathlib import Path

import faust
import pytest
from faust.types.auth import AuthProtocol, SASLMechanism
from pydantic import SecretStr

from newsstream.common.kafka.security import (
    KafkaSecurityError,
    client_security,
    faust_credentials,
)
from newsstream.common.settings import Settings

from tls_certificates import make_certificates

PASSWORD = "correct horse battery staple"


def sasl_settings(protocol: str, **changes: object) -> Settings:
    return Settings(
        **{
            "kafka_security_protocol": protocol,
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": "alice",
            "kafka_sasl_password": SecretStr(PASSWORD),
        }
        | changes
    )


def test_plaintext_needs_no_options() -> None:
    settings = Settings(kafka_security_protocol="PLAINTEXT")

    assert client_security(settings) == {"security_protocol": "PLAINTEXT"}
    assert faust_credentials(settings) is None


def test_sasl_ssl_gives_a_verifying_tls_context_and_the_credentials() -> None:
    options = client_security(sasl_settings("SASL_SSL"))

    context = options.pop("ssl_context")
    assert options == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "alice",
        "sasl_plain_password": PASSWORD,
    }
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2


def test_sasl_plaintext_has_no_tls_context() -> None:
    options = client_security(sasl_settings("SASL_PLAINTEXT"))

    assert "ssl_context" not in options
    assert options["security_protocol"] == "SASL_PLAINTEXT"


@pytest.mark.parametrize(
    ("protocol", "faust_protocol"),
    [("SASL_SSL", AuthProtocol.SASL_SSL), ("SASL_PLAINTEXT", AuthProtocol.SASL_PLAINTEXT)],
)
def test_faust_gets_sasl_credentials_with_the_same_protocol(
    protocol: str, faust_protocol: AuthProtocol
) -> None:
    credentials = faust_credentials(sasl_settings(protocol))

    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.protocol is faust_protocol
    assert credentials.mechanism is SASLMechanism.SCRAM_SHA_512
    assert (credentials.username, credentials.password) == ("alice", PASSWORD)
    assert (credentials.ssl_context is not None) == (protocol == "SASL_SSL")


def test_faust_gets_ssl_credentials_for_tls_alone() -> None:
    credentials = faust_credentials(Settings(kafka_security_protocol="SSL"))

    assert isinstance(credentials, faust.SSLCredentials)
    assert credentials.protocol is AuthProtocol.SSL


def test_the_password_shows_in_no_repr() -> None:
    settings = sasl_settings("SASL_SSL")

    assert PASSWORD not in repr(settings)
    assert PASSWORD not in str(settings.model_dump())
    assert PASSWORD not in repr(faust_credentials(settings))


def test_hostname_checking_can_be_turned_off() -> None:
    settings = sasl_settings("SASL_SSL", kafka_ssl_check_hostname=False)

    context = client_security(settings)["ssl_context"]

    assert not context.check_hostname
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_a_client_certificate_is_loaded_with_its_key(tmp_path: Path) -> None:
    certificates = make_certificates(tmp_path)
    settings = Settings(
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=certificates.ca,
        kafka_ssl_certfile=certificates.client_cert,
        kafka_ssl_keyfile=certificates.ca,  # a certificate, not the key
    )

    with pytest.raises(ssl.SSLError):
        client_security(settings)
    right_key = settings.model_copy(update={"kafka_ssl_keyfile": certificates.client_key})
    assert client_security(right_key)["ssl_context"].verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize("missing", ["kafka_sasl_username", "kafka_sasl_password"])
def test_sasl_without_a_user_name_or_password_is_refused(missing: str) -> None:
    empty = SecretStr("") if missing == "kafka_sasl_password" else ""
    settings = sasl_settings("SASL_SSL", **{missing: empty})

    with pytest.raises(KafkaSecurityError, match="NEWSSTREAM_KAFKA_SASL_PASSWORD"):
        client_security(settings)
    with pytest.raises(KafkaSecurityError):
        faust_credentials(settings)


def test_a_key_without_a_certificate_is_refused(tmp_path: Path) -> None:
    settings = Settings(kafka_security_protocol="SSL", kafka_ssl_keyfile=tmp_path / "client.key")

    with pytest.raises(KafkaSecurityError, match="NEWSSTREAM_KAFKA_SSL_CERTFILE"):
        client_security(settings)
