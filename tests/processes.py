"""Child processes of the pipeline for tests and benchmarks: settings in, readiness awaited."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from newsstream.common.kafka.admin import admin_client, ensure_topics, topic_configs
from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
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
        variable = f"NEWSSTREAM_{name.upper()}"
        if value is None:  # an unset optional setting: "None" would parse as a path
            env.pop(variable, None)
        elif isinstance(value, SecretStr):  # its str() is the "**********" mask
            env[variable] = value.get_secret_value()
        else:
            env[variable] = str(value)
    return env


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    """SIGTERM, then SIGKILL when the process has not exited after ``timeout_s``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_newsstream(
    settings: Settings, args: Sequence[str], log_path: Path
) -> subprocess.Popen[bytes]:
    """`newsstream ARGS` with exactly these settings, its output appended to ``log_path``."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [*NEWSSTREAM, *args],
            env=settings_env(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )


@contextmanager
def newsstream_running(
    settings: Settings, args: Sequence[str], log_path: Path, stop_timeout_s: float = 30
) -> Iterator[subprocess.Popen[bytes]]:
    """`newsstream ARGS` for the duration of the block, then stopped (see stop_process)."""
    process = start_newsstream(settings, args, log_path)
    try:
        yield process
    finally:
        stop_process(process, stop_timeout_s)


class WorkerProcess:
    command = "worker"

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def web_port(self) -> int:
        return self.settings.worker_web_port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start(self) -> None:
        """Start the worker and wait until it is ready."""
        self.launch()
        self.await_ready()

    def launch(self) -> None:
        """Start the worker without waiting for it: several start faster side by side."""
        self.process = start_newsstream(self.settings, [self.command], self.log_path)

    def await_ready(self) -> None:
        """Wait until the launched worker is ready; a worker that never gets ready is stopped
        before the error is raised, so that no test leaves one behind."""
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> WorkerProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

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
        if self.process is not None:
            stop_process(self.process)

    def kill(self) -> None:
        """SIGKILL: no shutdown, nothing flushed or committed, the group not left."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def samples(self, name: str) -> dict[tuple[tuple[str, str], ...], float]:
        """The current values of the worker's metric ``name``, by their sorted labels."""
        text = httpx.get(f"{self.base_url}/metrics", timeout=10).text
        return {
            tuple(sorted(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == name
        }

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class MergerProcess(WorkerProcess):
    """`newsstream merger`, ready once it holds its group assignment."""

    command = "merger"

    @property
    def web_port(self) -> int:
        return self.settings.merger_web_port


def delete_merger_topics(settings: Settings) -> None:
    """The merger's internal topics (repartition, changelogs, Faust's assignor topic), named
    after its application id."""
    with admin_client(settings.bootstrap_servers, client_security(settings)) as admin:
        internal = [name for name in admin.list_topics() if name.startswith(settings.merger_app_id)]
        admin.delete_topics(internal)


@contextmanager
def isolated_topics(base: Settings, prefix: str, **overrides: Any) -> Iterator[Settings]:
    """Settings with a fresh set of topics and consumer group, deleted afterwards."""
    run = uuid.uuid4().hex[:8]
    settings = base.model_copy(
        update={
            "topic_raw": f"{prefix}.{run}.raw",
            "topic_enriched": f"{prefix}.{run}.enriched",
            "topic_events": f"{prefix}.{run}.events",
            "topic_deadletter": f"{prefix}.{run}.deadletter",
            "topic_merged": f"{prefix}.{run}.merged",
            "topic_mentions": f"{prefix}.{run}.mentions",
            "merger_app_id": f"{prefix}-merger-{run}",
            "worker_app_id": f"{prefix}-enricher-{run}",
            **overrides,
        }
    )
    ensure_topics(settings)
    try:
        yield settings
    finally:
        with admin_client(settings.bootstrap_servers, client_security(settings)) as admin:
            admin.delete_topics(list(topic_configs(settings)))
