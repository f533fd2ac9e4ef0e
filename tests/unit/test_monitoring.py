"""Monitoring as code: Prometheus config, alert rules and their unit tests (promtool), the Grafana
provisioning and dashboards, and the list of metrics in docs/operations.md."""

from __future__ import annotations

import re
import subprocess
from types import ModuleType

import pytest
from faust.sensors.prometheus import FaustMetrics
from prometheus_client import CollectorRegistry, Metric
from prometheus_client.metrics import MetricWrapperBase

from newsstream.enricher import metrics as enricher_metrics
from newsstream.ingestion import metrics as ingestion_metrics
from newsstream.merger import metrics as merger_metrics
from newsstream.scraper import metrics as scraper_metrics

from observability import (
    ALERT_RULES,
    GRAFANA,
    PROMETHEUS_CONFIG,
    RULE_TESTS,
    alert_rules,
    alert_signal,
    dashboard_expressions,
    dashboards,
    load_yaml,
    panels,
    referenced_metrics,
)
from processes import REPO_ROOT
from tools import required_tool

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    command = [required_tool("promtool"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)


def test_prometheus_config_is_valid() -> None:
    result = promtool("check", "config", str(PROMETHEUS_CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_are_valid() -> None:
    result = promtool("check", "rules", str(ALERT_RULES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_pass_their_unit_tests() -> None:
    assert RULE_TESTS
    result = promtool("test", "rules", *map(str, RULE_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_shown_firing_by_a_rule_test() -> None:
    firing = {
        case["alertname"]
        for path in RULE_TESTS
        for test in load_yaml(path)["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert {rule["alert"] for rule in alert_rules()} <= firing


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda rule: rule["alert"])
def test_every_alert_is_documented_and_has_a_signal(rule: dict[str, object]) -> None:
    assert rule["labels"]["severity"] in {"warning", "critical"}
    assert rule["annotations"]["summary"] and rule["annotations"]["description"]
    assert alert_signal(rule["expr"])


def test_alert_signals_are_what_precedes_the_threshold() -> None:
    assert alert_signal("sum(rate(x[5m])) > 0") == "sum(rate(x[5m]))"
    assert alert_signal('absent(up{job="a"} == 1)') == 'up{job="a"}'
    assert alert_signal("histogram_quantile(0.95,\n  sum by (le) (y)\n) > 30") == (
        "histogram_quantile(0.95, sum by (le) (y) )"
    )
    with pytest.raises(ValueError):
        alert_signal("absent(up)")


def test_dashboards_are_provisioned_from_their_folder_with_the_provisioned_datasource() -> None:
    [datasource] = load_yaml(GRAFANA / "provisioning/datasources/prometheus.yml")["datasources"]
    [provider] = load_yaml(GRAFANA / "provisioning/dashboards/newsstream.yml")["providers"]
    assert provider["options"]["path"] == "/etc/grafana/dashboards"
    boards = dashboards()
    assert {"ingestion", "processing", "content", "events-now"} <= set(boards)
    assert len({board["uid"] for board in boards.values()}) == len(boards)
    for name, board in boards.items():
        for panel in panels(board):
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] == datasource["uid"], (name, panel["title"])
                assert panel["targets"], (name, panel["title"])


def test_every_template_variable_has_an_all_value() -> None:
    for name, board in dashboards().items():
        for variable in board["templating"]["list"]:
            assert variable.get("includeAll") and variable.get("allValue"), (name, variable)


def registry_of(module: ModuleType) -> CollectorRegistry:
    registry = CollectorRegistry()
    for value in vars(module).values():
        if isinstance(value, MetricWrapperBase):
            registry.register(value)
    return registry


def sample_names(family: Metric) -> set[str]:
    """The names a metric family's samples have on /metrics."""
    if family.type == "counter":
        return {f"{family.name}_total"}
    if family.type == "histogram":
        return {family.name + suffix for suffix in HISTOGRAM_SUFFIXES}
    return {family.name}


def exported_names(registry: CollectorRegistry) -> set[str]:
    return {name for family in registry.collect() for name in sample_names(family)}


def faust_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    FaustMetrics.create(registry, "newsstream_faust")
    return registry


def test_every_metric_of_the_dashboards_and_alerts_is_exported() -> None:
    exported = {"up"}
    for registry in (
        registry_of(enricher_metrics),
        registry_of(scraper_metrics),
        registry_of(ingestion_metrics),
        registry_of(merger_metrics),
        faust_registry(),
    ):
        exported |= exported_names(registry)
    promql = [e.promql for e in dashboard_expressions()] + [r["expr"] for r in alert_rules()]
    unknown = {name for expr in promql for name in referenced_metrics(expr)} - exported
    assert not unknown, f"no service exports {sorted(unknown)}"


def documented_metrics() -> set[str]:
    page = (REPO_ROOT / "docs" / "operations.md").read_text()
    return set(re.findall(r"^\| `((?:newsstream|up)[a-z0-9_]*)` \|", page, flags=re.M))


@pytest.mark.parametrize(
    "module",
    [enricher_metrics, scraper_metrics, ingestion_metrics, merger_metrics],
    ids=lambda m: m.__name__,
)
def test_every_metric_is_listed_in_the_docs(module: ModuleType) -> None:
    families = list(registry_of(module).collect())
    assert families
    names = {family.name + ("_total" if family.type == "counter" else "") for family in families}
    missing = names - documented_metrics()
    assert not missing, f"docs/operations.md does not list {sorted(missing)}"


def test_the_faust_metrics_the_dashboards_use_are_listed_in_the_docs() -> None:
    used = {
        re.sub(r"_(bucket|sum|count)$", "", name)
        for expr in dashboard_expressions()
        for name in referenced_metrics(expr.promql)
        if name.startswith("newsstream_faust_")
    }
    assert used and used <= documented_metrics()
