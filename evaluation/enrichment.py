"""Enrichment quality on the hand-annotated development set: ours beside plain spaCy.

The gold files (``tests/gold/articles/*.yaml``, written by following ``tests/gold/GUIDELINE.md``)
give, per article, the distinct entities (canonical name, label) and the factual CAMEO events as
``event code | actor code | target code | actor name | target name`` (the names are not scored).
Corpus pages are extracted at evaluation time from ``../shared/corpus`` with newsstream's
extractor and cut to the paragraphs that start within the first 3,000 characters: the text that
was annotated (its SHA-256 is in the gold file).

Entities, labels PERSON, ORG, GPE, LOC, NORP only, scored per article:

- a system entity whose name (case, leading 'the', trailing possessive, periods and apostrophe
  styles aside) is a gold entity's canonical or also-accepted name, with an accepted label, is a
  true positive, if that gold entity was not matched already;
- any other system entity, including a second one for an already matched gold entity (the
  unmerged 'Putin' beside 'Vladimir Putin'), is a false positive; unmatched gold entities are
  false negatives.

"plain spaCy" is the same model package loaded with its default components (no entity ruler,
gazetteer or canonicalisation), its entities being the distinct (text, label) pairs of
``doc.ents``.

Events are ours only, scored exactly as ``evaluation/eventcoding.py`` scores a sentence, with the
article as the unit: the distinct (``cameo_code``, actor code, target code) triples of the
article's factual events (modality asserted or reported; a participant's code as there) are
matched one to one with the gold triples under each of four rules (root; full code; root + actor
country; root + actor code; root 04 in either order), and TP, FP and FN are pooled over all
articles. A malformed gold event line stops the evaluation with its file and event number.

    python -m evaluation.enrichment [--corpus ../shared/corpus] [--no-docs]
    python -m evaluation.enrichment --show 161       # the text to annotate
    python -m evaluation.enrichment --write-hashes   # after (re-)annotating
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import spacy
import yaml

from evaluation.baselines import plain_docs
from evaluation.eventcoding import (
    CODED_LAYOUT,
    CodedEvent,
    GoldFormatError,
    add_counts,
    factual_coded_events,
    measure_counts,
    measure_rows,
    parse_event_lines,
)
from evaluation.reporting import (
    ENRICHMENT_EVAL,
    REPO_ROOT,
    SCORE_TABLE_HEADER,
    Counts,
    score_row,
)
from newsstream.common.articles import build_raw_article
from newsstream.common.records import RawArticle
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher, enrich_articles
from newsstream.ingestion.extraction import extract_article

GOLD_DIR = REPO_ROOT / "tests" / "gold" / "articles"
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
ANNOTATED_CHARS = 3000
EVAL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
ARTICLE_EVENT_LAYOUT = f"{CODED_LAYOUT} | actor name | target name"
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2010": "-", ".": ""})
_SPACES = re.compile(r"\s+")


class CorpusMissing(RuntimeError):
    """The gold set names corpus pages, and ../shared/corpus is not there."""


def match_key(name: str) -> str:
    """The form in which names are compared: 'the U.S.\u2019s' and 'US' are alike."""
    folded = _SPACES.sub(" ", name.translate(_FOLD)).strip().casefold()
    folded = folded.removeprefix("the ")
    return folded.removesuffix("'s").removesuffix("'").strip()


# --- gold ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    labels: frozenset[str]
    keys: frozenset[str]


@dataclass(slots=True)
class GoldArticle:
    path: Path
    text: str
    title: str | None
    published: str | None
    url: str | None
    entities: list[GoldEntity]
    events: tuple[CodedEvent, ...]
    stored_sha256: str | None

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def annotated_text(text: str) -> str:
    """The paragraphs that start within the first ANNOTATED_CHARS characters."""
    kept: list[str] = []
    length = 0
    for paragraph in text.split("\n\n"):
        if kept and length + len(paragraph) + 2 > ANNOTATED_CHARS:
            break
        kept.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(kept)


def parse_entity(line: str) -> GoldEntity:
    name, labels, *also = (cell.strip() for cell in line.split("|"))
    names = [name, *(alias.strip() for alias in also[0].split(";"))] if also else [name]
    return GoldEntity(name, frozenset(labels.split()), frozenset(map(match_key, names)))


def gold_events(path: Path, spec: dict[str, Any]) -> tuple[CodedEvent, ...]:
    """The coded events of a gold file's ``events`` lines; raises GoldFormatError naming the file
    and the event."""
    try:
        return parse_event_lines(spec.get("events"), ARTICLE_EVENT_LAYOUT)
    except ValueError as exc:
        raise GoldFormatError(f"{path.name}: {exc}") from None


def corpus_rows(corpus: Path) -> dict[str, dict[str, Any]]:
    index = corpus / "index.jsonl"
    if not index.is_file():
        raise CorpusMissing(f"no corpus at {corpus}")
    rows = (orjson.loads(line) for line in index.read_bytes().splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def corpus_article(corpus: Path, row: dict[str, Any]) -> RawArticle:
    """A corpus page as the scraper would send it: extracted by newsstream from the raw HTML,
    under its original address."""
    page = gzip.decompress((corpus / row["file"]).read_bytes())
    return extract_article(page, kind="html", url=row.get("url"))


def corpus_text(corpus: Path, row: dict[str, Any]) -> str:
    return corpus_article(corpus, row).text


def load_gold(corpus: Path, gold_dir: Path = GOLD_DIR) -> list[GoldArticle]:
    """Every gold article with the text it was annotated on; raises CorpusMissing or
    GoldFormatError."""
    rows = corpus_rows(corpus)
    articles = []
    for path in sorted(gold_dir.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text("utf-8"))
        if "fixture" in spec:
            text = (REPO_ROOT / spec["fixture"]).read_text("utf-8").strip()
            title, published, url = spec.get("title"), spec.get("published"), None
        else:
            row = rows[spec["corpus_id"]]
            text = corpus_text(corpus, row)
            title, published, url = row.get("title"), row.get("published"), row.get("url")
        articles.append(
            GoldArticle(
                path,
                annotated_text(text),
                title,
                published,
                url,
                [parse_entity(line) for line in spec["entities"]],
                gold_events(path, spec),
                spec.get("text_sha256"),
            )
        )
    return articles


def write_hashes(articles: Iterable[GoldArticle]) -> None:
    for article in articles:
        text = article.path.read_text("utf-8")
        line = f"text_sha256: {article.text_sha256}\n"
        text = re.sub(r"^text_sha256: .*\n", "", text, flags=re.M)
        article.path.write_text(text.rstrip("\n") + "\n" + line, "utf-8")


# --- scoring -------------------------------------------------------------------------------


def score_entities(gold: Sequence[GoldEntity], found: Iterable[tuple[str, str]]) -> Counts:
    """Score distinct (name, label) pairs of one article against its gold entities."""
    counts = Counts()
    matched: set[int] = set()
    distinct = dict.fromkeys((match_key(name), label) for name, label in found)
    for key, label in distinct:
        index = next(
            (i for i, e in enumerate(gold) if key in e.keys and label in e.labels),
            None,
        )
        if index is None or index in matched:
            counts.false_positives += 1
        else:
            matched.add(index)
            counts.true_positives += 1
    counts.false_negatives = len(gold) - len(matched)
    return counts


# --- the two systems -----------------------------------------------------------------------


def raw_articles(articles: Sequence[GoldArticle]) -> list[RawArticle]:
    return [
        build_raw_article(
            a.text,
            input_kind="text",
            url=a.url,
            title=a.title,
            published=a.published,
            fetched_at="2024-01-01T00:00:00Z",
        )
        for a in articles
    ]


def ours(articles: Sequence[GoldArticle], settings: Settings) -> list[dict[str, Any]]:
    return enrich_articles(Enricher(settings), raw_articles(articles))


def plain_spacy_entities(
    articles: Sequence[GoldArticle], settings: Settings
) -> list[list[tuple[str, str]]]:
    nlp = spacy.load(settings.spacy_model)
    docs = plain_docs(nlp, (a.text for a in articles))
    return [[(ent.text, ent.label_) for ent in doc.ents] for doc in docs]


def in_scope(entities: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, label) for name, label in entities if label in EVAL_LABELS]


@dataclass(slots=True)
class Scores:
    """Pooled counts: entities of both systems, and ours_events[measure] under eventcoding's
    MEASURES."""

    ours_entities: Counts = field(default_factory=Counts)
    plain_entities: Counts = field(default_factory=Counts)
    ours_events: dict[str, Counts] = field(default_factory=measure_counts)
    articles: int = 0
    gold_entities: int = 0
    gold_events: int = 0


def evaluate(articles: Sequence[GoldArticle], settings: Settings) -> Scores:
    scores = Scores(articles=len(articles))
    records = ours(articles, settings)
    plain = plain_spacy_entities(articles, settings)
    for article, record, plain_entities in zip(articles, records, plain, strict=True):
        scores.gold_entities += len(article.entities)
        scores.gold_events += len(article.events)
        found = [(e["name"], e["label"]) for e in record["entities"]]
        scores.ours_entities.add(score_entities(article.entities, in_scope(found)))
        scores.plain_entities.add(score_entities(article.entities, in_scope(plain_entities)))
        add_counts(scores.ours_events, article.events, factual_coded_events(record))
    return scores


# --- report --------------------------------------------------------------------------------


def report(scores: Scores, model: str) -> str:
    return "\n".join(
        [
            f"Development set: {scores.articles} articles, {scores.gold_entities} gold entities, "
            f"{scores.gold_events} gold events; model `{model}`.",
            "",
            SCORE_TABLE_HEADER,
            score_row("entities (name, label)", "newsstream", scores.ours_entities),
            score_row("entities (name, label)", "plain spaCy", scores.plain_entities),
            *measure_rows({"newsstream": scores.ours_events}, prefix="events: "),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ENRICHMENT_EVAL.add_no_docs_flag(parser)
    parser.add_argument("--show", metavar="ID", help="print the annotated text of a corpus page")
    parser.add_argument("--write-hashes", action="store_true", help="store the texts' SHA-256")
    args = parser.parse_args(argv)
    try:
        if args.show:
            print(annotated_text(corpus_text(args.corpus, corpus_rows(args.corpus)[args.show])))
            return 0
        articles = load_gold(args.corpus)
    except CorpusMissing as exc:
        print(f"enrichment eval skipped: {exc} (give --corpus)", file=sys.stderr)
        return 0
    except GoldFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.write_hashes:
        write_hashes(articles)
        return 0
    for article in articles:
        if article.stored_sha256 != article.text_sha256:
            print(
                f"warning: {article.path.name}: the text differs from the annotated one",
                file=sys.stderr,
            )
    settings = Settings()
    scores = evaluate(articles, settings)
    table = report(scores, settings.spacy_model)
    print("Entities and events against the development set (make eval)\n")
    print(table)
    if not args.no_docs:
        ENRICHMENT_EVAL.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
