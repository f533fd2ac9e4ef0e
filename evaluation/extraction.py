"""Body-extraction quality on the development corpus: ours beside plain trafilatura.

Every corpus page with an expectation is extracted twice: with newsstream's extractor
(``extract_article``, as the scraper runs it) and with ``trafilatura.extract`` on its defaults.
Scores are token level (lower-cased words), pooled over the pages of each kind of expectation:

- ``full``: the whole expected text (newspaper, newspaper4k) or article HTML (Readability):
  precision and recall of the extracted words against the expected words (as multisets);
- ``prefix``: the expected beginning of the text (goose3): the same, against as many words
  from the start of the extracted text as the prefix has;
- ``snippets``: segments that must be in the text and boilerplate that must not (trafilatura's
  evaluation set): a found "with" segment counts its words as true positives, a missing one
  as false negatives, a found "without" segment its words as false positives.

The expectations come from other extractors' test suites: references, not perfect gold.

    python -m evaluation.extraction [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import orjson
import trafilatura

from evaluation.reporting import Counts
from newsstream.scraper.extraction import ExtractionError, extract_article

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
        return extract_article(page, kind="html", url=url)["text"]
    except (ExtractionError, ValueError):
        return ""


def plain_trafilatura(page: bytes, url: str | None) -> str:
    return trafilatura.extract(page) or ""


def evaluate(corpus: Path, extractors: dict[str, Extractor]) -> dict[str, dict[str, PageCounts]]:
    """Pooled counts per extractor and per kind of expectation (and "all")."""
    results = {name: {} for name in extractors}
    for row, expectation in expectations(corpus):
        page = gzip.decompress((corpus / row["file"]).read_bytes())
        for name, extract in extractors.items():
            counts = score(extract(page, row.get("url")), expectation)
            for kind in (expectation.kind, "all"):
                results[name].setdefault(kind, PageCounts()).add(counts)
    return results


def report(results: dict[str, dict[str, PageCounts]]) -> str:
    lines = [
        "| pages | expectation | extractor | precision | recall | F1 |",
        "| ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for kind in ("full", "prefix", "snippets", "all"):
        for name, by_kind in results.items():
            counts = by_kind.get(kind)
            if counts is not None:
                lines.append(
                    f"| {counts.pages} | {kind} | {name} | {counts.precision:.3f} | "
                    f"{counts.recall:.3f} | {counts.f1:.3f} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "index.jsonl").is_file():
        print(f"extraction eval: no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = evaluate(
            args.corpus, {"newsstream": ours, "trafilatura defaults": plain_trafilatura}
        )
    print("Body extraction, token level, pooled over pages (make eval)\n")
    print(report(results))
    ours_f1 = results["newsstream"]["all"].f1
    baseline_f1 = results["trafilatura defaults"]["all"].f1
    verdict = "not lower" if ours_f1 >= baseline_f1 else "LOWER"
    print(f"\nnewsstream F1 {ours_f1:.3f} vs trafilatura defaults {baseline_f1:.3f}: {verdict}")
    return 0 if ours_f1 >= baseline_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
