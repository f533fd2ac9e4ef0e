"""A local single-node Apache Kafka broker (KRaft, combined broker and controller).

No docker and no tarball: the broker's jars are resolved from Maven Central with the
``pom.xml`` beside this module, then ``kafka.Kafka`` runs detached from a plain ``java``.

Layout: jars in ``<kafka_home>/<version>/libs``; in ``kafka_data_dir``: ``server.properties``,
``cluster.id``, ``data/`` (the log dirs), ``logs/`` (``server.log``, ``kafka.out``), ``kafka.pid``.

The client listener speaks ``kafka_security_protocol``; a secured one needs the server side
(keystore, SASL users) passed as ``BrokerSecurity``. Another ``kafka_data_dir`` and other ports
give a second broker beside the default one.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from newsstream.common.kafka.admin import bootstrap_addresses, wait_for_broker
from newsstream.common.kafka.security import client_security
from newsstream.common.settings import Settings

log = logging.getLogger(__name__)

POM = Path(__file__).with_name("pom.xml")
LOG4J2_CONFIG = Path(__file__).with_name("log4j2.xml")
NODE_ID = 1
# The options of Kafka's own kafka-server-start.sh, less its fixed 1 GiB heap.
JVM_OPTIONS = (
    "-server",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
)
LOG_TAIL_LINES = 40
_READY_POLL_S = 1.0
_KILL_WAIT_S = 10.0


class BrokerError(Exception):
    """The local broker cannot be set up, started or stopped; the message says why."""


@dataclass(frozen=True)
class BrokerSecurity:
    """The server side of a secured client listener (TLS keystore, SASL users)."""

    properties: Mapping[str, str] = field(default_factory=dict)
    """Added to (and overriding) the derived ``server.properties``."""
    scram_credentials: tuple[str, ...] = ()
    """SCRAM users created when the storage is first formatted, in the form of
    ``kafka-storage format --add-scram``: ``SCRAM-SHA-512=[name=alice,password=...]``."""


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    """A broker answers at ``bootstrap``."""
    pid: int | None
    """Pid of the broker this module started, if that process is alive."""
    bootstrap: str
    version: str
    """The configured Kafka version (``settings.kafka_version``)."""
    managed_by_us: bool
    """The broker process was started by this module (else another broker answers, or none)."""


@dataclass(frozen=True)
class BrokerPaths:
    libs: Path
    data_dir: Path
    server_properties: Path
    cluster_id: Path
    log_dirs: Path
    logs: Path
    stdout_log: Path
    pid_file: Path

    @property
    def server_log(self) -> Path:
        return self.logs / "server.log"


def broker_paths(settings: Settings) -> BrokerPaths:
    data_dir = settings.kafka_data_dir.resolve()
    logs = data_dir / "logs"
    return BrokerPaths(
        libs=settings.kafka_home.resolve() / settings.kafka_version / "libs",
        data_dir=data_dir,
        server_properties=data_dir / "server.properties",
        cluster_id=data_dir / "cluster.id",
        log_dirs=data_dir / "data",
        logs=logs,
        stdout_log=logs / "kafka.out",
        pid_file=data_dir / "kafka.pid",
    )


def ensure_jars(settings: Settings) -> Path:
    """Resolve the broker's jars with Maven once per version; returns the libs folder."""
    libs = broker_paths(settings).libs
    core_jar = libs / f"kafka_{settings.kafka_scala_version}-{settings.kafka_version}.jar"
    if core_jar.is_file():
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError("mvn not found: install Maven (e.g. apt-get install maven)")
    # Resolve into a side folder and rename it, so an interrupted run never looks complete.
    staging = libs.with_name("libs.partial")
    shutil.rmtree(staging, ignore_errors=True)
    log.info("resolving Kafka %s jars from Maven Central into %s", settings.kafka_version, libs)
    result = subprocess.run(
        [
            mvn,
            "-B",
            "-q",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={staging}",
            f"-Dkafka.version={settings.kafka_version}",
            f"-Dscala.binary.version={settings.kafka_scala_version}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (staging / core_jar.name).is_file():
        output = _without_ansi(result.stdout + result.stderr)
        raise BrokerError(
            f"mvn could not resolve Kafka {settings.kafka_version} "
            f"(exit {result.returncode}):\n{_last_lines(output)}"
        )
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    return libs


def server_properties(settings: Settings, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The broker configuration, derived from the settings, then updated with ``extra``."""
    paths = broker_paths(settings)
    host, port = bootstrap_addresses(settings.bootstrap_servers)[0]
    controller = f"{host}:{settings.kafka_controller_port}"
    # The client listener is named after its protocol, as Kafka's default map expects.
    listener = settings.kafka_security_protocol
    single_node = "1"
    return {
        "process.roles": "broker,controller",
        "node.id": str(NODE_ID),
        "controller.quorum.bootstrap.servers": controller,
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": listener,
        "listeners": f"{listener}://{host}:{port},CONTROLLER://{controller}",
        "advertised.listeners": f"{listener}://{host}:{port},CONTROLLER://{controller}",
        "listener.security.protocol.map": f"{listener}:{listener},CONTROLLER:PLAINTEXT",
        "log.dirs": str(paths.log_dirs),
        "num.partitions": str(settings.topic_partitions),
        "default.replication.factor": single_node,
        "min.insync.replicas": single_node,
        "offsets.topic.replication.factor": single_node,
        "transaction.state.log.replication.factor": single_node,
        "transaction.state.log.min.isr": single_node,
        "share.coordinator.state.topic.replication.factor": single_node,
        "share.coordinator.state.topic.min.isr": single_node,
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "message.max.bytes": str(settings.max_message_bytes),
        "replica.fetch.max.bytes": str(settings.max_message_bytes),
        # The log cleaner allocates this buffer on the heap at startup (default 128 MiB).
        "log.cleaner.dedupe.buffer.size": str(32 * 1024 * 1024),
    } | dict(extra or {})


def write_server_properties(settings: Settings, extra: Mapping[str, str] | None = None) -> Path:
    """Write ``server.properties`` from the settings (on every start); returns its path."""
    path = broker_paths(settings).server_properties
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={value}" for key, value in server_properties(settings, extra).items()]
    path.write_text(
        "# Written by newsstream.broker.local from NEWSSTREAM_* settings.\n"
        + "\n".join(lines)
        + "\n"
    )
    return path


def cluster_id(settings: Settings) -> str:
    """The cluster id, generated on first use and kept in ``kafka_data_dir/cluster.id``."""
    path = broker_paths(settings).cluster_id
    if path.is_file():
        return path.read_text().strip()
    new_id = new_cluster_id()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_id + "\n")
    return new_id


def new_cluster_id() -> str:
    """A random UUID as unpadded url-safe base64, what `kafka-storage random-uuid` prints.

    Made here to spare a JVM start. Like Kafka's ``Uuid.randomUuid``, it never starts with
    "-", which command lines would take for an option.
    """
    while True:
        candidate = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not candidate.startswith("-"):
            return candidate


def is_formatted(settings: Settings) -> bool:
    return (broker_paths(settings).log_dirs / "meta.properties").is_file()


def format_storage(settings: Settings, security: BrokerSecurity | None = None) -> None:
    """Format the KRaft log dir as a standalone controller quorum, unless already done."""
    if is_formatted(settings):
        return
    paths = broker_paths(settings)
    security = security or BrokerSecurity()
    command = [
        *_java_command(settings, heap=("-Xmx256m",)),
        "kafka.tools.StorageTool",
        "format",
        f"--cluster-id={cluster_id(settings)}",
        "--config",
        str(write_server_properties(settings, security.properties)),
        "--standalone",
        *(arg for credential in security.scram_credentials for arg in ("--add-scram", credential)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BrokerError(
            f"formatting {paths.log_dirs} failed (exit {result.returncode}):\n"
            f"{_last_lines(result.stdout + result.stderr)}"
        )
    log.info("formatted %s: %s", paths.log_dirs, result.stdout.strip())


def status(settings: Settings) -> BrokerStatus:
    """Whether a broker answers at the bootstrap address, and whether it is ours."""
    pid = _managed_pid(broker_paths(settings))
    return BrokerStatus(
        running=wait_for_broker(settings.bootstrap_servers, 0, client_security(settings)),
        pid=pid,
        bootstrap=settings.bootstrap_servers,
        version=settings.kafka_version,
        managed_by_us=pid is not None,
    )


def start(settings: Settings, security: BrokerSecurity | None = None) -> BrokerStatus:
    """Start the local broker in the background and wait until it answers.

    A broker already answering at the bootstrap address, ours or not, is reused.
    ``security`` configures the server side of a TLS or SASL client listener.
    """
    current = status(settings)
    if current.running:
        owner = f"pid {current.pid}" if current.managed_by_us else "not started by newsstream"
        log.info("a broker already answers at %s (%s): reusing it", current.bootstrap, owner)
        return current
    if current.pid is None:
        process = _launch(settings, security or BrokerSecurity())
        log.info(
            "started Kafka %s, pid %d, logs in %s",
            settings.kafka_version,
            process.pid,
            broker_paths(settings).logs,
        )
        # Our own child: poll() also sees an exit that /proc would not show yet.
        _wait_until_ready(settings, has_exited=lambda: process.poll() is not None)
    else:
        pid = current.pid
        log.info("broker pid %d is already starting; waiting for it", pid)
        _wait_until_ready(settings, has_exited=lambda: not _is_broker_process(pid))
    return status(settings)


def stop(settings: Settings) -> bool:
    """Stop the broker this module started: SIGTERM, then SIGKILL after the stop timeout.

    Returns False, doing nothing, when no broker of ours runs.
    """
    paths = broker_paths(settings)
    pid = _managed_pid(paths)
    if pid is None:
        log.info("no broker started by newsstream is running")
        return False
    log.info("stopping broker pid %d", pid)
    _signal(pid, signal.SIGTERM)
    if not _wait_for_exit(pid, settings.kafka_stop_timeout_s):
        log.warning(
            "broker pid %d still running after %.0fs: killing it",
            pid,
            settings.kafka_stop_timeout_s,
        )
        _signal(pid, signal.SIGKILL)
        _wait_for_exit(pid, _KILL_WAIT_S)
    paths.pid_file.unlink(missing_ok=True)
    return True


def log_tail(settings: Settings, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines of the broker's stdout/stderr and of its server.log."""
    paths = broker_paths(settings)
    parts = []
    for path in (paths.stdout_log, paths.server_log):
        if path.is_file() and path.stat().st_size:
            text = path.read_text(errors="replace")
            parts.append(f"--- {path} ---\n{_last_lines(text, lines)}")
    return "\n".join(parts) or f"(no log in {paths.logs})"


def _launch(settings: Settings, security: BrokerSecurity) -> subprocess.Popen[bytes]:
    paths = broker_paths(settings)
    ensure_jars(settings)
    write_server_properties(settings, security.properties)
    format_storage(settings, security)
    paths.logs.mkdir(parents=True, exist_ok=True)
    command = [
        *_java_command(settings, heap=tuple(shlex.split(settings.kafka_heap))),
        "kafka.Kafka",
        str(paths.server_properties),
    ]
    with paths.stdout_log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=paths.data_dir,
            start_new_session=True,  # outlives this command, and ignores its Ctrl-C
        )
    paths.pid_file.write_text(f"{process.pid}\n")
    return process


def _java_command(settings: Settings, heap: tuple[str, ...]) -> list[str]:
    paths = broker_paths(settings)
    return [
        _java(),
        *heap,
        *JVM_OPTIONS,
        f"-Dkafka.logs.dir={paths.logs}",
        f"-Dlog4j2.configurationFile={LOG4J2_CONFIG}",
        "-cp",
        f"{ensure_jars(settings)}/*",
    ]


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise BrokerError(
            "java not found: install a Java 17+ runtime (e.g. apt-get install "
            "openjdk-17-jre-headless) or set JAVA_HOME"
        )
    return java


def _wait_until_ready(settings: Settings, has_exited: Callable[[], bool]) -> None:
    deadline = time.monotonic() + settings.kafka_start_timeout_s
    while time.monotonic() < deadline:
        if has_exited():
            broker_paths(settings).pid_file.unlink(missing_ok=True)
            raise BrokerError(f"the broker exited while starting:\n{log_tail(settings)}")
        if wait_for_broker(settings.bootstrap_servers, _READY_POLL_S, client_security(settings)):
            return
    tail = log_tail(settings)
    stop(settings)
    raise BrokerError(
        f"the broker did not answer at {settings.bootstrap_servers} within "
        f"{settings.kafka_start_timeout_s:.0f}s (stopped it):\n{tail}"
    )


def _managed_pid(paths: BrokerPaths) -> int | None:
    """The pid in the pid file if that process is our broker; a stale pid file is removed."""
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    if _is_broker_process(pid):
        return pid
    paths.pid_file.unlink(missing_ok=True)
    return None


def _is_broker_process(pid: int) -> bool:
    # Reap it if it is our own exited child, so it does not linger as a zombie.
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    # Where /proc exists, make sure the pid was not reused by another program.
    try:
        return b"kafka.Kafka" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
        return False


def _signal(pid: int, signum: signal.Signals) -> None:
    # It may have exited since we looked.
    with suppress(ProcessLookupError):
        os.kill(pid, signum)


def _wait_for_exit(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while _is_broker_process(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True


def _without_ansi(text: str) -> str:
    # Maven prints colour resets even in batch mode.
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _last_lines(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
