"""Names of the CAMEO actor dictionaries found where spaCy's NER missed them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsstream.enricher.events import default_resources
from newsstream.enricher.known_actors import KnownActorNames


@pytest.fixture(scope="module")
def known() -> KnownActorNames:
    return default_resources().known_actors


def missed_by_the_ner(nlp: Language, known: KnownActorNames, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    doc.ents = ()  # as if the NER had found nothing
    return [(span.text, span.label_) for span in known.spans(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people have dated roles; a hyphenated name keeps its lower-case part
        (
            "Mahmoud Abbas met Ban Ki-moon in New York.",
            [("Mahmoud Abbas", "PERSON"), ("Ban Ki-moon", "PERSON")],
        ),
        # a group coded as no country, and a name with a role noun, are organisations
        ("The Islamic State attacked Kobane.", [("The Islamic State", "ORG")]),
        ("The Free Syrian Army attacked Kobane.", [("Free Syrian Army", "ORG")]),
        # lower case is no name; one word is left to the NER
        ("mahmoud abbas met the press.", []),
        ("Abbas met the press.", []),
    ],
)
def test_dictionary_names_outside_the_ners_spans(
    nlp: Language, known: KnownActorNames, text: str, expected: list[tuple[str, str]]
) -> None:
    assert missed_by_the_ner(nlp, known, text) == expected


def test_the_ners_spans_win(nlp: Language, known: KnownActorNames) -> None:
    doc = nlp("Mahmoud Abbas met Ban Ki-moon.")
    assert [e.text for e in doc.ents] == ["Mahmoud Abbas", "Ban Ki-moon"]
    assert known.spans(doc) == []
