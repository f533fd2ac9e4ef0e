"""split_for_nlp: pieces stay within the limit, concatenate to the text, and are cut where the
meaning is least disturbed (paragraph ends, then line breaks, then sentence ends, then spaces,
then anywhere)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsstream.enricher.segmentation import split_for_nlp

SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]?\s+$")
BLANK_LINE_END = re.compile(r"\n[ \t]*\n\s*$")

# Letters, digits, punctuation that ends sentences, quotes, whitespace of every kind that
# matters to the cuts, and characters outside the BMP.
TEXT_CHARS = st.one_of(
    st.sampled_from(list("ab .!?\"')]\n\t\r\u201d\u2019\u00a0\u2028")),
    st.characters(codec="utf-8"),
)


@pytest.mark.parametrize(
    ("text", "max_chars"),
    [("", 10), ("short", 10), ("exactly10!", 10), ("One.\n\nTwo.", 100), ("x", 1)],
)
def test_text_within_limit_is_one_piece(text: str, max_chars: int) -> None:
    assert split_for_nlp(text, max_chars) == [text]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=TEXT_CHARS, max_size=300), max_chars=st.integers(1, 40))
def test_pieces_are_bounded_nonempty_and_concatenate(text: str, max_chars: int) -> None:
    pieces = split_for_nlp(text, max_chars)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces)
    if text:
        assert all(pieces)


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(
        st.text(alphabet="ab .!?", min_size=1, max_size=15).map(lambda p: "w" + p.strip() + "."),
        min_size=1,
        max_size=8,
    ),
    separators=st.lists(st.sampled_from(["\n\n", "\n \n", "\n\n\n", "\n\t\n  "]), min_size=8),
    max_chars=st.integers(25, 60),
)
def test_short_paragraphs_are_cut_only_after_blank_lines(
    paragraphs: list[str], separators: list[str], max_chars: int
) -> None:
    body = "".join(p + s for p, s in zip(paragraphs[:-1], separators, strict=False))
    text = body + paragraphs[-1]
    pieces = split_for_nlp(text, max_chars)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces)
    for piece, following in itertools.pairwise(pieces):
        assert BLANK_LINE_END.search(piece), (piece, pieces)
        assert not following[0].isspace(), (following, pieces)


def test_paragraph_ends_are_preferred_to_line_breaks_and_sentence_ends() -> None:
    paragraphs = [
        "First sentence. Second one!\nA new line.",
        "Another paragraph? Yes.\nWith a line.",
        "Last one. Really the last.",
    ]
    text = "\n\n".join(paragraphs)
    # Each paragraph fits, two together do not: every cut is a paragraph end.
    assert split_for_nlp(text, 45) == [
        paragraphs[0] + "\n\n",
        paragraphs[1] + "\n\n",
        paragraphs[2],
    ]
    # Two paragraphs fit together: they share a piece, and the cut is still a paragraph end.
    assert split_for_nlp(text, 80) == [
        paragraphs[0] + "\n\n" + paragraphs[1] + "\n\n",
        paragraphs[2],
    ]


def test_blank_line_whitespace_stays_with_the_piece_before() -> None:
    text = "Alpha alpha.\n  \n\n   Beta beta.\n\n\tGamma gamma."
    assert split_for_nlp(text, 20) == [
        "Alpha alpha.\n  \n\n   ",
        "Beta beta.\n\n\t",
        "Gamma gamma.",
    ]


def test_long_paragraph_without_line_breaks_is_cut_at_sentence_ends() -> None:
    text = (
        "The council met on Monday. It voted against the plan! Was that expected? "
        'The mayor said "No." (Nobody agreed.) The meeting ended at nine.'
    )
    pieces = split_for_nlp(text, 60)
    assert "".join(pieces) == text
    assert all(len(piece) <= 60 for piece in pieces)
    assert len(pieces) > 1
    for piece in pieces[:-1]:
        assert SENTENCE_END.search(piece), (piece, pieces)
    assert split_for_nlp(text, 30) == [
        "The council met on Monday. ",
        "It voted against the plan! ",
        "Was that expected? ",
        'The mayor said "No." ',
        "(Nobody agreed.) ",
        "The meeting ended at nine.",
    ]


def test_line_breaks_are_preferred_to_sentence_ends() -> None:
    text = "One. Two. Three.\nFour. Five. Six.\nSeven."
    assert split_for_nlp(text, 20) == ["One. Two. Three.\n", "Four. Five. Six.\n", "Seven."]


def test_sentence_without_ends_is_cut_after_whitespace() -> None:
    text = "alpha beta gamma delta epsilon zeta"
    assert split_for_nlp(text, 11) == ["alpha beta ", "gamma ", "delta ", "epsilon ", "zeta"]


def test_word_longer_than_limit_is_hard_cut() -> None:
    assert split_for_nlp("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    word = "Donaudampfschifffahrtsgesellschaft"
    pieces = split_for_nlp(f"Ein {word} fuhr.", 10)
    assert "".join(pieces) == f"Ein {word} fuhr."
    assert all(len(piece) <= 10 for piece in pieces)
    assert pieces[0] == "Ein "
    assert pieces[1:4] == [word[:10], word[10:20], word[20:30]]
