"""Subscribers see the enriched records: with kcat (a real non-Python client) and `tail`."""

from __future__ import annotations

import subprocess

import orjson
import pytest

from conftest import DEMO_ARTICLES
from processes import NEWSSTREAM, REPO_ROOT, WorkerProcess, settings_env
from support import read_topic

pytestmark = pytest.mark.integration

SEED = DEMO_ARTICLES / "000_28347a80e5ea574f.txt"


@pytest.fixture(scope="module")
def worker(module_worker: WorkerProcess) -> WorkerProcess:
    """One worker for the module: both tests only read what it made of the seed."""
    return module_worker


@pytest.fixture(scope="module")
def enriched_seed(worker: WorkerProcess) -> dict:
    """The seed scraped once; its enriched record, the only record of the enriched topic."""
    settings = worker.settings
    subprocess.run(
        [*NEWSSTREAM, "scrape", str(SEED)], env=settings_env(settings), cwd=REPO_ROOT, check=True
    )
    [(_, record)] = read_topic(settings, settings.topic_enriched, expected=1)
    return record


def test_kcat_reads_the_enriched_topic(
    kcat: str, worker: WorkerProcess, enriched_seed: dict
) -> None:
    settings = worker.settings
    result = subprocess.run(
        [
            kcat,
            "-b",
            settings.bootstrap_servers,
            "-C",
            "-t",
            settings.topic_enriched,
            "-o",
            "beginning",
            "-e",
            "-q",
            "-f",
            "%k\t%s\n",
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    key, value = result.stdout.rstrip(b"\n").split(b"\t", 1)
    assert key.decode() == enriched_seed["id"]
    assert orjson.loads(value) == enriched_seed


def test_tail_prints_articles_readably_and_as_json(
    worker: WorkerProcess, enriched_seed: dict
) -> None:
    env = settings_env(worker.settings)
    common = ["tail", "--from-beginning", "--max", "1", "--idle-timeout", "30"]
    readable = subprocess.run(
        [*NEWSSTREAM, *common], env=env, capture_output=True, text=True, check=True, timeout=90
    )
    assert readable.stdout.startswith(f"■ {enriched_seed['title']}")
    assert "Vladimir Putin (PERSON" in readable.stdout
    as_json = subprocess.run(
        [*NEWSSTREAM, *common, "--json"], env=env, capture_output=True, check=True, timeout=90
    )
    assert orjson.loads(as_json.stdout) == enriched_seed
    events = subprocess.run(
        [*NEWSSTREAM, "tail", "--topic", "events", "--from-beginning", "--idle-timeout", "5"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=90,
    )
    assert events.stdout.count("CAMEO ") == len(enriched_seed["events"])
