"""A real Prometheus scrapes a real worker and scraper while articles flow through the pipeline;
then every PromQL expression of the dashboards and of the alert rules runs against it."""

from __future__ import annotations

import math
import re
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from kafka import KafkaProducer

from newsstream.common.articles import build_raw_article
from newsstream.common.records import encode
from newsstream.common.settings import Settings
from newsstream.fixturesite.server import FixtureSite, serve_in_thread

from conftest import DEMO_ARTICLES
from observability import (
    PROMETHEUS_CONFIG,
    Expression,
    alert_rules,
    alert_signal,
    all_values,
    dashboards,
    panels,
    substitute,
    variable_query,
)
from processes import (
    MergerProcess,
    WorkerProcess,
    delete_merger_topics,
    free_port,
    newsstream_running,
    stop_process,
)
from support import read_topic
from tools import required_tool

pytestmark = pytest.mark.integration

# Grafana's interval variables, wide enough to cover everything this test does.
INTERVALS = {"__rate_interval": "2m", "__interval": "15s", "__range": "10m"}
LABEL_VALUES = re.compile(r"^label_values\((?:(?P<match>.+),\s*)?(?P<label>\w+)\)$")


class PrometheusServer:
    """The Debian `prometheus` binary on a free port, with its own storage."""

    def __init__(self, binary: str, config: Path, data_dir: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.command = [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={data_dir}",
            f"--web.listen-address=127.0.0.1:{self.port}",
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: self._answers("/-/ready"), "Prometheus ready", self.log_tail)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def query(self, promql: str) -> dict[str, Any]:
        response = httpx.get(f"{self.url}/api/v1/query", params={"query": promql}, timeout=10)
        return response.json()

    def label_values(self, label: str, match: str | None) -> list[str]:
        params = {"match[]": match} if match else {}
        response = httpx.get(f"{self.url}/api/v1/label/{label}/values", params=params, timeout=10)
        return response.json()["data"]

    def has_data(self, promql: str) -> bool:
        result = self.query(promql)
        return result["status"] == "success" and bool(result["data"]["result"])

    def log_tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])

    def _answers(self, path: str) -> bool:
        try:
            return httpx.get(f"{self.url}{path}", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def wait_for(
    condition: Callable[[], bool],
    what: str,
    diagnosis: Callable[[], str] = lambda: "",
    timeout_s: float = 60,
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}\n{diagnosis()}")


def local_prometheus_config(targets: Mapping[str, str], path: Path) -> None:
    """The repo's configuration with every job pointed at a local process, scraped every second."""
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text())
    config["global"].update(scrape_interval="1s", evaluation_interval="1s")
    config["rule_files"] = [str(PROMETHEUS_CONFIG.parent / rules) for rules in config["rule_files"]]
    jobs = config["scrape_configs"]
    assert {job["job_name"] for job in jobs} == set(targets), "a job has no local target"
    for job in jobs:
        for discovery in [key for key in job if key.endswith("_configs")]:
            del job[discovery]
        job["static_configs"] = [{"targets": [targets[job["job_name"]]]}]
    path.write_text(yaml.safe_dump(config))


def sources_file(site: str, path: Path) -> Path:
    """The fixture site's feed and sitemap (the same stories: duplicates), and a broken page."""
    path.write_text(
        yaml.safe_dump(
            {
                "defaults": {"interval": 2, "tags": {"language": "en", "outlet": "Fixture News"}},
                "sources": [
                    {"name": "feed", "feed": f"{site}/feeds/news.xml"},
                    {"name": "sitemap", "sitemap": f"{site}/sitemap.xml"},
                    {"name": "broken", "url": f"{site}/misbehaving/error"},
                ],
            }
        )
    )
    return path


def expressions_to_run() -> list[tuple[Expression, str]]:
    """(expression, what must return data): panels and variables as is, alerts by their signal."""
    runs = []
    for name, dashboard in dashboards().items():
        variables = all_values(dashboard)
        for panel in panels(dashboard):
            for target in panel.get("targets", []):
                promql = substitute(target["expr"], variables, INTERVALS)
                runs.append((Expression(f"{name}: {panel['title']}", promql), promql))
        for variable in dashboard["templating"]["list"]:
            query = variable_query(variable)
            runs.append((Expression(f"{name}: ${variable['name']}", query), query))
    for rule in alert_rules():
        runs.append(
            (Expression(f"alert {rule['alert']}", rule["expr"]), alert_signal(rule["expr"]))
        )
    return runs


def problem_with(prometheus: PrometheusServer, expression: Expression, data_query: str) -> str:
    """What is wrong with an expression, or '' when it parses and its data query returns data."""
    if match := LABEL_VALUES.match(data_query):
        values = prometheus.label_values(match["label"], match["match"])
        return "" if values else "no label values"
    result = prometheus.query(expression.promql)
    if result["status"] != "success":
        return f"{result['errorType']}: {result['error']}"
    samples = prometheus.query(data_query)["data"]["result"]
    if not samples:
        return "no data"
    if not any(math.isfinite(float(sample["value"][1])) for sample in samples):
        return "only NaN or infinite values"
    return ""


def drive_dead_letter(settings: Settings) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    producer.send(settings.topic_raw, key=b"poison", value=b"this is not json")
    producer.flush()
    producer.close()


@pytest.fixture
def settings(pipeline_settings: Settings, tmp_path: Path) -> Settings:
    return pipeline_settings.model_copy(
        update={
            "worker_lag_interval_s": 1.0,
            "fetch_allowed_networks": "127.0.0.1/32",
            "fetch_per_host_delay_s": 0.0,
            "fetch_retries": 0,
            "scraper_state_dir": tmp_path / "scraper",
        }
    )


@pytest.fixture
def live_worker(settings: Settings, tmp_path: Path) -> Iterator[WorkerProcess]:
    with WorkerProcess(settings, tmp_path / "worker.log") as worker:
        yield worker


@pytest.fixture
def live_merger(settings: Settings, tmp_path: Path) -> Iterator[MergerProcess]:
    """The merger of the worker's events, for the "Events now" dashboard; its gauges of the
    last hour recomputed every second."""
    merger_settings = settings.model_copy(
        update={
            "merger_web_port": free_port(),
            "merger_datadir": tmp_path / "merger",
            "merger_gauges_interval_s": 1.0,
        }
    )
    with MergerProcess(merger_settings, tmp_path / "merger.log") as merger:
        yield merger
    delete_merger_topics(merger_settings)


@pytest.fixture
def site() -> Iterator[tuple[FixtureSite, str]]:
    site = FixtureSite(DEMO_ARTICLES)
    with serve_in_thread(site) as url:
        yield site, url


@pytest.fixture
def prometheus(
    live_worker: WorkerProcess, live_merger: MergerProcess, tmp_path: Path
) -> Iterator[PrometheusServer]:
    config = tmp_path / "prometheus.yml"
    binary = required_tool("prometheus")
    server = PrometheusServer(binary, config, tmp_path / "tsdb", tmp_path / "prometheus.log")
    settings = live_worker.settings
    local_prometheus_config(
        {
            "enricher": f"127.0.0.1:{settings.worker_web_port}",
            "merger": f"127.0.0.1:{live_merger.web_port}",
            "scraper": f"127.0.0.1:{settings.scraper_metrics_port}",
            "prometheus": f"127.0.0.1:{server.port}",
        },
        config,
    )
    server.start()
    yield server
    server.stop()


def test_every_dashboard_and_alert_expression_returns_data_from_a_live_pipeline(
    live_worker: WorkerProcess,
    prometheus: PrometheusServer,
    site: tuple[FixtureSite, str],
    tmp_path: Path,
) -> None:
    settings = live_worker.settings
    fixture_site, site_url = site
    # The worker's counters must be seen at zero before they move, or rate() misses the move.
    wait_for(lambda: prometheus.has_data('up{job="enricher"} == 1'), "a scrape of the worker")
    scraper_log = tmp_path / "scraper.log"
    sources = sources_file(site_url, tmp_path / "sources.yaml")
    with newsstream_running(
        settings, ["scrape", "--follow", "--sources", str(sources)], scraper_log
    ):
        drive_dead_letter(settings)
        stories = len(fixture_site.published)
        enriched = read_topic(settings, settings.topic_enriched, expected=stories)
        assert len(enriched) == stories, live_worker.log_tail()
        problems: dict[str, str] = {}

        def every_expression_returns_data() -> bool:
            problems.clear()
            for expression, data_query in expressions_to_run():
                if problem := problem_with(prometheus, expression, data_query):
                    problems[f"{expression.where}: {expression.promql}"] = problem
            return not problems

        wait_for(
            every_expression_returns_data,
            "every expression to return data",
            lambda: (
                "\n".join(f"{where}\n  -> {problem}" for where, problem in problems.items())
                + f"\n--- scraper log\n{scraper_log.read_text()[-3000:]}"
            ),
            timeout_s=30,
        )


def test_a_worker_reports_readiness_and_the_lag_of_each_assigned_partition(
    live_worker: WorkerProcess,
) -> None:
    settings = live_worker.settings
    articles = [
        build_raw_article(f"Story {n}: Angela Merkel met Macron.", input_kind="json")
        for n in range(6)
    ]
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    for article in articles:
        producer.send(settings.topic_raw, key=article.id.encode(), value=encode(article))
    producer.flush()
    producer.close()
    assert len(read_topic(settings, settings.topic_enriched, expected=len(articles))) == 6

    caught_up = {
        (("partition", str(partition)), ("topic", settings.topic_raw)): 0.0
        for partition in range(settings.topic_partitions)
    }
    wait_for(
        lambda: live_worker.samples("newsstream_enricher_consumer_lag_messages") == caught_up,
        "the lag of both partitions to be measured at 0 once everything is committed",
        lambda: str(live_worker.samples("newsstream_enricher_consumer_lag_messages")),
        timeout_s=20,
    )
    assert live_worker.samples("newsstream_enricher_ready") == {(): 1.0}
    assert httpx.get(f"{live_worker.base_url}/readyz", timeout=5).json() == {"ready": True}
