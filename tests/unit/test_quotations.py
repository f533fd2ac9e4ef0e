"""Direct quotations with their speakers: the seed, attribution patterns, continuations."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsstream.common.records import Quotation
from newsstream.enricher.entities import extract_entities
from newsstream.enricher.events.lexicon import default_lexicon
from newsstream.enricher.gazetteer import default_gazetteer
from newsstream.enricher.quotations import extract_quotations

SEED_TEXT = (Path(__file__).parents[1] / "fixtures" / "seed_clean.txt").read_text("utf-8").strip()


def quotations(nlp: Language, text: str) -> list[Quotation]:
    doc = nlp(text)
    entities = extract_entities(doc, text, None, default_gazetteer())
    records = extract_quotations(doc, entities, default_lexicon().report)
    for record in records:
        assert text[record.start : record.end] == record.text
        for span in (record.speaker, record.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return records


def who(record: Quotation) -> tuple[str, str | None] | None:
    speaker = record.speaker
    return (speaker.text, speaker.name) if speaker else None


def test_seed_quotations_are_the_joint_statement(nlp: Language) -> None:
    records = quotations(nlp, SEED_TEXT)
    assert [r.text[:30] for r in records] == [
        "These efforts will continue un",
        "There is no military solution ",
        "The ultimate political solutio",
    ]
    assert {who(r) for r in records} == {("the statement", None)}
    assert [r.cue and r.cue.text for r in records] == [
        "according to",
        "according to",
        None,  # continues the quotation before it
    ]
    # scare quotes are no quotations
    assert "successful US-Russia" not in {r.text for r in records}


@pytest.mark.parametrize(
    ("text", "speaker", "name", "cue"),
    [
        (
            '"We stand ready to assist in any way possible," Pentagon spokesman Mark Wright said.',
            "Pentagon spokesman Mark Wright",
            "Mark Wright",
            "said",
        ),
        (
            "\u201cIt just looks very suspicious,\u201d said Jeff Miller, a city councilman.",
            "Jeff Miller",
            "Jeff Miller",
            "said",
        ),
        (
            'Vladimir Putin told reporters: "We will not give up our positions."',
            "Vladimir Putin",
            "Vladimir Putin",
            "told",
        ),
        (
            '"The new sanctions are a mistake," a Russian official said on Monday.',
            "a Russian official",
            "Russian",
            "said",
        ),
    ],
)
def test_speakers(nlp: Language, text: str, speaker: str, name: str, cue: str) -> None:
    [record] = quotations(nlp, text)
    assert who(record) == (speaker, name)
    assert record.cue.text == cue


def test_a_pronoun_speaker_is_the_person_named_before(nlp: Language) -> None:
    text = (
        "Angela Merkel arrived in Paris on Monday.\n\n"
        '"This is a good day for Europe and for all of us," she said.'
    )
    [record] = quotations(nlp, text)
    assert who(record) == ("she", "Angela Merkel")


def test_quotations_without_a_cue(nlp: Language) -> None:
    text = (
        '"We are thrilled to be back," said Katherine Maher. "We will keep working on it."\n\n'
        "The court ruled on Monday.\n\n"
        "\u201cNobody saw this coming at all.\u201d"
    )
    first, continued, alone = quotations(nlp, text)
    assert who(first) == who(continued) == ("Katherine Maher", "Katherine Maher")
    assert continued.cue is None
    assert alone.speaker is None and alone.cue is None


def test_an_open_quotation_runs_to_the_end_of_its_paragraph(nlp: Language) -> None:
    text = '"I will not resign and I will fight on, said nobody here\n\nThe end.'
    [record] = quotations(nlp, text)
    assert record.text == "I will not resign and I will fight on, said nobody here"
