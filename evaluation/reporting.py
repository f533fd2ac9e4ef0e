"""Shared by the evaluations and benchmarks: precision/recall counts and the generated tables of
the documentation (docs/)."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, other: Counts) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


SCORE_TABLE_HEADER = (
    "| scored | system | precision | recall | F1 | TP | FP | FN |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def score_row(what: str, system: str, counts: Counts) -> str:
    """One row of a table under SCORE_TABLE_HEADER."""
    return (
        f"| {what} | {system} | {counts.precision:.3f} | {counts.recall:.3f} | "
        f"{counts.f1:.3f} | {counts.true_positives} | {counts.false_positives} | "
        f"{counts.false_negatives} |"
    )


def block_pattern(name: str) -> re.Pattern[str]:
    """The generated block ``name`` of a markdown page: ``<!-- name:start -->``, its content
    (group 1), ``<!-- name:end -->``."""
    start, end = re.escape(f"<!-- {name}:start -->"), re.escape(f"<!-- {name}:end -->")
    return re.compile(f"{start}\n?(.*?)\n?{end}", re.S)


def read_block(page: Path, name: str) -> str:
    """The content of the block ``name`` of the markdown file ``page``."""
    found = block_pattern(name).findall(page.read_text("utf-8"))
    if len(found) != 1:
        raise SystemExit(f"{page} has {len(found)} blocks named {name!r}, not one")
    return found[0]


def replace_block(page: Path, name: str, content: str) -> None:
    """Put ``content`` in place of the block ``name`` of the markdown file ``page``, between its
    ``<!-- name:start -->`` and ``<!-- name:end -->`` markers."""
    read_block(page, name)
    content = content.strip("\n")
    block = f"<!-- {name}:start -->\n{content}\n<!-- {name}:end -->"
    text = block_pattern(name).sub(lambda _: block, page.read_text("utf-8"))
    page.write_text(text, "utf-8")


class GeneratedBlock(NamedTuple):
    """A table a script writes into a page of docs/, between the markers named ``name``."""

    page: Path
    name: str

    def read(self) -> str:
        return read_block(self.page, self.name)

    def write(self, content: str) -> None:
        replace_block(self.page, self.name, content)

    def add_no_docs_flag(self, parser: argparse.ArgumentParser) -> None:
        """The ``--no-docs`` option of the script that writes this block."""
        help_text = f"print only, do not write {self.page.relative_to(REPO_ROOT)}"
        parser.add_argument("--no-docs", dest="no_docs", action="store_true", help=help_text)


SETTINGS_TABLE = GeneratedBlock(DOCS / "configuration.md", "settings-table")
PIPELINE_BENCH = GeneratedBlock(DOCS / "performance.md", "bench")
EVENT_CODING_BENCH = GeneratedBlock(DOCS / "performance.md", "event-coding-bench")
ENRICH_THROUGHPUT = GeneratedBlock(DOCS / "performance.md", "enrich-throughput")
EXTRACTION_EVAL = GeneratedBlock(DOCS / "evaluation.md", "extraction-eval")
ENRICHMENT_EVAL = GeneratedBlock(DOCS / "evaluation.md", "enrichment-eval")
EVENTCODING_EVAL = GeneratedBlock(DOCS / "evaluation.md", "eventcoding")
MERGING_EVAL = GeneratedBlock(DOCS / "evaluation.md", "merging-eval")
GENERATED_BLOCKS = (
    SETTINGS_TABLE,
    PIPELINE_BENCH,
    EVENT_CODING_BENCH,
    ENRICH_THROUGHPUT,
    EXTRACTION_EVAL,
    ENRICHMENT_EVAL,
    EVENTCODING_EVAL,
    MERGING_EVAL,
)
