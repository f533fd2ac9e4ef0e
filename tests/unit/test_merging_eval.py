"""The merging evaluation (evaluation/merging.py): its gold loader, its pairwise scoring, and
merging articles' events as the merge agent does, on hand-built pairs and events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

from evaluation import merging as ev
from evaluation.enrichment import corpus_rows
from evaluation.eventcoding import GoldFormatError
from newsstream.common.records import Event
from newsstream.merger.merging import DAY_S, MergePolicy, parse_time

from support import MEETING_DAY, meeting_event

POLICY = MergePolicy(horizon_s=3 * DAY_S, day_tolerance=1, lead_chars=300)
CORPUS_IDS = ("001", "002", "003", "004")
GOOD_GOLD = """\
same_event:
  - articles: ["001", "002"]
    coverage: main
    reason: both report the meeting
different_events:
  - articles: ["001", "003"]
    reason: another meeting
  - articles: ["002", "004"]
    reason: another story
"""
MIN_PAIRS_OF_EACH_KIND = 30


def pair(first: str, second: str, same_event: bool) -> ev.GoldPair:
    return ev.GoldPair(first, second, same_event, "a reason", "main" if same_event else None)


def builtins(event: Event) -> dict[str, Any]:
    return msgspec.to_builtins(event)


def article(event: Event) -> ev.ArticleEvents:
    timestamp = parse_time(f"{MEETING_DAY}T12:00:00Z")
    assert timestamp is not None
    return ev.ArticleEvents(event.article_id, timestamp, [builtins(event)])


# --- scoring -------------------------------------------------------------------------------


def test_pairs_are_scored_by_whether_they_were_merged() -> None:
    pairs = [
        pair("001", "002", True),  # merged: true positive
        pair("001", "003", True),  # not merged: false negative
        pair("002", "003", False),  # merged: false positive
        pair("002", "004", False),  # not merged: right, not counted
        pair("003", "004", True),  # merged: true positive
    ]
    counts = ev.score_pairs(pairs, [True, False, True, False, True])
    assert (counts.true_positives, counts.false_positives, counts.false_negatives) == (2, 1, 1)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == pytest.approx(2 / 3)


def test_every_pair_needs_its_decision() -> None:
    with pytest.raises(ValueError):
        ev.score_pairs([pair("001", "002", True)], [])


# --- merging as the agent does -------------------------------------------------------------


def test_two_outlets_reporting_a_meeting_share_a_merged_event_and_another_day_does_not() -> None:
    first = meeting_event("https://www.example-news.com/2025/03/10/scholz-macron")
    second = meeting_event("https://paper.example.org/world/leaders-meet", code="042")
    later = meeting_event("https://radio.example.net/news/paris-talks", date_="2025-03-13")
    negated = meeting_event("https://blog.example.net/no-meeting", modality="negated")
    run = ev.merge_articles([article(e) for e in (first, second, later, negated)], POLICY)
    meeting, other, next_days = (run.links[e.article_id] for e in (first, second, later))
    assert meeting.merged == other.merged and len(meeting.merged) == 1
    assert not meeting.merged & next_days.merged
    assert meeting.keys.keys() == next_days.keys.keys() == {"DEUGOV|FRAGOV|04"}
    assert run.links[negated.article_id].keys == {}  # only facts merge
    assert run.outcomes == {"opened": 2, "joined": 1}
    [meeting] = [event for event in run.merged_events.values() if len(event.articles) == 2]
    assert meeting.sources == ["example-news.com", "paper.example.org"]


def test_a_fact_older_than_the_horizon_is_late() -> None:
    recent = meeting_event("https://www.example-news.com/today")
    old = meeting_event("https://paper.example.org/background", date_="2025-01-02")
    run = ev.merge_articles([article(recent), article(old)], POLICY)
    assert run.outcomes == {"opened": 1, "late": 1}
    assert run.links[old.article_id].merged == set()


# --- the gold ------------------------------------------------------------------------------


def test_a_gold_file_loads_its_pairs(tmp_path: Path) -> None:
    path = tmp_path / "pairs.yaml"
    path.write_text(GOOD_GOLD, "utf-8")
    pairs = ev.load_gold(path, CORPUS_IDS)
    assert [(p.ids, p.same_event, p.coverage) for p in pairs] == [
        (("001", "002"), True, "main"),
        (("001", "003"), False, None),
        (("002", "004"), False, None),
    ]


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('["001", "002"]', "[001, 002]", "same_event 1: 'articles' must be two quoted corpus ids"),
        ('["001", "002"]', '["001", "001"]', "same_event 1: an article paired with itself"),
        ('["001", "003"]', '["001", "009"]', "different_events 1: no corpus page '009'"),
        ('["002", "004"]', '["002", "001"]', "different_events 2: the pair is already same_e"),
        ("coverage: main", "coverage: most", "same_event 1: 'coverage' must be one of"),
        ("reason: another story", "reason: ''", "different_events 2: the reason is missing"),
    ],
)
def test_a_malformed_gold_file_names_the_list_and_pair(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    path = tmp_path / "pairs.yaml"
    path.write_text(GOOD_GOLD.replace(old, new, 1), "utf-8")
    with pytest.raises(GoldFormatError, match="pairs.yaml: " + complaint):
        ev.load_gold(path, CORPUS_IDS)


def test_the_committed_gold_is_valid_and_large_enough(shared_dir: Path) -> None:
    pairs = ev.load_gold(ev.GOLD_FILE, corpus_rows(shared_dir / "corpus"))
    different = [p for p in pairs if not p.same_event]
    assert len(different) >= MIN_PAIRS_OF_EACH_KIND
    # Fewer same-event pairs exist in the corpus (docs/evaluation.md): all that were found.
    assert {p.coverage for p in pairs if p.same_event} == set(ev.COVERAGES)
