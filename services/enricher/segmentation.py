"""Texts are parsed in pieces: spaCy's working memory grows with the text of one call (a single
87,000-character article took the worker from 240 MB to 545 MB), and a batch of short docs parses
faster than a few long ones (the token-to-vector layers work on smaller arrays; the parser and
the NER advance all docs of a batch together), while the results barely depend on what lies
beyond a paragraph: sentences start after every blank line anyway (nlp.paragraph_sentences).

A text is cut after blank lines (paragraph ends) into pieces of at most ``max_chars``; a
paragraph longer than that is cut after a line break, then after a sentence end, then after a
space, and only as a last resort inside a word. The pieces concatenate to the text exactly, so
offsets computed on the merged parse are offsets into the original text.
"""

from __future__ import annotations

import re

# Cut points in order of preference; each keeps its whitespace with the piece before the cut.
CUTS = (
    re.compile(r"(?<=\n)[ \t]*\n\s*"),
    re.compile(r"(?<=\n)"),
    re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+"),
    re.compile(r"(?<=\s)"),
)


def split_for_nlp(text: str, max_chars: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``max_chars`` characters, cut where the
    meaning is least disturbed. A text within the limit is one piece."""
    return _split(text, max_chars, 0)


def _split(text: str, max_chars: int, level: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    if level == len(CUTS):
        return [text[start : start + max_chars] for start in range(0, len(text), max_chars)]
    pieces: list[str] = []
    current = ""
    for segment in _segments(text, CUTS[level]):
        if current and len(current) + len(segment) > max_chars:
            pieces.append(current)
            current = ""
        if len(segment) > max_chars:
            pieces.extend(_split(segment, max_chars, level + 1))
        else:
            current += segment
    if current:
        pieces.append(current)
    return pieces


def _segments(text: str, cut: re.Pattern[str]) -> list[str]:
    """``text`` cut after every match of ``cut`` (the match stays with the segment before)."""
    segments = []
    start = 0
    for match in cut.finditer(text):
        if match.end() > start:
            segments.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        segments.append(text[start:])
    return segments
