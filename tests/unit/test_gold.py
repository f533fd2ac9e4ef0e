"""The development set (tests/gold) and its scorer (evaluation/enrichment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaluation import enrichment as ev
from newsstream.common.settings import Settings

from processes import REPO_ROOT

CAMEO_ROOTS = {f"{root:02d}" for root in range(1, 21)}
MIN_CORPUS_ARTICLES = 30


def gold_specs() -> list[tuple[Path, dict]]:
    return [
        (path, yaml.safe_load(path.read_text("utf-8")))
        for path in sorted(ev.GOLD_DIR.glob("*.yaml"))
    ]


# --- the gold files ------------------------------------------------------------------------


def test_the_set_has_the_seed_and_enough_corpus_articles() -> None:
    specs = [spec for _, spec in gold_specs()]
    assert sum("corpus_id" in spec for spec in specs) >= MIN_CORPUS_ARTICLES
    [seed] = [spec for spec in specs if "fixture" in spec]
    assert (REPO_ROOT / seed["fixture"]).is_file()
    assert len({spec.get("corpus_id") for spec in specs}) == len(specs)


@pytest.mark.parametrize(
    ("path", "spec"), gold_specs(), ids=lambda value: getattr(value, "stem", "")
)
def test_gold_files_follow_the_guideline(path: Path, spec: dict) -> None:
    assert spec.get("text_sha256"), f"{path.name}: run evaluation/enrichment.py --write-hashes"
    entities = [ev.parse_entity(line) for line in spec["entities"]]
    names = [entity.name for entity in entities]
    assert len(names) == len(set(names)), "one entry per entity"
    for entity in entities:
        assert entity.labels & ev.EVAL_LABELS, entity
        assert ev.match_key(entity.name) in entity.keys
    keys = [key for entity in entities for key in entity.keys]
    assert len(keys) == len(set(keys)), "a name may stand for one entity only"
    for event in (ev.parse_event(line) for line in spec["events"]):
        assert event.root in CAMEO_ROOTS, event
        assert event.actor in names, event
        assert event.target is None or event.target in names, event


@pytest.fixture(scope="module")
def gold(shared_dir: Path) -> list[ev.GoldArticle]:
    return ev.load_gold(shared_dir / "corpus")


def test_gold_texts_are_the_annotated_ones(gold: list[ev.GoldArticle]) -> None:
    changed = [a.path.name for a in gold if a.stored_sha256 != a.text_sha256]
    assert not changed, f"the extracted text changed since annotation: re-read {changed}"


# --- the scorer ----------------------------------------------------------------------------


def article(entities: list[str], events: list[str]) -> object:
    return ev.GoldArticle(
        Path("x.yaml"),
        "text",
        None,
        None,
        None,
        [ev.parse_entity(line) for line in entities],
        [ev.parse_event(line) for line in events],
        None,
    )


def test_names_compare_without_case_article_periods_and_possessive() -> None:
    assert ev.match_key("the U.S.\u2019s") == ev.match_key("US") == "us"
    assert ev.match_key("The Daily Beast") == "daily beast"


def test_entity_scores_count_unmerged_variants_as_false_positives() -> None:
    gold = article(
        ["Vladimir Putin | PERSON", "West Bank | GPE LOC", "Danang | GPE | Da Nang"], []
    ).entities
    counts = ev.score_entities(
        gold,
        [
            ("Vladimir Putin", "PERSON"),
            ("Putin", "PERSON"),  # not merged: a false positive
            ("the West Bank", "LOC"),  # an accepted label
            ("Da Nang", "GPE"),  # an accepted name
            ("Da Nang", "GPE"),  # the same pair twice counts once
            ("Danang", "GPE"),  # a second entity for one gold entity
            ("Russia", "GPE"),
        ],
    )
    assert (counts.true_positives, counts.false_positives, counts.false_negatives) == (3, 3, 0)
    missing = ev.score_entities(gold, [("Vladimir Putin", "ORG")])
    assert (missing.true_positives, missing.false_positives, missing.false_negatives) == (0, 1, 3)


def test_event_scores_match_root_actor_and_target() -> None:
    gold = article(
        ["Vladimir Putin | PERSON", "Donald Trump | PERSON", "United Nations | ORG | UN"],
        [
            "04 | Vladimir Putin | Donald Trump",
            "02 | Donald Trump | United Nations",
            "01 | Donald Trump | -",
        ],
    )
    Event = ev.GoldEvent
    counts = ev.score_events(
        gold,
        [
            Event("04", "Donald Trump", "Vladimir Putin"),  # consultations in either order
            Event("02", "United Nations", "Donald Trump"),  # other roots keep their direction
            Event("02", "Donald Trump", "UN"),
            Event("01", "Donald Trump", "United Nations"),  # a target where there is none
        ],
    )
    assert (counts.true_positives, counts.false_positives, counts.false_negatives) == (2, 2, 1)


def test_only_factual_events_are_scored() -> None:
    def event(modality: str) -> dict:
        return {
            "cameo_root": "04",
            "modality": modality,
            "actor": {"name": "Iran"},
            "target": None,
        }

    record = {"events": [event(m) for m in ("asserted", "reported", "refused", "intended")]}
    assert ev.factual_events(record) == [ev.GoldEvent("04", "Iran", None)] * 2


def test_the_annotated_text_is_cut_at_a_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ev, "ANNOTATED_CHARS", 30)
    assert ev.annotated_text("First paragraph.\n\nSecond one here.\n\nThird.") == (
        "First paragraph."
    )
    assert ev.annotated_text("One very long paragraph that goes on and on.") == (
        "One very long paragraph that goes on and on."
    )


# --- acceptance ----------------------------------------------------------------------------


def test_our_entities_beat_plain_spacy_on_the_development_set(
    gold: list[ev.GoldArticle],
) -> None:
    scores = ev.evaluate(gold, Settings())
    assert scores.ours_entities.f1 > scores.plain_entities.f1
    assert scores.ours_events.true_positives > 0
