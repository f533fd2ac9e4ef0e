"""Event coding against the sentence-level gold: newsstream beside a keyword coder.

The gold files (``tests/gold/sentences/<corpus id>.yaml``) list sentences of corpus articles,
each with its factual events as ``CAMEO event code | actor code | target code`` ('180 | ISRMIL |
PSE'; '---' is an unknown country). Every sentence is coded alone, from a record that carries
only its text: newsstream gets the JSON line ``{"text": sentence}`` that ``newsstream enrich``
reads and runs the enricher's batch code on it. Only its factual events (modality asserted or
reported) are predictions: the distinct (``cameo_code``, actor code, target code) triples of a
sentence, as the gold lists a repeated triple once; a participant's code is its ``code`` or,
from a coder without actor codes, its ``country_code`` or '---' (a missing target is '---').

Per sentence, the system's events are matched one to one with the gold events (a maximum
matching) under each of four rules, and TP (matched), FP (unmatched system events) and FN
(unmatched gold events) are pooled over all sentences:

- root: the roots (first two digits of the codes) are equal;
- full code: the event codes are equal;
- root + actor country: roots equal, and the actor's and the target's countries (the first three
  letters of their codes: 'ISR' of 'ISRMIL', 'IGO' of 'IGOUNO') equal;
- root + actor code: roots equal, and the actor's and the target's codes equal.

For root 04 (consult) actor and target may be swapped. Event/no-event accuracy is the share of
sentences where the system has at least one factual event exactly when the gold has one.

The keyword baseline (``evaluation/baselines.py``, ``keyword_event``) parses each sentence with
plain spaCy and gives at most one event: the code of its first event word, with the countries of
its first and second named entities as actor and target.

    python -m evaluation.eventcoding [--gold DIR] [--show-errors] [--json PATH] [--no-docs]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import spacy
import yaml

from evaluation.baselines import UNKNOWN_ACTOR, keyword_event, plain_docs
from evaluation.reporting import (
    EVENTCODING_EVAL,
    REPO_ROOT,
    SCORE_TABLE_HEADER,
    Counts,
    score_row,
)
from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher, enrich_articles
from newsstream.ingestion.sources import article_from_json

SENTENCE_GOLD_DIR = REPO_ROOT / "tests" / "gold" / "sentences"
EVENT_CODE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")
ACTOR_CODE = re.compile(r"^[A-Z-]{3}(?:[A-Z]{3})*$")
COUNTRY_CHARS = 3
CODED_LAYOUT = "event code | actor code | target code"
FACTUAL = frozenset({"asserted", "reported"})
UNORDERED_ROOTS = frozenset({"04"})
SYSTEMS = ("newsstream", "keyword baseline")


class GoldFormatError(ValueError):
    """A malformed gold file; the message names the file and the item."""


@dataclass(frozen=True, slots=True)
class CodedEvent:
    code: str
    actor: str
    target: str

    @property
    def root(self) -> str:
        return self.code[:2]

    def __str__(self) -> str:
        return f"{self.code} | {self.actor} | {self.target}"


@dataclass(frozen=True, slots=True)
class GoldSentence:
    file: str
    text: str
    events: tuple[CodedEvent, ...]


# --- gold ----------------------------------------------------------------------------------


def parse_event_line(line: object, layout: str = CODED_LAYOUT) -> CodedEvent:
    """One gold event line of ``layout``'s cells, none empty, the first three being the codes;
    raises ValueError saying what is wrong."""
    cells = [cell.strip() for cell in line.split("|")] if isinstance(line, str) else []
    if len(cells) != layout.count("|") + 1 or not all(cells):
        raise ValueError(f"{line!r} is not '{layout}'")
    code, actor, target = cells[:3]
    if not EVENT_CODE.match(code):
        raise ValueError(f"{line!r}: {code!r} is not a CAMEO event code")
    for participant in (actor, target):
        if not ACTOR_CODE.match(participant):
            raise ValueError(f"{line!r}: {participant!r} is not a CAMEO actor code")
    return CodedEvent(code, actor, target)


def parse_event_lines(lines: object, layout: str = CODED_LAYOUT) -> tuple[CodedEvent, ...]:
    """A gold 'events' list of ``layout`` lines; raises ValueError naming the bad event's number."""
    if not isinstance(lines, list):
        raise ValueError("'events' must be a list ('events: []' when there is none)")
    events = []
    for number, line in enumerate(lines, start=1):
        try:
            events.append(parse_event_line(line, layout))
        except ValueError as exc:
            raise ValueError(f"event {number}: {exc}") from None
    return tuple(events)


def parse_sentence(file: str, item: object) -> GoldSentence:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError("expected a mapping with 'text' and 'events'")
    if not item["text"].strip():
        raise ValueError("the text is empty")
    return GoldSentence(file, item["text"], parse_event_lines(item.get("events")))


def load_sentence_file(path: Path) -> list[GoldSentence]:
    """The sentences of one gold file; raises GoldFormatError."""
    try:
        spec = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise GoldFormatError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("sentences"), list):
        raise GoldFormatError(f"{path.name}: expected a mapping with a 'sentences' list")
    # An unquoted 045 is the number 37 to YAML: the check catches it.
    if spec.get("corpus_id") != path.stem:
        raise GoldFormatError(
            f"{path.name}: corpus_id {spec.get('corpus_id')!r} is not the quoted file name"
        )
    sentences = []
    for number, item in enumerate(spec["sentences"], start=1):
        try:
            sentences.append(parse_sentence(path.name, item))
        except ValueError as exc:
            raise GoldFormatError(f"{path.name}: sentence {number}: {exc}") from None
    return sentences


def load_sentence_gold(gold_dir: Path = SENTENCE_GOLD_DIR) -> list[GoldSentence]:
    return [s for path in sorted(gold_dir.glob("*.yaml")) for s in load_sentence_file(path)]


# --- scoring -------------------------------------------------------------------------------

Matches = Callable[[CodedEvent, CodedEvent], bool]


def country(actor_code: str) -> str:
    return actor_code[:COUNTRY_CHARS]


def _participants_match(gold: CodedEvent, found: CodedEvent, key: Callable[[str], str]) -> bool:
    if key(gold.actor) == key(found.actor) and key(gold.target) == key(found.target):
        return True
    return gold.root in UNORDERED_ROOTS and (
        key(gold.actor) == key(found.target) and key(gold.target) == key(found.actor)
    )


def same_root(gold: CodedEvent, found: CodedEvent) -> bool:
    return gold.root == found.root


def same_code(gold: CodedEvent, found: CodedEvent) -> bool:
    return gold.code == found.code


def same_root_and_countries(gold: CodedEvent, found: CodedEvent) -> bool:
    return same_root(gold, found) and _participants_match(gold, found, country)


def same_root_and_actor_codes(gold: CodedEvent, found: CodedEvent) -> bool:
    return same_root(gold, found) and _participants_match(gold, found, str)


MEASURES: dict[str, Matches] = {
    "root": same_root,
    "full code": same_code,
    "root + actor country": same_root_and_countries,
    "root + actor code": same_root_and_actor_codes,
}


def matched_pairs(gold: Sequence[CodedEvent], found: Sequence[CodedEvent], matches: Matches) -> int:
    """The number of one-to-one matched pairs; first fit is a maximum matching because every
    rule is an equivalence (root 04's swap included)."""
    unmatched = list(gold)
    for event in found:
        partner = next((g for g in unmatched if matches(g, event)), None)
        if partner is not None:
            unmatched.remove(partner)
    return len(gold) - len(unmatched)


def score_sentence(
    gold: Sequence[CodedEvent], found: Sequence[CodedEvent], matches: Matches
) -> Counts:
    pairs = matched_pairs(gold, found, matches)
    return Counts(pairs, len(found) - pairs, len(gold) - pairs)


def measure_counts() -> dict[str, Counts]:
    """Empty counts for each of MEASURES."""
    return {name: Counts() for name in MEASURES}


def add_counts(
    counts: Mapping[str, Counts], gold: Sequence[CodedEvent], found: Sequence[CodedEvent]
) -> None:
    """Add one unit's (a sentence's or an article's) TP, FP and FN under each measure."""
    for name, matches in MEASURES.items():
        counts[name].add(score_sentence(gold, found, matches))


def is_exact(gold: Sequence[CodedEvent], found: Sequence[CodedEvent]) -> bool:
    """Whether every event is matched under every measure."""
    return all(
        counts.false_positives == counts.false_negatives == 0
        for counts in (score_sentence(gold, found, matches) for matches in MEASURES.values())
    )


@dataclass(slots=True)
class SystemScores:
    counts: dict[str, Counts] = field(default_factory=measure_counts)
    sentences: int = 0
    agreeing_sentences: int = 0

    def add(self, gold: Sequence[CodedEvent], found: Sequence[CodedEvent]) -> None:
        add_counts(self.counts, gold, found)
        self.sentences += 1
        self.agreeing_sentences += bool(gold) == bool(found)

    @property
    def event_accuracy(self) -> float:
        return self.agreeing_sentences / self.sentences if self.sentences else 0.0


def score_system(
    sentences: Sequence[GoldSentence], found: Sequence[Sequence[CodedEvent]]
) -> SystemScores:
    scores = SystemScores()
    for sentence, events in zip(sentences, found, strict=True):
        scores.add(sentence.events, events)
    return scores


# --- the two systems -----------------------------------------------------------------------


def participant_code(participant: Mapping[str, Any] | None) -> str:
    if participant is None:
        return UNKNOWN_ACTOR
    return participant.get("code") or participant["country_code"] or UNKNOWN_ACTOR


def factual_coded_events(record: Mapping[str, Any]) -> list[CodedEvent]:
    """The distinct coded triples of the record's factual events, in order."""
    events = (
        CodedEvent(
            event["cameo_code"], participant_code(event["actor"]), participant_code(event["target"])
        )
        for event in record["events"]
        if event["modality"] in FACTUAL
    )
    return list(dict.fromkeys(events))


def newsstream_events(
    sentences: Sequence[GoldSentence], settings: Settings
) -> list[list[CodedEvent]]:
    articles = [article_from_json({"text": sentence.text}) for sentence in sentences]
    return [factual_coded_events(r) for r in enrich_articles(Enricher(settings), articles)]


def keyword_events(sentences: Sequence[GoldSentence], settings: Settings) -> list[list[CodedEvent]]:
    nlp = spacy.load(settings.spacy_model)
    events = (keyword_event(doc) for doc in plain_docs(nlp, (s.text for s in sentences)))
    return [[CodedEvent(*event)] if event else [] for event in events]


# --- report --------------------------------------------------------------------------------


def measure_rows(counts: Mapping[str, Mapping[str, Counts]], prefix: str = "") -> list[str]:
    """Score table rows, per measure one per system, from ``counts[system][measure]``."""
    return [
        score_row(prefix + measure, system, by_measure[measure])
        for measure in MEASURES
        for system, by_measure in counts.items()
    ]


def report(
    sentences: Sequence[GoldSentence], scores: Mapping[str, SystemScores], model: str
) -> str:
    articles = len({sentence.file for sentence in sentences})
    gold_events = sum(len(sentence.events) for sentence in sentences)
    rows = measure_rows({system: scores[system].counts for system in SYSTEMS})
    accuracy = ", ".join(
        f"{system} {scores[system].event_accuracy:.3f} "
        f"({scores[system].agreeing_sentences}/{scores[system].sentences})"
        for system in SYSTEMS
    )
    return "\n".join(
        [
            f"Sentence gold: {len(sentences)} sentences of {articles} articles, {gold_events} gold "
            f"events; each sentence coded alone; model `{model}`.",
            "",
            SCORE_TABLE_HEADER,
            *rows,
            "",
            f"Event/no-event accuracy per sentence: {accuracy}.",
        ]
    )


def figures(
    sentences: Sequence[GoldSentence], scores: Mapping[str, SystemScores]
) -> dict[str, Any]:
    def measure(counts: Counts) -> dict[str, float | int]:
        return {
            "precision": counts.precision,
            "recall": counts.recall,
            "f1": counts.f1,
            "tp": counts.true_positives,
            "fp": counts.false_positives,
            "fn": counts.false_negatives,
        }

    return {
        "sentences": len(sentences),
        "articles": len({sentence.file for sentence in sentences}),
        "gold_events": sum(len(sentence.events) for sentence in sentences),
        "systems": {
            system: {
                **{name: measure(counts) for name, counts in scores[system].counts.items()},
                "event_accuracy": scores[system].event_accuracy,
            }
            for system in SYSTEMS
        },
    }


def print_errors(sentences: Sequence[GoldSentence], found: Sequence[Sequence[CodedEvent]]) -> None:
    for sentence, events in zip(sentences, found, strict=True):
        if is_exact(sentence.events, events):
            continue
        print(f"\n{sentence.file}: {sentence.text}")
        for event in sentence.events:
            print(f"  gold:       {event}")
        for event in events:
            print(f"  newsstream: {event}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=SENTENCE_GOLD_DIR)
    parser.add_argument("--show-errors", action="store_true", help="newsstream's wrong sentences")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures there")
    EVENTCODING_EVAL.add_no_docs_flag(parser)
    args = parser.parse_args(argv)
    try:
        sentences = load_sentence_gold(args.gold)
    except GoldFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not sentences:
        print(f"eventcoding eval skipped: no gold sentences in {args.gold}", file=sys.stderr)
        return 0
    settings = Settings()
    found = {
        "newsstream": newsstream_events(sentences, settings),
        "keyword baseline": keyword_events(sentences, settings),
    }
    scores = {system: score_system(sentences, found[system]) for system in SYSTEMS}
    if args.show_errors:
        print_errors(sentences, found["newsstream"])
    table = report(sentences, scores, settings.spacy_model)
    print("\nEvent coding against the sentence gold (make eval)\n")
    print(table)
    if args.json:
        args.json.write_bytes(orjson.dumps(figures(sentences, scores), option=orjson.OPT_INDENT_2))
    if not args.no_docs:
        EVENTCODING_EVAL.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
