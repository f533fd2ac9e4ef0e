"""Prometheus metrics of the merger, served with Faust's own sensors at /metrics on its web port.

Label values are bounded: what became of a mention is one of five outcomes, dead-letter stages
and reasons the fixed classes below. No label names an event, an actor or an outlet.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

MENTIONS = Counter(
    "newsstream_merger_mentions_total",
    "Event messages by what became of them: opened (a new merged event), joined (an open "
    "one), duplicate (already counted), late (older than the horizon), not_fact (negated, "
    "refused, intended or hypothetical: not merged).",
    ["outcome"],
)
OPEN_EVENTS = Gauge(
    "newsstream_merger_open_events",
    "Merged events still taking mentions in this worker's tables (recounted at each sweep).",
)
CLOSED_EVENTS = Counter(
    "newsstream_merger_closed_events_total",
    "Merged events closed by the horizon and removed from the tables.",
)
DEAD_LETTERS = Counter(
    "newsstream_merger_deadletters_total",
    "Event messages sent to the dead-letter topic, by stage and reason class.",
    ["stage", "reason"],
)
READY = Gauge(
    "newsstream_merger_ready",
    "1 when the merger holds a completed group assignment, else 0.",
)

OUTCOMES = ("opened", "joined", "duplicate", "late", "not_fact")
DEAD_LETTER_CLASSES = (
    ("decode", "null_value"),
    ("decode", "invalid_utf8"),
    ("decode", "invalid_json"),
    ("validate", "schema_violation"),
)
# Exported at zero from the start, so that the first of a kind shows as an increase.
for _outcome in OUTCOMES:
    MENTIONS.labels(_outcome)
for _stage, _reason in DEAD_LETTER_CLASSES:
    DEAD_LETTERS.labels(_stage, _reason)
