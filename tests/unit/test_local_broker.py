"""The local broker's cluster id, made without a JVM the way Kafka makes its own."""

from __future__ import annotations

import base64
import uuid

import pytest

from newsstream.broker import local

# 0xF8 puts 62 in the first six bits: url-safe base64 then starts with "-".
DASHED = uuid.UUID(bytes=b"\xf8" + bytes(15))
PLAIN = uuid.UUID(bytes=b"\x10" + bytes(15))


def test_a_new_cluster_id_is_22_url_safe_characters() -> None:
    cluster_id = local.new_cluster_id()

    assert len(cluster_id) == 22
    assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_a_new_cluster_id_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = iter([DASHED, DASHED, PLAIN])
    monkeypatch.setattr(local.uuid, "uuid4", lambda: next(drawn))

    cluster_id = local.new_cluster_id()

    assert cluster_id == base64.urlsafe_b64encode(PLAIN.bytes).rstrip(b"=").decode()
    assert base64.urlsafe_b64encode(DASHED.bytes).startswith(b"-")
