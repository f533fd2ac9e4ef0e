"""Verb patterns of the CAMEO verb dictionary matched onto spaCy's dependency parse.

A verb is looked up by its form (the dictionary lists or generates the inflected ones). The
patterns of its block are tried on the verb's own clause: the words the verb governs without
another verb or clause in between. Post-verb words must stand in that clause after the verb (a
phrase's words in a row, head last; a word alone is a phrase's head, or an adjective of one:
'sent medical supplies' is SEND * MEDICAL), a prepositional group needs that preposition
there (with its object phrase inside it), pre-verb words must stand in the subject. Every word
compares with a token's text or its singular. The most specific matching pattern wins; on a
tie, the one naming what the verb acts on, then the one written for the verb (its comment names
it), then the first in the file; without one, the verb's own code. A null code ('---') means no
event.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsstream.enricher.cameo.verbs import (
    Phrase,
    PrepPhrase,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
)
from newsstream.enricher.events.syntax import (
    ADJECTIVE_TAG,
    VERB_TAGS,
    clause_subjects,
    counts,
    for_to_marks,
)

# dependencies that open a clause of its own: its words belong to another verb
CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj", "pcomp"}
)
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT = "nsubjpass"
# a verb's children that are no part of a pattern
SKIPPED_DEPS = frozenset({"aux", "auxpass", "neg", "punct", "cc"})
SINGULAR_NOUN_TAG = "NN"
TIME_ENTITIES = frozenset({"DATE", "TIME"})
NOUN_TAG_PREFIX = "NN"
# distinct words whose dictionary forms are kept: a few days of news
FORMS_CACHE_SIZE = 65536
PREP_DEPS = frozenset({"prep", "agent", "dative", "prt", "advmod"})
# a pattern's noun is the head of its phrase, not a modifier inside another one: 'seize
# territory', not 'arrested the Territory's premier'
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "nummod", "det", "case"})
# ... but a pattern may name an adjective of a head alone ('sent medical supplies')
ADJECTIVE_DEP = "amod"


@dataclass(frozen=True, slots=True)
class VerbMatch:
    code: str
    entry: VerbEntry
    pattern: VerbPattern | None
    # the tokens the pattern's words matched (not coded again as nominal events)
    used: tuple[Token, ...]
    # where the pattern puts the target ('+'), if it does
    target_tokens: tuple[Token, ...]
    # the code is the pattern's reverse one: the target acts on the actor ('face trial')
    swapped: bool


@dataclass(slots=True)
class _Words:
    """Tokens indexed by the dictionary forms they match (text and singulars, upper case)."""

    positions: dict[int, Token]
    # heads only: a pattern's noun is the head of its phrase, never a modifier in it
    by_form: dict[str, list[Token]]

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> _Words:
        positions = {t.i: t for t in tokens}
        by_form: dict[str, list[Token]] = {}
        for token in positions.values():
            if token.dep_ not in MODIFIER_DEPS or _is_adjective_of(token, positions):
                for form in _forms(token):
                    by_form.setdefault(form, []).append(token)
        return cls(positions, by_form)


@dataclass(slots=True)
class _Clause:
    before: _Words
    # the post-verb words that head the verb's own phrases: not the objects of prepositions
    # inside a noun phrase ('arrested the premier of the territory')
    after_heads: _Words
    # the prepositions and particles of the verb's own clause
    preps: dict[str, list[Token]]
    verb_index: int
    # the verb's direct objects
    objects: tuple[Token, ...]

    def words(self) -> set[str]:
        return {*self.before.by_form, *self.after_heads.by_form, *self.preps}


def match_verb(
    verb: Token, dictionary: VerbDictionary, counting_nouns: Collection[str] = ()
) -> VerbMatch | None:
    """The verb's best pattern match; ``counting_nouns`` ('dozens', 'barrage') are read through
    to what they count ('fired dozens of rockets' as 'fired rockets')."""
    entries = _entries(verb, dictionary)
    if not entries:
        return None
    clause = _clause(verb, counting_nouns)
    best: tuple[tuple[int, int, bool, int], VerbMatch | None] | None = None
    words = clause.words()
    for entry in entries:
        found_specificity: int | None = None
        for pattern in dictionary.candidates(entry.block, words):
            if found_specificity is not None and pattern.specificity < found_specificity:
                break  # patterns are sorted most specific first
            if not entry.takes(pattern) or not _may_match(pattern, clause):
                continue
            matched = _match_pattern(pattern, clause)
            if matched is None:
                continue
            found_specificity = pattern.specificity
            used, targets = matched
            # of patterns as specific, the one that names what the verb acts on: 'broke off
            # relations' is BREAK * RELATIONS [161], not BREAK * OFF [130]; then the one
            # written for the verb: 'charged him with murder' is CHARGE's '(WITH MURDER)'
            # [1121], not CONDEMN's 'MURDER (OF ^)' [111]
            named = sum(t.tag_.startswith(NOUN_TAG_PREFIX) for t in used)
            rank = (
                pattern.specificity + len(entry.words),
                named,
                entry.wrote(pattern),
                -pattern.line,
            )
            if best is None or rank > best[0]:
                best = (rank, _result(entry, pattern, used, targets))
    if best is not None:
        return best[1]
    entry = max(entries, key=lambda e: len(e.words))
    return _result(entry, None, (), ())


def _result(
    entry: VerbEntry,
    pattern: VerbPattern | None,
    used: tuple[Token, ...],
    targets: tuple[Token, ...],
) -> VerbMatch | None:
    code, reverse = (pattern.code, pattern.reverse) if pattern else (entry.code, entry.reverse)
    if entry.corrected is not None and code == entry.corrected:
        code = entry.code  # the verb's corrected code: 'the court convicted' is 116, not 173
    if code is None and reverse is None:
        return None
    return VerbMatch(code or reverse or "", entry, pattern, used, targets, swapped=code is None)


def _entries(verb: Token, dictionary: VerbDictionary) -> list[VerbEntry]:
    candidates = dict.fromkeys(dictionary.entries(verb.text))
    return [entry for entry in candidates if _has_other_words(verb, entry)]


def _has_other_words(verb: Token, entry: VerbEntry) -> bool:
    """A multi-word verb's other words stand next to it ('cordon off', 'wire tap')."""
    doc = verb.doc
    for offset, word in enumerate(entry.words):
        position = verb.i + offset - entry.verb_index
        if position == verb.i:
            continue
        in_place = 0 <= position < len(doc) and _word_matches(word, doc[position])
        if not in_place and not any(
            _word_matches(word, c) for c in verb.children if _is_particle(c)
        ):
            return False
    return True


def _is_particle(token: Token) -> bool:
    """A particle of a phrasal verb ('shot it down'); a preposition with an object is none:
    'gave a speech in Moscow' is no GIVE IN."""
    return token.dep_ in PREP_DEPS and not any(c.dep_ == "pobj" for c in token.children)


def _clause(verb: Token, counting_nouns: Collection[str]) -> _Clause:
    before: list[Token] = []
    after: list[Token] = []
    # a prepositional group before the verb is one of its groups, but holds no object word:
    # 'During the meeting, Blinken asked Mexico to' is no 'ASK * MEETING'
    fronted: list[Token] = []
    for child in verb.children:
        dep = child.dep_
        if dep in CLAUSE_DEPS or dep in SKIPPED_DEPS or _tells_time(child):
            # a time is no prepositional group of a pattern: 'bombing Gaza for months' is no
            # 'BOMB * (FOR)' (blasted X for ...)
            continue
        tokens = _own_subtree(child)
        if dep == PASSIVE_SUBJECT:
            # what a passive acts on: 'sanctions were imposed' as 'imposed sanctions'
            after.extend(tokens)
        elif dep in SUBJECT_DEPS:
            before.extend(tokens)
        elif dep in PREP_DEPS and child.i < verb.i:
            fronted.extend(tokens)
        else:
            after.extend(t for t in tokens if t.i > verb.i or dep in PREP_DEPS)
    heads = [
        t
        for t in after
        if t.dep_ != "pobj" or t.head.head.i == verb.i or _counted(t, verb, counting_nouns)
    ]
    preps: dict[str, list[Token]] = {}
    for token in sorted([*after, *fronted, *for_to_marks(verb)], key=lambda t: t.i):
        preps.setdefault(token.text.upper(), []).append(token)
    objects = tuple(t for t in heads if t.dep_ == "dobj")
    return _Clause(_Words.of(before), _Words.of(heads), preps, verb.i, objects)


def _counted(noun: Token, verb: Token, counting_nouns: Collection[str]) -> bool:
    """What the verb's object counts or measures, which the pattern reads as the object:
    'sent thousands of troops', '500 tonnes of rice', 'a barrage of missiles'."""
    prep, measure = noun.head, noun.head.head
    if prep.lower_ != "of" or measure.dep_ != "dobj" or measure.head.i != verb.i:
        return False
    return counts(measure, counting_nouns) or any(c.dep_ == "nummod" for c in measure.children)


def _is_adjective_of(token: Token, positions: dict[int, Token]) -> bool:
    """An adjective of a phrase's head, which a pattern may name alone: 'sent medical
    supplies' is SEND * MEDICAL [073]."""
    return token.dep_ == ADJECTIVE_DEP and token.tag_ == ADJECTIVE_TAG and token.head.i in positions


def _tells_time(child: Token) -> bool:
    """A prepositional group of a date or a duration: 'for months', 'on Tuesday'."""
    if child.dep_ != "prep":
        return False
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in TIME_ENTITIES for o in objects)


def _own_subtree(token: Token) -> list[Token]:
    tokens = [token]
    for child in token.children:
        # fine-grained tags: the pipeline has no coarse POS (nlp.py excludes attribute_ruler)
        if child.dep_ not in CLAUSE_DEPS or child.tag_ not in VERB_TAGS:
            tokens.extend(_own_subtree(child))
    return tokens


def _forms(token: Token) -> tuple[str, ...]:
    """The forms a dictionary word may take to match a token: its text, or its singular (the
    pipeline may run without a lemmatizer; the dictionary writes nouns in the singular); for a
    singular noun also its plural, as a few hundred patterns write one ('* {AIR RAIDS}' is also
    'carried out an air raid')."""
    return _word_forms(token.text, token.tag_ == SINGULAR_NOUN_TAG)


@lru_cache(maxsize=FORMS_CACHE_SIZE)
def _word_forms(text: str, singular_noun: bool) -> tuple[str, ...]:
    upper = text.upper()
    if singular_noun:
        return (upper, *_singulars(upper), _plural(upper))
    return (upper, *_singulars(upper))


def _plural(text: str) -> str:
    if text.endswith("Y") and len(text) > 2 and text[-2] not in "AEIOU":
        return text[:-1] + "IES"
    if text.endswith(("S", "SH", "CH", "X", "Z")):
        return text + "ES"
    return text + "S"


def _word_matches(word: str, token: Token) -> bool:
    return word in _forms(token)


def _singulars(text: str) -> tuple[str, ...]:
    if not text.endswith("S") or len(text) < 4:
        return ()
    if text.endswith("IES"):
        return (text[:-3] + "Y", text[:-1])
    if text.endswith("ES"):
        return (text[:-2], text[:-1])
    return (text[:-1],)


def _find_phrase(phrase: Phrase, words: _Words) -> tuple[Token, ...] | None:
    by_head = phrase.by_head
    for form, tokens in words.by_form.items():
        for modifiers in by_head.get(form, ()):
            for token in tokens:
                found = _with_modifiers(token, modifiers, words.positions)
                if found is not None:
                    return found
    return None


def _with_modifiers(
    head: Token, modifiers: tuple[str, ...], positions: dict[int, Token]
) -> tuple[Token, ...] | None:
    """The head with the words right before it, when they are the phrase's modifiers."""
    found = [head]
    for back, word in enumerate(reversed(modifiers), start=1):
        previous = positions.get(head.i - back)
        if previous is None or not _word_matches(word, previous):
            return None
        found.append(previous)
    return tuple(found)


def _find_prep(
    prep: PrepPhrase, clause: _Clause, own_only: bool, used: list[Token]
) -> tuple[tuple[Token, ...], tuple[Token, ...]] | None:
    # the group hangs on the verb or on a word the pattern matched: 'lodged a protest over the
    # detention of a businessman' is no 'LODGE * PROTEST (OF)'; a group of named words also on
    # the verb's object, where the parser often hangs it: 'held the port director on drug
    # charges' is '* (ON CHARGES)'
    anchors = {clause.verb_index} if own_only else {clause.verb_index, *(t.i for t in used)}
    if prep.phrase is not None:
        anchors |= {t.i for t in clause.objects}
    for form in prep.preps:
        for token in clause.preps.get(form, ()):
            mark = token.dep_ == "mark"
            if token.head.i not in anchors and not mark:
                continue
            used: tuple[Token, ...] = (token,)
            if prep.phrase is not None:
                # the words the group holds, not those of a clause nested in it ('of having
                # been slow to respond to the danger of terrorism' is no '(OF TERRORISM)')
                inside = _Words.of(t for c in token.children for t in _own_subtree(c))
                found = _find_phrase(prep.phrase, inside)
                if found is None:
                    continue
                used += found
            if mark:
                targets = tuple(clause_subjects(token))
            else:
                targets = tuple(c for c in token.children if c.dep_ == "pobj")
            return used, targets if prep.holds_target else ()
    return None


def _may_match(pattern: VerbPattern, clause: _Clause) -> bool:
    before, after, preps = pattern.requirements
    return (
        all(not heads.isdisjoint(clause.before.by_form) for heads in before)
        and all(not heads.isdisjoint(clause.after_heads.by_form) for heads in after)
        and all(not words.isdisjoint(clause.preps) for words in preps)
    )


def _match_pattern(
    pattern: VerbPattern, clause: _Clause
) -> tuple[tuple[Token, ...], tuple[Token, ...]] | None:
    used: list[Token] = []
    targets: list[Token] = []
    for phrase, tokens in _phrases(pattern, clause):
        found = _find_phrase(phrase, tokens)
        if found is None:
            return None
        used.extend(found)
    # a pattern of prepositional groups alone ('WELCOME * (TO)') names what the verb itself
    # governs: 'praised Rwanda's response to the outbreak' welcomes no one to anything
    own_only = not (pattern.before or pattern.after)
    for prep in pattern.preps:
        found_prep = _find_prep(prep, clause, own_only, used)
        if found_prep is None:
            return None
        used.extend(found_prep[0])
        targets.extend(found_prep[1])
    if pattern.target_is_object and not targets:
        targets.extend(_marked_target(used, clause))
    return tuple(used), tuple(targets)


def _marked_target(used: list[Token], clause: _Clause) -> list[Token]:
    """Where a pattern's '+' stands: after a preposition it matched, that preposition's
    object ('ATTACK ON +': 'condemned the attack on peacekeepers'); after an object it named,
    what that object's preposition names ('TAKE * CONTROL +': 'took control of the town');
    else the verb's object."""
    preps = [t for t in used if t.dep_ == "prep"]
    if preps:
        return [c for c in max(preps, key=lambda t: t.i).children if c.dep_ == "pobj"]
    after_named = [
        c
        for obj in clause.objects
        if obj in used
        for prep in obj.children
        if prep.dep_ == "prep"
        for c in prep.children
        if c.dep_ == "pobj"
    ]
    return after_named or list(clause.objects)


def _phrases(pattern: VerbPattern, clause: _Clause) -> Iterable[tuple[Phrase, _Words]]:
    for phrase in pattern.before:
        yield phrase, clause.before
    for phrase in pattern.after:
        yield phrase, clause.after_heads
