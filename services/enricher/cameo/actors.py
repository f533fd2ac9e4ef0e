"""The CAMEO actor dictionaries: names of countries, people and organisations to actor codes.

Format (``dictionaries.rst``, Actor Dictionary): records of a primary phrase line, optional
``+synonym`` lines and optional tab-indented restriction lines ``[CODE]``, ``[CODE <date]``,
``[CODE >date]`` or ``[CODE date-date]`` (bounds inclusive). Besides what the format documents,
the shipped files use constructs read by these deliberate rules:

* Codes may follow the primary phrase on its own line, several of them (``JAVIER_SOLANA_
  [IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006]``); text after them with no ``#`` is a note
  (the company list appends industry and revenue: ``[MNCHLH]\\tOther Consumer Services``).
* A record with no code at all (no code on its primary line, no restriction line) joins the next
  record: ``U.N._`` before ``UN_SECRETARY_GENERAL``, and the chains of name variants written as
  primaries (``LEONID_BREZHNEV_``, ``LEONID_ILYICH_BREZHNEV``, ... then the restrictions). The
  merged record keeps the first primary as its name. A codeless record at the end of a file is an
  error. (The stray heading ``Source: MNC.MLH.actors`` thereby names the next company; as words
  ``SOURCE : MNC.MLH.ACTORS`` it cannot occur in news text.)
* An indented line that starts with a phrase rather than ``[`` is a primary line (the one case,
  ``\\tJOHN_MCCLOY_\\t[...]``, continues the codeless ``JOHN_J MCCLOY_`` above it); an indented line
  starting with ``[`` is a restriction line whether indented by tabs or blanks.
* A ``+`` not between two letters or digits inside a synonym line starts another synonym
  (``+TAIOAN_ +TAWIAN_``, ``...AL_ISLAMI+_ISLAMIC_ADEN_ARMY_``); ``B+H`` stays a word.
* A restriction with a date and no ``<``, ``>`` or range is read as ``>date``: both shipped ones
  (``[MNEGOV 20121204]``, ``[USAGOV 19820101] # entered Foreign Service``) mark where a role began.
* ``[---]`` is the null code: the phrase is known but not an actor (a footballer who shares a
  minister's name); ``code_on`` answers None where it applies.
* When a record has several undated codes, the first is the default (``GROUP_OF_EIGHT_
  [IGOBUSGOE]`` keeps it over ``[IGOGOE]`` further down).
* A phrase defined again (in a later record or file) keeps its first definition.
* Blanks separate words like underscores; a final ``_`` (TABARI's "whole word, not a stem") adds
  nothing because matching is by whole words anyway. Characters lost in a past re-encoding
  (U+001A, U+FFFD in ``LIAMINE_Z\\x1aROUAL_``, ``COTE_D\\ufffdIVOIRE_``) are kept: those few
  phrases cannot match news text, and their correct spellings are separate synonyms.
* The five malformed dates of the shipped files are corrected by ``_DATE_ERRATA``, and whole
  lines by the errata of ``data/cameo/errata.yaml`` (a stray bracket, common nouns listed as
  names); any other malformed line raises ``DictionaryError``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from newsstream.enricher.cameo.errata import corrected_lines, decoded_lines
from newsstream.enricher.cameo.errors import DictionaryError
from newsstream.enricher.cameo.phrases import PhraseIndex, phrase_words

COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
# newsstream's own records in the same format (office holders since 2016), in data/
SUPPLEMENT_FILE = "actors_since_2016.txt"
ACTOR_FILES = (COUNTRIES_FILE, "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
NULL_CODE = "---"
SHIPPED_FOLDER = ("cameo",)
ARTICLE = "THE"

# Dates mistyped in the shipped files, read as the date the record's other dates and the history
# imply: an extra digit (``9008223``: Armenia's sovereignty declaration 1990-08-23; ``201005011``:
# Cameron became prime minister 2010-05-11), a missing one (``2004017``: Ban Ki-moon became
# foreign minister 2004-01-17) or a stray century prefix (``1920030320``: invasion of Iraq,
# ``1920050709``: South Sudan's autonomy, both next to the same date written correctly).
_DATE_ERRATA = {
    "9008223": "900823",
    "201005011": "20100511",
    "2004017": "20040117",
    "1920030320": "20030320",
    "1920050709": "20050709",
}

_CODE = re.compile(r"[A-Z0-9]+|---")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_BRACKETS_AND_NOTE = re.compile(r"(?:\[[^\[\]]*\]\s*)+[^\[\]]*")
_BRACKETS_ONLY = re.compile(r"(?:\[[^\[\]]*\]\s*)+")
_NOT_IN_PHRASES = re.compile(r"[\[\]{}<>~=]")
_SYNONYM_SEPARATOR = re.compile(r"(?<![^\W_])\+|\+(?![^\W_])")
_RESTRICTION = re.compile(
    r"(?P<before><)\s*(?P<end>\d+)"
    r"|(?P<after>>)\s*(?P<start>\d+)"
    r"|(?P<first>\d+)\s*-\s*(?P<last>\d+)"
    r"|(?P<since>\d+)"
)


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """A code and the days it applies to, bounds inclusive, None = open."""

    code: str
    start: date | None
    end: date | None

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor record: all its phrases share it."""

    phrase: str
    default: str | None
    spans: tuple[CodeSpan, ...]
    source: str

    def code_on(self, day: date | None) -> str | None:
        """The actor's code on ``day``; None for the null code ``---`` or a record without codes.

        A span containing the day wins (of overlapping spans, the one begun last: on the day one
        role ends and the next begins, the new role); then the default; then, with no day or no
        default, the most recent span (latest end, an open end being the latest).
        """
        code = self._span_code_on(day) if day is not None else None
        if code is None:
            code = self.default
        if code is None and self.spans:
            code = max(self.spans, key=lambda span: span.end or date.max).code
        return None if code == NULL_CODE else code

    def role_since(self, day: date) -> date | None:
        """Since when the record's date-restricted code in force on ``day`` holds (``date.min``
        for an open start); None when none is in force."""
        span = self._span_on(day)
        return None if span is None else span.start or date.min

    def _span_code_on(self, day: date) -> str | None:
        span = self._span_on(day)
        return None if span is None else span.code

    def _span_on(self, day: date) -> CodeSpan | None:
        containing = [span for span in self.spans if span.contains(day)]
        return max(containing, key=lambda span: span.start or date.min, default=None)


class ActorDictionary:
    """Actor phrases (as ``phrase_words``) to their records, found by longest match."""

    def __init__(self, index: PhraseIndex[ActorEntry], country_codes: frozenset[str]) -> None:
        self._index = index
        self.country_codes = country_codes

    @classmethod
    def load(cls) -> ActorDictionary:
        """newsstream's supplement of office holders since 2016 (``data/``), whose records win,
        then the three shipped actor files, in ``ACTOR_FILES`` order."""
        supplement = (SUPPLEMENT_FILE, read_dictionary_lines(SUPPLEMENT_FILE, folder=()))
        shipped = ((name, read_dictionary_lines(name)) for name in ACTOR_FILES)
        return cls._from_files([supplement, *shipped])

    @classmethod
    def from_lines(cls, file_name: str, lines: Iterable[str]) -> ActorDictionary:
        """One actor file's lines; records of a file named ``COUNTRIES_FILE`` give country codes."""
        return cls._from_files([(file_name, lines)])

    @classmethod
    def _from_files(cls, files: Iterable[tuple[str, Iterable[str]]]) -> ActorDictionary:
        index: PhraseIndex[ActorEntry] = PhraseIndex()
        country_codes: set[str] = set()
        without_article: list[tuple[tuple[str, ...], ActorEntry]] = []
        for file_name, lines in files:
            for record in _ActorFileReader(file_name).records(lines):
                entry = record.entry(file_name)
                for words in record.phrase_words:
                    index.add(words, entry)
                    if words[0] == ARTICLE and len(words) > 1:
                        without_article.append((words[1:], entry))
                if file_name == COUNTRIES_FILE:
                    country_codes.update(record.three_letter_codes())
        # news drops the article as a modifier ('Islamic State forces' of 'THE_ISLAMIC_STATE');
        # a phrase the files list without it keeps its own entry
        for words, entry in without_article:
            index.add(words, entry)
        return cls(index, frozenset(country_codes))

    def longest_match(self, words: Sequence[str], start: int) -> tuple[int, ActorEntry] | None:
        """The longest actor phrase equal to ``words[start:start + n]``, as ``(n, entry)``."""
        return self._index.longest_match(words, start)

    def __len__(self) -> int:
        return len(self._index)

    def phrases(self) -> Iterable[tuple[tuple[str, ...], ActorEntry]]:
        """Every phrase (as words) with its entry."""
        return self._index.items()


def read_dictionary_lines(file_name: str, folder: tuple[str, ...] = SHIPPED_FOLDER) -> list[str]:
    """A dictionary file's lines: by default a shipped one of ``data/cameo/``, with its errata;
    bytes that are not UTF-8 fail at their line."""
    if folder == SHIPPED_FOLDER:
        return corrected_lines(file_name)
    data = resources.files("newsstream.enricher").joinpath("data", *folder, file_name)
    return decoded_lines(file_name, data.read_bytes())


def strip_comment(line: str) -> str:
    """The line without its ``#`` comment, newline and trailing blanks."""
    return line.split("#", 1)[0].rstrip()


@dataclass(slots=True)
class _Record:
    """An actor record being read: its phrases and the codes found so far."""

    phrase_words: list[tuple[str, ...]] = field(default_factory=list)
    default: str | None = None
    spans: list[CodeSpan] = field(default_factory=list)

    @property
    def has_codes(self) -> bool:
        return self.default is not None or bool(self.spans)

    def entry(self, file_name: str) -> ActorEntry:
        primary = " ".join(self.phrase_words[0])
        return ActorEntry(primary, self.default, tuple(self.spans), file_name)

    def three_letter_codes(self) -> set[str]:
        codes = {span.code for span in self.spans}
        if self.default is not None:
            codes.add(self.default)
        return {code for code in codes if len(code) == 3 and code != NULL_CODE}


class MalformedText(ValueError):
    """Raised by the parsing helpers; the file readers turn it into a DictionaryError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_code(content: str) -> tuple[str, CodeSpan | None]:
    """A code bracket's content: the code and its span, or None for an undated (default) code."""
    code, _, restriction = content.strip().partition(" ")
    if not _CODE.fullmatch(code):
        raise MalformedText("bad code")
    restriction = restriction.strip()
    if not restriction:
        return code, None
    match = _RESTRICTION.fullmatch(restriction)
    if match is None:
        raise MalformedText("bad date restriction")
    if match["before"]:
        return code, CodeSpan(code, None, parse_date(match["end"]))
    if match["after"]:
        return code, CodeSpan(code, parse_date(match["start"]), None)
    if match["since"]:
        return code, CodeSpan(code, parse_date(match["since"]), None)
    return code, CodeSpan(code, parse_date(match["first"]), parse_date(match["last"]))


@functools.lru_cache(maxsize=4096)
def parse_date(digits: str) -> date:
    """A YYMMDD or YYYYMMDD date; two-digit years 00-29 are 20xx, 30-99 are 19xx."""
    digits = _DATE_ERRATA.get(digits, digits)
    if len(digits) == 6:
        digits = ("20" if int(digits[:2]) < 30 else "19") + digits
    if len(digits) != 8:
        raise MalformedText("bad date")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise MalformedText("bad date") from None


class _ActorFileReader:
    """Reads one actor file into records, raising DictionaryError at the first malformed line."""

    def __init__(self, file_name: str) -> None:
        self._file_name = file_name
        self._record: _Record | None = None
        self._record_start = (0, "")
        self._line_number = 0
        self._line = ""
        self._parsed_codes: dict[str, tuple[str, CodeSpan | None]] = {}

    def records(self, lines: Iterable[str]) -> Iterator[_Record]:
        for self._line_number, self._line in enumerate(lines, start=1):
            text = strip_comment(self._line)
            if not text.strip():
                continue
            if text.startswith("+"):
                self._read_synonyms(text[1:])
            elif text[0].isspace() and text.lstrip().startswith("["):
                self._read_restrictions(text.strip())
            else:
                finished = self._read_primary(text.strip())
                if finished is not None:
                    yield finished
        if self._record is not None:
            self._require_codes()
            yield self._record

    def _error(self, reason: str) -> DictionaryError:
        return DictionaryError(self._file_name, self._line_number, reason, self._line)

    def _read_primary(self, text: str) -> _Record | None:
        """Start a record (returning the finished one) or, after a codeless one, extend it."""
        phrase, bracket, rest = text.partition("[")
        if bracket and not _BRACKETS_AND_NOTE.fullmatch(bracket + rest):
            raise self._error("unknown line shape")
        finished = None
        if self._record is None or self._record.has_codes:
            finished = self._record
            self._record = _Record()
            self._record_start = (self._line_number, self._line)
        self._record.phrase_words.append(self._phrase_words(phrase))
        self._add_codes(bracket + rest)
        return finished

    def _read_synonyms(self, text: str) -> None:
        if self._record is None:
            raise self._error("synonym before any primary phrase")
        for phrase in _SYNONYM_SEPARATOR.split(text):
            if phrase.strip():
                self._record.phrase_words.append(self._phrase_words(phrase))

    def _read_restrictions(self, text: str) -> None:
        if self._record is None:
            raise self._error("date restriction before any primary phrase")
        if not _BRACKETS_ONLY.fullmatch(text):
            raise self._error("unknown line shape")
        self._add_codes(text)

    def _phrase_words(self, phrase: str) -> tuple[str, ...]:
        if _NOT_IN_PHRASES.search(phrase):
            raise self._error("bracket or marker inside a phrase")
        words = phrase_words(phrase)
        if not words:
            raise self._error("empty phrase")
        return words

    def _add_codes(self, text: str) -> None:
        assert self._record is not None
        for content in _BRACKET.findall(text):
            code, span = self._parsed_codes.get(content) or self._parse_code(content)
            if span is not None:
                self._record.spans.append(span)
            elif self._record.default is None:
                self._record.default = code

    def _parse_code(self, content: str) -> tuple[str, CodeSpan | None]:
        """Parse a bracket's content once per file: the same codes and dates recur thousands of
        times, and the records then share one CodeSpan object each."""
        try:
            parsed = parse_code(content)
        except MalformedText as error:
            raise self._error(error.reason) from None
        self._parsed_codes[content] = parsed
        return parsed

    def _require_codes(self) -> None:
        assert self._record is not None
        if not self._record.has_codes:
            line_number, line = self._record_start
            raise DictionaryError(self._file_name, line_number, "record without any code", line)
