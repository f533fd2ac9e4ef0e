"""Headlines in title case are parsed as sentences are written, names kept."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsstream.common.settings import Settings
from newsstream.enricher.enrichment import Enricher, enrich_articles
from newsstream.enricher.events import default_resources
from newsstream.enricher.truecasing import TitleCaser, coding_title_caser
from newsstream.ingestion.sources import article_from_json


@pytest.fixture(scope="module")
def caser() -> TitleCaser:
    return coding_title_caser(default_resources())


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Iran Seizes Greek Tanker In Gulf", "Iran seizes Greek tanker in Gulf"),
        ("Putin To Visit North Korea Next Week", "Putin to visit North Korea next Week"),
        ("Kenya Police Arrest 200 Protesters", "Kenya police arrest 200 protesters"),
        # ... and the nouns the verb patterns name ('ARRANGE * &CEASEFIRE', '&PROPOSAL')
        ("Sudan Army Rejects Ceasefire Proposal", "Sudan army rejects ceasefire proposal"),
        ("Iran Seizes Oil Tanker In Gulf Of Oman", "Iran seizes oil tanker in Gulf of Oman"),
        # a word in capitals is a name; so are the words of an actor's name
        (
            "EU Imposes Sanctions On United States Firms",
            "EU imposes sanctions on United States firms",
        ),
    ],
)
def test_a_headline_is_parsed_in_sentence_case(
    caser: TitleCaser, headline: str, expected: str
) -> None:
    assert caser.sentence_cased(headline) == expected


@pytest.mark.parametrize(
    "line",
    [
        # a sentence: its verb is in lower case
        "The Rapid Support Forces shelled El Fasher.",
        # a title with no verb in the present tense is no headline of an act
        "Pregnant Women and Infants",
        # nouns next to a name the dictionaries do not know are part of it, as is a verb
        # between two such names
        "Embassy Suites Hotel Opens",
    ],
)
def test_other_lines_keep_their_case(caser: TitleCaser, line: str) -> None:
    assert caser.sentence_cased(line).split()[:3] == line.split()[:3]


def test_only_letters_change_case_so_offsets_hold(caser: TitleCaser) -> None:
    text = "SEOUL (Yonhap) -- Text.\nNorth Korea Slams Seoul Over Drills With US\n\n@Rabbi_360 Says"
    cased = caser.sentence_cased(text)
    assert len(cased) == len(text)
    assert cased.lower() == text.lower()
    assert "slams Seoul over drills with US" in cased
    assert "@Rabbi_360" in cased


def test_the_enricher_codes_a_headline_as_a_sentence(nlp: Language) -> None:
    article = article_from_json({"text": "Iran Seizes Greek Tanker In Gulf"})
    [record] = enrich_articles(Enricher(Settings(), nlp), [article])
    assert [(e["cameo_code"], e["actor"]["code"]) for e in record["events"]] == [("1711", "IRN")]
    assert record["text"] == "Iran Seizes Greek Tanker In Gulf"
