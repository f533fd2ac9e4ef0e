"""`make bench`: the pipeline's cost on top of spaCy, and how it scales with workers.

One run, on the corpus of real news pages (extracted once, repeated to --articles):
1. the floor: plain `nlp.pipe` with the enricher's own model and components;
2. `newsstream enrich` offline on the same articles as JSON Lines;
3. the full pipeline on the local broker with 1 and with 2 workers: workers ready, all raw
   articles produced, timed until the last enriched record is consumed; then end-to-end
   latency at about half the 1-worker rate (a paced producer).
Plus the scraper's extraction path (HTML -> clean article message) on one core.
Writes benchmarks/results/latest.{json,md} and the table of docs/performance.md between its
``bench`` markers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import spacy

from evaluation.baselines import plain_docs
from evaluation.reporting import PIPELINE_BENCH
from newsstream.broker import local
from newsstream.common.articles import build_raw_article
from newsstream.common.kafka.consumer import create_consumer
from newsstream.common.kafka.producer import create_producer
from newsstream.common.records import RawArticle, encode
from newsstream.common.settings import Settings, get_settings
from newsstream.enricher.nlp import load_pipeline
from newsstream.ingestion.extraction import extract_article
from tests.processes import (
    NEWSSTREAM,
    REPO_ROOT,
    WorkerProcess,
    free_port,
    isolated_topics,
    settings_env,
)

CORPUS = REPO_ROOT.parent / "shared" / "corpus"
RESULTS = REPO_ROOT / "benchmarks" / "results"
CONSUME_TIMEOUT_S = 1800
RSS_SAMPLE_S = 0.5


@dataclass
class Measurement:
    name: str
    articles: int
    words: int
    seconds: float
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    latency_s: dict[str, float] = field(default_factory=dict)
    notes: str = ""
    compared_to_floor: bool = True

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


# --- inputs -------------------------------------------------------------------------------


def corpus_pages() -> list[tuple[str | None, bytes]]:
    if not CORPUS.is_dir():
        raise SystemExit(f"bench: the corpus is not at {CORPUS}")
    pages = []
    for line in (CORPUS / "index.jsonl").read_text().splitlines():
        entry = json.loads(line)
        pages.append((entry["url"], gzip.decompress((CORPUS / entry["file"]).read_bytes())))
    return pages


def extract_corpus(
    pages: Sequence[tuple[str | None, bytes]],
) -> tuple[list[RawArticle], Measurement]:
    """The scraper's extraction path on every page, timed on one core."""
    articles = []
    started = time.perf_counter()
    for url, html in pages:
        try:
            articles.append(extract_article(html, kind="html", url=url))
        except ValueError:
            continue
    seconds = time.perf_counter() - started
    measurement = Measurement(
        "scraper extraction (HTML -> clean article)",
        len(pages),
        sum(word_count(article) for article in articles),
        seconds,
        notes=f"{len(pages) - len(articles)} pages without article text",
        compared_to_floor=False,
    )
    return articles, measurement


def repeated(articles: Sequence[RawArticle], count: int) -> list[RawArticle]:
    """``count`` articles cycling through ``articles``, each copy with its own id."""
    copies = []
    for index in range(count):
        source = articles[index % len(articles)]
        url = f"https://bench.newsstream.invalid/{index}/{source.id}"
        copies.append(
            build_raw_article(
                source.text,
                input_kind="html",
                url=url,
                title=source.title,
                published=source.published,
                language=source.language,
            )
        )
    return copies


def word_count(article: RawArticle) -> int:
    return len(article.text.split())


# --- process measurements -----------------------------------------------------------------


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentiles(values: Sequence[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(values)}


# --- 1. floor and 2. offline -----------------------------------------------------------------


def measure_floor(articles: Sequence[RawArticle], settings: Settings) -> Measurement:
    nlp = load_pipeline(settings)
    texts = [article.text for article in articles]
    started = time.perf_counter()
    for _ in plain_docs(nlp, texts):
        pass
    seconds = time.perf_counter() - started
    return Measurement(
        "1. floor: nlp.pipe",
        len(articles),
        sum(map(word_count, articles)),
        seconds,
        peak_rss_mb={"benchmark process": peak_rss_mb(os.getpid())},
        notes=f"components: {', '.join(nlp.pipe_names)}",
    )


def measure_offline(articles: Sequence[RawArticle], settings: Settings) -> Measurement:
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as handle:
        for article in articles:
            handle.write(encode(article) + b"\n")
    started = time.perf_counter()
    process = subprocess.Popen(
        [*NEWSSTREAM, "enrich", handle.name], stdout=subprocess.DEVNULL, env=settings_env(settings)
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _safe_peak_rss(process.pid))
        time.sleep(RSS_SAMPLE_S)
    seconds = time.perf_counter() - started
    Path(handle.name).unlink()
    if process.returncode != 0:
        raise SystemExit(f"bench: newsstream enrich exited {process.returncode}")
    return Measurement(
        "2. newsstream enrich (offline)",
        len(articles),
        sum(map(word_count, articles)),
        seconds,
        peak_rss_mb={"enrich process": peak},
        notes="includes model loading",
    )


def _safe_peak_rss(pid: int) -> float:
    try:
        return peak_rss_mb(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


# --- 3. the full pipeline ---------------------------------------------------------------------


@contextmanager
def running_workers(settings: Settings, count: int, log_dir: Path) -> Iterator[list[WorkerProcess]]:
    workers = []
    for index in range(count):
        worker_settings = settings.model_copy(
            update={
                "worker_web_port": free_port(),
                "worker_datadir": log_dir / f"faust-{index}",
            }
        )
        workers.append(WorkerProcess(worker_settings, log_dir / f"worker-{index}.log"))
    with ExitStack() as running:
        for worker in workers:
            running.enter_context(worker)
        yield workers


class EnrichedCollector(threading.Thread):
    """Records when each enriched article arrives."""

    def __init__(self, settings: Settings, expected: int) -> None:
        super().__init__(daemon=True)
        self.settings = settings
        self.expected = expected
        self.arrivals: dict[str, float] = {}
        self.subscribed = threading.Event()

    def run(self) -> None:
        consumer = create_consumer(self.settings, self.settings.topic_enriched, from_beginning=True)
        deadline = time.monotonic() + CONSUME_TIMEOUT_S
        self.subscribed.set()
        try:
            while len(self.arrivals) < self.expected and time.monotonic() < deadline:
                for batch in consumer.poll(timeout_ms=200).values():
                    now = time.time()
                    for record in batch:
                        self.arrivals.setdefault(record.key.decode(), now)
        finally:
            consumer.close()


def produce(
    settings: Settings, articles: Sequence[RawArticle], rate: float | None
) -> dict[str, float]:
    """Send the raw articles (paced at ``rate`` per second when given); return send times."""
    producer = create_producer(settings)
    sent: dict[str, float] = {}
    started = time.time()
    for index, article in enumerate(articles):
        if rate is not None:
            time.sleep(max(0.0, started + index / rate - time.time()))
        sent[article.id] = time.time()
        producer.send(settings.topic_raw, key=article.id, value=article)
    producer.flush()
    producer.close()
    return sent


@contextmanager
def collecting_workers(
    base: Settings, prefix: str, workers: int, expected: int
) -> Iterator[tuple[Settings, list[WorkerProcess], EnrichedCollector]]:
    """Ready workers on fresh topics (at least one partition per worker) and a collector
    already subscribed to their enriched topic, waiting for ``expected`` records."""
    with (
        isolated_topics(
            base, prefix, topic_partitions=max(base.topic_partitions, workers)
        ) as settings,
        tempfile.TemporaryDirectory() as log_dir,
        running_workers(settings, workers, Path(log_dir)) as processes,
    ):
        collector = EnrichedCollector(settings, expected)
        collector.start()
        collector.subscribed.wait()
        yield settings, processes, collector


def measure_pipeline(
    base: Settings, articles: Sequence[RawArticle], workers: int, rate: float | None, label: str
) -> Measurement:
    with collecting_workers(base, "bench", workers, len(articles)) as (
        settings,
        processes,
        collector,
    ):
        broker = local.status(settings).pid
        broker_cpu_before = cpu_seconds(broker) if broker else 0.0
        sent = produce(settings, articles, rate)
        collector.join()
        missing = len(articles) - len(collector.arrivals)
        if missing:
            raise SystemExit(
                f"bench: {missing} enriched records missing\n{processes[0].log_tail()}"
            )
        first_send = min(sent.values())
        seconds = max(collector.arrivals.values()) - first_send
        broker_cpu = (cpu_seconds(broker) - broker_cpu_before) if broker else 0.0
        rss = {f"worker {i + 1}": peak_rss_mb(p.process.pid) for i, p in enumerate(processes)}
        if broker:
            rss["broker (JVM)"] = peak_rss_mb(broker)
        latencies = {key: collector.arrivals[key] - sent[key] for key in sent}
        slowest = max(latencies, key=latencies.__getitem__)
        text_chars = {article.id: len(article.text) for article in articles}
        return Measurement(
            label,
            len(articles),
            sum(map(word_count, articles)),
            seconds,
            peak_rss_mb=rss,
            latency_s=percentiles(list(latencies.values())),
            notes=f"broker CPU {broker_cpu / seconds:.2f} cores on average; slowest article "
            f"{latencies[slowest]:.1f} s ({text_chars[slowest]:,} characters)",
        )


# --- report -----------------------------------------------------------------------------------


def machine_description() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
    }


def markdown_table(results: list[Measurement], floor: Measurement, machine: dict) -> str:
    rows = [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; "
        f"Python {machine['python']}, spaCy {machine['spacy']}.",
        "",
        "| run | articles | articles/s | words/s | ratio to floor | latency p50 / p95 / p99 (s) "
        "| peak RSS (MB) | notes |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for result in results:
        latency = (
            " / ".join(f"{result.latency_s[key]:.2f}" for key in ("p50", "p95", "p99"))
            if result.latency_s
            else "-"
        )
        rss = ", ".join(f"{name} {mb:.0f}" for name, mb in result.peak_rss_mb.items()) or "-"
        ratio = (
            f"{result.articles_per_s / floor.articles_per_s:.2f}"
            if result.compared_to_floor
            else "-"
        )
        rows.append(
            f"| {result.name} | {result.articles} | {result.articles_per_s:.1f} "
            f"| {result.words_per_s:,.0f} | {ratio} | {latency} | {rss} | {result.notes} |"
        )
    return "\n".join(rows)


def write_results(results: list[Measurement], table: str, machine: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": machine,
        "results": [
            {**asdict(r), "articles_per_s": r.articles_per_s, "words_per_s": r.words_per_s}
            for r in results
        ],
    }
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(table + "\n")
    PIPELINE_BENCH.write(table)


def timed(label: str, step: Callable[[], Measurement]) -> Measurement:
    print(f"bench: {label}…", flush=True)
    result = step()
    print(f"bench:   {result.articles_per_s:.1f} articles/s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per run")
    args = parser.parse_args()
    settings = get_settings()

    corpus, extraction = extract_corpus(corpus_pages())
    articles = repeated(corpus, args.articles)
    floor = timed("floor", lambda: measure_floor(articles, settings))
    offline = timed("offline enrich", lambda: measure_offline(articles, settings))
    one = timed(
        "pipeline, 1 worker",
        lambda: measure_pipeline(settings, articles, 1, None, "3a. pipeline, 1 worker, max rate"),
    )
    two = timed(
        "pipeline, 2 workers",
        lambda: measure_pipeline(settings, articles, 2, None, "3b. pipeline, 2 workers, max rate"),
    )
    half_rate = one.articles_per_s / 2
    paced_articles = articles[: max(200, int(half_rate * 120))]
    paced = timed(
        "pipeline, 1 worker, half rate",
        lambda: measure_pipeline(
            settings,
            paced_articles,
            1,
            half_rate,
            f"3c. pipeline, 1 worker, paced at {half_rate:.1f}/s",
        ),
    )

    results = [floor, offline, one, two, paced, extraction]
    machine = machine_description()
    table = markdown_table(results, floor, machine)
    table += (
        f"\n\n2 workers / 1 worker: {two.articles_per_s / one.articles_per_s:.2f}x. "
        f"Extraction: {extraction.articles_per_s:.1f} pages/s on one core."
    )
    write_results(results, table, machine)
    print(table)


if __name__ == "__main__":
    main()
