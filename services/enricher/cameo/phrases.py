"""Word sequences of dictionary phrases and of text, and the index that finds phrases in them.

``phrase_words`` is applied to both sides of matching: a dictionary phrase (``BAN_KI-MOON``) and
the text it should be found in (``Ban Ki-moon``) must come out as the same upper-case words. The
split follows spaCy's English tokenizer where it matters for names (hyphens between letters,
possessives, brackets, quotes and trailing punctuation are tokens of their own), so the words
also line up with the tokens of the spaCy parse the coder works on. One deliberate difference:
a word-final period is kept on abbreviations whatever their case (``ST.``, ``U.N.``), where
spaCy keeps it only on the mixed-case forms the news prints (``St.``) and splits it off the
upper-case forms the dictionaries are written in.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

Value = TypeVar("Value")

HYPHEN = "-"
_WORD_SEPARATORS = re.compile(r"[\s_]+")
_PLAIN_WORD = re.compile(r"[^\W_]+")
_PLAIN_PHRASE = re.compile(r"[A-Z0-9_ ]*")
# Quotes and dashes as escapes: \u2018 \u2019 \u201c \u201d are typographic quotes, \u2013 \u2014
# the en and em dash.
_PREFIX = re.compile(r"""[(\[{"'`\u201c\u2018«¡¿]""")
_SUFFIX = re.compile(r"""(?:['\u2019]S|[)\]}"'`\u201d\u2019»,;:!?%…]|\u2014|\u2013)$""")
# spaCy's infix rules: a hyphen between a letter or digit and a letter, ``/ : < > =`` before a
# letter, a comma between letters, and ``- + * ^`` between digits split a word; ``V-22``,
# ``U.S.-VICE`` and ``AL-'IDALAT`` stay whole.
_INFIX = re.compile(
    r"(?<=[^\W_])[-\u2013\u2014](?=[^\W\d_])"
    r"|(?<=[^\W_])[/:<>=](?=[^\W\d_])"
    r"|(?<=[^\W\d_]),(?=[^\W\d_])"
    r"|(?<=\d)[-+*^](?=[\d-])"
)
# The title and company abbreviations spaCy's English exceptions keep whole with their period
# ("St.", "Gen.", "Inc."; it splits "Col." and "Sr."); single letters and dotted initialisms
# ("S.", "U.N.") are recognised by their shape.
_ABBREVIATIONS = frozenset(
    {"ADM", "BROS", "CO", "CORP", "DR", "GEN", "GOV", "INC", "JR", "LTD", "MR", "MRS", "MS", "MT"}
    | {"PROF", "REP", "REV", "SEN", "ST"}
)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+")


def phrase_words(text: str) -> tuple[str, ...]:
    """The upper-case words of a dictionary phrase or of text, split as spaCy splits names."""
    text = text.upper()
    if _PLAIN_PHRASE.fullmatch(text):
        return tuple(sys.intern(word) for word in text.replace("_", " ").split())
    words: list[str] = []
    for chunk in _WORD_SEPARATORS.split(text):
        if _PLAIN_WORD.fullmatch(chunk):
            words.append(sys.intern(chunk))
        elif chunk:
            words.extend(_split_chunk(chunk))
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def _split_chunk(chunk: str) -> tuple[str, ...]:
    """Peel prefixes and suffixes off a blank-free chunk, then split the rest at infixes."""
    prefixes: list[str] = []
    suffixes: list[str] = []
    while chunk:
        if len(chunk) > 1 and _PREFIX.match(chunk):
            prefixes.append(chunk[0])
            chunk = chunk[1:]
            continue
        suffix = _suffix_of(chunk)
        if suffix is None:
            break
        suffixes.append(suffix)
        chunk = chunk[: -len(suffix)]
    middle = _split_infixes(chunk) if chunk else []
    return tuple(sys.intern(word) for word in prefixes + middle + suffixes[::-1])


def _suffix_of(chunk: str) -> str | None:
    """The trailing token to split off ``chunk``, if any; a lone punctuation mark stays whole."""
    if len(chunk) < 2:
        return None
    if chunk.endswith("."):
        return None if _is_abbreviation(chunk) else "."
    match = _SUFFIX.search(chunk)
    if match is None or match.start() == 0:
        return None
    return match.group()


def _is_abbreviation(word: str) -> bool:
    return _INITIALISM.fullmatch(word) is not None or word[:-1] in _ABBREVIATIONS


def _split_infixes(chunk: str) -> list[str]:
    parts: list[str] = []
    position = 0
    for match in _INFIX.finditer(chunk):
        parts.append(chunk[position : match.start()])
        parts.append(match.group())
        position = match.end()
    parts.append(chunk[position:])
    return parts


class PhraseIndex(Generic[Value]):
    """Phrases (word tuples) to values, found by longest match in a word sequence.

    A dict keyed by the whole word tuple plus, per first word, the length of its longest phrase:
    a lookup tries the few possible lengths from the longest down, with no per-word node objects.
    """

    __slots__ = ("_longest", "_values")

    def __init__(self) -> None:
        self._values: dict[tuple[str, ...], Value] = {}
        self._longest: dict[str, int] = {}

    def add(self, words: tuple[str, ...], value: Value) -> bool:
        """Store ``value`` under ``words``; a phrase already present keeps its first value."""
        if not words or words in self._values:
            return False
        self._values[words] = value
        if len(words) > self._longest.get(words[0], 0):
            self._longest[words[0]] = len(words)
        return True

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, Value] | None:
        """The longest stored phrase equal to ``words[start:start + n]``, as ``(n, value)``; else
        one the words name with hyphens where the phrase has none ('Inter-American Development
        Bank' is INTER_AMERICAN_DEVELOPMENT_BANK), its ``n`` counting the hyphens."""
        found = self._match(words, start)
        end = min(len(words), start + self._reach(words, start))
        if found is not None or HYPHEN not in words[start + 1 : end]:
            return found
        kept = [i for i in range(start, end) if words[i] != HYPHEN]
        found = self._match([words[i] for i in kept], 0)
        if found is None or kept[found[0] - 1] - start + 1 == found[0]:
            return None  # no hyphen inside the match
        return kept[found[0] - 1] - start + 1, found[1]

    def longest_from(self, word: str) -> int:
        """The number of words of the longest phrase that begins with ``word`` (0: none)."""
        return self._longest.get(word, 0)

    def _reach(self, words: Sequence[str], start: int) -> int:
        """How many words from ``start`` a phrase could span, its hyphens written as words."""
        return 2 * self.longest_from(words[start])

    def _match(self, words: Sequence[str], start: int) -> tuple[int, Value] | None:
        if start >= len(words):
            return None
        longest = self._longest.get(words[start])
        if longest is None:
            return None
        for length in range(min(longest, len(words) - start), 0, -1):
            value = self._values.get(tuple(words[start : start + length]))
            if value is not None:
                return length, value
        return None

    def values(self) -> Iterable[Value]:
        return self._values.values()

    def items(self) -> Iterable[tuple[tuple[str, ...], Value]]:
        return self._values.items()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, words: object) -> bool:
        return words in self._values
