"""Plain-text pages copied from a browser: the seed and pages of the same class written for
these tests (other outlets, wording and order), plus the single rules on their own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsstream.ingestion.textcleanup import (
    _COPYRIGHT,
    _OUTLET_LINE_PREFIX,
    _OUTLET_SEPARATOR,
    _YEAR_OR_RIGHTS,
    _outlet_parts,
    clean_paragraphs,
    clean_text_page,
    has_at_least_words,
    has_at_most_words,
    is_credit,
    is_timestamp,
    outlet_line,
    outlet_name,
    parse_byline,
    parse_date,
    split_units,
    strip_credit_tail,
    word_count,
)

from conftest import SEED_FILE

SEED_TITLE = "Vladimir Putin, Donald Trump back Syria peace plans during brief APEC meeting"
SEED_CAPTION = (
    "US President Donald Trump and Russia's President Vladimir Putin talk during the family "
    "photo session at the APEC Summit in Danang, Vietnam."
)

# A Guardian-like page carrying a Reuters story: labels, age notice, standfirst, byline with
# places, sharing buttons, a caption repeated with a "Photograph:" credit, a wire credit and
# a topic list and "Most popular" list after the article.
WIRE_PAGE = """\
Skip to main content
World
Asia

This article is more than 3 years old

Japan and South Korea agree to resume security talks after two-year freeze

Foreign ministers meet in Seoul as regional tensions rise over missile tests

By Mari Yamaguchi and Kim Tong-hyung in Seoul
Sat 14 Mar 2020 10.45 GMT

Share on Facebook
Share on Twitter

SEOUL (Reuters) - Japan and South Korea agreed on Saturday to resume regular security talks \
that were suspended two years ago amid a dispute over wartime history, officials said.

Advertisement

The two countries' foreign ministers met for three hours in Seoul and agreed to hold the \
next round of talks in Tokyo before the end of the year.

South Korean Foreign Minister Kang Kyung-wha, right, and Japanese Foreign Minister \
Toshimitsu Motegi shake hands before their meeting in Seoul.
South Korean Foreign Minister Kang Kyung-wha, right, and Japanese Foreign Minister \
Toshimitsu Motegi shake hands before their meeting in Seoul. Photograph: Lee Jin-man/AP

"We have agreed that dialogue is the only way forward," Kang told reporters after the meeting.

Read more: North Korea fires two short-range missiles

Officials also discussed a joint tourism advertisement campaign aimed at visitors from China, \
and agreed to share intelligence on missile launches.

Reporting by Hyonhee Shin in Seoul; Additional reporting by Kiyoshi Takenaka in Tokyo; \
Editing by Alex Richardson

Topics
Japan
South Korea
Diplomacy

Most popular
North Korea fires two short-range missiles into the sea
Coronavirus: what we know so far
"""

# An AP page: outlet and menu on top, an upper-case byline with the agency, a dated
# "Updated" stamp, the caption with its credit first and bare later, a gallery counter,
# a contributor line and the copyright footer.
AGENCY_PAGE = """\
AP
Home
World
Politics
Sports

Ukraine's parliament approves new defense minister amid shake-up

By ILLIA NOVIKOV, Associated Press
Updated 4:12 PM EDT, September 6, 2023

KYIV, Ukraine (AP) \u2014 Ukraine's parliament on Wednesday approved Rustem Umerov as the \
country's new defense minister, the biggest change in the military leadership since the war began.

Loading...

Image 1 of 4
Rustem Umerov speaks during a parliament session in Kyiv, Ukraine, Wednesday, Sept. 6, 2023. \
(AP Photo/Efrem Lukatsky)

Umerov, who led the State Property Fund, replaces Oleksii Reznikov, who had served since \
before the invasion.

Lawmakers voted 338 to 0 to confirm him, parliament said in a statement.

Rustem Umerov speaks during a parliament session in Kyiv, Ukraine, Wednesday, Sept. 6, 2023.

Associated Press writer Hanna Arhirova contributed to this report.

Copyright 2023 The Associated Press. All rights reserved. This material may not be \
published, broadcast, rewritten or redistributed without permission.
"""

# A newspaper page like the seed's, other wording: audio widget, a job title in the
# byline, an unavailable video, a glued "Credit: Getty Images" caption, a newsletter
# prompt, an ordinary paragraph about shares, the agency line and a "Most Read" list.
NEWSPAPER_PAGE = """\
Central banks signal pause in rate rises as inflation cools

Listen to this article
4 min

Advertisement

By Jane McAdam, Economics Correspondent
Updated 3.45pm

Central banks in Europe and Asia signalled on Tuesday that they were ready to stop raising \
interest rates as inflation eased for a third month.

This video is currently unavailable. Please try again later.

European Central Bank President Christine Lagarde speaks at a news conference in Frankfurt.

Shares in European banks rose 2 per cent after the announcement, and the euro slipped.

European Central Bank President Christine Lagarde speaks at a news conference in \
Frankfurt.Credit: Getty Images

Economists said the pause could last well into next year.

Sign up for our Business Briefing newsletter

Share

"We are not declaring victory," Lagarde said. "But the direction is clear."

AFP

Most Read in Business
Qantas profit soars as travel rebounds
Why your mortgage repayments may fall next year
Loading
"""

# Text wrapped at a fixed width, as in e-mail and wire copy, with a dpa line at the end.
WRAPPED_PAGE = """\
EU leaders agree on migration deal after all-night summit

By Laura Kayali & Jacopo Barigazzi

BRUSSELS -- European Union leaders reached a deal early on Friday on how to
share responsibility for migrants arriving on the bloc's shores, ending a
summit that ran through the night.

The agreement, which needs approval from national parliaments, sets up a
common fund for countries at the EU's external borders.

"This is a good day for Europe," Council President Charles Michel told
reporters.

(c) dpa
"""

# One paragraph a line, no blank lines: section labels, text-size buttons, a caption twice
# (once with a photographer's credit), a subheading, a newsletter prompt, a note about the
# author and a social link.
SINGLE_LINE_PAGE = """\
Politics
Federal
Election 2022
Albanese sworn in as prime minister before flying to Tokyo for Quad summit
Anthony Albanese has been sworn in as Australia's 31st prime minister.
By Katina Curtis and James Massola
May 23, 2022 \u2014 12.05pm
Save
Share
Normal text size
Larger text size
Very large text size
Anthony Albanese has been sworn in along with four senior ministers, before he leaves for \
Tokyo to meet the leaders of the United States, Japan and India.
Governor-General David Hurley swore in Albanese at Government House in Canberra on Monday.
Prime Minister Anthony Albanese and Governor-General David Hurley at Government House.
Prime Minister Anthony Albanese and Governor-General David Hurley at Government House. \
Credit: Alex Ellinghausen
The new ministers
Penny Wong was sworn in as foreign minister and will travel with Albanese to Tokyo.
Start the day with major news and opinion delivered to your inbox. Sign up here.
Katina Curtis is a federal political reporter for the newspaper.
Connect via Twitter or email.
Most Viewed in Politics
Loading
"""

# No title, byline or source: only paragraphs, one of them repeated as a pull quote, a
# subheading, and sentences that start like interface lines.
BARE_PAGE = """\
By Tuesday evening, rescue teams had reached the village cut off by the landslide.

Advertisement revenue at the regional broadcaster fell 12 per cent as viewers moved online.

What happens next

Share prices of the construction firms involved fell sharply on Wednesday.

"We will rebuild every house," the mayor said.

Officials expect the road to reopen within a month.

"We will rebuild every house," the mayor said.
"""


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


def test_seed_metadata(seed: str) -> None:
    article = clean_text_page(seed)
    assert article.title == SEED_TITLE
    assert article.authors == ["Ilya Arkhipov"]
    assert article.source == "Bloomberg"


def test_seed_interface_lines_do_not_reach_the_text(seed: str) -> None:
    text = clean_text_page(seed).text
    for boilerplate in (
        "feature is currently unavailable",
        "Please try again later",
        "Advertisement",
        "This was published",
        "Most Viewed",
        "Loading",
        "Updated",
        "Credit: AP",
        "By Ilya Arkhipov",
        "Bloomberg",
        SEED_TITLE,
    ):
        assert boilerplate not in text, boilerplate


def test_seed_caption_appears_once_without_its_credit(seed: str) -> None:
    text = clean_text_page(seed).text
    assert text.count(SEED_CAPTION) == 1
    assert SEED_CAPTION in paragraphs(text)


def test_seed_article_paragraphs_are_intact_and_in_order(seed: str) -> None:
    text = clean_text_page(seed).text
    body = paragraphs(text)
    assert body[0].startswith("Russian President Vladimir Putin and US leader Donald Trump agreed")
    assert body[-1].endswith("Rex Tillerson did meet on Saturday.")
    assert len(body) == 9
    for paragraph in body:
        assert paragraph in seed, paragraph
    assert text == text.strip() and "\n\n\n" not in text


def test_wire_page() -> None:
    article = clean_text_page(WIRE_PAGE)
    assert article.title == (
        "Japan and South Korea agree to resume security talks after two-year freeze"
    )
    assert article.authors == ["Mari Yamaguchi", "Kim Tong-hyung"]
    assert article.source == "Reuters"
    assert article.published == "2020-03-14"
    body = paragraphs(article.text)
    assert body[0] == "Foreign ministers meet in Seoul as regional tensions rise over missile tests"
    assert body[1].startswith("SEOUL (Reuters) - Japan and South Korea agreed")
    assert body[-1].startswith("Officials also discussed a joint tourism advertisement campaign")
    caption = body[3]
    assert caption.endswith("shake hands before their meeting in Seoul.")
    assert article.text.count(caption) == 1
    for boilerplate in (
        "Skip to",
        "years old",
        "Share on",
        "Photograph:",
        "Read more",
        "Reporting by",
        "Topics",
        "Diplomacy",
        "Most popular",
        "Coronavirus",
        "\nAdvertisement",
        "Sat 14 Mar",
        "Asia\n",
        "World",
    ):
        assert boilerplate not in article.text, boilerplate


def test_agency_page() -> None:
    article = clean_text_page(AGENCY_PAGE)
    assert article.title == "Ukraine's parliament approves new defense minister amid shake-up"
    assert article.authors == ["Illia Novikov"]
    assert article.source == "AP"
    assert article.published == "2023-09-06"
    body = paragraphs(article.text)
    assert body == [
        "KYIV, Ukraine (AP) \u2014 Ukraine's parliament on Wednesday approved Rustem Umerov as "
        "the country's new defense minister, the biggest change in the military leadership "
        "since the war began.",
        "Rustem Umerov speaks during a parliament session in Kyiv, Ukraine, Wednesday, "
        "Sept. 6, 2023.",
        "Umerov, who led the State Property Fund, replaces Oleksii Reznikov, who had served "
        "since before the invasion.",
        "Lawmakers voted 338 to 0 to confirm him, parliament said in a statement.",
    ]


def test_newspaper_page() -> None:
    article = clean_text_page(NEWSPAPER_PAGE)
    assert article.title == "Central banks signal pause in rate rises as inflation cools"
    assert article.authors == ["Jane McAdam"]
    assert article.source == "AFP"
    assert article.published is None
    body = paragraphs(article.text)
    assert body == [
        "Central banks in Europe and Asia signalled on Tuesday that they were ready to stop "
        "raising interest rates as inflation eased for a third month.",
        "European Central Bank President Christine Lagarde speaks at a news conference in "
        "Frankfurt.",
        "Shares in European banks rose 2 per cent after the announcement, and the euro slipped.",
        "Economists said the pause could last well into next year.",
        '"We are not declaring victory," Lagarde said. "But the direction is clear."',
    ]


def test_single_line_page() -> None:
    article = clean_text_page(SINGLE_LINE_PAGE)
    assert article.title == (
        "Albanese sworn in as prime minister before flying to Tokyo for Quad summit"
    )
    assert article.authors == ["Katina Curtis", "James Massola"]
    assert article.source is None
    assert article.published == "2022-05-23"
    assert paragraphs(article.text) == [
        "Anthony Albanese has been sworn in as Australia's 31st prime minister.",
        "Anthony Albanese has been sworn in along with four senior ministers, before he leaves "
        "for Tokyo to meet the leaders of the United States, Japan and India.",
        "Governor-General David Hurley swore in Albanese at Government House in Canberra on "
        "Monday.",
        "Prime Minister Anthony Albanese and Governor-General David Hurley at Government House.",
        "The new ministers",
        "Penny Wong was sworn in as foreign minister and will travel with Albanese to Tokyo.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    article = clean_text_page(WRAPPED_PAGE)
    assert article.title == "EU leaders agree on migration deal after all-night summit"
    assert article.authors == ["Laura Kayali", "Jacopo Barigazzi"]
    assert article.source == "dpa"
    assert paragraphs(article.text) == [
        "BRUSSELS -- European Union leaders reached a deal early on Friday on how to share "
        "responsibility for migrants arriving on the bloc's shores, ending a summit that ran "
        "through the night.",
        "The agreement, which needs approval from national parliaments, sets up a common fund "
        "for countries at the EU's external borders.",
        '"This is a good day for Europe," Council President Charles Michel told reporters.',
    ]


def test_article_sentences_that_look_like_interface_stay() -> None:
    article = clean_text_page(BARE_PAGE)
    assert article.title is None
    assert article.authors == []
    assert article.source is None
    assert paragraphs(article.text) == [
        "By Tuesday evening, rescue teams had reached the village cut off by the landslide.",
        "Advertisement revenue at the regional broadcaster fell 12 per cent as viewers moved "
        "online.",
        "What happens next",
        "Share prices of the construction firms involved fell sharply on Wednesday.",
        '"We will rebuild every house," the mayor said.',
        "Officials expect the road to reopen within a month.",
    ]


def test_a_short_line_seen_twice_is_interface() -> None:
    page = (
        "Storm closes ports along the northern coast\n\nShow more\n\n"
        "Ferries were cancelled on Monday as winds reached 120 km/h.\n\nShow more\n\n"
        "Harbour officials said services would resume on Wednesday.\n"
    )
    assert paragraphs(clean_text_page(page).text) == [
        "Ferries were cancelled on Monday as winds reached 120 km/h.",
        "Harbour officials said services would resume on Wednesday.",
    ]


def test_paragraphs_kept_by_an_html_extractor_get_the_same_rules() -> None:
    article = clean_paragraphs(
        [
            "Rates held",
            "By Jane Doe",
            "The central bank held rates on Wednesday.",
            "Advertisement",
            "Economists had expected the decision.",
            "Read more:",
            "Bank of England holds rates again",
            "Rates held",
        ],
        title="Rates held",
    )
    assert article.title == "Rates held"
    assert article.authors == ["Jane Doe"]
    assert paragraphs(article.text) == [
        "The central bank held rates on Wednesday.",
        "Economists had expected the decision.",
    ]


def test_page_without_article_text_gives_empty_text() -> None:
    assert clean_text_page("Advertisement\n\nLoading\n\nShare\n").text == ""


@pytest.mark.parametrize(
    ("line", "authors", "outlet"),
    [
        ("By Ilya Arkhipov", ["Ilya Arkhipov"], None),
        ("By Ilya Arkhipov and Jake Rudnitsky", ["Ilya Arkhipov", "Jake Rudnitsky"], None),
        (
            "By A. B. Smith, Jane O'Neil and Kim Tong-hyung",
            ["A. B. Smith", "Jane O'Neil", "Kim Tong-hyung"],
            None,
        ),
        ("BY JOHN SMITH | REUTERS", ["John Smith"], "Reuters"),
        ("By Maria de la Cruz in Manila, Agence France-Presse", ["Maria de la Cruz"], "AFP"),
        ("Written by Sam Lee, Senior Political Correspondent", ["Sam Lee"], None),
        ("By Ilya Arkhipov Updated 3.45pm", ["Ilya Arkhipov"], None),
    ],
)
def test_bylines(line: str, authors: list[str], outlet: str | None) -> None:
    assert parse_byline(line) == (authors, outlet, None)


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the talks had stalled.",
        "By the time they arrived it was dark",
        "Byron Bay council votes",
        "By 2030 emissions must halve",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Bloomberg", "Bloomberg"),
        ("- Reuters", "Reuters"),
        ("(AFP)", "AFP"),
        ("The Associated Press", "AP"),
        ("© 2017 Bloomberg L.P.", "Bloomberg"),
        ("With Reuters, AFP", "Reuters"),
        ("Source: Xinhua", "Xinhua"),
        ("Bloomberg shares fell", None),
        ("Reuters reported the deal", None),
    ],
)
def test_outlet_lines(line: str, outlet: str | None) -> None:
    assert outlet_line(line) == outlet


@pytest.mark.parametrize(
    "line",
    [
        "Credit: AP",
        "Photo: Jane Doe/Reuters",
        "(AP Photo/Evan Vucci)",
        "Getty Images",
        "AFP via Getty Images",
        "Photograph: Alexander Zemlianichenko/AP",
        "Supplied",
    ],
)
def test_credit_lines(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    ["Reuters", "The photo was taken in 2019.", "Credit cards were declined. Banks said so."],
)
def test_not_credit_lines(line: str) -> None:
    assert not is_credit(line)


def test_credit_tail_is_cut_from_captions_only() -> None:
    assert strip_credit_tail("Crowds in Danang, Vietnam.Credit: AP") == "Crowds in Danang, Vietnam."
    assert strip_credit_tail("Fans cheer. (AP Photo/Evan Vucci)") == "Fans cheer."
    sentence = "He said the photo was fake. Nobody believed him."
    assert strip_credit_tail(sentence) == sentence


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated", True),
        ("Updated 3.45pm", True),
        ("First published on Sat 11 Nov 2017 10.45 GMT", True),
        ("November 12, 2017 - 3:45pm AEDT", True),
        ("2 hours ago", True),
        ("Published by Penguin Books", False),
        ("Updated rules take effect on Monday", False),
    ],
)
def test_timestamps(line: str, expected: bool) -> None:
    assert is_timestamp(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated 4:12 PM EDT, September 6, 2023", "2023-09-06"),
        ("Sat 14 Mar 2020 10.45 GMT", "2020-03-14"),
        ("2019-08-01T10:00:00Z", "2019-08-01"),
        ("Sept. 31, 2023", None),
        ("Updated 3.45pm", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_split_units_keeps_short_lines_apart_and_joins_wrapped_ones() -> None:
    assert split_units("Title here\nBy A Writer\n\nOne.\u00a0 Two.\r\n") == [
        "Title here",
        "By A Writer",
        "One. Two.",
    ]


@given(st.text(alphabet=" ,/&andbx\t", max_size=30))
def test_outlet_parts_are_the_split_parts(text: str) -> None:
    assert list(_outlet_parts(text)) == _OUTLET_SEPARATOR.split(text)


@given(st.text(alphabet="ab 東京.'-_", max_size=60), st.integers(min_value=0, max_value=12))
def test_word_count_bounds_are_word_counts(text: str, count: int) -> None:
    assert has_at_least_words(text, count) == (word_count(text) >= count)
    assert has_at_most_words(text, count) == (word_count(text) <= count)


def _outlet_of_the_whole_line(text: str) -> str | None:
    """outlet_line as first written: years and rights taken out of the whole line first."""
    core = text.strip()
    if copyright_line := _COPYRIGHT.match(core):
        core = copyright_line["holder"]
    names = []
    for part in _OUTLET_SEPARATOR.split(_YEAR_OR_RIGHTS.sub("", _OUTLET_LINE_PREFIX.sub("", core))):
        if part.strip(" .)]"):
            names.append(outlet_name(part))
    return None if None in names else next(iter(names), None)


_OUTLET_LINE_PIECES = ["Reuters", "AP", "AFP", "2019", "all rights reserved", "and", "x"]


@given(st.lists(st.sampled_from([*_OUTLET_LINE_PIECES, " ", ",", "/", "&", ".", "(c) ", "-"])))
def test_years_and_rights_are_taken_out_part_by_part(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert outlet_line(text) == _outlet_of_the_whole_line(text)
