"""The broker stopped for 20 s in the middle of a run, then started again.

The broker is a second local one, on its own ports and data folder, started for this module
(the shared broker of the other tests is never stopped). A scraper follows the fixture site's
feed while a worker enriches a burst of articles; the broker stops while both are busy. Neither
process is restarted: each must reconnect by itself, and nothing may be lost or published twice.
Both say so on their endpoints: /readyz 503 while the broker is down and 200 once it is back,
/healthz 200 all along.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from newsstream.broker import local
from newsstream.common.settings import Settings
from newsstream.fixturesite.server import FixtureSite, serve_in_thread

from conftest import DEMO_ARTICLES
from processes import WorkerProcess, free_port, newsstream_running
from support import (
    TopicCollector,
    assert_once_or_identical_copies,
    news_articles,
    produce_articles,
)

pytestmark = pytest.mark.integration

OUTAGE_S = 20
BURST = 160
STORIES_PER_PHASE = 2  # the demo site has 6 stories: before, during and after the outage
RECOVERY_TIMEOUT_S = 150
READINESS_TIMEOUT_S = 90
PROBE_TIMEOUT_S = 10  # one answer of /healthz or /readyz, from a busy process


@pytest.fixture(scope="module")
def outage_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    folder = tmp_path_factory.mktemp("outage-broker")
    settings = Settings(
        bootstrap_servers=f"localhost:{free_port()}",
        kafka_controller_port=free_port(),
        kafka_data_dir=folder / "kafka",
        kafka_heap="-Xms128m -Xmx512m",
    )
    try:
        local.start(settings)
        yield settings
    finally:
        local.stop(settings)


@pytest.fixture(scope="module")
def broker_settings(outage_broker: Settings) -> Settings:
    """Overrides the shared broker's settings for this module's pipeline fixtures."""
    return outage_broker


def outage_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={
            "fetch_allowed_networks": "127.0.0.1/32",
            "fetch_per_host_delay_s": 0.0,
            "scraper_state_dir": tmp_path / "state",
            "publish_timeout_s": 3.0,
            "spool_retry_interval_s": 2.0,
            # the worker checks the broker every second and gives up on an answer after 3 s
            "worker_lag_interval_s": 1.0,
            "worker_kafka_probe_timeout_s": 3.0,
        }
    )


@contextmanager
def broker_stopped(settings: Settings) -> Iterator[None]:
    """The broker stopped for the block, and started again after it (also when it failed)."""
    local.stop(settings)
    try:
        yield
    finally:
        local.start(settings)


def status(url: str) -> int | None:
    """The HTTP status of a GET of ``url``; None when nothing answered."""
    try:
        return httpx.get(url, timeout=PROBE_TIMEOUT_S).status_code
    except httpx.HTTPError:
        return None


def readiness(services: Mapping[str, str]) -> dict[str, int | None]:
    """What each service's /readyz answers, once its /healthz answered 200 (it is alive)."""
    health = {name: status(f"{base}/healthz") for name, base in services.items()}
    assert health == dict.fromkeys(services, 200), f"/healthz answered {health}"
    return {name: status(f"{base}/readyz") for name, base in services.items()}


def wait_for_readiness(
    services: Mapping[str, str], expected: int, explain: Callable[[], str]
) -> None:
    """Until every service's /readyz answers ``expected``; /healthz answers 200 all along."""
    deadline = time.monotonic() + READINESS_TIMEOUT_S
    while (answers := readiness(services)) != dict.fromkeys(services, expected):
        assert time.monotonic() < deadline, f"/readyz answered {answers}\n{explain()}"
        time.sleep(0.5)


def hold_readiness(
    services: Mapping[str, str], expected: int, until: float, explain: Callable[[], str]
) -> None:
    """Until the monotonic clock reaches ``until``, every /readyz keeps answering ``expected``
    and every /healthz 200."""
    while time.monotonic() < until:
        answers = readiness(services)
        assert answers == dict.fromkeys(services, expected), f"/readyz: {answers}\n{explain()}"
        time.sleep(0.5)


def feed_sources(base_url: str, path: Path) -> Path:
    path.write_text(f"sources:\n  - {{feed: {base_url}/feeds/news.xml, interval: 1}}\n")
    return path


def test_the_scraper_and_the_worker_reconnect_after_a_broker_outage_and_lose_nothing(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = outage_settings(pipeline_settings, tmp_path)
    site = FixtureSite(DEMO_ARTICLES, release=STORIES_PER_PHASE)
    burst = news_articles(BURST, settings.worker_app_id)
    worker = WorkerProcess(settings, tmp_path / "worker.log")
    scraper_log = tmp_path / "scraper.log"

    services = {
        "worker": worker.base_url,
        "scraper": f"http://127.0.0.1:{settings.scraper_metrics_port}",
    }

    def logs() -> str:
        return f"{worker.log_tail()}\n--- scraper ---\n{scraper_log.read_text()[-3000:]}"

    with (
        serve_in_thread(site) as base_url,
        TopicCollector(settings, settings.topic_raw) as raw,
        TopicCollector(settings, settings.topic_enriched) as enriched,
        worker,
        newsstream_running(
            settings,
            ["scrape", "--follow", "--sources", str(feed_sources(base_url, tmp_path / "s.yaml"))],
            scraper_log,
            stop_timeout_s=60,
        ) as scraper,
    ):
        raw.wait_until(lambda records: len(records) >= STORIES_PER_PHASE, 60, logs)
        produce_articles(settings, burst)
        enriched.wait_until(lambda records: len(records) >= STORIES_PER_PHASE + 32, 60, logs)

        wait_for_readiness(services, 200, logs)

        with broker_stopped(settings):
            stopped_at = time.monotonic()
            site.release(STORIES_PER_PHASE)  # published while the broker is down
            wait_for_readiness(services, 503, logs)
            hold_readiness(services, 503, stopped_at + OUTAGE_S, logs)
        site.release(STORIES_PER_PHASE)
        wait_for_readiness(services, 200, logs)

        stories = {f"{base_url}/articles/{story.slug}" for story in site.stories}
        published = raw.wait_until(
            lambda records: {a["url"] for _, a in records} >= stories, RECOVERY_TIMEOUT_S, logs
        )
        expected = {key for key, _ in published}
        enriched.wait_for_keys(expected, RECOVERY_TIMEOUT_S, logs)
        assert scraper.poll() is None and worker.process.poll() is None, logs()
        assert readiness(services) == dict.fromkeys(services, 200), logs()

    story_keys = Counter(key for key, article in published if article["url"] in stories)
    assert sorted(story_keys.values()) == [1] * len(stories), "a story was published twice"
    assert len(published) == len(stories) + BURST
    assert_once_or_identical_copies(expected, enriched.records)
