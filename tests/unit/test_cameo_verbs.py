"""The reader of the CAMEO verb dictionary (``CAMEO.2.0.txt``) and its read-time errata."""

from __future__ import annotations

from dataclasses import replace
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import yaml

from newsstream.enricher.cameo import errata
from newsstream.enricher.cameo.errata import ERRATA_FILE, corrected_lines, dictionary_path
from newsstream.enricher.cameo.errors import DictionaryError
from newsstream.enricher.cameo.verbs import (
    VERB_FILE,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
    iter_codes,
    regular_verb_forms,
)
from newsstream.enricher.events import default_resources
from newsstream.enricher.events.lexicon import default_lexicon

# lines of CAMEO.2.0.txt as published
VISIT_HEADER = 5580  # ---  VISIT   [042:043]  ---
MEET_VERB = 5435  # MEET {MEETS MET MEETING}
MEETING_ATTEND = 5370  # - * MEETING [042:043]  # ATTEND
APPEAR_BEFORE_COURT = 804  # - * (BEFORE COURT) [:173]  # APPEAR
PILGRIMS_VISIT = 5582  # - PILGRIMS * [---]  # VISIT
REQUEST_CURRENCY = 946  # - * &CURRENCY [0231]  # REQUEST
OPEN_WAY_FOR_LEADER = 3906  # - * WAY (FOR &LEADER) [0812]  # OPEN
MEET_WITH_LEADERS = 5442  # - * (WITH LEADERS) [036:036]  # MEET
# codes of later CAMEO versions that the dictionary uses; the codebook has their ancestors
LATER_VERSION_CODES = frozenset({"1213", "176", "1952"})

# a small well-formed dictionary; the malformed-line tests add one line after it
SMALL = [
    "# a comment line",
    "&CURRENCY",
    "+MONEY",
    "+CASH_",
    "",
    "---  GIVE   [070]  ---",
    "GIVE {GIVES GAVE GIVEN GIVING}",
    "- * &CURRENCY                 [071]  # GIVE",
]
BAD_AFTER = len(SMALL)


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return VerbDictionary.load()


@pytest.fixture(scope="module")
def published_lines() -> list[str]:
    return dictionary_path(VERB_FILE).read_text("utf-8").splitlines()


def block_entry(dictionary: VerbDictionary, form: str, words: tuple[str, ...]) -> VerbEntry:
    [entry] = [e for e in dictionary.entries(form) if e.words == words]
    return entry


def pattern_at(dictionary: VerbDictionary, line: int) -> VerbPattern:
    [pattern] = [p for block in dictionary.patterns for p in block if p.line == line]
    return pattern


def test_the_shipped_file_loads_with_plausible_counts(dictionary: VerbDictionary) -> None:
    # as published (April 2015): 397 verb blocks, 6,756 verb forms (7,684 with the doubled
    # consonants and other spellings generated beside PETRARCH's), 4,664 patterns
    assert 350 < len(dictionary.block_names) < 450
    assert len(dictionary.patterns) == len(dictionary.block_names)
    assert 7_000 < len(dictionary.by_form) < 8_500
    assert 4_000 < sum(len(block) for block in dictionary.patterns) < 5_500
    assert {"MEET_PEOPLE", "IMPOSE", "VISIT", "HOST"} <= set(dictionary.block_names)


@pytest.mark.parametrize("form", ["MEET", "met", "meets", "MEETING"])
def test_meet_and_its_forms_are_in_the_meet_people_block(
    dictionary: VerbDictionary, form: str
) -> None:
    entry = block_entry(dictionary, form, ("MEET",))
    assert dictionary.block_names[entry.block] == "MEET_PEOPLE"
    assert (entry.verb_index, entry.code, entry.reverse) == (0, "040", None)


def test_forms_in_braces_replace_the_generated_ones(dictionary: VerbDictionary) -> None:
    # GROW {GROWS GROWING GREW GROWN}: the irregular forms are listed, no 'GROWED' is made up
    grew = block_entry(dictionary, "grew", ("GROW",))
    assert grew == block_entry(dictionary, "GROWN", ("GROW",))
    assert (dictionary.block_names[grew.block], grew.code) == ("DEVELOP", None)
    assert dictionary.entries("GROWED") == []
    assert not [e for e in dictionary.entries("MEETED") if e.words == ("MEET",)]


def test_regular_forms_are_generated_without_braces(dictionary: VerbDictionary) -> None:
    # CONFRONT and IMPOSE are listed bare in their blocks
    for form in ("CONFRONTS", "CONFRONTED", "CONFRONTING"):
        assert block_entry(dictionary, form, ("CONFRONT",)).code == "040"
    for form in ("IMPOSES", "IMPOSED", "IMPOSING"):
        # the supplement lists IMPOSE again, in a block of its own (IMPOSE_DUTIES)
        entries = [e for e in dictionary.entries(form) if e.words == ("IMPOSE",)]
        assert ("IMPOSE", "170") in {(dictionary.block_names[e.block], e.code) for e in entries}


def test_a_final_consonant_after_a_short_vowel_is_doubled_too(dictionary: VerbDictionary) -> None:
    # TRAVEL is listed bare: the British 'travelled' is one of its forms, as 'traveled' is
    for form in ("TRAVELED", "TRAVELLED", "TRAVELLING"):
        assert block_entry(dictionary, form, ("TRAVEL",)).words == ("TRAVEL",)
    assert {"AGREEING", "VETOES"} <= regular_verb_forms("AGREE") | regular_verb_forms("VETO")


def test_a_multi_word_verb_keeps_its_words_and_verb_index(dictionary: VerbDictionary) -> None:
    # +MEET_WITH {+MET_WITH +MEETS_WITH +MEETING_WITH}
    for form in ("MEET", "MET", "MEETS", "MEETING"):
        entry = block_entry(dictionary, form, ("MEET", "WITH"))
        assert (entry.verb_index, entry.code) == (0, "040")
        assert dictionary.block_names[entry.block] == "MEET_PEOPLE"
    assert not [e for e in dictionary.entries("WITH") if e.words == ("MEET", "WITH")]


def test_a_multi_word_verb_with_the_verb_not_first() -> None:
    # the format's example (dictionaries.rst); the published file has no such verb
    small = VerbDictionary.from_lines(
        "small.txt",
        [
            "---  INTERCEPT   [---]  ---",
            "WIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED  WIRE_+TAPPING }",
            "+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF}",
        ],
    )
    tap = VerbEntry(("WIRE", "TAP"), 1, None, None, 0)
    assert all(small.entries(form) == [tap] for form in ("TAP", "TAPS", "TAPPED", "TAPPING"))
    assert small.entries("WIRE") == []
    cordon = VerbEntry(("CORDON", "OFF"), 0, None, None, 0)
    assert small.entries("CORDONED") == [cordon]
    assert small.entries("OFF") == []


def test_a_synset_in_a_pattern_expands_with_plurals(dictionary: VerbDictionary) -> None:
    [currency] = pattern_at(dictionary, REQUEST_CURRENCY).after
    assert {("MONEY",), ("MONEYS",), ("CURRENCY",), ("CURRENCIES",)} <= currency.alternatives
    # '+CASH_' and '+KRONE_': no plural
    assert {("CASH",), ("KRONE",)} <= currency.alternatives
    assert not {("CASHS",), ("KRONES",)} & currency.alternatives
    # a multi-word member: '+PRIME_MINISTER', plural on its last word
    [way_for] = pattern_at(dictionary, OPEN_WAY_FOR_LEADER).preps
    assert way_for.phrase is not None
    assert {("PRIME", "MINISTER"), ("PRIME", "MINISTERS")} <= way_for.phrase.alternatives
    assert way_for.preps == frozenset({"FOR"})


def test_a_synset_label_ending_with_underscore_has_no_plurals() -> None:
    small = VerbDictionary.from_lines(
        "small.txt",
        [
            "&AUXVERB_",
            "+WAS",
            "+IS_TO",
            "&ISSUE",
            "+PROGRESS",
            "+POLICY",
            "+STATUS_QUO_",
            "---  GIVE   [070]  ---",
            "GIVE",
            "- &AUXVERB_ * &ISSUE  [071]",
        ],
    )
    [[pattern]] = small.patterns
    [auxiliary] = pattern.before
    assert auxiliary.alternatives == frozenset({("WAS",), ("IS", "TO")})
    [issue] = pattern.after
    assert issue.alternatives == frozenset(
        {
            ("PROGRESS",),
            ("PROGRESSES",),
            ("POLICY",),
            ("POLICIES",),
            ("STATUS", "QUO"),
        }
    )


def test_codes_and_reverse_codes(dictionary: VerbDictionary) -> None:
    attend = pattern_at(dictionary, MEETING_ATTEND)
    assert (attend.code, attend.reverse) == ("042", "043")
    before_court = pattern_at(dictionary, APPEAR_BEFORE_COURT)
    assert (before_court.code, before_court.reverse) == (None, "173")
    pilgrims = pattern_at(dictionary, PILGRIMS_VISIT)
    assert (pilgrims.code, pilgrims.reverse) == (None, None)
    # block headers: '--- VISIT [042:043] ---', '--- OFFEND [:110] ---', '--- ACCELERATE [---] ---'
    visit = block_entry(dictionary, "VISITED", ("VISIT",))
    assert (visit.code, visit.reverse) == ("042", "043")
    offend = block_entry(dictionary, "OFFENDS", ("OFFEND",))
    assert (offend.code, offend.reverse) == (None, "110")
    accelerate = block_entry(dictionary, "ACCELERATED", ("ACCELERATE",))
    assert (accelerate.code, accelerate.reverse) == (None, None)
    # a verb's own code: 'ARREST [173]' in '--- APPREHEND [171] ---'
    arrest = block_entry(dictionary, "ARRESTED", ("ARREST",))
    assert (arrest.code, dictionary.block_names[arrest.block]) == ("173", "APPREHEND")
    assert block_entry(dictionary, "ARRESTED", ("ARREST", "AND")).code == "171"


def test_patterns_are_sorted_most_specific_first(dictionary: VerbDictionary) -> None:
    for block in dictionary.patterns:
        keys = [(-p.specificity, p.line) for p in block]
        assert keys == sorted(keys)
    meet = dictionary.patterns[dictionary.block_names.index("MEET_PEOPLE")]
    # the file's first pattern is '- * RUN-OFF [---]'; '(IN {VERBAL &FIGHT})' is more specific
    assert (meet[0].line, meet[0].specificity, meet[0].code) == (5449, 3, "111")
    impose = dictionary.patterns[dictionary.block_names.index("IMPOSE")]
    lines = [p.line for p in impose]
    # BLOCKADE (ON GOODS) first; TAXES and SANCTIONS, one word each, in file order
    assert lines.index(8081) < lines.index(8077) < lines.index(8084)


@pytest.mark.parametrize("which", ["shipped", "coder's"])
def test_every_code_is_in_the_codebook_or_has_an_ancestor_there(which: str) -> None:
    lexicon = default_lexicon()
    verbs = VerbDictionary.load() if which == "shipped" else default_resources().verbs
    codes = set(iter_codes(verbs))
    assert len(codes) > 200
    unknown = codes - lexicon.codes.keys()
    assert unknown <= LATER_VERSION_CODES
    for code in codes:
        known = lexicon.known(code)
        assert known in lexicon.codes, code
        assert code.startswith(known) or known == code[:2] + "0", code
    assert lexicon.known("176") == "170"


def test_each_erratum_applies_and_is_needed(published_lines: list[str]) -> None:
    entries = yaml.safe_load(dictionary_path(ERRATA_FILE).read_text("utf-8"))
    corrected = corrected_lines(VERB_FILE)
    verb_errata = [entry for entry in entries if entry["file"] == VERB_FILE]
    assert len(verb_errata) == 24
    assert len(corrected) == len(published_lines)
    for entry in verb_errata:
        number = entry["line"]
        assert published_lines[number - 1] == entry["original"], number
        assert corrected[number - 1] == (entry["corrected"] or ""), number
        assert entry["reason"]
        if entry["reason"].startswith((FORMS_ERRATUM, READING_ERRATUM, TWICE_ERRATUM)):
            # a readable line whose forms are completed, whose reading is dropped, or that
            # another line of the block lists again in full
            continue
        # the line as published fails the reader, at that line
        prefix = [*corrected[: number - 1], entry["original"]]
        with pytest.raises(DictionaryError) as failure:
            VerbDictionary.from_lines(VERB_FILE, prefix)
        assert (failure.value.file_name, failure.value.line_number) == (VERB_FILE, number)
    changed = [i for i, (a, b) in enumerate(zip(published_lines, corrected, strict=True)) if a != b]
    assert {i + 1 for i in changed} == {entry["line"] for entry in verb_errata}


FORMS_ERRATUM = "the verb's listed forms omit its past participle"
READING_ERRATUM = "a reading the news no longer has"
TWICE_ERRATUM = "a verb listed twice in its block"


@pytest.mark.parametrize(
    ("form", "verb"),
    [("WITHDRAWN", "WITHDRAW"), ("STOLEN", "STEAL"), ("FALLEN", "FALL"), ("FORBIDDEN", "FORBID")],
)
def test_a_past_participle_the_braces_omit_is_read(
    dictionary: VerbDictionary, form: str, verb: str
) -> None:
    assert any(entry.words == (verb,) for entry in dictionary.entries(form))


def test_an_erratum_that_no_longer_matches_fails_the_load(
    published_lines: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = list(published_lines)
    edited[5787 - 1] = edited[5787 - 1].replace("[080!]", "[080]")
    changed = tmp_path / VERB_FILE
    changed.write_text("\n".join(edited) + "\n", "utf-8")

    def path(file_name: str) -> Traversable:
        return changed if file_name == VERB_FILE else dictionary_path(file_name)

    monkeypatch.setattr(errata, "dictionary_path", path)
    with pytest.raises(DictionaryError) as failure:
        corrected_lines(VERB_FILE)
    assert (failure.value.file_name, failure.value.line_number) == (ERRATA_FILE, 5787)
    assert str(failure.value).startswith(f"{ERRATA_FILE}:5787: erratum for {VERB_FILE}")


def test_the_small_dictionary_reads() -> None:
    small = VerbDictionary.from_lines("small.txt", SMALL)
    assert small.block_names == ["GIVE"]
    assert small.entries("GAVE") == [VerbEntry(("GIVE",), 0, "070", None, 0)]
    [[pattern]] = small.patterns
    assert (pattern.code, pattern.line) == ("071", BAD_AFTER)


def test_a_later_file_uses_the_earlier_ones_synonym_sets_and_its_lines_come_after() -> None:
    more = ["---  GIVE_MORE   [---]  ---", "GIVE", "- * &CURRENCY (TO)   [0711]"]
    both = VerbDictionary.from_files([("small.txt", SMALL), ("more.txt", more)])
    assert both.block_names == ["GIVE", "GIVE_MORE"]
    assert [e.block for e in both.entries("GIVES")] == [0, 1]
    [pattern] = both.patterns[1]
    assert (pattern.code, pattern.line) == ("0711", len(SMALL) + 3)
    assert ("MONEY",) in pattern.after[0].alternatives
    # an error names the file and its own line
    with pytest.raises(DictionaryError) as failure:
        VerbDictionary.from_files([("small.txt", SMALL), ("more.txt", [*more, "- * &CURRENCY"])])
    assert (failure.value.file_name, failure.value.line_number) == ("more.txt", 4)


def test_extra_synonyms_join_their_set_before_the_patterns_use_it() -> None:
    small = VerbDictionary.from_lines("small.txt", SMALL, {"CURRENCY": ["EURO", "GOLD_"]})
    [[pattern]] = small.patterns
    [phrase] = pattern.after
    assert {("EURO",), ("EUROS",), ("GOLD",)} <= phrase.alternatives
    assert ("GOLDS",) not in phrase.alternatives  # a final '_': no plural
    with pytest.raises(ValueError, match=r"no synonym set \['WEAPON'\]"):
        VerbDictionary.from_lines("small.txt", SMALL, {"WEAPON": ["DRONE"]})


def test_a_verb_of_its_own_code_takes_only_its_own_and_the_blocks_patterns() -> None:
    blame = VerbDictionary.from_lines(
        "blame.txt",
        [
            "---  BLAME   [112]  ---",
            "ACCUSE [112]",
            "CHARGE",
            "CONVICT [173]",
            "HOLD {HOLDS HOLDING HELD} [---]",
            "- * (OF CRIME)               [173]  # CONVICT",
            "- * (OF ABUSES)              [1122]  # ACCUSE",
            "- * FOR                      [111]",
        ],
    )
    [accuse], [charge], [convict], [hold] = (
        blame.entries(v) for v in ("ACCUSED", "CHARGED", "CONVICTS", "HELD")
    )
    of_crime, of_abuses, unnamed = sorted(blame.patterns[0], key=lambda p: p.line)
    assert not accuse.takes(of_crime)  # CONVICT's pattern: a verb of another code of its own
    assert accuse.takes(of_abuses) and accuse.takes(unnamed)
    assert charge.takes(of_crime)  # a verb without a code of its own takes all the block's
    assert convict.takes(of_crime) and not convict.takes(of_abuses)
    # listed as no event of its own: coded by all the block's patterns
    assert hold.takes(of_crime) and hold.takes(of_abuses)


def test_a_verb_of_deeds_only_takes_no_pattern_of_words_written_for_another() -> None:
    attack = VerbDictionary.from_lines(
        "attack.txt",
        [
            "---  PHYSICAL_CONFLICT   [190]  ---",
            "ATTACK",
            "RETALIATE",
            "CLASH",
            "- * (FOR)                    [111]  # ATTACK",
            "- * (OVER BUDGET)            [110]  # CLASH",
            "- * BASE                     [190]  # ATTACK",
        ],
    ).with_words_said_by({"attack"})
    [retaliate], [attack_entry], [clash] = (
        attack.entries(v) for v in ("RETALIATED", "ATTACKED", "CLASHED")
    )
    for_words, over_budget, base = sorted(attack.patterns[0], key=lambda p: p.line)
    assert not retaliate.takes(for_words) and retaliate.takes(base)
    assert attack_entry.takes(for_words)  # said of words too
    assert clash.takes(over_budget) and not clash.takes(for_words)  # its own pattern stands


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("- * &WEAPON                 [071]", "undefined synonym set &WEAPON"),
        ("- * (FOR {FINANCIAL AID)    [071]", "unbalanced brackets in a prepositional group"),
        ("- * (FOR (AID)    [071]", "unbalanced brackets in a prepositional group"),
        ("- * (FOR AID                [071]", "unbalanced brackets in pattern"),
        ("- * AID)                    [071]", "unbalanced brackets in pattern"),
        ("- * AID", "pattern without one final [CODE]"),
        ("- * AID   [071]  [072]", "pattern without one final [CODE]"),
        ("- * AID   [071] MONEY", "pattern without one final [CODE]"),
        ("- * AID   [080!]", "pattern without one final [CODE]"),
        ("- AID                       [071]", "pattern without exactly one '*'"),
        ("- * AID *                   [071]", "pattern without exactly one '*'"),
        ("---  LEND   [070]", "malformed verb block header"),
        ("---  LEND   [070]---  ---", "malformed verb block header"),
        ("---  LEND  070  ---", "malformed verb block header"),
        ("LEND {LENDS LENT", "malformed verb line"),
        ("SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93", "malformed verb line"),
        ("LEND [07X]", "malformed code"),
        ("WIRE_+TAP_+IN", "malformed multi-word verb"),
        ("+WIRE__TAP", "malformed multi-word verb"),
        ("&bad label", "malformed synonym set label"),
    ],
)
def test_a_malformed_line_names_its_file_and_line(line: str, reason: str) -> None:
    with pytest.raises(DictionaryError) as failure:
        VerbDictionary.from_lines("small.txt", [*SMALL, line])
    error = failure.value
    assert (error.file_name, error.line_number, error.reason) == (
        "small.txt",
        BAD_AFTER + 1,
        reason,
    )
    assert str(error).startswith(f"small.txt:{BAD_AFTER + 1}: {reason}")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("GIVE", "line outside a synonym set or verb block"),
        ("- * AID  [071]", "pattern outside a verb block"),
    ],
)
def test_a_line_outside_any_block_names_its_file_and_line(line: str, reason: str) -> None:
    lines = ["# verbs before any block", "", line, *SMALL]
    with pytest.raises(DictionaryError) as failure:
        VerbDictionary.from_lines("small.txt", lines)
    assert (failure.value.file_name, failure.value.line_number) == ("small.txt", 3)
    assert failure.value.reason == reason


def test_with_verbs_adds_a_verb_to_a_named_block(dictionary: VerbDictionary) -> None:
    assert dictionary.entries("SANCTIONED") == []
    extended = dictionary.with_verbs({"sanction": ("IMPOSE", "163", ())})
    impose = dictionary.block_names.index("IMPOSE")
    expected = VerbEntry(("SANCTION",), 0, "163", None, impose)
    for form in ("SANCTION", "SANCTIONS", "SANCTIONED", "SANCTIONING"):
        assert extended.entries(form) == [expected]
    assert extended.patterns is dictionary.patterns  # the block's patterns apply to it
    assert dictionary.entries("SANCTIONED") == []  # the original is unchanged


def test_with_verbs_adds_the_irregular_forms_given(dictionary: VerbDictionary) -> None:
    extended = dictionary.with_verbs({"retake": ("RECAPTURE", "192", ("retook", "retaken"))})
    for form in ("RETAKE", "RETAKES", "RETAKING", "RETOOK", "RETAKEN"):
        assert [e.words for e in extended.entries(form)] == [("RETAKE",)]


def test_with_verbs_keeps_the_dictionarys_own_verbs_first(dictionary: VerbDictionary) -> None:
    extended = dictionary.with_verbs({"meet": ("HOST", "043", ())})
    host = dictionary.block_names.index("HOST")
    own = dictionary.entries("MEETS")
    assert [e.words for e in own] == [("MEET", "WITH"), ("MEET",)]
    assert extended.entries("MEETS") == [*own, VerbEntry(("MEET",), 0, "043", None, host)]


def test_with_verbs_rejects_an_unknown_block(dictionary: VerbDictionary) -> None:
    with pytest.raises(ValueError, match="no verb block 'NO_SUCH_BLOCK'"):
        dictionary.with_verbs({"sanction": ("NO_SUCH_BLOCK", "163", ())})


def test_with_pattern_codes_recodes_by_line(dictionary: VerbDictionary) -> None:
    assert pattern_at(dictionary, MEET_WITH_LEADERS).code == "036"
    recoded = dictionary.with_pattern_codes({MEET_WITH_LEADERS: "040"})
    assert pattern_at(recoded, MEET_WITH_LEADERS).code == "040"
    assert pattern_at(recoded, MEETING_ATTEND) == pattern_at(dictionary, MEETING_ATTEND)
    assert pattern_at(dictionary, MEET_WITH_LEADERS).code == "036"


@pytest.mark.parametrize("line", [VISIT_HEADER, MEET_VERB, 1, 99_999])
def test_with_pattern_codes_rejects_a_line_that_is_no_pattern(
    dictionary: VerbDictionary, line: int
) -> None:
    with pytest.raises(ValueError, match=rf"no pattern of {VERB_FILE} at lines \[{line}\]"):
        dictionary.with_pattern_codes({MEET_WITH_LEADERS: "040", line: "040"})


def test_with_verb_codes_gives_a_verb_its_codebook_code(dictionary: VerbDictionary) -> None:
    [reject] = dictionary.entries("REJECTED")
    [convict] = dictionary.entries("CONVICTED")
    assert (reject.code, convict.code) == (None, "173")
    recoded = dictionary.with_verb_codes({"reject": "120", "convict": "116"})
    assert recoded.entries("REJECTED") == [replace(reject, code="120", corrected=None)]
    # the code it replaces is kept: the block's patterns that give it give 116 for this verb
    assert recoded.entries("CONVICTS") == [replace(convict, code="116", corrected="173")]
    assert recoded.entries("INDICTED") == dictionary.entries("INDICTED")
    assert dictionary.entries("CONVICTED") == [convict]  # the original is unchanged


def test_with_verb_codes_rejects_an_unknown_verb(dictionary: VerbDictionary) -> None:
    with pytest.raises(ValueError, match=r"no such verb in .*: \['frobnicate'\]"):
        dictionary.with_verb_codes({"frobnicate": "120"})
