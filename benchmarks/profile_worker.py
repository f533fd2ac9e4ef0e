"""`make profile`: where a worker spends its time while it works through a backlog.

Starts one worker on fresh topics of the local broker, produces --articles corpus articles at
once, samples the worker with py-spy for --seconds and prints the share of samples per thread
and per stage of the enricher (spaCy, entities/events, publishing, Faust and aiokafka).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.pipeline import (
    collecting_workers,
    corpus_pages,
    extract_corpus,
    produce,
    repeated,
)
from newsstream.common.settings import get_settings
from tests.processes import REPO_ROOT

PY_SPY = REPO_ROOT / ".venv" / "bin" / "py-spy"
SAMPLES_PER_S = 50
# The first function of a stack that names its stage; checked in this order.
STAGES = (
    ("spacy/language.py", "spaCy (nlp.pipe)"),
    ("enricher/messages.py", "decoding and checking messages"),
    ("enricher/scheduling.py", "scheduling, publishing, metrics"),
    ("enricher/enrichment.py", "merging pieces, entities, events, quotations"),
    ("enricher/", "scheduling, publishing, metrics"),
    ("aiokafka", "aiokafka"),
    ("faust", "Faust"),
)


def stage_of(stack: str) -> str:
    return next((stage for marker, stage in STAGES if marker in stack), "other")


def summarise(raw_samples: Path) -> list[str]:
    threads: Counter[str] = Counter()
    stages: Counter[tuple[str, str]] = Counter()
    for line in raw_samples.read_text().splitlines():
        stack, count = line.rsplit(" ", 1)
        thread = stack.split(";", 1)[0]
        threads[thread] += int(count)
        stages[thread, stage_of(stack)] += int(count)
    total = sum(threads.values())
    lines = [f"{total} samples of a busy thread"]
    lines += [f"{count / total:6.1%}  {thread}" for thread, count in threads.most_common()]
    lines += [""]
    lines += [
        f"{count / total:6.1%}  {thread}: {stage}"
        for (thread, stage), count in stages.most_common()
        if count / total >= 0.001
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=45)
    args = parser.parse_args()
    corpus, _ = extract_corpus(corpus_pages())
    articles = repeated(corpus, args.articles)
    with (
        collecting_workers(get_settings(), "profile", 1, len(articles)) as (
            settings,
            [worker],
            collector,
        ),
        tempfile.TemporaryDirectory() as folder,
    ):
        produce(settings, articles, rate=None)
        samples = Path(folder) / "samples.txt"
        subprocess.run(
            [
                str(PY_SPY),
                *("record", "--pid", str(worker.process.pid), "--format", "raw"),
                *("--duration", str(args.seconds), "--rate", str(SAMPLES_PER_S)),
                *("--output", str(samples), "--threads", "--nonblocking"),
            ],
            check=True,
        )
        print("\n".join(summarise(samples)))
        collector.join()


if __name__ == "__main__":
    main()
