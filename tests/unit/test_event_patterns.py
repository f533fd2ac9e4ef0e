"""Verb patterns of the CAMEO verb dictionary matched onto spaCy's parse of real sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Token

from newsstream.enricher.events import default_resources
from newsstream.enricher.events.patterns import VerbMatch, match_verb

# pattern lines of CAMEO.2.0.txt
IMPOSE_SANCTIONS = 8084  # - * SANCTIONS [163]
IMPOSE_BLOCKADE_ON_GOODS = 8081  # - * BLOCKADE (ON GOODS) [143]
IMPOSE_BAN_ON_TRAVEL = 8083  # - * BAN (ON TRAVEL) [160]
RALLIED_IN_CAPITAL = 7823  # - * (IN CAPITAL) [141]
APPEAR_BEFORE_COURT = 804  # - * (BEFORE COURT) [:173]
MOVE_MILITARY_INTO = 2455  # - * &MILITARY (INTO +) [192]
TAKE_TERRITORY = 8223  # - * TERRITORY [192]
ARREST_JOURNALIST = 8204  # - * JOURNALIST [175]
MEET_WITH_LEADERS = 5442  # - * (WITH LEADERS) [036:036], recoded 040 by the event lexicon


def verb_match(nlp: Language, sentence: str, verb: str) -> VerbMatch | None:
    """The match of the one token ``verb`` of the parsed sentence, with the coder's dictionary."""
    [token] = [token for token in nlp(sentence) if token.text == verb]
    return match_verb(token, default_resources().verbs)


def coded(nlp: Language, sentence: str, verb: str) -> VerbMatch:
    match = verb_match(nlp, sentence, verb)
    assert match is not None, sentence
    return match


def texts(tokens: tuple[Token, ...]) -> list[str]:
    return [token.text for token in tokens]


def test_an_object_pattern_beats_the_verbs_own_code(nlp: Language) -> None:
    match = coded(nlp, "The United States imposed sanctions on Iran.", "imposed")
    assert (match.code, match.entry.code) == ("163", "170")  # IMPOSE's own code is 170
    assert match.pattern is not None and match.pattern.line == IMPOSE_SANCTIONS
    assert texts(match.used) == ["sanctions"]
    assert not match.swapped
    # an adjective before the pattern's noun does not matter
    assert coded(nlp, "The EU imposed new sanctions on Iran.", "imposed").code == "163"


@pytest.mark.parametrize(
    ("sentence", "verb", "code", "line", "used"),
    [
        (
            "The government imposed a blockade on goods from Gaza.",
            "imposed",
            "143",
            IMPOSE_BLOCKADE_ON_GOODS,
            ["blockade", "on", "goods"],
        ),
        (
            "The government imposed a ban on travel.",
            "imposed",
            "160",
            IMPOSE_BAN_ON_TRAVEL,
            ["ban", "on", "travel"],
        ),
        (
            "Thousands rallied in the capital.",
            "rallied",
            "141",
            RALLIED_IN_CAPITAL,
            ["in", "capital"],
        ),
    ],
)
def test_a_prepositional_pattern(
    nlp: Language, sentence: str, verb: str, code: str, line: int, used: list[str]
) -> None:
    match = coded(nlp, sentence, verb)
    assert match.code == code
    assert match.pattern is not None and match.pattern.line == line
    assert sorted(texts(match.used)) == sorted(used)


def test_the_preposition_is_needed(nlp: Language) -> None:
    match = coded(nlp, "The government imposed a ban.", "imposed")
    assert (match.code, match.pattern) == ("170", None)


def test_a_reverse_code_swaps_actor_and_target(nlp: Language) -> None:
    match = coded(nlp, "The dissident appeared before the court.", "appeared")
    assert (match.code, match.swapped) == ("173", True)
    assert match.pattern is not None and match.pattern.line == APPEAR_BEFORE_COURT


def test_a_plus_in_a_prepositional_group_is_the_target(nlp: Language) -> None:
    match = coded(nlp, "Russia moved troops into Ukraine.", "moved")
    assert match.code == "192"
    assert match.pattern is not None and match.pattern.line == MOVE_MILITARY_INTO
    assert texts(match.target_tokens) == ["Ukraine"]


def test_of_patterns_as_specific_the_one_naming_the_object_wins(nlp: Language) -> None:
    # BREAK * OFF [130] and BREAK * RELATIONS [161] both match, one word each
    match = coded(nlp, "Venezuela broke off diplomatic relations with Argentina.", "broke")
    assert match.code == "161"


def test_of_patterns_as_specific_the_one_written_for_the_verb_wins(nlp: Language) -> None:
    # CONDEMN's '- * MURDER (OF ^) [111]' and CHARGE's '- * (WITH MURDER) [1121]', same block
    sentence = "Police charged a 25-year-old man with the murder of a taxi driver."
    assert coded(nlp, sentence, "charged").code == "1121"


def test_a_group_before_the_verb_holds_no_object_word(nlp: Language) -> None:
    # ASK's '- * MEETING [028]' needs the meeting after the verb
    sentence = "During the meeting, Blinken asked Mexico to combat migration."
    assert coded(nlp, sentence, "asked").code == "020"


def test_a_pattern_of_prepositions_alone_needs_them_on_the_verb(nlp: Language) -> None:
    # '- * (TO) [043:042]  # WELCOME' of the ACCLAIM block, whose verbs PRAISE shares
    assert coded(nlp, "Kenya welcomed the Pope to Nairobi.", "welcomed").code == "043"
    praise = coded(nlp, "The WHO praised Rwanda's response to the outbreak.", "praised")
    assert (praise.code, praise.pattern) == ("051", None)


def test_a_plus_after_a_matched_preposition_is_its_object(nlp: Language) -> None:
    match = coded(nlp, "The council blamed the attack on peacekeepers.", "blamed")
    assert (match.code, texts(match.target_tokens)) == ("112", ["peacekeepers"])


@pytest.mark.parametrize(
    ("sentence", "verb", "code"),
    [
        ("Germany sent tanks to Ukraine.", "sent", "072"),  # SEND * &WEAPON
        ("Iran launched drones at Israel.", "launched", "194"),  # LAUNCH * &WEAPON
    ],
)
def test_the_lexicons_synonyms_extend_the_dictionarys_sets(
    nlp: Language, sentence: str, verb: str, code: str
) -> None:
    match = coded(nlp, sentence, verb)
    assert match.code == code and match.pattern is not None


@pytest.mark.parametrize(
    ("sentence", "verb", "code"),
    [
        ("The minister visited Paris.", "visited", "042"),  # --- VISIT [042:043] ---
        ("The navy imposed a blockade.", "imposed", "170"),  # IMPOSE, block [170]
        ("Authorities arrested the mayor.", "arrested", "173"),  # ARREST [173], block [171]
        # CONVICT's '(OF &CRIME) [173]' is not for ACCUSE, listed with a code of its own
        ("Kyiv accused Moscow of war crimes.", "accused", "112"),  # ACCUSE [112]
    ],
)
def test_without_a_matching_pattern_the_verb_has_its_own_code(
    nlp: Language, sentence: str, verb: str, code: str
) -> None:
    match = coded(nlp, sentence, verb)
    assert (match.code, match.pattern, match.used, match.swapped) == (code, None, (), False)


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Pilgrims visited the shrine.", "visited"),  # - PILGRIMS * [---]
        ("The government imposed taxes on imports.", "imposed"),  # - * TAXES [---]
        ("The company accelerated production.", "accelerated"),  # --- ACCELERATE [---] ---
        ("Hackers tapped the phones.", "tapped"),  # --- INTERCEPT [---] ---
    ],
)
def test_a_null_pattern_or_verb_gives_no_event(nlp: Language, sentence: str, verb: str) -> None:
    assert verb_match(nlp, sentence, verb) is None


def test_a_word_that_is_no_verb_of_the_dictionary_gives_nothing(nlp: Language) -> None:
    assert default_resources().verbs.entries("slept") == []
    assert verb_match(nlp, "The minister slept in Paris.", "slept") is None


def test_a_pattern_noun_must_head_its_phrase(nlp: Language) -> None:
    seized = coded(nlp, "Authorities seized the territory.", "seized")
    assert seized.code == "192"
    assert seized.pattern is not None and seized.pattern.line == TAKE_TERRITORY
    # 'Territory' is the premier's possessor, not what is arrested
    arrested = coded(nlp, "Authorities arrested the Territory's premier.", "arrested")
    assert (arrested.code, arrested.pattern, arrested.used) == ("173", None, ())


def test_a_pattern_noun_in_a_prepositional_modifier_does_not_match(nlp: Language) -> None:
    match = coded(nlp, "Authorities arrested the premier of the territory.", "arrested")
    assert (match.code, match.pattern) == ("173", None)


@pytest.mark.parametrize(
    "sentence", ["Authorities arrested two journalists.", "Authorities arrested a journalist."]
)
def test_a_plural_token_matches_the_dictionarys_singular(nlp: Language, sentence: str) -> None:
    doc = nlp(sentence)
    assert all(token.lemma_ == "" for token in doc)  # the pipeline has no lemmatizer
    [verb] = [token for token in doc if token.text == "arrested"]
    match = match_verb(verb, default_resources().verbs)
    assert match is not None and match.code == "175"
    assert match.pattern is not None and match.pattern.line == ARREST_JOURNALIST
    assert texts(match.used) == [doc[-2].text]


def test_a_multi_word_verb_needs_its_particle(nlp: Language) -> None:
    cordoned_off = coded(nlp, "Troops cordoned off the town.", "cordoned")
    assert (cordoned_off.entry.words, cordoned_off.code) == (("CORDON", "OFF"), "170")
    # CORDON alone is no verb of the dictionary
    assert verb_match(nlp, "Troops cordoned the town.", "cordoned") is None


def test_meet_with_is_the_multi_word_verb_and_keeps_its_patterns(nlp: Language) -> None:
    met_with = coded(nlp, "The minister met with Iraqi leaders.", "met")
    assert met_with.entry.words == ("MEET", "WITH")
    assert met_with.pattern is not None and met_with.pattern.line == MEET_WITH_LEADERS
    assert met_with.code == "040"  # the event lexicon's correction of [036:036]
    assert texts(met_with.used) == ["with", "leaders"]
    met = coded(nlp, "The minister met Iraqi leaders.", "met")
    assert (met.entry.words, met.pattern, met.code) == (("MEET",), None, "040")
