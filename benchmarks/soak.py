"""`make soak`: the pipeline under steady load for a long while (10 minutes by default).

Real news articles (the corpus, extracted once and repeated) are produced at 80% of the
measured maximum rate of one worker (from `make bench`'s benchmarks/results/latest.json, or
measured now on a short run), for --minutes. Every minute the table shows the throughput, the
worker's consumer lag, the end-to-end latency and the worker's memory (RSS). At the end:
nothing may be missing, and neither memory nor lag may grow once the worker is warm.
Exit status 1 when a check fails. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pipeline import (
    RESULTS,
    EnrichedCollector,
    corpus_pages,
    extract_corpus,
    measure_pipeline,
    produce,
    repeated,
    running_workers,
)
from newsstream.common.records import RawArticle
from newsstream.common.settings import Settings, get_settings
from tests.processes import WorkerProcess, isolated_topics

LOAD = 0.8
MAX_RATE_RUN = "3a. pipeline, 1 worker, max rate"
MEASURE_ARTICLES = 120
SAMPLE_EVERY_S = 2.0
DRAIN_TIMEOUT_S = 300
# Memory is judged once every distinct article went through once (spaCy's string store grows
# with new words until then), and at least a minute in: the least-squares slope of the RSS samples
# from then on may not exceed this. A slope, not a comparison of two medians, because RSS swings
# by tens of MB with the texts being parsed, which hid a steady leak of 100 MB a minute in a
# 3-minute run; a per-message leak of 10 KB at 2 articles/s already shows as 1.2 MB a minute.
RSS_GROWTH_MB_PER_MINUTE = 1.0
# Fewer warm samples than this (a run too short for its warm-up) cannot show a trend: a failure.
MIN_WARM_SAMPLES = 20
# Lag may end this many seconds' worth of articles above its first-half peak.
LAG_SLACK_S = 10.0


@dataclass
class Minute:
    number: int
    produced: int = 0
    enriched: int = 0
    lag: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    rss_at_s: list[float] = field(default_factory=list)  # seconds into the run, per RSS sample
    latencies_s: list[float] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.enriched / 60

    def row(self) -> str:
        lag = f"{statistics.mean(self.lag):.0f} / {max(self.lag):.0f}" if self.lag else "-"
        p95 = (
            f"{statistics.quantiles(self.latencies_s, n=20)[-1]:.1f}"
            if len(self.latencies_s) >= 2
            else "-"
        )
        return (
            f"| {self.number} | {self.produced} | {self.enriched} | {self.throughput:.2f} "
            f"| {lag} | {p95} | {statistics.median(self.rss_mb):.0f} / {max(self.rss_mb):.0f} |"
        )


def maximum_rate(settings: Settings, corpus: Sequence[RawArticle]) -> float:
    """One worker's maximum rate: from `make bench`'s latest results, else measured now."""
    latest = RESULTS / "latest.json"
    if latest.is_file():
        runs = {run["name"]: run for run in json.loads(latest.read_text())["results"]}
        if MAX_RATE_RUN in runs:
            return float(runs[MAX_RATE_RUN]["articles_per_s"])
    print(f"soak: no {MAX_RATE_RUN!r} in {latest}: measuring it on {MEASURE_ARTICLES} articles")
    articles = repeated(corpus, MEASURE_ARTICLES)
    return measure_pipeline(settings, articles, 1, None, "max rate").articles_per_s


def current_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def consumer_lag(worker: WorkerProcess) -> float:
    return sum(worker.samples("newsstream_enricher_consumer_lag_messages").values())


def sample(worker: WorkerProcess, minutes: int) -> list[Minute]:
    """The worker's consumer lag and memory every few seconds for ``minutes``."""
    started = time.monotonic()
    table = [Minute(number) for number in range(1, minutes + 1)]
    while (elapsed := time.monotonic() - started) < minutes * 60:
        minute = table[int(elapsed // 60)]
        minute.lag.append(consumer_lag(worker))
        minute.rss_mb.append(current_rss_mb(worker.process.pid))
        minute.rss_at_s.append(elapsed)
        time.sleep(SAMPLE_EVERY_S)
    return table


def count_by_minute(
    table: list[Minute], sent: dict[str, float], arrivals: dict[str, float]
) -> None:
    """Articles produced, enriched and their latencies, by minute since the first was sent."""
    start = min(sent.values())
    for sent_at in sent.values():
        if (index := int((sent_at - start) // 60)) < len(table):
            table[index].produced += 1
    for key, arrived in arrivals.items():
        if (index := int((arrived - start) // 60)) < len(table):
            table[index].enriched += 1
            table[index].latencies_s.append(arrived - sent[key])


def rss_growth_mb_per_minute(samples: Sequence[tuple[float, float]]) -> float:
    """The least-squares slope of (minute, RSS in MB) samples; 0 with fewer than two."""
    if len(samples) < 2:
        return 0.0
    minutes, rss = zip(*samples, strict=True)
    return statistics.linear_regression(minutes, rss).slope


def verdicts(
    table: list[Minute], rate: float, distinct: int, missing: int
) -> list[tuple[str, bool]]:
    """The soak's checks: (what was found, whether it passes)."""
    warm_up_s = max(60.0, distinct / rate)
    warm = [
        (at_s / 60, rss)
        for minute in table
        for rss, at_s in zip(minute.rss_mb, minute.rss_at_s, strict=True)
        if at_s >= warm_up_s
    ]
    growth = rss_growth_mb_per_minute(warm)
    half = max(1, len(table) // 2)
    early_lag = max((max(m.lag) for m in table[:half] if m.lag), default=0.0)
    final_lag = statistics.mean(table[-1].lag) if table[-1].lag else 0.0
    return [
        (f"nothing lost ({missing} enriched records missing)", missing == 0),
        (
            f"no memory growth after {warm_up_s:.0f} s of warm-up: {growth:+.1f} MB a minute over "
            f"{len(warm)} samples (allowed +{RSS_GROWTH_MB_PER_MINUTE:.1f})",
            len(warm) >= MIN_WARM_SAMPLES and growth <= RSS_GROWTH_MB_PER_MINUTE,
        ),
        (
            f"no lag growth: last minute {final_lag:.0f} messages on average, first half's "
            f"peak {early_lag:.0f} (allowed +{rate * LAG_SLACK_S:.0f})",
            final_lag <= early_lag + rate * LAG_SLACK_S,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10, help="length of the run (default 10)")
    parser.add_argument(
        "--rate", type=float, help=f"articles per second (default {LOAD:.0%} of the maximum)"
    )
    args = parser.parse_args()
    settings = get_settings()

    corpus, _ = extract_corpus(corpus_pages())
    rate = args.rate or LOAD * maximum_rate(settings, corpus)
    articles = repeated(corpus, round(rate * args.minutes * 60))
    print(f"soak: {len(articles)} articles at {rate:.2f}/s for {args.minutes} min", flush=True)
    with (
        isolated_topics(settings, "soak") as topics,
        tempfile.TemporaryDirectory() as log_dir,
        running_workers(topics, 1, Path(log_dir)) as (worker,),
    ):
        collector = EnrichedCollector(topics, len(articles))
        collector.start()
        collector.subscribed.wait()
        sent: dict[str, float] = {}
        producer = threading.Thread(target=lambda: sent.update(produce(topics, articles, rate)))
        producer.start()
        table = sample(worker, args.minutes)
        producer.join()
        collector.join(DRAIN_TIMEOUT_S)
    count_by_minute(table, sent, collector.arrivals)

    print(
        "| minute | produced | enriched | articles/s | consumer lag mean / max "
        "| latency p95 (s) | worker RSS median / max (MB) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for minute in table:
        print(minute.row())
    missing = len(articles) - len(collector.arrivals)
    results = verdicts(table, rate, min(len(corpus), len(articles)), missing)
    for text, passed in results:
        print(f"soak: {'ok  ' if passed else 'FAIL'} {text}")
    raise SystemExit(0 if all(passed for _, passed in results) else 1)


if __name__ == "__main__":
    main()
