"""The CAMEO discard list: phrases whose sentences (``+`` entries: whole stories) are not coded.

Matching follows ``dictionaries.rst`` (Discard List): case-insensitive, the phrase must start the
text or follow a blank, a phrase ending in ``_`` must end at a blank, punctuation or the end of the
text, any other phrase is a stem (``CHAMPION`` also finds "championship"). Deliberate rules: runs
of blanks inside a phrase match any run of whitespace, an apostrophe also matches the typographic
one (U+2019, as news text prints "QUEEN'S"), and ``+ World Golf Championships`` (a blank after the
``+``) is the story entry ``WORLD GOLF CHAMPIONSHIPS``. All phrases of a kind are one compiled
regex, so a sentence is scanned once whatever the list's length.

The list's bare years (1914 to 1999 and later ones) are Phoenix's way of keeping historical
background out of a real-time feed. newsstream dates every event (``events.dates``), so a dated
sentence is coded with its date and subscribers filter by date: the years are read and kept in
``years``, and are not applied. Everything else of the list is applied as published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsstream.enricher.cameo.actors import read_dictionary_lines, strip_comment
from newsstream.enricher.cameo.errors import DictionaryError

DISCARDS_FILE = "Phoenix.discards.txt"

_DISCARD_PHRASE = re.compile(r"[^\W_](?:[^\[\]{}<>~=#+]*[^\W_])?_?")


class Discards:
    """Sentence-level and story-level discard phrases, each kind matched by one regex."""

    def __init__(
        self,
        sentence_phrases: Iterable[str],
        story_phrases: Iterable[str],
        years: Iterable[str] = (),
    ) -> None:
        self._sentence = _PhraseMatcher(sentence_phrases)
        self._story = _PhraseMatcher(story_phrases)
        self.years = tuple(years)

    @classmethod
    def load(cls) -> Discards:
        return cls.from_lines(DISCARDS_FILE, read_dictionary_lines(DISCARDS_FILE))

    @classmethod
    def from_lines(cls, file_name: str, lines: Iterable[str]) -> Discards:
        sentence_phrases: list[str] = []
        story_phrases: list[str] = []
        years: list[str] = []
        for line_number, line in enumerate(lines, start=1):
            text = strip_comment(line).strip()
            if not text:
                continue
            is_story = text.startswith("+")
            phrase = " ".join(text.removeprefix("+").upper().split())
            if not _DISCARD_PHRASE.fullmatch(phrase):
                raise DictionaryError(file_name, line_number, "unknown line shape", line)
            if phrase.isdigit() and not is_story:
                years.append(phrase)
            else:
                (story_phrases if is_story else sentence_phrases).append(phrase)
        return cls(sentence_phrases, story_phrases, years)

    def sentence_match(self, text: str) -> str | None:
        """The sentence-level discard phrase found in ``text`` (without its final ``_``), if any."""
        return self._sentence.first_match(text)

    def story_match(self, text: str) -> str | None:
        """The story-level (``+``) discard phrase found in ``text``, if any."""
        return self._story.first_match(text)


class _PhraseMatcher:
    """One regex over many discard phrases, and the way back from matched text to the phrase."""

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        self._phrases = {
            _key(phrase.removesuffix("_")): phrase.removesuffix("_") for phrase in phrases
        }
        trie: _Trie = {}
        for phrase in phrases:
            _add_to_trie(trie, phrase)
        self._regex = re.compile(rf"(?<!\S){_trie_pattern(trie)}", re.IGNORECASE) if trie else None

    def first_match(self, text: str) -> str | None:
        if self._regex is None:
            return None
        match = self._regex.search(text)
        return None if match is None else self._phrases[_key(match.group())]


_Trie = dict[str, "_Trie"]
_END = ""  # the key under which a trie node records that a phrase ends there


def _add_to_trie(trie: _Trie, phrase: str) -> None:
    """Add the phrase's regex pieces, one per character, then how it may end: a ``_`` phrase
    only before a non-word character, a stem anywhere."""
    node = trie
    for character in phrase.removesuffix("_"):
        node = node.setdefault(_character_pattern(character), {})
    ending = node.setdefault(_END, {})
    ending[r"(?!\w)" if phrase.endswith("_") else _END] = {}


def _character_pattern(character: str) -> str:
    if character == " ":
        return r"\s+"
    if character == "'":
        return "['\u2019]"
    return re.escape(character)


def _trie_pattern(node: _Trie) -> str:
    """A regex matching the trie's phrases, sharing their common prefixes (Python's ``re`` tries
    alternatives one by one, so 500 flat alternatives cost 500 attempts at every word). Longer
    continuations come before the ending, so of two phrases the longer one matches."""
    alternatives = [piece + _trie_pattern(child) for piece, child in node.items() if piece != _END]
    endings = node.get(_END, {})
    if _END in endings:
        alternatives.append("")
    elif endings:
        alternatives.append(r"(?!\w)")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _key(matched: str) -> str:
    return " ".join(matched.upper().replace("\u2019", "'").split())
