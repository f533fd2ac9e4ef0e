"""docker-compose.yml checked statically (no Docker engine here): it must be complete and true."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from newsstream.common.settings import Settings

from conftest import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
BUILT = {name: spec for name, spec in SERVICES.items() if "build" in spec}


def settings_env_names() -> set[str]:
    return {f"NEWSSTREAM_{name.upper()}" for name in Settings.model_fields}


def test_the_stack_has_kafka_topics_enricher_and_scraper() -> None:
    assert {"kafka", "topics-init", "enricher", "scraper"} <= set(SERVICES)
    assert SERVICES["kafka"]["image"].startswith("apache/kafka:4.")


@pytest.mark.parametrize("name", sorted(BUILT))
def test_build_context_and_dockerfile_exist(name: str) -> None:
    build = BUILT[name]["build"]
    context = REPO_ROOT / build["context"]
    dockerfile = context / build["dockerfile"]
    assert dockerfile.is_file()
    for source in re.findall(r"^COPY\s+(.+?)\s+\S+$", dockerfile.read_text(), flags=re.M):
        for path in source.split():
            assert (context / path).exists(), f"{dockerfile}: COPY {path} does not exist"


@pytest.mark.parametrize("name", sorted(BUILT))
def test_images_run_as_non_root(name: str) -> None:
    dockerfile = REPO_ROOT / BUILT[name]["build"]["context"] / BUILT[name]["build"]["dockerfile"]
    users = re.findall(r"^USER\s+(\S+)", dockerfile.read_text(), flags=re.M)
    assert users and users[-1] not in {"root", "0"}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_environment_names_are_settings(name: str) -> None:
    environment = BUILT[name].get("environment", {})
    unknown = {key for key in environment if key.startswith("NEWSSTREAM_")} - settings_env_names()
    assert not unknown, f"{name}: {unknown} are not fields of the settings module"


def test_services_reach_kafka_by_its_compose_name() -> None:
    for name, spec in BUILT.items():
        bootstrap = spec["environment"]["NEWSSTREAM_BOOTSTRAP_SERVERS"]
        host = bootstrap.split(":")[0]
        assert host in SERVICES, f"{name} points at {bootstrap}, not a compose service"


def test_start_order_waits_for_health_and_topics() -> None:
    assert SERVICES["topics-init"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("enricher", "scraper"):
        condition = SERVICES[name]["depends_on"]["topics-init"]["condition"]
        assert condition == "service_completed_successfully"
    assert "healthcheck" in SERVICES["kafka"]


def test_the_enricher_can_be_scaled() -> None:
    enricher = SERVICES["enricher"]
    assert "ports" not in enricher and "container_name" not in enricher
    partitions = int(enricher["environment"]["NEWSSTREAM_TOPIC_PARTITIONS"])
    assert partitions >= 2


def test_named_volumes_are_declared() -> None:
    declared = set(COMPOSE.get("volumes", {}))
    for spec in SERVICES.values():
        for volume in spec.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared
