"""Body-extraction quality and speed on the development corpus: ours beside trafilatura's modes.

Every corpus page with an expectation is extracted with newsstream's extractor
(``extract_article``, as the scraper runs it: text and metadata) and with ``trafilatura.extract``
in its three modes: defaults, ``favor_precision`` and ``favor_recall`` (text only). Scores are
token level (lower-cased words), pooled over the pages of each kind of expectation:

- ``full``: the whole expected text (newspaper, newspaper4k) or article HTML (Readability):
  precision and recall of the extracted words against the expected words (as multisets);
- ``prefix``: the expected beginning of the text (goose3): the same, against as many words
  from the start of the extracted text as the prefix has;
- ``snippets``: segments that must be in the text and boilerplate that must not (trafilatura's
  evaluation set): a found "with" segment counts its words as true positives, a missing one
  as false negatives, a found "without" segment its words as false positives.

The expectations come from other extractors' test suites: references, not perfect gold.

Speed is pages per second of wall time spent in the extraction calls only, in this one process
(one core), the extractors taking turns page by page so that a busy machine slows them alike.

    python -m evaluation.extraction [--corpus ../shared/corpus] [--no-docs]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import orjson
import trafilatura

from evaluation.reporting import EXTRACTION_EVAL, Counts
from newsstream.ingestion.extraction import ExtractionError, extract_article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_WORD = re.compile(r"\w+")
Extractor = Callable[[bytes, str | None], str]


@dataclass
class PageCounts(Counts):
    pages: int = 0

    def add(self, other: PageCounts) -> None:
        super().add(other)
        self.pages += other.pages


@dataclass(frozen=True, slots=True)
class Expectation:
    kind: str  # "full", "prefix" or "snippets"
    text: str = ""
    with_segments: tuple[str, ...] = ()
    without_segments: tuple[str, ...] = ()


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def overlap_counts(extracted: list[str], expected: list[str]) -> PageCounts:
    common = sum((Counter(extracted) & Counter(expected)).values())
    return PageCounts(common, len(extracted) - common, len(expected) - common, 1)


def snippet_counts(extracted: str, expectation: Expectation) -> PageCounts:
    text = " ".join(tokens(extracted))
    counts = PageCounts(pages=1)
    for segment in expectation.with_segments:
        words = tokens(segment)
        if " ".join(words) in text:
            counts.true_positives += len(words)
        else:
            counts.false_negatives += len(words)
    for segment in expectation.without_segments:
        words = tokens(segment)
        if words and " ".join(words) in text:
            counts.false_positives += len(words)
    return counts


def score(extracted: str, expectation: Expectation) -> PageCounts:
    if expectation.kind == "snippets":
        return snippet_counts(extracted, expectation)
    expected = tokens(expectation.text)
    words = tokens(extracted)
    if expectation.kind == "prefix":
        words = words[: len(expected)]
    return overlap_counts(words, expected)


def expectations(corpus: Path) -> Iterator[tuple[dict[str, Any], Expectation]]:
    for line in (corpus / "index.jsonl").read_bytes().splitlines():
        row = orjson.loads(line)
        expectation = _expectation(corpus, row)
        if expectation is not None:
            yield row, expectation


def _expectation(corpus: Path, row: dict[str, Any]) -> Expectation | None:
    kind = row.get("expected_kind") or ""
    if row.get("expected_text_file"):
        text = (corpus / row["expected_text_file"]).read_text(encoding="utf-8")
        return Expectation("prefix" if kind.startswith("prefix") else "full", text)
    if row.get("expected_html_file"):
        html = (corpus / row["expected_html_file"]).read_bytes()
        return Expectation("full", lxml.html.fromstring(html).text_content())
    snippets = row.get("expected_snippets")
    if snippets:
        return Expectation(
            "snippets",
            with_segments=tuple(snippets.get("with", ())),
            without_segments=tuple(snippets.get("without", ())),
        )
    return None


def ours(page: bytes, url: str | None) -> str:
    try:
        return extract_article(page, kind="html", url=url).text
    except (ExtractionError, ValueError):
        return ""


def trafilatura_mode(**options: bool) -> Extractor:
    """``trafilatura.extract`` with ``options`` (its mode) and otherwise its defaults."""

    def extract(page: bytes, url: str | None) -> str:
        return trafilatura.extract(page, **options) or ""

    return extract


OURS = "newsstream"
DEFAULTS = "trafilatura defaults"
EXTRACTORS: dict[str, Extractor] = {
    OURS: ours,
    DEFAULTS: trafilatura_mode(),
    "trafilatura precision": trafilatura_mode(favor_precision=True),
    "trafilatura recall": trafilatura_mode(favor_recall=True),
}
TARGET_PAGES_PER_SECOND = 30.0
KINDS = ("full", "prefix", "snippets")


@dataclass
class ExtractorScores:
    """Pooled counts by kind of expectation (and "all"), and the seconds spent extracting."""

    by_kind: dict[str, PageCounts] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def overall(self) -> PageCounts:
        return self.by_kind["all"]

    @property
    def pages_per_second(self) -> float:
        return self.overall.pages / self.seconds if self.seconds else 0.0

    def add(self, kind: str, counts: PageCounts) -> None:
        for key in (kind, "all"):
            self.by_kind.setdefault(key, PageCounts()).add(counts)


def evaluate(corpus: Path, extractors: dict[str, Extractor]) -> dict[str, ExtractorScores]:
    """Scores per extractor; the extractors take turns on each page."""
    results = {name: ExtractorScores() for name in extractors}
    for row, expectation in expectations(corpus):
        page = gzip.decompress((corpus / row["file"]).read_bytes())
        for name, extract in extractors.items():
            started = time.perf_counter()
            text = extract(page, row.get("url"))
            results[name].seconds += time.perf_counter() - started
            results[name].add(expectation.kind, score(text, expectation))
    return results


def report(results: dict[str, ExtractorScores], machine: str) -> str:
    pages = next(iter(results.values())).overall.pages
    lines = [
        f"{pages} corpus pages; {machine}.",
        "",
        "| extractor | precision | recall | F1 | pages/s | "
        + " | ".join(f"F1 {kind} ({results[OURS].by_kind[kind].pages})" for kind in KINDS)
        + " |",
        "| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in KINDS) + " |",
    ]
    for name, scores in results.items():
        overall = scores.overall
        by_kind = " | ".join(f"{scores.by_kind[kind].f1:.3f}" for kind in KINDS)
        lines.append(
            f"| {name} | {overall.precision:.3f} | {overall.recall:.3f} | {overall.f1:.3f} | "
            f"{scores.pages_per_second:.1f} | {by_kind} |"
        )
    return "\n".join(lines)


def machine_conditions() -> str:
    """What the speeds depend on, the machine's load when the run starts included."""
    return (
        f"one process on a {os.cpu_count()}-CPU machine (load average {os.getloadavg()[0]:.1f} "
        f"at the start), Python {platform.python_version()}, trafilatura {trafilatura.__version__}"
    )


def verdict(results: dict[str, ExtractorScores]) -> tuple[str, bool]:
    """The comparison with trafilatura's best mode and the speed target, and whether our F1
    is at least that mode's (speed is reported, not enforced: it depends on the machine)."""
    ours_scores = results[OURS]
    best_name, best = max(
        ((name, scores) for name, scores in results.items() if name != OURS),
        key=lambda item: item[1].overall.f1,
    )
    not_lower = ours_scores.overall.f1 >= best.overall.f1
    speed = ours_scores.pages_per_second
    relative = speed / results[DEFAULTS].pages_per_second
    fast_enough = speed >= TARGET_PAGES_PER_SECOND
    return (
        f"newsstream F1 {ours_scores.overall.f1:.3f} vs {best_name} (best mode) "
        f"{best.overall.f1:.3f}: {'not lower' if not_lower else 'LOWER'}; "
        f"{speed:.1f} pages/s ({relative:.2f}x trafilatura defaults), target "
        f"{TARGET_PAGES_PER_SECOND:.0f}: {'met' if fast_enough else 'not met'}",
        not_lower,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    EXTRACTION_EVAL.add_no_docs_flag(parser)
    args = parser.parse_args(argv)
    if not (args.corpus / "index.jsonl").is_file():
        print(f"extraction eval: no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    machine = machine_conditions()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = evaluate(args.corpus, EXTRACTORS)
    summary, not_lower = verdict(results)
    table = f"{report(results, machine)}\n\n{summary}."
    print("Body extraction, token level, pooled over pages (make eval)\n")
    print(table)
    if not args.no_docs:
        EXTRACTION_EVAL.write(table)
    return 0 if not_lower else 1


if __name__ == "__main__":
    sys.exit(main())
