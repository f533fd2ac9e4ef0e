"""Entities: gazetteer lookups, span cleaning, name merging, salience, offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsstream.common.records import Entity
from newsstream.enricher.entities import ArticleEntities, entity_id, extract_entities, find_dateline
from newsstream.enricher.events import default_resources
from newsstream.enricher.gazetteer import Gazetteer, default_gazetteer

SEED_TEXT = (Path(__file__).parents[1] / "fixtures" / "seed_clean.txt").read_text("utf-8").strip()
SEED_TITLE = "Vladimir Putin, Donald Trump back Syria peace plans during brief APEC meeting"
VALUE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "TITLE"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def seed(nlp: Language, gazetteer: Gazetteer) -> ArticleEntities:
    return extract_entities(nlp(SEED_TEXT), SEED_TEXT, SEED_TITLE, gazetteer)


def entities_of(nlp: Language, gazetteer: Gazetteer, text: str) -> dict[str, Entity]:
    records = extract_entities(nlp(text), text, None, gazetteer).records
    return {record.name: record for record in records}


def by_name(entities: ArticleEntities) -> dict[str, Entity]:
    names = [record.name for record in entities.records]
    assert len(names) == len(set(names)), f"an entity is listed twice: {names}"
    return {record.name: record for record in entities.records}


# --- gazetteer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Syria", "SYR"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("Britain", "GBR"),
        ("Jordan", "JOR"),
        ("Ivory Coast", "CIV"),
        ("Georgia", None),
        ("Danang", None),
        ("us", None),
    ],
)
def test_country_code(gazetteer: Gazetteer, name: str, code: str | None) -> None:
    assert gazetteer.country_code(name) == code


def test_demonyms_carry_their_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym_code("Russian") == "RUS"
    assert gazetteer.demonym_code("Americans") == "USA"
    assert gazetteer.demonym_code("Latin American") is None
    assert gazetteer.lookup("Russians").canonical == "Russian"


def test_organisations_with_acronyms(gazetteer: Gazetteer) -> None:
    pairs = set(gazetteer.acronym_pairs())
    for pair in [
        ("UN", "United Nations"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("EU", "European Union"),
        ("APEC", "Asia-Pacific Economic Cooperation"),
        ("WHO", "World Health Organization"),
        ("IMF", "International Monetary Fund"),
        ("ISIS", "Islamic State"),
    ]:
        assert pair in pairs
    assert gazetteer.lookup("Who") is None  # acronyms match in capitals only
    for group in ("Islamic State", "ISIL", "Taliban", "Hezbollah", "Hamas", "al-Qaeda"):
        known = gazetteer.lookup(group)
        assert known is not None and known.label == "ORG" and known.kind == "armed_group"


def test_places_resolve_to_cities_countries_and_regions(gazetteer: Gazetteer) -> None:
    danang = gazetteer.place("Danang")
    assert (danang.name, danang.country_code, danang.precision) == ("Da Nang", "VNM", "city")
    assert danang.latitude == pytest.approx(16.07, abs=0.1)
    assert gazetteer.place("Paris").country_code == "FRA"
    assert gazetteer.place("Paris", prefer_countries={"USA"}).country_code == "USA"
    assert gazetteer.place("Vietnam").precision == "country"
    assert gazetteer.place("Texas").precision == "region"
    assert gazetteer.place("Washington").precision == "city"
    assert gazetteer.place("Middle Earth").precision == "unknown"


def test_a_town_written_without_its_accents_is_found_by_its_own_name(gazetteer: Gazetteer) -> None:
    # 'Cancun' is also an alternate name of Changchun, the larger city
    assert gazetteer.place("Cancun").country_code == "MEX"
    assert gazetteer.place("Kandahar").country_code == "AFG"


def test_a_building_is_found_as_a_town_by_the_towns_own_name_only(gazetteer: Gazetteer) -> None:
    assert gazetteer.place("White House").country_code == "MAR"  # Casablanca's alternate name
    assert gazetteer.place("White House", primary_only=True).precision == "unknown"


def test_a_countrys_first_level_subdivision_is_a_region_of_that_country(
    gazetteer: Gazetteer,
) -> None:
    # GeoNames lists 'Borno' as a name of Borna (Germany); ISO 3166-2 has the Nigerian state
    borno = gazetteer.place("Borno")
    assert (borno.country_code, borno.precision) == ("NGA", "region")
    assert gazetteer.place("Helmand").country_code == "AFG"
    assert gazetteer.place("Lagos").precision == "city"  # the big city of the state's name
    # a name that four countries give a state: only a country named with it decides
    assert gazetteer.place("Amazonas").country_code is None
    assert gazetteer.place("Amazonas", prefer_countries={"BRA"}).country_code == "BRA"
    assert gazetteer.place("Central").precision != "region"  # a position, not a name
    assert gazetteer.place("Red Sea").country_code is None  # the water, not the Sudanese state
    # a town of the name beats a subdivision's name read without its accents (Santa Bárbara)
    assert gazetteer.place("Santa Barbara").country_code == "USA"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        # English names ISO 3166-2 spells otherwise ('Tigrai', 'Bayern') or does not list
        ("Tigray", "ETH"),
        ("Bavaria", "DEU"),
        ("West Bank", "PSE"),
        ("North Waziristan", "PAK"),
        ("Crimea", "UKR"),
        # ... and written without their accents, as English news writes them
        ("Michoacán", "MEX"),
        ("Tachira", "VEN"),
        ("Paktika", "AFG"),
        ("Nangarhar", "AFG"),
    ],
)
def test_the_regions_of_the_news_by_their_english_names(
    gazetteer: Gazetteer, name: str, country: str
) -> None:
    place = gazetteer.place(name)
    assert (place.country_code, place.precision) == (country, "region")


def test_a_town_written_without_the_accents_of_a_foreign_state_is_the_town(
    gazetteer: Gazetteer,
) -> None:
    # Santa Bárbara is a Honduran department; Santa Barbara a Californian city
    assert gazetteer.place("Santa Barbara").country_code == "USA"


@pytest.mark.parametrize(
    ("name", "code"), [("Africa", "AFR"), ("Asia", "ASA"), ("Middle East", "MEA")]
)
def test_a_world_region_is_no_town_of_its_name(gazetteer: Gazetteer, name: str, code: str) -> None:
    # GeoNames lists 'Africa' as a name of Mahdia (Tunisia) and 'Asia' as a Philippine town
    region = gazetteer.place(name)
    assert (region.country_code, region.precision) == (None, "region")
    assert gazetteer.region_code(name) == code


# --- the seed ----------------------------------------------------------------------------


def test_seed_entities_are_listed_once_with_their_labels(seed: ArticleEntities) -> None:
    entities = by_name(seed)
    for person in [
        "Vladimir Putin",
        "Donald Trump",
        "Bashar el-Assad",
        "Sergei Lavrov",
        "Rex Tillerson",
    ]:
        assert entities[person].label == "PERSON"
    for place in ["Syria", "Russia", "Vietnam", "Danang"]:
        assert entities[place].label in {"GPE", "LOC"}
    for organisation in ["APEC", "Islamic State", "United Nations"]:
        assert entities[organisation].label == "ORG"
    assert not any(record.label in VALUE_LABELS for record in seed.records)


def test_seed_name_variants_are_merged(seed: ArticleEntities) -> None:
    entities = by_name(seed)

    def surfaces(name: str) -> set[str]:
        return {mention.text for mention in entities[name].mentions}

    assert surfaces("Vladimir Putin") == {"Vladimir Putin", "Putin"}
    assert entities["Vladimir Putin"].mention_count == 4
    assert surfaces("Donald Trump") == {"Donald Trump", "Trump"}
    assert surfaces("Bashar el-Assad") == {"Bashar el-Assad", "Assad"}
    assert surfaces("United Nations") == {"United Nations", "UN"}
    assert surfaces("United States") == {"US"}
    assert surfaces("APEC") == {"Asia-Pacific Economic Cooperation", "APEC"}
    assert not {"Putin", "Trump", "Assad", "UN", "US", "Asia-Pacific Economic Cooperation"} & set(
        entities
    )


def test_seed_countries_and_demonyms_carry_iso3(seed: ArticleEntities) -> None:
    entities = by_name(seed)
    assert entities["Russian"].label == "NORP"
    assert entities["Russian"].country_code == "RUS"
    assert entities["Syria"].country_code == "SYR"
    assert entities["United States"].country_code == "USA"
    assert entities["Jordan"].label == "GPE"  # 'agreements with Jordan': the country
    assert entities["Vladimir Putin"].country_code is None
    assert entities["Islamic State"].country_code is None


def test_mentions_point_into_the_text(seed: ArticleEntities) -> None:
    for record in seed.records:
        assert record.mention_count == len(record.mentions)
        assert record.id == entity_id(record.label, record.name)
        assert re.fullmatch(r"[0-9a-f]{16}", record.id)
        for mention in record.mentions:
            assert SEED_TEXT[mention.start : mention.end] == mention.text
            assert "\n" not in mention.text
            assert not mention.text.lower().startswith("the ")


def test_salience_is_a_share_ordered_and_favours_the_title(seed: ArticleEntities) -> None:
    saliences = [record.salience for record in seed.records]
    assert saliences == sorted(saliences, reverse=True)
    assert sum(saliences) == pytest.approx(1.0, abs=0.01)
    assert all(0 <= salience <= 1 for salience in saliences)
    entities = by_name(seed)
    # same single mention outside the lead, but 'APEC' is in the title
    assert entities["APEC"].salience > entities["Asia"].salience
    assert entities["Vladimir Putin"].salience > entities["Sergei Lavrov"].salience


# --- general rules on other text ---------------------------------------------------------


def test_titles_are_stripped_and_mark_persons(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday. "
        "Macron said Scholz had agreed.",
    )
    # the NER calls 'Olaf Scholz' an ORG and the lone 'Scholz' a GPE here
    assert entities["Olaf Scholz"].label == "PERSON"
    assert {m.text for m in entities["Olaf Scholz"].mentions} == {"Olaf Scholz", "Scholz"}
    assert entities["Emmanuel Macron"].label == "PERSON"
    assert entities["Emmanuel Macron"].mention_count == 2
    assert (entities["German"].label, entities["German"].country_code) == ("NORP", "DEU")
    assert entities["French"].country_code == "FRA"
    assert "Monday" not in entities


def test_gazetteer_names_inside_longer_names_are_left_alone(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Michael Jordan toured New Mexico and Mexico City before meeting the Bank of America.",
    )
    assert entities["Michael Jordan"].label == "PERSON"
    assert "Mexico" not in entities and "America" not in entities
    assert "United States" not in entities


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Seoul urged the North to return to talks.", {"North": "PRK"}),
        ("The North accused the South of sending drones over Pyongyang.", {"South": "KOR"}),
        # no Korea in the article: no country of that half
        ("The North was hit by floods, the Met Office said.", {"North": None}),
    ],
)
def test_the_north_and_the_south_of_the_koreas(
    nlp: Language, gazetteer: Gazetteer, text: str, countries: dict[str, str | None]
) -> None:
    entities = entities_of(nlp, gazetteer, text)
    assert {name: entities[name].country_code for name in countries} == countries


def test_armed_groups_are_organisations(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Islamic State fighters attacked the Taliban. ISIS and Hezbollah denied it.",
    )
    assert entities["Islamic State"].label == "ORG"
    assert entities["Islamic State"].mention_count == 2
    assert entities["Taliban"].label == "ORG"


def test_article_acronyms_join_their_expansion(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "The Syrian Democratic Forces captured the town on Monday. "
        "An SDF commander said the fighting was over.",
    )
    forces = entities["Syrian Democratic Forces"]
    assert {m.text for m in forces.mentions} == {"Syrian Democratic Forces", "SDF"}


def test_surname_first_names_are_linked(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp, gazetteer, "Chinese President Xi Jinping arrived in Moscow. Xi met Russian officials."
    )
    assert {m.text for m in entities["Xi Jinping"].mentions} == {"Xi Jinping", "Xi"}


def test_line_breaks_inside_a_span_are_cut(nlp: Language, gazetteer: Gazetteer) -> None:
    words = ["By", "Ilya", "Arkhipov", "\n", "Updated", "\n\n", "Moscow", "said", "so", "."]
    spaces = [True, True, False, False, False, False, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 1, 5, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    records = extract_entities(doc, doc.text, None, gazetteer).records
    assert {record.name for record in records} == {"Ilya Arkhipov", "Moscow"}


def test_extraction_is_deterministic(nlp: Language, gazetteer: Gazetteer) -> None:
    first = extract_entities(nlp(SEED_TEXT), SEED_TEXT, SEED_TITLE, gazetteer).records
    second = extract_entities(nlp(SEED_TEXT), SEED_TEXT, SEED_TITLE, gazetteer).records
    assert first == second


def test_a_surname_wins_over_a_country_name(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp, gazetteer, "Michael Jordan scored 30 points on Sunday. Jordan later thanked the fans."
    )
    assert {m.text for m in entities["Michael Jordan"].mentions} == {
        "Michael Jordan",
        "Jordan",
    }
    assert "Jordan" not in entities


# --- preferred names, meetings, variants -------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("APEC", "APEC"),
        ("Asia-Pacific Economic Cooperation", "APEC"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Nato", "NATO"),
        ("OPEC", "OPEC"),
        ("Association of Southeast Asian Nations", "ASEAN"),
        ("UN", "United Nations"),
        ("U.N.", "United Nations"),
        ("WHO", "World Health Organization"),
        ("US", "United States"),
    ],
)
def test_organisations_known_by_their_acronym_keep_it(
    gazetteer: Gazetteer, surface: str, canonical: str
) -> None:
    known = gazetteer.lookup(surface)
    assert known is not None and known.canonical == canonical


def test_meetings_of_an_organisation_are_events_naming_it(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Leaders arrived for the NATO Summit in Vilnius on Monday. The North Atlantic Treaty "
        "Organization Summit was the largest in years, and NATO said the OPEC summit mattered.",
    )
    summit = entities["NATO Summit"]
    assert summit.label == "EVENT"
    assert {m.text for m in summit.mentions} == {
        "NATO Summit",
        "North Atlantic Treaty Organization Summit",
    }
    nato = entities["NATO"]
    assert nato.label == "ORG" and nato.mention_count == 3
    assert "OPEC summit" not in entities and entities["OPEC"].label == "ORG"


def test_group_names_in_singular_plural_and_adjective_are_one_entity(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Democrats pledged to fight. The Democratic leadership met on Friday, and one Democrat "
        "said Republicans would lose. Several Republican senators disagreed.",
    )
    norp = {name: e for name, e in entities.items() if e.label == "NORP"}
    assert {name for name in norp if name.startswith("Democrat")} == {"Democratic"}
    assert norp["Democratic"].mention_count == 3
    assert {name for name in norp if name.startswith("Republican")} == {"Republican"}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Dr Mitchell said the roundtable had been useful.", "Mitchell"),
        ("President-elect Rodrigo Chaves apologized on Sunday.", "Rodrigo Chaves"),
        ("Air force spokesman Hadi Tjahjanto said the search went on.", "Hadi Tjahjanto"),
    ],
)
def test_titles_and_appositions_make_persons(
    nlp: Language, gazetteer: Gazetteer, text: str, person: str
) -> None:
    assert entities_of(nlp, gazetteer, text)[person].label == "PERSON"


@pytest.mark.parametrize(
    ("words", "person"),
    [
        (["Dr", "Mitchell", "said", "so", "."], "Mitchell"),
        (["Honourable", "Natalio", "Wheatley", "said", "so", "."], "Natalio Wheatley"),
        (["Mother", "Superior", "Marie", "Clare", "Millea", "wept", "."], "Marie Clare Millea"),
    ],
)
def test_a_name_after_an_honorific_is_a_person_whatever_the_ner_said(
    nlp: Language, gazetteer: Gazetteer, words: list[str], person: str
) -> None:
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 2) + [False, False])
    name_end = len(words) - 2
    doc.ents = [Span(doc, 0, name_end, label="ORG")]
    [record] = extract_entities(doc, doc.text, None, gazetteer).records
    assert (record.name, record.label) == (person, "PERSON")


def test_hashtags_and_trailing_common_words_are_no_part_of_names(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = (
        "Supporters shared #WeMissTurkey messages. Benjamin Netanyahu's Likud party won, and "
        "the Islamic State group lost ground."
    )
    entities = entities_of(nlp, gazetteer, text)
    assert not [name for name in entities if "WeMissTurkey" in name]
    assert entities["Islamic State"].mentions[0].text == "Islamic State"
    assert not [name for name in entities if name.endswith((" party", " group"))]


def test_acronyms_join_names_with_a_leading_country(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Officials of the United States Drug Enforcement Agency arrested him in Miami. "
        "A DEA complaint said he had agreed to the deal.",
    )
    agency = entities["United States Drug Enforcement Agency"]
    assert {m.text for m in agency.mentions} == {
        "United States Drug Enforcement Agency",
        "DEA",
    }
    assert "DEA" not in entities


def test_a_country_as_demonym_or_of_phrase_names_one_body(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "The ruling by the Constitutional Court of Turkey was published on Monday. Earlier, the "
        "Turkish Constitutional Court had made the text available.",
    )
    court = entities["Constitutional Court of Turkey"]
    assert court.mention_count == 2
    assert "Turkish Constitutional Court" not in entities


def test_shortened_organisation_names_join_the_full_name(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "A new Pew Research Center analysis was released on Tuesday. The Pew Research figures "
        "differ from the government's.",
    )
    assert entities["Pew Research Center"].mention_count == 2


def test_generational_suffixes_keep_names_apart_and_surnames_joined(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    entities = entities_of(
        nlp,
        gazetteer,
        "Donald Trump Jr. spoke first. Then Donald Trump spoke. Martin Luther King Jr. was "
        "remembered in Memphis, where King had died.",
    )
    assert {"Donald Trump Jr.", "Donald Trump"} <= set(entities)
    king = entities["Martin Luther King Jr."]
    assert {m.text for m in king.mentions} == {"Martin Luther King Jr.", "King"}


def test_bodies_named_by_an_institution_word_are_kept(nlp: Language, gazetteer: Gazetteer) -> None:
    entities = entities_of(
        nlp, gazetteer, "The motion was defeated in the Senate on Tuesday after a tied vote."
    )
    assert entities["Senate"].label == "ORG"


def test_scottish_is_its_own_demonym_of_the_united_kingdom(gazetteer: Gazetteer) -> None:
    scottish = gazetteer.lookup("Scottish")
    assert (scottish.canonical, scottish.country_code) == ("Scottish", "GBR")
    assert gazetteer.lookup("Britons").canonical == "British"


# --- datelines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "name", "country"),
    [
        ("MOSCOW (Reuters) - Russia said on Monday it would respond.", "MOSCOW", "Moscow", "RUS"),
        ("DANANG, Vietnam — Leaders met on Saturday.", "DANANG", "Da Nang", "VNM"),
        ("SEOUL, Aug. 20 (Yonhap) -- North Korea said so.", "SEOUL", "Seoul", "KOR"),
        ("PARIS, Texas (AP) — A storm hit the town.", "PARIS", "Paris", "USA"),
        ("Washington (CNN) -- Democrats pledged Friday.", "Washington", "Washington", "USA"),
        ("By Jane Doe\n\nLONDON — After nearly 20 years, it ended.", "LONDON", "London", "GBR"),
        # a town the gazetteer does not know: the country after it is the place
        ("ST CATHERINE, Jamaica — A police inspector was hurt.", "Jamaica", "Jamaica", "JAM"),
    ],
)
def test_datelines(gazetteer: Gazetteer, text: str, place: str, name: str, country: str) -> None:
    dateline = find_dateline(text, gazetteer)
    assert dateline is not None
    assert text[dateline.start : dateline.end] == place == dateline.text
    assert (dateline.place.name, dateline.place.country_code) == (name, country)
    assert dateline.header_start <= dateline.start < dateline.end <= dateline.header_end


@pytest.mark.parametrize(
    "text",
    [
        "A PRIVATE motion brought by a senator was defeated.",
        "WHAT IT IS LIKE — a report from the ground.",
        "The minister said — twice — that talks were over.",
    ],
)
def test_no_dateline(gazetteer: Gazetteer, text: str) -> None:
    assert find_dateline(text, gazetteer) is None


def test_the_dateline_place_is_an_entity(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "VATICAN CITY—Six years ago the report was ordered.\n\nJAKARTA is far away."
    entities = extract_entities(nlp(text), text, None, gazetteer)
    records = {record.name: record for record in entities.records}
    assert records["Vatican"].label == "GPE"
    mention = records["Vatican"].mentions[0]
    assert (mention.text, mention.start, mention.end) == ("VATICAN CITY", 0, 12)
    assert entities.dateline is not None and entities.dateline.country_code == "VAT"


def test_a_town_the_ner_took_for_a_people_is_a_place(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Russian air strikes killed dozens of civilians in Aleppo."
    assert entities_of(nlp, gazetteer, text)["Aleppo"].label == "GPE"


def test_a_region_the_ner_took_for_an_organisation_is_a_place(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = "Gunmen killed 20 villagers in Tigray."
    assert entities_of(nlp, gazetteer, text)["Tigray"].label == "GPE"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Russian forces captured Avdiivka.", "Avdiivka"),
        ("Russian troops shelled Kherson overnight.", "Kherson"),
        ("Russian troops withdrew from Kherson.", "Kherson"),
        ("The Red Cross evacuated wounded civilians from Mariupol.", "Mariupol"),
    ],
)
def test_a_town_a_verb_of_force_or_movement_takes_is_a_place(
    nlp: Language, gazetteer: Gazetteer, text: str, name: str
) -> None:
    # the NER takes them for people; a person is not shelled, captured or withdrawn from
    verbs = default_resources().lexicon.place_verbs
    records = extract_entities(nlp(text), text, None, gazetteer, (), verbs).records
    assert {record.name: record for record in records}[name].label == "GPE"
