"""Prometheus metrics of the merger, served with Faust's own sensors at /metrics on its web port.

Label values are bounded: what became of a mention is one of five outcomes, dead-letter stages
and reasons the fixed classes below. No label names an event or an outlet. The gauges of the
last hour name actors and countries, but only the top N dyads and the top K countries (the
others summed as "other"), computed by the worker (now.py); a dyad or country that drops out
is removed from its gauge.
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import Counter, Gauge

from newsstream.merger.now import NowSnapshot

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
TOP_DYAD_MENTIONS = Gauge(
    "newsstream_merger_top_dyad_mentions_last_hour",
    "Mentions this worker merged in the last hour for each of its top dyads (actor code →"
    " target code), NEWSSTREAM_MERGER_TOP_DYADS of them.",
    ["dyad"],
)
QUAD_CLASS_MENTIONS = Gauge(
    "newsstream_merger_quadclass_mentions_last_hour",
    "Mentions this worker merged in the last hour by country (of the actor or the target: a "
    "mention counts for both; the top NEWSSTREAM_MERGER_TOP_COUNTRIES, the rest as 'other') "
    "and QuadClass.",
    ["country", "quad_class"],
)
GOLDSTEIN_SUM = Gauge(
    "newsstream_merger_goldstein_sum_last_hour",
    "Sum of the Goldstein values of the mentions this worker merged in the last hour, by "
    "country as in newsstream_merger_quadclass_mentions_last_hour (their ratio is the mean).",
    ["country"],
)
UNTRACKED_DYAD_MENTIONS = Counter(
    "newsstream_merger_untracked_dyad_mentions_total",
    "Merged mentions left out of the top dyads because the last hour's window already tracked "
    "NEWSSTREAM_MERGER_WINDOW_MAX_DYADS dyads (they still count for their countries).",
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


def show_now(snapshot: NowSnapshot) -> None:
    """Put the last hour into the gauges; series that are no longer in it are removed."""
    replace_series(TOP_DYAD_MENTIONS, {(dyad,): n for dyad, n in snapshot.top_dyads.items()})
    replace_series(
        QUAD_CLASS_MENTIONS,
        {(country, str(quad)): n for (country, quad), n in snapshot.quad_classes.items()},
    )
    replace_series(GOLDSTEIN_SUM, {(country,): s for country, s in snapshot.goldstein_sums.items()})


def replace_series(gauge: Gauge, values: Mapping[tuple[str, ...], float]) -> None:
    """The gauge's series become exactly ``values``. Faust serves /metrics on the event loop
    that runs this, so no scrape sees the gauge between the clear and the sets."""
    gauge.clear()
    for labels, value in values.items():
        gauge.labels(*labels).set(value)
