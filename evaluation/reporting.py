"""Shared by the evaluations and benchmarks: precision/recall counts and README tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
README = REPO_ROOT / "README.md"


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


def replace_readme_block(name: str, table: str, readme: Path = README) -> None:
    """Put ``table`` between the README's ``<!-- name:start -->`` and ``<!-- name:end -->``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text("utf-8")
    if start not in text:
        raise SystemExit(f"{readme} has no {start} marker")
    block = f"{start}\n{table}\n{end}"
    readme.write_text(re.sub(f"{start}.*?{end}", lambda _: block, text, flags=re.S), "utf-8")
