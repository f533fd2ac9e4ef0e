"""Shared fixtures: paths, isolated topic sets on the real broker, and a running worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsstream.common.kafka.admin import (
    admin_client,
    ensure_topics,
    topic_configs,
    wait_for_broker,
)
from newsstream.common.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_28347a80e5ea574f.txt"
DEMO_ARTICLES = REPO_ROOT / "demo" / "articles"
NEWSSTREAM = [sys.executable, "-m", "newsstream"]
WORKER_READY_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process exactly these settings."""
    env = dict(os.environ)
    for name, value in settings.model_dump().items():
        env[f"NEWSSTREAM_{name.upper()}"] = str(value)
    return env


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (seed and corpus) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def broker_settings() -> Settings:
    settings = Settings()
    if not wait_for_broker(settings.bootstrap_servers, timeout_s=10):
        pytest.fail(f"no Kafka broker at {settings.bootstrap_servers}: run `make test`")
    return settings


@pytest.fixture
def pipeline_settings(broker_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Fresh topics and consumer group for one test, so tests never see each other's data."""
    run = uuid.uuid4().hex[:8]
    settings = broker_settings.model_copy(
        update={
            "topic_raw": f"test.{run}.raw",
            "topic_enriched": f"test.{run}.enriched",
            "topic_events": f"test.{run}.events",
            "topic_deadletter": f"test.{run}.deadletter",
            "topic_partitions": 2,
            "worker_app_id": f"test-enricher-{run}",
            "worker_web_port": free_port(),
            "worker_datadir": tmp_path / "faust",
            "scraper_metrics_port": free_port(),
            "batch_timeout_s": 0.2,
        }
    )
    ensure_topics(settings)
    yield settings
    with admin_client(settings.bootstrap_servers) as admin:
        admin.delete_topics(list(topic_configs(settings)))


class WorkerProcess:
    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.worker_web_port}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*NEWSSTREAM, "worker"],
                env=settings_env(self.settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO_ROOT,
            )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log_tail()
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"worker not ready in {WORKER_READY_TIMEOUT_S}s\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def worker(pipeline_settings: Settings, tmp_path: Path) -> Iterator[WorkerProcess]:
    process = WorkerProcess(pipeline_settings, tmp_path / "worker.log")
    process.start()
    yield process
    process.stop()
