"""Throughput of `newsstream enrich` beside plain ``nlp.pipe`` with the same model.

The corpus pages (../shared/corpus) are extracted once and written as JSON Lines of raw
articles. Then, alternately and ``--rounds`` times, with the model already loaded:

- plain spaCy: ``spacy.load(model)`` with its default components, ``list(nlp.pipe(texts))``;
- newsstream: the code of `newsstream enrich` on that JSON Lines file (read, check, enrich with
  entities, events and quotations, validate the output, serialise it), its output discarded;
- newsstream's spaCy pipeline alone (``nlp.pipe`` of the enricher's pipeline: the model without
  lemmatizer and attribute ruler, plus the entity ruler), to show what the rest costs.

The best round of each counts (the machine is shared: the fastest round is the least
disturbed). Also timed once: the `newsstream enrich FILE` command as a whole, start-up and model
loading included.

    python -m evaluation.enrich_throughput [--articles 200] [--rounds 3] [--no-docs]
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import orjson
import spacy

from evaluation.baselines import plain_docs
from evaluation.reporting import ENRICH_THROUGHPUT
from newsstream.common.articles import build_raw_article
from newsstream.common.records import RawArticle, encode
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher
from newsstream.enricher.offline import print_enriched
from newsstream.ingestion.extraction import ExtractionError, extract_article

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
MAX_SLOWDOWN = 1.2
NEWSSTREAM = [str(Path(sys.executable).with_name("newsstream"))]


def corpus_articles(corpus: Path, limit: int) -> list[RawArticle]:
    """Raw articles of the corpus pages whose text could be extracted, in page order."""
    articles = []
    for line in (corpus / "index.jsonl").read_bytes().splitlines():
        row = orjson.loads(line)
        page = gzip.decompress((corpus / row["file"]).read_bytes())
        try:
            text = extract_article(page, kind="html", url=row.get("url")).text
        except (ExtractionError, ValueError):
            continue
        if text.strip():
            articles.append(build_raw_article(text, input_kind="json", url=row.get("url")))
        if len(articles) == limit:
            break
    return articles


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def plain_pipe(nlp: spacy.language.Language, texts: list[str]) -> None:
    list(plain_docs(nlp, texts))


def newsstream_enrich(enricher: Enricher, path: Path, settings: Settings) -> None:
    """The loop of `newsstream enrich` (offline.run_enrich) with its Enricher already built."""
    with open(os.devnull, "w") as devnull, redirect_stdout(devnull):
        if print_enriched(enricher, [str(path)], settings) != 0:
            raise RuntimeError(f"newsstream enrich failed on {path}")


def run_command(path: Path) -> None:
    subprocess.run(
        [*NEWSSTREAM, "enrich", str(path)], check=True, stdout=subprocess.DEVNULL, cwd=REPO_ROOT
    )


@dataclass(slots=True)
class Result:
    articles: int
    characters: int
    plain_seconds: float
    ours_seconds: float
    ours_pipe_seconds: float
    command_seconds: float
    model: str

    @property
    def slowdown(self) -> float:
        return self.ours_seconds / self.plain_seconds


def measure(corpus: Path, limit: int, rounds: int) -> Result:
    settings = Settings()
    articles = corpus_articles(corpus, limit)
    texts = [article.text for article in articles]
    plain = spacy.load(settings.spacy_model)
    enricher = Enricher(settings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_bytes(b"".join(encode(article) + b"\n" for article in articles))
        ours_nlp = enricher.nlp
        plain_times, ours_times, pipe_times = [], [], []
        for _ in range(rounds):  # alternate, so that all see the same load
            plain_times.append(seconds(lambda: plain_pipe(plain, texts)))
            ours_times.append(seconds(lambda: newsstream_enrich(enricher, path, settings)))
            pipe_times.append(seconds(lambda: plain_pipe(ours_nlp, texts)))
        whole = seconds(lambda: run_command(path))
    return Result(
        len(articles),
        sum(map(len, texts)),
        min(plain_times),
        min(ours_times),
        min(pipe_times),
        whole,
        settings.spacy_model,
    )


def report(result: Result) -> str:
    def rate(seconds: float) -> str:
        return f"{result.articles / seconds:.1f}"

    verdict = "within" if result.slowdown <= MAX_SLOWDOWN else "NOT within"
    return "\n".join(
        [
            f"{result.articles} corpus articles ({result.characters:,} characters), model "
            f"`{result.model}`, best of the rounds, 2-core machine shared with other work.",
            "",
            "| run | seconds | articles/s |",
            "| --- | ---: | ---: |",
            f"| plain `nlp.pipe` (default components) | {result.plain_seconds:.2f} | "
            f"{rate(result.plain_seconds)} |",
            f"| `newsstream enrich` code path, model loaded | {result.ours_seconds:.2f} | "
            f"{rate(result.ours_seconds)} |",
            f"| the enricher's spaCy pipeline alone (`nlp.pipe`) | "
            f"{result.ours_pipe_seconds:.2f} | {rate(result.ours_pipe_seconds)} |",
            f"| `newsstream enrich FILE` command, start-up included | "
            f"{result.command_seconds:.2f} | {rate(result.command_seconds)} |",
            "",
            f"newsstream / plain: {result.slowdown:.2f}x, {verdict} the "
            f"{MAX_SLOWDOWN - 1:.0%} allowed.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    ENRICH_THROUGHPUT.add_no_docs_flag(parser)
    args = parser.parse_args(argv)
    if not (args.corpus / "index.jsonl").is_file():
        print(f"throughput skipped: no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 0
    result = measure(args.corpus, args.articles, args.rounds)
    table = report(result)
    print(table)
    if not args.no_docs:
        ENRICH_THROUGHPUT.write(table)
    return 0 if result.slowdown <= MAX_SLOWDOWN else 1


if __name__ == "__main__":
    sys.exit(main())
