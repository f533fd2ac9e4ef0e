"""`newsstream kafka start|stop|status|topics`: the local broker and the pipeline's topics."""

from __future__ import annotations

import sys

from newsstream.broker import local
from newsstream.common.kafka.admin import ensure_topics, topic_configs
from newsstream.common.settings import Settings


def describe(status: local.BrokerStatus) -> str:
    if not status.running:
        return f"no broker answers at {status.bootstrap}"
    owner = f"started by newsstream, pid {status.pid}" if status.managed_by_us else "external"
    return f"Kafka answers at {status.bootstrap} ({owner})"


def run_kafka_command(action: str, settings: Settings) -> int:
    try:
        if action == "start":
            print(describe(local.start(settings)))
        elif action == "stop":
            print("broker stopped" if local.stop(settings) else "no broker of ours was running")
        elif action == "status":
            status = local.status(settings)
            print(describe(status))
            return 0 if status.running else 3
        else:
            changed = set(ensure_topics(settings))
            for topic in topic_configs(settings):
                print(f"{topic}: {'created or grown' if topic in changed else 'in place'}")
    except local.BrokerError as exc:
        print(f"newsstream kafka {action}: {exc}", file=sys.stderr)
        return 1
    return 0
