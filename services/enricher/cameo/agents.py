"""The CAMEO agent dictionary: common nouns of roles to sector codes added to an actor's code.

Format (``dictionaries.rst``, Agent Dictionary): ``phrase {optional plural} [~CODE]`` lines and
``!NAME! = A, B, C`` substitution sets. ``[~GOV]`` appends the code after the actor's code (a
suffix), ``[NGO~]`` puts it before (a prefix). Deliberate rules for what the shipped file does:

* Plurals: an irregular plural in ``{...}`` replaces the regular one, ``{}`` means none; otherwise
  the last word gets ``ES`` after ``SS``, ``IES`` for ``Y`` after a consonant, else ``S``. A ``Y``
  after a vowel takes ``S`` (the doc's bare "IES for Y" would give ENVOIES, ATTORNIES and lose
  ENVOYS, ATTORNEYS). As in the verb dictionary's rule, a phrase ending in ``_``
  (``LIBERATION_FORCES_``) and a phrase with a substitution marker get no regular plural.
* ``!NAME!`` is replaced by every item of its set, defined earlier in the file; a marker with
  letters on both sides (``AD!MINIST!RATION``, left by a global replace of MINIST) is read as the
  literal text ``MINIST``.
* Blanks separate words like underscores (PETRARCH matched both as consecutive words; the doc's
  older "blank = words may intervene" is not implemented).
* The doc's own example closes a code with ``}`` (``[~LEG}``), and so does the file once
  (``DEPARMENT_OF_ENVIRONMENT [~ENV}``): accepted.
* A phrase line without a code takes the code of the next line's entry, as in the actor files
  (``ISLAMIC_EXTREMIST`` before ``ISLAMIC_EXTREMIST_GROUP [~MUSRAD]``); at the end of the file it
  is an error.
* A phrase defined again keeps its first definition.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsstream.enricher.cameo.actors import read_dictionary_lines, strip_comment
from newsstream.enricher.cameo.errors import DictionaryError
from newsstream.enricher.cameo.phrases import PhraseIndex, phrase_words

AGENTS_FILE = "Phoenix.agents.txt"
SUPPLEMENT_FILE = "agents_supplement.txt"

_SUBSTITUTION_SET = re.compile(r"(?P<marker>![A-Z]+!)\s*=\s*(?P<items>.*)")
_AGENT_LINE = re.compile(
    r"(?P<phrase>[^\[\]{}]*?)\s*(?:\{(?P<plural>[^\[\]{}]*)\}\s*)?(?:\[(?P<code>[^\[\]{}]*)[\]}])?"
)
_AGENT_CODE = re.compile(r"~(?P<suffix>[A-Z]+)|(?P<prefix>[A-Z]+)~")
_MARKER = re.compile(r"![A-Z]+!")
_MARKER_SPLIT = re.compile(r"(![A-Z]+!)")
_EMBEDDED_MARKER = re.compile(r"(?<=[A-Z])!([A-Z]+)!(?=[A-Z])")
_VOWELS = frozenset("AEIOU")


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """An agent: its singular phrase and the code it adds before or after an actor's code."""

    phrase: str
    prefix: str
    suffix: str


class AgentDictionary:
    """Agent phrases and their plurals (as ``phrase_words``) to entries, found by longest match."""

    def __init__(self, index: PhraseIndex[AgentEntry]) -> None:
        self._index = index

    @classmethod
    def load(cls) -> AgentDictionary:
        """newsstream's supplement (``data/``), whose phrases win, then the shipped file."""
        supplement = (SUPPLEMENT_FILE, read_dictionary_lines(SUPPLEMENT_FILE, folder=()))
        return cls._from_files([supplement, (AGENTS_FILE, read_dictionary_lines(AGENTS_FILE))])

    @classmethod
    def from_lines(cls, file_name: str, lines: Iterable[str]) -> AgentDictionary:
        return cls._from_files([(file_name, lines)])

    @classmethod
    def _from_files(cls, files: Iterable[tuple[str, Iterable[str]]]) -> AgentDictionary:
        index: PhraseIndex[AgentEntry] = PhraseIndex()
        for file_name, lines in files:
            for forms, entry in _AgentFileReader(file_name).entries(lines):
                for words in forms:
                    index.add(words, entry)
        return cls(index)

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, AgentEntry] | None:
        """The longest agent phrase equal to ``words[start:start + n]``, as ``(n, entry)``."""
        return self._index.longest_match(words, start)

    def longest_from(self, word: str) -> int:
        """The number of words of the longest agent phrase that begins with ``word``."""
        return self._index.longest_from(word)

    def __len__(self) -> int:
        return len(self._index)


def regular_plural(phrase: str) -> str:
    """The phrase with its last word in the regular plural."""
    if phrase.endswith("SS"):
        return phrase + "ES"
    if phrase.endswith("Y") and len(phrase) > 1 and phrase[-2] not in _VOWELS:
        return phrase[:-1] + "IES"
    return phrase + "S"


class _AgentFileReader:
    """Reads the agent file into (word forms, entry) pairs; DictionaryError at a malformed line."""

    def __init__(self, file_name: str) -> None:
        self._file_name = file_name
        self._sets: dict[str, tuple[str, ...]] = {}
        self._line_number = 0
        self._line = ""

    def _error(self, reason: str) -> DictionaryError:
        return DictionaryError(self._file_name, self._line_number, reason, self._line)

    def entries(self, lines: Iterable[str]) -> Iterator[tuple[list[tuple[str, ...]], AgentEntry]]:
        waiting: list[tuple[str, str | None]] = []  # codeless phrases and their plurals
        for self._line_number, self._line in enumerate(lines, start=1):
            text = strip_comment(self._line).strip()
            if not text:
                continue
            definition = _SUBSTITUTION_SET.fullmatch(text)
            if definition is not None:
                self._define_set(definition["marker"], definition["items"])
                continue
            line = _AGENT_LINE.fullmatch(text)
            if line is None or not line["phrase"]:
                raise self._error("unknown line shape")
            waiting.append((line["phrase"], line["plural"]))
            if line["code"] is not None:
                entry = self._entry(line["phrase"], line["code"])
                for phrase, plural in waiting:
                    yield self._forms(phrase, plural), entry
                waiting = []
        if waiting:
            raise self._error("agent phrase without a code at the end of the file")

    def _define_set(self, marker: str, items: str) -> None:
        values = tuple(item.strip() for item in items.split(","))
        if not all(values):
            raise self._error("empty item in a substitution set")
        self._sets[marker] = values

    def _entry(self, phrase: str, code: str) -> AgentEntry:
        match = _AGENT_CODE.fullmatch(code.strip())
        if match is None:
            raise self._error("bad agent code")
        singular = " ".join(phrase_words(self._expansions(phrase)[0]))
        return AgentEntry(singular, match["prefix"] or "", match["suffix"] or "")

    def _forms(self, phrase: str, plural: str | None) -> list[tuple[str, ...]]:
        """Every word sequence the line stands for: substitutions, or the phrase and plural."""
        if _MARKER.search(phrase):
            return [self._words(expansion) for expansion in self._expansions(phrase)]
        forms = [self._words(phrase)]
        if plural is None and not phrase.endswith("_"):
            forms.append(self._words(regular_plural(phrase)))
        elif plural and plural.strip():
            forms.append(self._words(plural))
        return forms

    def _expansions(self, phrase: str) -> list[str]:
        pieces = _MARKER_SPLIT.split(_EMBEDDED_MARKER.sub(r"\1", phrase))
        choices = [
            self._set_items(piece) if _MARKER.fullmatch(piece) else (piece,) for piece in pieces
        ]
        return ["".join(combination) for combination in itertools.product(*choices)]

    def _set_items(self, marker: str) -> tuple[str, ...]:
        items = self._sets.get(marker)
        if items is None:
            raise self._error(f"substitution set {marker} not defined before use")
        return items

    def _words(self, phrase: str) -> tuple[str, ...]:
        words = phrase_words(phrase)
        if not words or _MARKER.search(phrase) or "~" in phrase:
            raise self._error("bad agent phrase")
        return words
