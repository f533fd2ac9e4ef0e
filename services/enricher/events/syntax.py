"""What the coder reads of spaCy's parse, shared by its modules."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
from spacy.strings import StringStore
from spacy.tokens import Token

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
PAST_TAG = "VBD"
ADJECTIVE_TAG = "JJ"
NUMBER_TAG = "CD"
# common and proper nouns, singular and plural
NOUN_PHRASE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# how far up the tree a cue or a place is looked for
MAX_CLIMB = 8
CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# the subjects a verb may have of its own, active, passive or a clause
ANY_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def counts(token: Token, counting_nouns: Collection[str]) -> bool:
    """A number or a noun that counts or gathers ('dozens', 'a barrage'), which stands for
    what its 'of' phrase names."""
    return token.tag_ == NUMBER_TAG or token.lower_ in counting_nouns


def for_to_marks(verb: Token) -> list[Token]:
    """The 'for' that opens a clause the verb governs, parsed as the clause's mark: 'called
    for the prime minister to resign' is 'called for' whoever the clause's subject is."""
    return [
        mark
        for clause in verb.children
        if clause.dep_ == "advcl"
        for mark in clause.children
        if mark.dep_ == "mark" and mark.lower_ == "for"
    ]


def clause_subjects(mark: Token) -> list[Token]:
    """The subjects of the clause a mark opens."""
    return [c for c in mark.head.children if c.dep_ in CLAUSE_SUBJECT_DEPS]


def has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own (a coordinated verb often has none)."""
    return any(c.dep_ in ANY_SUBJECT_DEPS for c in verb.children)


def string_ids(strings: Iterable[str]) -> np.ndarray:
    """The spaCy hashes of ``strings`` (the same in every vocab), sorted, for finding them in a
    column of ``Doc.to_array``."""
    store = StringStore()
    return np.array(sorted({store[s] for s in strings}), dtype=np.uint64)


def found_in(column: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which values of a ``Doc.to_array`` column are among the sorted ``ids``."""
    at = np.searchsorted(ids, column)
    at[at == len(ids)] = 0
    return ids[at] == column
