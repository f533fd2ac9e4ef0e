"""Merging quality on a gold of article pairs: do two reports of one event share a merged event?

The gold (``tests/gold/merging/pairs.yaml``, written by following ``tests/gold/GUIDELINE.md``)
lists pairs of ``../shared/corpus`` pages that report the same real-world event (the same actors,
the same act, the same days), as their main story or in passing, and pairs that do not, each with
the reason, decided by reading both articles.

Every page of the gold is extracted with newsstream's extractor as the scraper sends it (its
original address, the publication date its page gives) and enriched offline with the worker's
batch code, as ``evaluation/enrichment.py`` does. The events then go through the merger's own
functions as the merge agent (``services/merger/app.py``) runs them, without Kafka: each event
is decoded from its JSON as the agent decodes a message, only facts merge, each is merged under
its merge key with the time of its article (the publication time; the scrape time for an undated
page), the articles in order of publication, with one stream clock (one merge partition: the
strictest, a mention whose day is more than the horizon behind the latest article is late).

A pair is merged when its two articles have at least one merged event in common. Pairwise
precision and recall: a same-event pair merged is a true positive, a different-event pair merged
a false positive, a same-event pair not merged a false negative. The second row is a diagnostic:
whether the two articles have events with the same merge key (actor code, target code, CAMEO
root), whatever their days and places: the most the merger could merge of the event coder's
output.

    python -m evaluation.merging [--corpus ../shared/corpus] [--gold FILE] [--show-pairs]
                                 [--no-docs]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import yaml

from evaluation.enrichment import DEFAULT_CORPUS, CorpusMissing, corpus_article, corpus_rows
from evaluation.eventcoding import GoldFormatError
from evaluation.reporting import MERGING_EVAL, REPO_ROOT, SCORE_TABLE_HEADER, Counts, score_row
from newsstream.common.records import RawArticle
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher, enrich_articles
from newsstream.merger.merging import (
    Mention,
    MergePolicy,
    add_mention,
    is_fact,
    merge_key,
    parse_time,
    to_mention,
)
from newsstream.merger.messages import decode_event
from newsstream.merger.state import OpenEvent

GOLD_FILE = REPO_ROOT / "tests" / "gold" / "merging" / "pairs.yaml"
COVERAGES = ("main", "background")
GOLD_LISTS = {"same_event": True, "different_events": False}


@dataclass(frozen=True, slots=True)
class GoldPair:
    first: str
    second: str
    same_event: bool
    reason: str
    coverage: str | None = None  # same-event pairs: 'main' or 'background'

    @property
    def ids(self) -> tuple[str, str]:
        return self.first, self.second


# --- gold ----------------------------------------------------------------------------------


def parse_pair(item: object, same_event: bool) -> GoldPair:
    """One item of a gold list; raises ValueError saying what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("expected a mapping with 'articles' and 'reason'")
    articles = item.get("articles")
    if (
        not isinstance(articles, list)
        or len(articles) != 2
        or not all(isinstance(article, str) for article in articles)
    ):
        raise ValueError(f"'articles' must be two quoted corpus ids, not {articles!r}")
    if articles[0] == articles[1]:
        raise ValueError(f"an article paired with itself: {articles[0]!r}")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("the reason is missing")
    coverage = item.get("coverage")
    if same_event and coverage not in COVERAGES:
        raise ValueError(f"'coverage' must be one of {COVERAGES}, not {coverage!r}")
    if not same_event and coverage is not None:
        raise ValueError("only a same-event pair has a 'coverage'")
    return GoldPair(articles[0], articles[1], same_event, reason, coverage)


def parse_gold(spec: object, corpus_ids: Iterable[str]) -> list[GoldPair]:
    """The pairs of a gold file's content; raises GoldFormatError naming the list and item."""
    if not isinstance(spec, dict) or set(spec) != set(GOLD_LISTS):
        raise GoldFormatError(f"expected a mapping with the lists {list(GOLD_LISTS)}")
    known = set(corpus_ids)
    pairs: list[GoldPair] = []
    seen: dict[frozenset[str], str] = {}
    for name, same_event in GOLD_LISTS.items():
        if not isinstance(spec[name], list):
            raise GoldFormatError(f"{name}: expected a list")
        for number, item in enumerate(spec[name], start=1):
            where = f"{name} {number}"
            try:
                pair = parse_pair(item, same_event)
            except ValueError as exc:
                raise GoldFormatError(f"{where}: {exc}") from None
            unknown = [article for article in pair.ids if article not in known]
            if unknown:
                raise GoldFormatError(f"{where}: no corpus page {unknown[0]!r}")
            if (earlier := seen.get(frozenset(pair.ids))) is not None:
                raise GoldFormatError(f"{where}: the pair is already {earlier}")
            seen[frozenset(pair.ids)] = where
            pairs.append(pair)
    return pairs


def load_gold(path: Path, corpus_ids: Iterable[str]) -> list[GoldPair]:
    try:
        spec = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise GoldFormatError(f"{path.name}: not valid YAML: {exc}") from None
    try:
        return parse_gold(spec, corpus_ids)
    except GoldFormatError as exc:
        raise GoldFormatError(f"{path.name}: {exc}") from None


# --- merging, as the merge agent does ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleEvents:
    """An article's enriched events and the time its events would be published at."""

    article_id: str
    timestamp: float
    events: Sequence[Mapping[str, Any]]


@dataclass(slots=True)
class ArticleLinks:
    """What became of an article's facts: the merged events they joined, their merge keys."""

    merged: set[str] = field(default_factory=set)
    keys: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


@dataclass(slots=True)
class MergeRun:
    links: dict[str, ArticleLinks]
    outcomes: Counter[str]
    merged_events: dict[str, OpenEvent]


def fact_mentions(articles: Iterable[ArticleEvents]) -> list[tuple[str, Mention]]:
    """Each article's facts as the merge agent takes them, decoded from their JSON, in order of
    their time (an article's own in their order)."""
    mentions = []
    for article in articles:
        for value in article.events:
            event = decode_event(orjson.dumps(value))
            if is_fact(event):
                mentions.append((merge_key(event), to_mention(event, article.timestamp)))
    return sorted(mentions, key=lambda keyed: keyed[1].time)


def merge_articles(articles: Sequence[ArticleEvents], policy: MergePolicy) -> MergeRun:
    """Merge the articles' facts with one stream clock, as one partition of the agent does."""
    buckets: dict[str, list[OpenEvent]] = {}
    run = MergeRun({a.article_id: ArticleLinks() for a in articles}, Counter(), {})
    stream_time = -math.inf
    for key, mention in fact_mentions(articles):
        stream_time = max(stream_time, mention.time)
        outcome = add_mention(buckets.get(key, []), mention, key, stream_time, policy)
        buckets[key] = outcome.events
        run.outcomes[outcome.kind] += 1
        links = run.links[mention.event.article_id]
        links.keys[key].add(mention.day)
        if outcome.event is not None:
            links.merged.add(outcome.event.id)
            run.merged_events[outcome.event.id] = outcome.event
    return run


# --- scoring -------------------------------------------------------------------------------


def score_pairs(pairs: Sequence[GoldPair], merged: Sequence[bool]) -> Counts:
    """Pairwise counts: a merged same-event pair is a true positive, a merged different-event
    pair a false positive, an unmerged same-event pair a false negative."""
    counts = Counts()
    for pair, is_merged in zip(pairs, merged, strict=True):
        if pair.same_event and is_merged:
            counts.true_positives += 1
        elif is_merged:
            counts.false_positives += 1
        elif pair.same_event:
            counts.false_negatives += 1
    return counts


def share_an_event(pair: GoldPair, links: Mapping[str, ArticleLinks]) -> bool:
    return bool(links[pair.first].merged & links[pair.second].merged)


def share_a_key(pair: GoldPair, links: Mapping[str, ArticleLinks]) -> bool:
    return bool(links[pair.first].keys.keys() & links[pair.second].keys.keys())


# --- the system ----------------------------------------------------------------------------


def gold_articles(corpus: Path, pairs: Sequence[GoldPair]) -> dict[str, RawArticle]:
    """The gold's corpus pages by corpus id, extracted as the scraper sends them."""
    rows = corpus_rows(corpus)
    ids = sorted({article for pair in pairs for article in pair.ids})
    return {corpus_id: corpus_article(corpus, rows[corpus_id]) for corpus_id in ids}


def article_time(article: RawArticle) -> float:
    """When the article's events would be published: its scrape time (the merger takes the
    publication time when it is earlier)."""
    time = parse_time(article.fetched_at)
    assert time is not None, article.fetched_at  # a schema-valid date-time
    return time


def newsstream_links(articles: Mapping[str, RawArticle], settings: Settings) -> MergeRun:
    """Enrich the articles offline and merge their events; links by corpus id."""
    records = enrich_articles(Enricher(settings), list(articles.values()))
    run = merge_articles(
        [
            ArticleEvents(record["id"], article_time(article), record["events"])
            for article, record in zip(articles.values(), records, strict=True)
        ],
        MergePolicy.from_settings(settings),
    )
    by_article_id = {article.id: corpus_id for corpus_id, article in articles.items()}
    run.links = {by_article_id[article_id]: links for article_id, links in run.links.items()}
    return run


# --- report --------------------------------------------------------------------------------


def merged_share(pairs: Sequence[GoldPair], merged: Sequence[bool], **selection: object) -> str:
    chosen = [
        is_merged
        for pair, is_merged in zip(pairs, merged, strict=True)
        if all(getattr(pair, name) == value for name, value in selection.items())
    ]
    return f"{sum(chosen)} of {len(chosen)}"


def report(pairs: Sequence[GoldPair], run: MergeRun, model: str) -> str:
    by_event = [share_an_event(pair, run.links) for pair in pairs]
    by_key = [share_a_key(pair, run.links) for pair in pairs]
    same = sum(pair.same_event for pair in pairs)
    multi = sum(len(event.articles) > 1 for event in run.merged_events.values())
    facts = sum(run.outcomes.values())
    return "\n".join(
        [
            f"Merging gold: {same} same-event pairs and {len(pairs) - same} different-event "
            f"pairs of {len(run.links)} corpus articles; model `{model}`. The articles gave "
            f"{facts} facts: {len(run.merged_events)} merged events ({multi} of more than one "
            f"article), {run.outcomes['late']} facts too late to merge (their day more than the "
            "horizon before the latest article).",
            "",
            SCORE_TABLE_HEADER,
            score_row("pairs sharing a merged event", "newsstream", score_pairs(pairs, by_event)),
            score_row(
                "pairs sharing a merge key, any day or place (diagnostic)",
                "newsstream",
                score_pairs(pairs, by_key),
            ),
            "",
            "Same-event pairs merged: "
            f"{merged_share(pairs, by_event, same_event=True, coverage='main')} about both "
            "articles' main story, "
            f"{merged_share(pairs, by_event, same_event=True, coverage='background')} stated "
            "in passing by at least one of them.",
        ]
    )


def print_pairs(pairs: Sequence[GoldPair], run: MergeRun) -> None:
    for pair in pairs:
        first, second = run.links[pair.first], run.links[pair.second]
        merged = share_an_event(pair, run.links)
        verdict = {(True, True): "TP", (False, True): "FP", (True, False): "FN"}
        print(f"\n[{verdict.get((pair.same_event, merged), 'TN')}] {pair.first} {pair.second}")
        print(f"  {pair.reason}")
        for key in sorted(first.keys.keys() & second.keys.keys()):
            days = [", ".join(map(iso_day, sorted(links.keys[key]))) for links in (first, second)]
            print(f"  same merge key {key}: days {days[0]} / {days[1]}")


def iso_day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=GOLD_FILE)
    parser.add_argument("--show-pairs", action="store_true", help="each pair and shared keys")
    MERGING_EVAL.add_no_docs_flag(parser)
    args = parser.parse_args(argv)
    try:
        rows = corpus_rows(args.corpus)
    except CorpusMissing as exc:
        print(f"merging eval skipped: {exc} (give --corpus)", file=sys.stderr)
        return 0
    try:
        pairs = load_gold(args.gold, rows)
    except (GoldFormatError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    settings = Settings()
    run = newsstream_links(gold_articles(args.corpus, pairs), settings)
    if args.show_pairs:
        print_pairs(pairs, run)
    table = report(pairs, run, settings.spacy_model)
    print("\nMerging against the pair gold (make eval)\n")
    print(table)
    if not args.no_docs:
        MERGING_EVAL.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
