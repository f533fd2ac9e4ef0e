"""What the coder reads of spaCy's parse, shared by its modules."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.strings import StringStore

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# how far up the tree a cue or a place is looked for
MAX_CLIMB = 8


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
