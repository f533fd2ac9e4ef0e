"""Shared fixtures: paths, isolated topic sets on the real broker, and a running worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from spacy.language import Language

from newsstream.common.kafka.admin import (
    wait_for_broker,
)
from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings
from newsstream.enricher.nlp import load_pipeline

from processes import (
    REPO_ROOT,
    WorkerProcess,
    free_port,
    isolated_topics,
)
from tools import required_tool

SHARED = REPO_ROOT.parent / "shared"
DEMO_ARTICLES = REPO_ROOT / "demo" / "articles"
# The project's seed page: ../shared's, or without it the committed copy among the demo
# articles (the same bytes: tests/unit/test_sources.py compares them).
_SHARED_SEED = SHARED / "seeds" / "000_28347a80e5ea574f.txt"
SEED_FILE = _SHARED_SEED if _SHARED_SEED.is_file() else DEMO_ARTICLES / _SHARED_SEED.name


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The enricher's spaCy pipeline, loaded once for the whole run (no test changes it)."""
    return load_pipeline(Settings())


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (seed and corpus) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def kcat() -> str:
    """The kcat command: a real Kafka client that is not Python."""
    return required_tool("kcat")


@pytest.fixture(scope="session")
def broker_settings() -> Settings:
    settings = Settings()
    if not wait_for_broker(settings.bootstrap_servers, 10, client_security(settings)):
        pytest.fail(f"no Kafka broker at {settings.bootstrap_servers}: run `make test`")
    return settings


@contextmanager
def fresh_pipeline_settings(broker_settings: Settings, folder: Path) -> Iterator[Settings]:
    """Fresh topics, consumer group, ports and worker state folder, deleted afterwards."""
    with isolated_topics(
        broker_settings,
        "test",
        topic_partitions=2,
        worker_web_port=free_port(),
        worker_datadir=folder / "faust",
        scraper_metrics_port=free_port(),
    ) as settings:
        yield settings


@pytest.fixture
def pipeline_settings(broker_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Fresh topics and consumer group for one test, so tests never see each other's data."""
    with fresh_pipeline_settings(broker_settings, tmp_path) as settings:
        yield settings


@pytest.fixture
def worker(pipeline_settings: Settings, tmp_path: Path) -> Iterator[WorkerProcess]:
    with WorkerProcess(pipeline_settings, tmp_path / "worker.log") as process:
        yield process


@pytest.fixture(scope="module")
def module_worker(
    broker_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """One worker on its own fresh topics for all the tests of a module: for tests that only
    read what it made of the same input (each worker start loads spaCy and the event coder's
    dictionaries, some 15 to 25 s on two cores)."""
    folder = tmp_path_factory.mktemp("module-worker")
    with (
        fresh_pipeline_settings(broker_settings, folder) as settings,
        WorkerProcess(settings, folder / "worker.log") as process,
    ):
        yield process
