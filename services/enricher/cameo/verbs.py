"""Reader of the CAMEO verb dictionary (``CAMEO.2.0.txt``, PETRARCH format).

The file has synonym sets (``&NAME`` then ``+word`` lines), then verb blocks: a header
``--- NAME [CODE] ---``, verb lines (``MEET {MEETS MET MEETING}``, ``+MEET_WITH {...}``,
``WIRE_+TAP``, each with an optional ``[CODE]`` of its own) and pattern lines shared by the
block's verbs::

    - [pre-verb words] * [post-verb words] [(PREP words)] [CODE]  # comment

Pattern words are single words, ``{MULTI WORD}`` phrases (head last) and ``&SYNSET``\\s; a
parenthesised group starts with its preposition (``BY/WITH`` for alternatives); ``+`` marks
where the target is, ``$``/``%``/``^`` (source, both, skip) only place actors and are not
needed on a dependency parse. Codes are ``[CODE]``, ``[CODE:REVERSE]`` (the second event is
coded with actor and target swapped), ``[:REVERSE]`` and ``[---]`` (no event). Transformation
lines (``~ ...``) describe verb-verb combinations that the coder handles itself (reported
speech, intentions), so they are read for their syntax and not kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from newsstream.enricher.cameo.actors import read_dictionary_lines
from newsstream.enricher.cameo.errata import corrected_lines
from newsstream.enricher.cameo.errors import DictionaryError

VERB_FILE = "CAMEO.2.0.txt"
# newsstream's patterns the shipped blocks lack, in the same format, read after it (data/)
SUPPLEMENT_FILE = "verbs_supplement.txt"
_CODE = r"(?:---|\d{2,4})"
_CODE_BRACKET = re.compile(rf"\[\s*({_CODE})?\s*(?::\s*({_CODE}))?\s*\]")
_BLOCK_HEADER = re.compile(rf"^---\s+(\S+)\s+\[\s*({_CODE})?(?::({_CODE}))?\s*\]\s+---\s*$")
_VERB_LINE = re.compile(r"^(\+?[A-Z0-9'_+\-.]+)\s*(?:\{([^}]*)\})?\s*(\[[^\]]*\])?\s*$")
_PATTERN_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s(){}]+")
_WORD = re.compile(r"^[A-Z0-9][A-Z0-9'\-./]*_?$")
_LABEL = re.compile(r"^[A-Z0-9_]+$")
_PATTERN_COMMENT = re.compile(r"#\s*\+?([A-Z][A-Z_]*)\b")
MARKERS = frozenset({"$", "+", "%", "^"})
# CAMEO roots of acts of force (18 assault, 19 fight, 20 mass violence)
FORCE_ROOTS = frozenset({18, 19, 20})
# demands, criticism, rejection and threats: worded hostility, aimed at whom the words are about
WORDED_HOSTILITY_ROOTS = frozenset({"10", "11", "12", "13"})
# acts done in words: statements, appeals, intentions, and worded hostility
WORDED_ROOTS = frozenset({"01", "02", "03", *WORDED_HOSTILITY_ROOTS})


def _is_worded(pattern: VerbPattern) -> bool:
    code = pattern.code or pattern.reverse
    return code is not None and code[:2] in WORDED_ROOTS


VOWELS = "AEIOU"


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in a row, head last; each alternative is one spelling (a synset gives several)."""

    alternatives: frozenset[tuple[str, ...]]
    # the spellings by head word: the words before the head, for each (matching starts there)
    by_head: dict[str, tuple[tuple[str, ...], ...]] = field(
        init=False, compare=False, hash=False, repr=False
    )

    def __post_init__(self) -> None:
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for *modifiers, head in self.alternatives:
            grouped.setdefault(head, []).append(tuple(modifiers))
        by_head = {head: tuple(modifiers) for head, modifiers in grouped.items()}
        object.__setattr__(self, "by_head", by_head)

    @property
    def size(self) -> int:
        return min(len(words) for words in self.alternatives)


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    preps: frozenset[str]
    phrase: Phrase | None
    holds_target: bool


@dataclass(frozen=True, slots=True)
class VerbPattern:
    code: str | None
    reverse: str | None
    before: tuple[Phrase, ...]
    after: tuple[Phrase, ...]
    preps: tuple[PrepPhrase, ...]
    target_is_object: bool
    line: int
    # the (code, reverse) of the verb the pattern was written for, as its comment names it: its
    # own code ('- * (OF &CRIME) [173]  # CONVICT') or the block's ('- &MILITARY * [192]  # TAKE')
    written_for: tuple[str | None, str | None] | None = None
    # the verb its comment names ('CHARGE', 'CARRIED_OUT')
    verb: str | None = None
    # what a clause must hold for the pattern to match: a head word of each phrase before and
    # after the verb, and a preposition of each group
    requirements: tuple[tuple[frozenset[str], ...], ...] = field(
        init=False, compare=False, hash=False, repr=False
    )

    def __post_init__(self) -> None:
        requirements = (
            tuple(frozenset(phrase.by_head) for phrase in self.before),
            tuple(frozenset(phrase.by_head) for phrase in self.after),
            tuple(prep.preps for prep in self.preps),
        )
        object.__setattr__(self, "requirements", requirements)

    @property
    def specificity(self) -> int:
        words = sum(p.size for p in (*self.before, *self.after))
        return words + sum(1 + (p.phrase.size if p.phrase else 0) for p in self.preps)


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One verb (or multi-word verb) of a block: its words, the verb's position among them."""

    words: tuple[str, ...]
    verb_index: int
    code: str | None
    reverse: str | None
    block: int
    # the code the dictionary lists the verb under, where ``code`` corrects it: the block's
    # patterns that give that code give ``code`` for this verb ('COURT * [173]' for CONVICT)
    corrected: str | None = None
    # listed with a code of its own ('CONVICT [173]' in the BLAME block)
    own_code: bool = False
    # a verb of force never said of words ('RETALIATE', not 'ATTACK')
    deeds_only: bool = False

    def wrote(self, pattern: VerbPattern) -> bool:
        """Whether the pattern was written for this verb, as its comment says."""
        return pattern.verb == "_".join(self.words)

    @property
    def _listed_as_no_event(self) -> bool:
        return self.code is None and self.reverse is None and self.corrected is None

    def takes(self, pattern: VerbPattern) -> bool:
        """Whether the block's pattern applies to this verb: all do, except that a verb
        listed with a code of its own does not take the patterns written for another verb of a
        different code, its own or the block's (ACCUSE [112] does not take CONVICT's '(OF
        &CRIME) [173]', ARREST [173] not TAKE's '&MILITARY * [192]'). A verb the dictionary
        lists as no event of its own ('HOLD [---]') is coded by its block's patterns, as one
        without a code is ('police held two men' is DETAIN's '- POLICE * [173]'). A verb of
        force never said of words takes no pattern of words written for another verb
        ('retaliated against Israel for the strike' is not ATTACK's '- * (FOR) [111]')."""
        if self.deeds_only and not self.wrote(pattern) and _is_worded(pattern):
            return False
        if not self.own_code or pattern.written_for is None or self._listed_as_no_event:
            return True
        listed = self.corrected if self.corrected is not None else self.code
        return pattern.written_for == (listed, self.reverse)


@dataclass(slots=True)
class VerbDictionary:
    # upper-case inflected form of the verb word -> entries whose verb word has that form
    by_form: dict[str, list[VerbEntry]] = field(default_factory=dict)
    # per block: its patterns, most specific first (ties in file order)
    patterns: list[tuple[VerbPattern, ...]] = field(default_factory=list)
    block_names: list[str] = field(default_factory=list)
    # per block, built on first use: pattern positions by a word each needs, and the positions
    # of the patterns that need no word
    _indexes: list[tuple[dict[str, list[int]], list[int]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def load(cls, extra_synonyms: Mapping[str, Iterable[str]] | None = None) -> VerbDictionary:
        """The shipped dictionary, then newsstream's supplement (blocks of patterns for verbs
        the shipped file lists, using its synonym sets); ``extra_synonyms`` (synonym set label
        -> phrases, written as the file writes them) adds members to its synonym sets before
        its patterns use them."""
        supplement = read_dictionary_lines(SUPPLEMENT_FILE, folder=())
        files = [(VERB_FILE, corrected_lines(VERB_FILE)), (SUPPLEMENT_FILE, supplement)]
        return cls.from_files(files, extra_synonyms)

    @classmethod
    def from_lines(
        cls,
        file_name: str,
        lines: Iterable[str],
        extra_synonyms: Mapping[str, Iterable[str]] | None = None,
    ) -> VerbDictionary:
        return cls.from_files([(file_name, lines)], extra_synonyms)

    @classmethod
    def from_files(
        cls,
        files: Iterable[tuple[str, Iterable[str]]],
        extra_synonyms: Mapping[str, Iterable[str]] | None = None,
    ) -> VerbDictionary:
        """The dictionary of files read in turn: a later file uses the synonym sets of an
        earlier one; its patterns are numbered after the earlier files' lines."""
        reader = _VerbReader(extra_synonyms or {})
        for file_name, lines in files:
            reader.read_file(file_name, lines)
        return reader.finish()

    def entries(self, form: str) -> list[VerbEntry]:
        return self.by_form.get(form.upper(), [])

    def candidates(self, block: int, words: Iterable[str]) -> Iterator[VerbPattern]:
        """The block's patterns, most specific first, that a clause with ``words`` (its head
        words and prepositions) may match: each pattern is indexed under the words of one of
        its requirements, so most patterns are never tried."""
        if self._indexes is None:
            self._indexes = [_index_block(patterns) for patterns in self.patterns]
        by_word, unconditional = self._indexes[block]
        positions = set(unconditional)
        for word in words:
            positions.update(by_word.get(word, ()))
        patterns = self.patterns[block]
        return (patterns[i] for i in sorted(positions))

    def pattern_words(self) -> frozenset[str]:
        """The words (upper case) the patterns need beside their verb: the heads of what the
        verbs act on, by and with ('SANCTIONS', 'MISSILE', 'CEASEFIRE'), and prepositions."""
        return frozenset(
            word
            for patterns in self.patterns
            for pattern in patterns
            for part in pattern.requirements
            for words in part
            for word in words
        )

    def with_verbs(self, verbs: Mapping[str, tuple[str, str, Iterable[str]]]) -> VerbDictionary:
        """A copy that also knows ``verbs`` (base form -> (block name, code, irregular forms)),
        each with its forms and the patterns of its block; the dictionary's own verbs stay
        first."""
        blocks = {name: index for index, name in enumerate(self.block_names)}
        by_form = {form: list(entries) for form, entries in self.by_form.items()}
        for verb, (block, code, irregular) in verbs.items():
            if block not in blocks:
                raise ValueError(f"verb {verb!r}: no verb block {block!r} in {VERB_FILE}")
            entry = VerbEntry((verb.upper(),), 0, code, None, blocks[block])
            forms = regular_verb_forms(verb.upper()) | {form.upper() for form in irregular}
            for form in forms:
                by_form.setdefault(form, []).append(entry)
        return VerbDictionary(by_form, self.patterns, self.block_names)

    def with_verb_codes(self, codes: Mapping[str, str | None]) -> VerbDictionary:
        """A copy in which the given verbs ('reject', 'go to') have the given code: their own,
        used when no pattern matches ('REJECT', listed in a '[---]' block), and, for a verb
        listed under another code ('CONVICT [173]'), the code of the block's patterns that give
        that one. None is no code of its own: only the patterns written for the block's verbs
        of the code it was listed under code the verb ('LEAVE * (FOR)' as DEPART's, not ATTEND's
        'ATTEND * MEETING [042]')."""
        found: set[str] = set()

        def recoded(entry: VerbEntry) -> VerbEntry:
            verb = " ".join(entry.words).lower()
            if verb not in codes:
                return entry
            found.add(verb)
            code = codes[verb]
            own_code = entry.own_code or code is None
            return replace(entry, code=code, corrected=entry.code, own_code=own_code)

        by_form = {
            form: [recoded(entry) for entry in entries] for form, entries in self.by_form.items()
        }
        if missing := set(codes) - found:
            raise ValueError(f"no such verb in {VERB_FILE}: {sorted(missing)}")
        return VerbDictionary(by_form, self.patterns, self.block_names)

    def with_words_said_by(self, verbs: Collection[str]) -> VerbDictionary:
        """A copy in which every verb of force but the given ones ('attack', 'blast': verbs of
        force said of words too) is a verb of deeds only, which takes no pattern of words
        written for another verb of its block."""

        def marked(entry: VerbEntry) -> VerbEntry:
            force = entry.code is not None and int(entry.code[:2]) in FORCE_ROOTS
            deeds_only = force and " ".join(entry.words).lower() not in verbs
            return replace(entry, deeds_only=True) if deeds_only else entry

        by_form = {form: [marked(e) for e in entries] for form, entries in self.by_form.items()}
        return VerbDictionary(by_form, self.patterns, self.block_names)

    def with_pattern_codes(self, codes: Mapping[int, str]) -> VerbDictionary:
        """A copy in which the patterns of the given file lines have the given codes."""
        found: set[int] = set()

        def recoded(pattern: VerbPattern) -> VerbPattern:
            if pattern.line not in codes:
                return pattern
            found.add(pattern.line)
            return replace(pattern, code=codes[pattern.line])

        patterns = [tuple(recoded(p) for p in block) for block in self.patterns]
        if missing := set(codes) - found:
            raise ValueError(f"no pattern of {VERB_FILE} at lines {sorted(missing)}")
        return VerbDictionary(self.by_form, patterns, self.block_names)


def _index_block(patterns: Sequence[VerbPattern]) -> tuple[dict[str, list[int]], list[int]]:
    by_word: dict[str, list[int]] = {}
    unconditional: list[int] = []
    for position, pattern in enumerate(patterns):
        requirements = [words for part in pattern.requirements for words in part]
        if not requirements:
            unconditional.append(position)
            continue
        for word in min(requirements, key=len):
            by_word.setdefault(word, []).append(position)
    return by_word, unconditional


def regular_verb_forms(verb: str) -> set[str]:
    """The regular forms PETRARCH generates: +S, +ED, +ING (E and consonant-Y endings); and,
    as a superset (a wrong form never occurs in text), the forms that double a final consonant
    after a short vowel ('PATROLLED', British 'TRAVELLED'), 'AGREEING' and 'VETOES'."""
    if verb.endswith("E"):
        forms = {verb, verb + "S", verb + "D", verb[:-1] + "ING", verb + "ING"}
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in VOWELS:
        forms = {verb, verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"}
    else:
        suffix = "ES" if verb.endswith(("S", "X", "Z", "CH", "SH", "O")) else "S"
        forms = {verb, verb + suffix, verb + "ED", verb + "ING"}
    if _ends_in_short_vowel_and_consonant(verb):
        forms |= {verb + verb[-1] + "ED", verb + verb[-1] + "ING"}
    return forms


def _ends_in_short_vowel_and_consonant(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in VOWELS + "WXY"
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
    )


def noun_plurals(word: str) -> set[str]:
    """A noun with its regular plural (the dictionaries' rule); 'WORD_' has no plural."""
    if word.endswith("_"):
        return {word[:-1]}
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return {word, word[:-1] + "IES"}
    if word.endswith("SS"):
        return {word, word + "ES"}
    return {word, word + "S"}


class _VerbReader:
    def __init__(self, extra_synonyms: Mapping[str, Iterable[str]]) -> None:
        self.file_name = ""
        self.files_read: list[str] = []
        self.extra_synonyms = {label: list(phrases) for label, phrases in extra_synonyms.items()}
        self.synsets: dict[str, frozenset[tuple[str, ...]]] = {}
        self.result = VerbDictionary()
        self.block_code: str | None = None
        self.block_reverse: str | None = None
        self.block_patterns: list[VerbPattern] = []
        # the block's verbs -> their (code, reverse), own or the block's; the verb each
        # pattern's comment names
        self.block_verb_codes: dict[str, tuple[str | None, str | None]] = {}
        self.pattern_verbs: dict[int, str] = {}
        self.synset: tuple[str, bool, list[tuple[str, ...]]] | None = None
        self.number = 0
        # the lines of the files read before this one: a pattern's line is unique across files
        self.lines_before = 0
        self.line = ""

    def error(self, reason: str) -> DictionaryError:
        return DictionaryError(self.file_name, self.number, reason, self.line)

    def read_file(self, file_name: str, lines: Iterable[str]) -> None:
        self.file_name = file_name
        for self.number, self.line in enumerate(lines, start=1):
            text = self.line.split("#", 1)[0].rstrip()
            if text.strip():
                self._read_line(text)
        self._close_synset()
        self._close_block()
        self.lines_before += self.number
        self.files_read.append(file_name)

    def finish(self) -> VerbDictionary:
        if unknown := set(self.extra_synonyms) - set(self.synsets):
            files = ", ".join(self.files_read)
            raise ValueError(f"no synonym set {sorted(unknown)} in {files}")
        return self.result

    def _read_line(self, text: str) -> None:
        if text.startswith("&"):
            self._close_synset()
            label = text.strip()[1:]
            if not _LABEL.match(label):
                raise self.error("malformed synonym set label")
            self.synset = (label.rstrip("_"), label.endswith("_"), [])
        elif text.startswith("+") and self.synset is not None:
            self._add_synonym(text.strip()[1:])
        elif text.startswith("---"):
            self._close_synset()
            self._open_block(text.strip())
        elif text.startswith("~"):
            self._check_transformation(text)
        elif text.startswith("-"):
            self._add_pattern(text[1:])
        elif self.result.block_names:
            self._add_verb(text.strip())
        else:
            raise self.error("line outside a synonym set or verb block")

    # --- synonym sets ---

    def _add_synonym(self, phrase: str) -> None:
        assert self.synset is not None
        if not phrase or not all(_WORD.match(word) for word in phrase.rstrip("_").split("_")):
            raise self.error("malformed synonym")
        _, no_plurals, members = self.synset
        words = tuple(w for w in phrase.rstrip("_").split("_") if w)
        if no_plurals or phrase.endswith("_"):
            members.append(words)
        else:
            members.extend((*words[:-1], form) for form in noun_plurals(words[-1]))

    def _close_synset(self) -> None:
        if self.synset is not None:
            label, _, members = self.synset
            for phrase in self.extra_synonyms.get(label, ()):
                self._add_synonym(phrase)
            if not members:
                raise self.error(f"synonym set &{label} has no members")
            self.synsets[label] = frozenset(members)
            self.synset = None

    # --- verb blocks ---

    def _open_block(self, text: str) -> None:
        match = _BLOCK_HEADER.match(text)
        if not match:
            raise self.error("malformed verb block header")
        self._close_block()
        self.result.block_names.append(match[1])
        self.block_code, self.block_reverse = _code(match[2]), _code(match[3])

    def _close_block(self) -> None:
        if self.result.block_names and len(self.result.patterns) < len(self.result.block_names):
            patterns = [self._with_origin(pattern) for pattern in self.block_patterns]
            ordered = sorted(patterns, key=lambda p: (-p.specificity, p.line))
            self.result.patterns.append(tuple(ordered))
        self.block_patterns = []
        self.block_verb_codes = {}
        self.pattern_verbs = {}

    def _with_origin(self, pattern: VerbPattern) -> VerbPattern:
        verb = self.pattern_verbs.get(pattern.line)
        if verb not in self.block_verb_codes:
            return pattern
        return replace(pattern, written_for=self.block_verb_codes[verb], verb=verb)

    def _add_verb(self, text: str) -> None:
        match = _VERB_LINE.match(text)
        if not match:
            raise self.error("malformed verb line")
        phrase, forms, bracket = match[1].lstrip("+"), match[2], match[3]
        code, reverse = self.block_code, self.block_reverse
        if bracket:
            code_match = _CODE_BRACKET.fullmatch(bracket)
            if not code_match:
                raise self.error("malformed code")
            code, reverse = _code(code_match[1]), _code(code_match[2])
        self.block_verb_codes[phrase.replace("+", "")] = (code, reverse)
        words = phrase.split("_")
        marked = [i for i, word in enumerate(words) if word.startswith("+")]
        if len(marked) > 1 or not all(w.lstrip("+") for w in words):
            raise self.error("malformed multi-word verb")
        verb_index = marked[0] if marked else 0
        words = [word.lstrip("+") for word in words]
        block = len(self.result.block_names) - 1
        entry = VerbEntry(tuple(words), verb_index, code, reverse, block, own_code=bool(bracket))
        for form in self._verb_forms(words[verb_index], forms, verb_index):
            self.result.by_form.setdefault(form, []).append(entry)

    def _verb_forms(self, verb: str, forms: str | None, verb_index: int) -> set[str]:
        if forms is None:
            return regular_verb_forms(verb)
        listed = {verb}
        for form in forms.split():
            parts = form.split("_")
            if len(parts) <= verb_index:
                raise self.error("irregular form does not have the verb's shape")
            listed.add(parts[verb_index].lstrip("+"))
        return listed

    # --- patterns ---

    def _add_pattern(self, text: str) -> None:
        if not self.result.block_names:
            raise self.error("pattern outside a verb block")
        brackets = list(_CODE_BRACKET.finditer(text))
        if len(brackets) != 1 or text[brackets[0].end() :].strip():
            raise self.error("pattern without one final [CODE]")
        code_match = brackets[0]
        body = text[: code_match.start()]
        if body.count("*") != 1:
            raise self.error("pattern without exactly one '*'")
        before_text, after_text = body.split("*")
        before, _, _ = self._pattern_part(before_text)
        after, preps, target_is_object = self._pattern_part(after_text)
        if comment := _PATTERN_COMMENT.search(self.line):
            self.pattern_verbs[self.lines_before + self.number] = comment[1]
        self.block_patterns.append(
            VerbPattern(
                code=_code(code_match[1]),
                reverse=_code(code_match[2]),
                before=tuple(before),
                after=tuple(after),
                preps=tuple(preps),
                target_is_object=target_is_object,
                line=self.lines_before + self.number,
            )
        )

    def _pattern_part(self, text: str) -> tuple[list[Phrase], list[PrepPhrase], bool]:
        phrases: list[Phrase] = []
        preps: list[PrepPhrase] = []
        target = False
        consumed = 0
        for token in _PATTERN_TOKEN.finditer(text):
            if text[consumed : token.start()].strip():
                raise self.error("unbalanced brackets in pattern")
            consumed = token.end()
            value = token[0]
            if value in MARKERS:
                target = target or value == "+"
            elif value.startswith("("):
                preps.append(self._prep_phrase(value[1:-1]))
            else:
                phrases.append(self._phrase(value))
        if text[consumed:].strip():
            raise self.error("unbalanced brackets in pattern")
        return phrases, preps, target

    def _prep_phrase(self, text: str) -> PrepPhrase:
        parts = _PATTERN_TOKEN.findall(text)
        if "".join("".join(parts).split()) != "".join(text.split()) or any(c in "()" for c in text):
            raise self.error("unbalanced brackets in a prepositional group")
        if not parts or not _WORD.match(parts[0].replace("/", "")):
            raise self.error("prepositional phrase without a preposition")
        preps = frozenset(p for p in parts[0].split("/") if p)
        words = [part for part in parts[1:] if part not in MARKERS]
        phrase = self._joined(words) if words else None
        return PrepPhrase(preps, phrase, holds_target="+" in parts[1:])

    def _joined(self, parts: list[str]) -> Phrase:
        sequences: list[tuple[str, ...]] = [()]
        for part in parts:
            options = self._phrase(part).alternatives
            sequences = [seq + option for seq in sequences for option in options]
        return Phrase(frozenset(sequences))

    def _phrase(self, value: str) -> Phrase:
        if value.startswith("{"):
            parts = value[1:-1].split()
            if not parts:
                raise self.error("empty {phrase}")
            return self._joined(parts)
        if value.startswith("&"):
            label = value[1:].rstrip("_")
            if label not in self.synsets:
                raise self.error(f"undefined synonym set &{label}")
            return Phrase(self.synsets[label])
        words = tuple(w for w in value.rstrip("_").split("_") if w)
        if not words or not all(_WORD.match(word) for word in words):
            raise self.error(f"malformed pattern word {value!r}")
        return Phrase(frozenset({words}))

    def _check_transformation(self, text: str) -> None:
        if "=" not in text or text.count("(") != text.count(")"):
            raise self.error("malformed transformation")


def _code(value: str | None) -> str | None:
    return None if value in (None, "---") else value


def iter_codes(dictionary: VerbDictionary) -> Iterator[str]:
    """Every event code the dictionary can give (for checking them against the codebook)."""
    for entries in dictionary.by_form.values():
        for entry in entries:
            yield from (c for c in (entry.code, entry.reverse) if c)
    for patterns in dictionary.patterns:
        for pattern in patterns:
            yield from (c for c in (pattern.code, pattern.reverse) if c)
