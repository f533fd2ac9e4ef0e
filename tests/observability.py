"""Reading the monitoring-as-code of monitoring/: alert rules, dashboards and their PromQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from processes import REPO_ROOT

MONITORING = REPO_ROOT / "monitoring"
PROMETHEUS_CONFIG = MONITORING / "prometheus.yml"
ALERT_RULES = MONITORING / "alerts.yml"
RULE_TESTS = sorted((MONITORING / "tests").glob("*.yml"))
GRAFANA = MONITORING / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))

_TRAILING_COMPARISON = re.compile(r"\s*(?:==|!=|>=|<=|>|<)\s*(?:bool\s+)?-?[0-9.]+(?:e[+-]?\d+)?$")
_METRIC_NAME = re.compile(r"\b(newsstream_[a-z0-9_]+|up)\b(?!\s*\()")


@dataclass(frozen=True)
class Expression:
    where: str  # the dashboard and panel, or the alert, it comes from
    promql: str


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in load_yaml(ALERT_RULES)["groups"] for rule in group["rules"]]


def alert_signal(expr: str) -> str:
    """The measured part of an alert: ``signal OP number``, or ``absent(signal OP number)``.

    An alert's full expression returns nothing while all is well; its signal must return data.
    """
    expr = " ".join(expr.split())
    if expr.startswith("absent(") and expr.endswith(")"):
        expr = expr[len("absent(") : -1]
    signal, comparisons = _TRAILING_COMPARISON.subn("", expr)
    if comparisons != 1:
        raise ValueError(f"not `signal <comparison> number`: {expr}")
    return signal


def dashboards() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in DASHBOARDS}


def panels(dashboard: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # inside collapsed rows


def variable_query(variable: Mapping[str, Any]) -> str:
    query = variable["query"]
    return query["query"] if isinstance(query, dict) else query


def dashboard_expressions() -> list[Expression]:
    """Every panel query and every query variable of every dashboard, as written."""
    found = []
    for name, dashboard in dashboards().items():
        for panel in panels(dashboard):
            for target in panel.get("targets", []):
                found.append(Expression(f"{name}: {panel['title']}", target["expr"]))
        for variable in dashboard["templating"]["list"]:
            if variable["type"] == "query":
                found.append(Expression(f"{name}: ${variable['name']}", variable_query(variable)))
    return found


def all_values(dashboard: Mapping[str, Any]) -> dict[str, str]:
    """What each template variable stands for when 'All' is selected."""
    return {variable["name"]: variable["allValue"] for variable in dashboard["templating"]["list"]}


def substitute(promql: str, variables: Mapping[str, str], intervals: Mapping[str, str]) -> str:
    """Grafana's $__ intervals and the dashboard's variables replaced as Grafana would."""
    for name, value in sorted({**intervals, **variables}.items(), key=lambda kv: -len(kv[0])):
        promql = promql.replace(f"${name}", value)
    if "$" in promql:
        raise ValueError(f"unknown variable left in {promql}")
    return promql


def referenced_metrics(promql: str) -> set[str]:
    return set(_METRIC_NAME.findall(promql))
