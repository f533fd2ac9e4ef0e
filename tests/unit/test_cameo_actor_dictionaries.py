"""The readers of the CAMEO actor, agent and discard dictionaries, on the shipped files."""

from __future__ import annotations

import re
from datetime import date

import pytest

from newsstream.enricher.cameo.actors import ACTOR_FILES, ActorDictionary, read_dictionary_lines
from newsstream.enricher.cameo.agents import AGENTS_FILE, AgentDictionary
from newsstream.enricher.cameo.dictionaries import load_actor_dictionaries
from newsstream.enricher.cameo.discards import Discards
from newsstream.enricher.cameo.errors import DictionaryError
from newsstream.enricher.cameo.phrases import PhraseIndex, phrase_words


@pytest.fixture(scope="module")
def dictionaries():
    return load_actor_dictionaries()


def actor_code(dictionaries, name: str, day: date | None = None) -> str | None:
    words = phrase_words(name)
    match = dictionaries.actors.longest_match(words, 0)
    assert match is not None, name
    assert match[0] == len(words), name
    return match[1].code_on(day)


def agent_codes(dictionaries, name: str) -> tuple[str, str]:
    words = phrase_words(name)
    match = dictionaries.agents.longest_match(words, 0)
    assert match is not None and match[0] == len(words), name
    return match[1].prefix, match[1].suffix


def test_the_shipped_files_load_with_plausible_counts(dictionaries):
    assert 30_000 < len(dictionaries.actors) < 40_000
    assert 4_000 < len(dictionaries.agents) < 6_000
    assert {"USA", "RUS", "AFG", "ISR", "IRQ", "UKR"} <= dictionaries.actors.country_codes
    assert not {"IGO", "NGO", "MNC"} & dictionaries.actors.country_codes
    assert 180 < len(dictionaries.actors.country_codes) < 230


def test_putin_is_government_in_2017_and_elite_before_1999(dictionaries):
    assert actor_code(dictionaries, "Vladimir Putin", date(2017, 1, 1)) == "RUSGOV"
    assert actor_code(dictionaries, "VLADIMIR_PUTIN_", date(1998, 6, 1)) == "RUSELI"


def test_country_adjectives_and_cities_name_the_country(dictionaries):
    assert actor_code(dictionaries, "Israeli") == "ISR"
    assert actor_code(dictionaries, "Kabul") == "AFG"


def test_a_codeless_primary_joins_the_next_record(dictionaries):
    assert actor_code(dictionaries, "U.N.") == "IGOUNO"
    assert actor_code(dictionaries, "Leonid Brezhnev", date(1975, 1, 1)) == "RUSGOV"


def test_corrected_date_typo_and_hyphenated_name(dictionaries):
    assert actor_code(dictionaries, "Ban Ki-moon", date(2005, 1, 1)) == "KORGOVBUS"
    assert actor_code(dictionaries, "Ban Ki-moon", date(2010, 1, 1)) == "IGOUNO"


def test_common_nouns_listed_as_names_are_not_read(dictionaries):
    # errata.yaml: '+YOUTH_' of Gazteriak, '+ORGANIZATION_' of the Tanzim, '+THE_FOUNDATION_'
    # of El Rukn, and names of sports teams and films
    for noun in ("YOUTH", "ORGANIZATION", "FOUNDATION", "CORNERSTONE", "MAVERICKS", "TIGERS"):
        assert dictionaries.actors.longest_match((noun,), 0) is None
    assert actor_code(dictionaries, "Gazteriak") == "FRAREB"
    assert actor_code(dictionaries, "Faeroyene") == "DNKFRO"  # the corrected stray bracket


def test_the_null_code_gives_no_code(dictionaries):
    assert actor_code(dictionaries, "Ahmed Darwish") is None


def test_longest_match_prefers_the_longer_phrase(dictionaries):
    words = phrase_words("the foreign minister of Afghanistan said")
    assert dictionaries.actors.longest_match(words, 4)[0] == 1
    assert dictionaries.agents.longest_match(words, 1)[0] == 2


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("troops", "MIL"),
        ("police", "COP"),
        ("court", "JUD"),
        ("rebels", "REB"),
        ("president", "GOV"),
        ("envoys", "GOV"),
        ("thieves", "CRM"),
        ("congresswomen", "LEG"),
        ("ministers of foreign affairs", "GOV"),
        ("minister for territorial administration", "GOV"),
        ("Islamic extremist", "MUSRAD"),
    ],
)
def test_agents(dictionaries, name, suffix):
    assert agent_codes(dictionaries, name) == ("", suffix)


def test_agent_prefix_codes(dictionaries):
    assert agent_codes(dictionaries, "truce monitors") == ("IGO", "")
    agents = AgentDictionary.from_lines("t.txt", ["HUMAN_RIGHTS_BODY  [NGO~] # BNL 07 Dec 2001"])
    assert agents.longest_match(phrase_words("human rights bodies"), 0)[1].prefix == "NGO"


def test_agent_plural_rules():
    agents = AgentDictionary.from_lines(
        "t.txt",
        [
            "POLICE {} [~COP]",
            "ACTRESS [~MED]",
            "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]",
            "MILITIA [~UAF]",
        ],
    )
    assert agents.longest_match(("POLICES",), 0) is None
    assert agents.longest_match(("ACTRESSES",), 0) is not None
    assert agents.longest_match(("ATTORNEYS", "GENERAL"), 0) is not None
    assert agents.longest_match(("ATTORNEY", "GENERALS"), 0) is None
    assert agents.longest_match(("MILITIAS",), 0) is not None


def test_discards_find_a_sports_sentence_not_a_political_one(dictionaries):
    discards = dictionaries.discards
    assert discards.sentence_match("He was named Asian Football player of the year.") is not None
    assert discards.story_match("He scored two goals in the final.") == "SCORED TWO GOALS"
    political = (
        "The president met the foreign minister in Kabul to discuss the withdrawal of troops."
    )
    assert discards.sentence_match(political) is None
    assert discards.story_match(political) is None


def test_discard_word_ends_and_stems():
    discards = Discards.from_lines("t.txt", ["GROUP A_", "CHAMPION", "+WORLD CUP"])
    assert discards.sentence_match("They top group A, unbeaten.") == "GROUP A"
    assert discards.sentence_match("They top group Alpha.") is None
    assert discards.sentence_match("The championship opened.") == "CHAMPION"
    assert discards.sentence_match("A nonchampion.") is None
    assert discards.story_match("The World  Cup begins.") == "WORLD CUP"


BAD_ACTOR_LINES = [
    (["ABC_ [XYZ"], 1, "unknown line shape"),
    (["ABC_ [xyz]"], 1, "bad code"),
    (["ABC_", "\t[XYZ 991301-000101]"], 2, "bad date"),
    (["ABC_", "\t[XYZ 1234567-000101]"], 2, "bad date"),
    (["ABC_", "\t[XYZ ~991201]"], 2, "bad date restriction"),
    (["# header", "+ABC_"], 2, "synonym before any primary phrase"),
    (["", "\t[XYZ]"], 2, "date restriction before any primary phrase"),
    (["ABC_ [XYZ]", "\t[XYZ] junk"], 2, "unknown line shape"),
    (["<Country>"], 1, "bracket or marker inside a phrase"),
    (["ABC_ [XYZ]", "DEF_"], 2, "record without any code"),
]


@pytest.mark.parametrize(("lines", "line_number", "reason"), BAD_ACTOR_LINES)
def test_malformed_actor_lines_raise_with_file_and_line(lines, line_number, reason):
    with pytest.raises(DictionaryError) as raised:
        ActorDictionary.from_lines("bad.actors.txt", lines)
    assert (raised.value.file_name, raised.value.line_number) == ("bad.actors.txt", line_number)
    assert raised.value.reason == reason
    assert str(raised.value).startswith(f"bad.actors.txt:{line_number}: ")


@pytest.mark.parametrize(
    ("lines", "line_number"),
    [
        (["TROOP {} [MIL]"], 1),
        (["TROOP {} [~MIL"], 1),
        (["CONGRESS!PERSON! [~LEG]"], 1),
        (["TROOP {} [~MIL]", "[~GOV]"], 2),
        (["BODY [NGO~]", "REBEL"], 2),
    ],
)
def test_malformed_agent_lines_raise_with_file_and_line(lines, line_number):
    with pytest.raises(DictionaryError) as raised:
        AgentDictionary.from_lines("bad.agents.txt", lines)
    assert (raised.value.file_name, raised.value.line_number) == ("bad.agents.txt", line_number)


def test_malformed_discard_line_raises():
    with pytest.raises(DictionaryError) as raised:
        Discards.from_lines("bad.discards.txt", ["WORLD CUP", "[###]"])
    assert raised.value.line_number == 2


def test_code_on_rules():
    actors = ActorDictionary.from_lines(
        "t.txt",
        [
            "ANDROPOV_",
            "\t[RUSELI 320101-821112]",
            "\t[RUSGOV 821112-840209]",
            "SOLANA_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006]",
            "AKIN_ [USAELI]",
            "\t[USAGOV 20010101-20050101]",
        ],
    )
    andropov = actors.longest_match(("ANDROPOV",), 0)[1]
    assert andropov.code_on(date(1982, 11, 12)) == "RUSGOV"
    assert andropov.code_on(date(1975, 1, 1)) == "RUSELI"
    assert andropov.code_on(None) == "RUSGOV"
    assert andropov.code_on(date(1990, 1, 1)) == "RUSGOV"
    solana = actors.longest_match(("SOLANA",), 0)[1]
    assert solana.code_on(date(1997, 1, 1)) == "IGOWSTNAT"
    akin = actors.longest_match(("AKIN",), 0)[1]
    assert akin.code_on(date(2003, 1, 1)) == "USAGOV"
    assert akin.code_on(date(2010, 1, 1)) == "USAELI"


def test_a_phrase_matches_words_that_hyphenate_it():
    index: PhraseIndex[str] = PhraseIndex()
    index.add(("INTER", "AMERICAN", "DEVELOPMENT", "BANK"), "IGONAMDEV")
    index.add(("BAN", "KI", "-", "MOON"), "IGOUNO")
    words = ["THE", "INTER", "-", "AMERICAN", "DEVELOPMENT", "BANK", "SAID"]
    assert index.longest_match(words, 1) == (5, "IGONAMDEV")  # the hyphen counted
    assert index.longest_match(["BAN", "KI", "-", "MOON"], 0) == (4, "IGOUNO")
    # a hyphen the phrase does not span is no reason to match past the phrase
    assert index.longest_match(["INTER", "AMERICAN", "-", "LED"], 0) is None


def test_phrase_words_split_names_like_spacy():
    assert phrase_words("BAN_KI-MOON") == ("BAN", "KI", "-", "MOON")
    assert phrase_words("ST._LOUIS") == ("ST.", "LOUIS")
    assert phrase_words("U.N._SECRETARY") == ("U.N.", "SECRETARY")
    assert phrase_words("SUDAN_PEOPLE'S_ARMY") == ("SUDAN", "PEOPLE", "'S", "ARMY")
    assert phrase_words("ANARCHISTS'_ATTACK") == ("ANARCHISTS", "'", "ATTACK")
    assert phrase_words("Putin visited Moscow.") == ("PUTIN", "VISITED", "MOSCOW", ".")


def _dictionary_phrases() -> list[str]:
    phrases = []
    for name in (*ACTOR_FILES, AGENTS_FILE):
        for line in read_dictionary_lines(name):
            if re.match(r"!\w+!\s*=", line):
                continue
            text = re.split(r"[\[{#]", line, maxsplit=1)[0].strip()
            for phrase in re.split(r"(?<![^\W_])\+|\+(?![^\W_])", text):
                phrase = re.sub(r"!\w+!", "MAN", phrase).strip()
                if phrase:
                    phrases.append(phrase)
    return phrases


def test_phrase_words_agree_with_the_spacy_tokenizer():
    """Agreement on the upper-case dictionary text; every difference is an abbreviation, where
    spaCy keeps the period only in the mixed case news prints ("St." but "ST", "."), or a
    character lost to a bad re-encoding (U+FFFD)."""
    spacy = pytest.importorskip("spacy")
    tokenizer = spacy.blank("en").tokenizer
    phrases = _dictionary_phrases()
    unexplained = []
    agreeing = 0
    for phrase in phrases:
        text = re.sub(r"[\s_]+", " ", phrase).strip()
        ours = phrase_words(phrase)
        if ours == tuple(token.text.upper() for token in tokenizer(text)):
            agreeing += 1
            continue
        news_cased = " ".join(word.capitalize() for word in text.split())
        news_tokens = tuple(token.text.upper() for token in tokenizer(news_cased))
        if ours != news_tokens and "\ufffd" not in phrase:
            unexplained.append(phrase)
    assert len(phrases) > 35_000
    assert agreeing / len(phrases) > 0.995
    assert unexplained == []
