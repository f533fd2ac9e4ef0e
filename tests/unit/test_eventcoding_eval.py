"""The sentence-level event gold's loader and scorer (evaluation/eventcoding.py), on small
hand-built examples; the keyword baseline on a hand-built doc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from evaluation import eventcoding as ev
from evaluation.baselines import keyword_event

GOOD_FILE = """\
# A title (outlet)
corpus_id: "045"
published: "2017-11-11"
sentences:
  - text: "Israeli troops shot dead two Palestinians near Hebron on Tuesday, the army said."
    events:
      - 180 | ISRMIL | PSE
      - 010 | ISRMIL | ---
  - text: "The talks ended without agreement."
    events: []
"""


def write_gold(directory: Path, text: str, name: str = "045.yaml") -> Path:
    path = directory / name
    path.write_text(text, "utf-8")
    return path


def event(line: str) -> ev.CodedEvent:
    return ev.parse_event_line(line)


def counts(measure: str, gold: list[str], found: list[str]) -> tuple[int, int, int]:
    result = ev.score_sentence(
        [event(line) for line in gold], [event(line) for line in found], ev.MEASURES[measure]
    )
    return result.true_positives, result.false_positives, result.false_negatives


# --- loader --------------------------------------------------------------------------------


def test_a_gold_file_loads_with_its_codes(tmp_path: Path) -> None:
    write_gold(tmp_path, GOOD_FILE)
    sentences = ev.load_sentence_gold(tmp_path)
    assert [s.text[:13] for s in sentences] == ["Israeli troop", "The talks end"]
    assert sentences[0].events == (
        ev.CodedEvent("180", "ISRMIL", "PSE"),
        ev.CodedEvent("010", "ISRMIL", "---"),
    )
    assert sentences[0].events[0].root == "18"
    assert sentences[1].events == ()
    assert {s.file for s in sentences} == {"045.yaml"}


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("180 | ISRMIL", "is not 'event code | actor code | target code'"),
        ("18x | ISRMIL | PSE", "'18x' is not a CAMEO event code"),
        ("2100 | ISRMIL | PSE", "'2100' is not a CAMEO event code"),
        ("180 | israel | PSE", "'israel' is not a CAMEO actor code"),
        ("180 | ISRMIL | -", "'-' is not a CAMEO actor code"),
        ("180 | ISRMI | PSE", "'ISRMI' is not a CAMEO actor code"),
    ],
)
def test_a_malformed_event_line_names_the_file_sentence_and_event(
    tmp_path: Path, line: str, complaint: str
) -> None:
    write_gold(tmp_path, GOOD_FILE.replace("010 | ISRMIL | ---", line))
    with pytest.raises(ev.GoldFormatError) as error:
        ev.load_sentence_gold(tmp_path)
    message = str(error.value)
    assert message.startswith("045.yaml: sentence 1: event 2: ")
    assert complaint in message


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ('corpus_id: "045"', "corpus_id: 045", "corpus_id 37 is not the quoted file name"),
        ("    events: []", "    events:", "sentence 2: 'events' must be a list"),
        ('  - text: "The talks', '  - txt: "The talks', "sentence 2: expected a mapping"),
        ("sentences:", "sentence:", "expected a mapping with a 'sentences' list"),
        ("published: ", "published: [", "not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_with_its_name(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    assert old in GOOD_FILE
    write_gold(tmp_path, GOOD_FILE.replace(old, new))
    with pytest.raises(ev.GoldFormatError) as error:
        ev.load_sentence_gold(tmp_path)
    assert str(error.value).startswith("045.yaml: ")
    assert complaint in str(error.value)


def test_main_reports_a_malformed_file_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_gold(tmp_path, GOOD_FILE)
    write_gold(tmp_path, GOOD_FILE.replace('"045"', '"046"').replace("| PSE", ""), "046.yaml")
    assert ev.main(["--gold", str(tmp_path), "--no-docs"]) == 1
    assert "046.yaml: sentence 1: event 1" in capsys.readouterr().err


def test_main_skips_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--gold", str(tmp_path), "--no-docs"]) == 0
    assert "skipped" in capsys.readouterr().err


# --- scorer --------------------------------------------------------------------------------


def test_a_wrong_root_is_a_false_positive_and_a_false_negative_everywhere() -> None:
    for measure in ev.MEASURES:
        assert counts(measure, ["180 | ISRMIL | PSE"], ["190 | ISRMIL | PSE"]) == (0, 1, 1)


def test_a_right_root_with_a_finer_code_counts_for_the_root_only() -> None:
    gold, found = ["180 | ISRMIL | PSE"], ["183 | ISRMIL | PSE"]
    assert counts("root", gold, found) == (1, 0, 0)
    assert counts("root + actor code", gold, found) == (1, 0, 0)
    assert counts("full code", gold, found) == (0, 1, 1)


def test_a_wrong_country_counts_for_the_root_but_not_with_countries() -> None:
    gold, found = ["180 | ISRMIL | PSE"], ["180 | ISRMIL | SYR"]
    assert counts("root", gold, found) == (1, 0, 0)
    assert counts("full code", gold, found) == (1, 0, 0)
    assert counts("root + actor country", gold, found) == (0, 1, 1)
    assert counts("root + actor code", gold, found) == (0, 1, 1)


def test_a_right_country_with_another_role_counts_for_countries_not_codes() -> None:
    gold, found = ["180 | ISRMIL | PSE"], ["180 | ISRGOV | PSE"]
    assert counts("root + actor country", gold, found) == (1, 0, 0)
    assert counts("root + actor code", gold, found) == (0, 1, 1)


def test_root_04_is_matched_in_either_order_and_other_roots_are_not() -> None:
    for measure in ("root + actor country", "root + actor code"):
        assert counts(measure, ["040 | RUSGOV | CHNGOV"], ["040 | CHNGOV | RUSGOV"]) == (1, 0, 0)
        assert counts(measure, ["190 | RUSMIL | UKRMIL"], ["190 | UKRMIL | RUSMIL"]) == (0, 1, 1)


def test_matching_is_one_to_one() -> None:
    twice = ["180 | ISRMIL | PSE", "180 | ISRMIL | PSE"]
    assert counts("root + actor code", ["180 | ISRMIL | PSE"], twice) == (1, 1, 0)
    assert counts("root + actor code", twice, ["180 | ISRMIL | PSE"]) == (1, 0, 1)


def test_event_accuracy_compares_having_events_per_sentence() -> None:
    scores = ev.SystemScores()
    some = [event("180 | ISRMIL | PSE")]
    other = [event("010 | USAGOV | ---")]
    scores.add([], [])  # agree: none
    scores.add(some, other)  # agree: some, even if wrong
    scores.add(some, [])
    scores.add([], other)
    assert (scores.agreeing_sentences, scores.sentences) == (2, 4)
    assert scores.event_accuracy == 0.5
    assert scores.counts["root"].true_positives == 0
    assert scores.counts["root"].false_negatives == 2


# --- the system's records ------------------------------------------------------------------


def participant(country_code: str | None, code: str | None = None) -> dict[str, Any]:
    record = {"name": "x", "label": "GPE", "entity_id": None, "country_code": country_code}
    return record if code is None else {**record, "code": code}


def test_only_factual_events_are_predictions() -> None:
    record = {
        "events": [
            {"cameo_code": code, "modality": modality, "actor": participant("ISR"), "target": None}
            for code, modality in [
                ("180", "asserted"),
                ("010", "reported"),
                ("040", "hypothetical"),
                ("190", "negated"),
                ("042", "intended"),
                ("120", "refused"),
            ]
        ]
    }
    assert [e.code for e in ev.factual_coded_events(record)] == ["180", "010"]


def test_a_repeated_triple_is_one_prediction() -> None:
    def mention(actor: dict[str, Any]) -> dict[str, Any]:
        return {"cameo_code": "040", "modality": "asserted", "actor": actor, "target": None}

    record = {
        "events": [
            mention(participant("USA", code="USAGOV")),
            mention(participant("USA", code="USAGOV")),
            mention(participant("USA", code="USAMIL")),
        ]
    }
    assert [e.actor for e in ev.factual_coded_events(record)] == ["USAGOV", "USAMIL"]


def test_participants_give_their_code_else_their_country_else_unknown() -> None:
    assert ev.participant_code(participant("ISR", code="ISRMIL")) == "ISRMIL"
    assert ev.participant_code(participant(None, code="---REB")) == "---REB"
    assert ev.participant_code(participant("ISR")) == "ISR"
    assert ev.participant_code(participant(None)) == "---"
    assert ev.participant_code(None) == "---"


# --- keyword baseline ----------------------------------------------------------------------


def doc(words: list[str], lemmas: list[str], ents: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas, ents=ents)


def test_the_keyword_coder_takes_the_first_keyword_and_the_first_two_entities() -> None:
    sentence = doc(
        ["Israeli", "troops", "killed", "Palestinians", "near", "Gaza", ",", "officials", "said"],
        ["israeli", "troop", "kill", "palestinian", "near", "Gaza", ",", "official", "say"],
        ["B-NORP", "O", "O", "B-NORP", "O", "B-GPE", "O", "O", "O"],
    )
    assert keyword_event(sentence) == ("180", "ISR", "PSE")


def test_the_keyword_coder_gives_unknown_actors_and_nothing_without_a_keyword() -> None:
    assert keyword_event(doc(["Obama", "spoke"], ["Obama", "speak"], ["B-PERSON", "O"])) is None
    protest = doc(["Obama", "protested"], ["Obama", "protest"], ["B-PERSON", "O"])
    assert keyword_event(protest) == ("140", "---", "---")
