"""docker-compose.yml checked statically (no Docker engine here): it must be complete and true."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from newsstream.common.settings import Settings

from observability import GRAFANA, PROMETHEUS_CONFIG, load_yaml
from processes import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
BUILT = {name: spec for name, spec in SERVICES.items() if "build" in spec}
LONG_RUNNING = {name for name, spec in SERVICES.items() if spec.get("restart") != "no"}
# The setting that gives each newsstream service the port of its /metrics.
METRICS_PORT_SETTINGS = {
    "enricher": "worker_web_port",
    "merger": "merger_web_port",
    "scraper": "scraper_metrics_port",
}
PROMETHEUS_PORT = 9090


def settings_env_names() -> set[str]:
    return {f"NEWSSTREAM_{name.upper()}" for name in Settings.model_fields}


def dockerfile_of(name: str) -> Path:
    build = BUILT[name]["build"]
    return REPO_ROOT / build["context"] / build["dockerfile"]


def dockerignore_patterns() -> list[str]:
    lines = (REPO_ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def mounts(name: str) -> list[tuple[str, str]]:
    """(source, target) of a service's volumes, short syntax."""
    return [tuple(volume.split(":")[:2]) for volume in SERVICES[name].get("volumes", [])]


def metrics_port(name: str) -> int:
    if name == "prometheus":
        return PROMETHEUS_PORT
    setting = METRICS_PORT_SETTINGS[name]
    environment = SERVICES[name].get("environment", {})
    return int(
        environment.get(f"NEWSSTREAM_{setting.upper()}", Settings.model_fields[setting].default)
    )


def healthcheck_urls(name: str) -> list[str]:
    test = SERVICES[name]["healthcheck"]["test"]
    return re.findall(r"https?://[^\s'\"]+", " ".join(test))


def prometheus_targets() -> dict[str, list[tuple[str, int]]]:
    """Job name -> the (host, port) pairs it scrapes, from static and DNS service discovery."""
    targets: dict[str, list[tuple[str, int]]] = {}
    for job in load_yaml(PROMETHEUS_CONFIG)["scrape_configs"]:
        found = targets.setdefault(job["job_name"], [])
        for static in job.get("static_configs", []):
            for target in static["targets"]:
                host, port = target.rsplit(":", 1)
                found.append((host, int(port)))
        for dns in job.get("dns_sd_configs", []):
            found.extend((host, int(dns["port"])) for host in dns["names"])
    return targets


def test_the_stack_has_every_service() -> None:
    assert {"kafka", "topics-init", "enricher", "scraper", "prometheus", "grafana"} <= set(SERVICES)
    assert SERVICES["kafka"]["image"].startswith("apache/kafka:4.")


@pytest.mark.parametrize("name", sorted(BUILT))
def test_build_context_and_dockerfile_exist(name: str) -> None:
    dockerfile = dockerfile_of(name)
    context = REPO_ROOT / BUILT[name]["build"]["context"]
    assert dockerfile.is_file()
    for source in re.findall(r"^COPY\s+(.+?)\s+\S+$", dockerfile.read_text(), flags=re.M):
        for path in source.split():
            assert (context / path).exists(), f"{dockerfile}: COPY {path} does not exist"
            ignored = [p for p in dockerignore_patterns() if fnmatch.fnmatch(path, p)]
            assert not ignored, f"{dockerfile}: COPY {path} is excluded by .dockerignore"


def test_the_build_context_leaves_out_local_environments_and_state() -> None:
    assert {".git", ".venv", ".cache", "var", ".env*"} <= set(dockerignore_patterns())


@pytest.mark.parametrize("name", sorted(BUILT))
def test_images_run_as_non_root(name: str) -> None:
    users = re.findall(r"^USER\s+(\S+)", dockerfile_of(name).read_text(), flags=re.M)
    assert users and users[-1] not in {"root", "0"}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_environment_names_are_settings(name: str) -> None:
    environment = SERVICES[name].get("environment", {})
    unknown = {key for key in environment if key.startswith("NEWSSTREAM_")} - settings_env_names()
    assert not unknown, f"{name}: {unknown} are not fields of the settings module"


def test_services_reach_kafka_by_its_compose_name() -> None:
    for name, spec in BUILT.items():
        bootstrap = spec["environment"]["NEWSSTREAM_BOOTSTRAP_SERVERS"]
        host = bootstrap.split(":")[0]
        assert host in SERVICES, f"{name} points at {bootstrap}, not a compose service"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_mounted_files_exist(name: str) -> None:
    for source, target in mounts(name):
        if source.startswith("."):
            assert (REPO_ROOT / source).exists(), f"{name}: {source} (-> {target}) is missing"


def test_metrics_ports_match_the_settings() -> None:
    assert str(metrics_port("enricher")) in map(str, SERVICES["enricher"]["expose"])
    published = [str(port).rsplit(":", 1)[-1] for port in SERVICES["scraper"]["ports"]]
    assert str(metrics_port("scraper")) in published
    for name in ("enricher", "scraper"):
        for url in healthcheck_urls(name):
            assert urlsplit(url).port == metrics_port(name), f"{name} healthcheck: {url}"


def test_prometheus_scrapes_every_metrics_service_by_its_compose_name_and_port() -> None:
    targets = prometheus_targets()
    scraped = {host for pairs in targets.values() for host, _ in pairs}
    assert {"enricher", "scraper", "prometheus"} <= scraped
    for job, pairs in targets.items():
        for host, port in pairs:
            assert host in SERVICES, f"job {job}: {host} is not a compose service"
            assert port == metrics_port(host), f"job {job}: {host}:{port} is not its metrics port"


def test_every_enricher_replica_is_scraped() -> None:
    [job] = [
        job
        for job in load_yaml(PROMETHEUS_CONFIG)["scrape_configs"]
        if job["job_name"] == "enricher"
    ]
    assert "static_configs" not in job, "a static target would reach one replica only"
    assert [dns["names"] for dns in job["dns_sd_configs"]] == [["enricher"]]


def test_prometheus_runs_the_repo_config_and_rules() -> None:
    prometheus = SERVICES["prometheus"]
    [config_flag] = [arg for arg in prometheus["command"] if arg.startswith("--config.file=")]
    config_path = PurePosixPath(config_flag.split("=", 1)[1])
    mounted = {PurePosixPath(target): source for source, target in mounts("prometheus")}
    assert (REPO_ROOT / mounted[config_path]).resolve() == PROMETHEUS_CONFIG
    for rule_file in load_yaml(PROMETHEUS_CONFIG)["rule_files"]:
        source = mounted[config_path.parent / rule_file]
        assert (REPO_ROOT / source).resolve() == (PROMETHEUS_CONFIG.parent / rule_file).resolve()


def test_grafana_is_provisioned_from_the_repo_for_anonymous_viewers() -> None:
    grafana = SERVICES["grafana"]
    assert grafana["environment"]["GF_AUTH_ANONYMOUS_ENABLED"] == "true"
    assert grafana["environment"]["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"
    mounted = {target: (REPO_ROOT / source).resolve() for source, target in mounts("grafana")}
    assert mounted["/etc/grafana/provisioning"] == GRAFANA / "provisioning"
    [provider] = load_yaml(GRAFANA / "provisioning/dashboards/newsstream.yml")["providers"]
    assert mounted[provider["options"]["path"]] == GRAFANA / "dashboards"
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (GRAFANA / "dashboards" / PurePosixPath(home).name).is_file()
    [datasource] = load_yaml(GRAFANA / "provisioning/datasources/prometheus.yml")["datasources"]
    url = urlsplit(datasource["url"])
    assert (url.hostname, url.port) == ("prometheus", PROMETHEUS_PORT)


def test_start_order_waits_for_health_and_topics() -> None:
    assert SERVICES["topics-init"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("enricher", "scraper"):
        condition = SERVICES[name]["depends_on"]["topics-init"]["condition"]
        assert condition == "service_completed_successfully"
    assert SERVICES["grafana"]["depends_on"]["prometheus"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", sorted(LONG_RUNNING))
def test_long_running_services_have_a_healthcheck(name: str) -> None:
    assert SERVICES[name]["healthcheck"]["test"]


def test_health_conditions_refer_to_services_with_a_healthcheck() -> None:
    for name, spec in SERVICES.items():
        for dependency, condition in spec.get("depends_on", {}).items():
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dependency], f"{name} waits for {dependency}"


def test_the_enricher_can_be_scaled() -> None:
    enricher = SERVICES["enricher"]
    assert "ports" not in enricher and "container_name" not in enricher
    partitions = int(enricher["environment"]["NEWSSTREAM_TOPIC_PARTITIONS"])
    assert partitions >= 2


@pytest.mark.parametrize("name", sorted(BUILT))
def test_named_volumes_of_built_images_belong_to_the_image_user(name: str) -> None:
    """A new named volume takes the owner of the image's folder: that must be the user."""
    dockerfile = dockerfile_of(name).read_text()
    [user] = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.M)
    owned = re.findall(rf"chown\s+(?:-R\s+)?{user}\S*\s+(\S+)", dockerfile)
    for source, target in mounts(name):
        if not source.startswith((".", "/")):
            assert target in dockerfile, f"{name}: the image does not create {target}"
            assert any(PurePosixPath(target).is_relative_to(folder) for folder in owned), (
                f"{name}: {target} does not belong to {user}"
            )


def test_the_scraper_keeps_its_state_on_a_named_volume() -> None:
    state_dir = SERVICES["scraper"]["environment"]["NEWSSTREAM_SCRAPER_STATE_DIR"]
    assert state_dir in {
        target for source, target in mounts("scraper") if source in COMPOSE["volumes"]
    }


def test_named_volumes_are_declared() -> None:
    declared = set(COMPOSE.get("volumes", {}))
    for name in SERVICES:
        for source, _ in mounts(name):
            if not source.startswith((".", "/")):
                assert source in declared
