"""Throw-away TLS certificates for tests, made with the openssl command line."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tools import required_tool

VALID_DAYS = "2"


@dataclass(frozen=True)
class Certificates:
    ca: Path
    """The test CA's certificate: the clients' trust anchor."""
    server_keystore: Path
    """The broker's private key and certificate chain in one PEM file (Kafka's PEM keystore)."""
    client_cert: Path
    client_key: Path


def make_certificates(folder: Path, hostnames: tuple[str, ...] = ("localhost",)) -> Certificates:
    """A CA, a server certificate for ``hostnames`` and 127.0.0.1, and a client certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", VALID_DAYS,
        "-subj", "/CN=newsstream test CA", "-keyout", ca_key, "-out", ca,
    )  # fmt: skip
    names = ",".join([*(f"DNS:{name}" for name in hostnames), "IP:127.0.0.1"])
    server_cert, server_key = _signed(folder, "server", f"subjectAltName={names}", ca, ca_key)
    client_cert, client_key = _signed(folder, "client", "extendedKeyUsage=clientAuth", ca, ca_key)
    keystore = folder / "server-keystore.pem"
    keystore.write_text(server_key.read_text() + server_cert.read_text() + ca.read_text())
    return Certificates(ca, keystore, client_cert, client_key)


def _signed(folder: Path, name: str, extension: str, ca: Path, ca_key: Path) -> tuple[Path, Path]:
    cert, key, request = folder / f"{name}.pem", folder / f"{name}.key", folder / f"{name}.csr"
    extensions = folder / f"{name}.ext"
    extensions.write_text(f"basicConstraints=CA:FALSE\n{extension}\n")
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN=newsstream test {name}",
        "-keyout", key, "-out", request,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
        "-days", VALID_DAYS, "-extfile", extensions, "-out", cert,
    )  # fmt: skip
    return cert, key


def _openssl(*args: str | Path) -> None:
    subprocess.run([required_tool("openssl"), *map(str, args)], check=True, capture_output=True)
