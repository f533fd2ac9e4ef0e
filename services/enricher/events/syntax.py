"""What the coder reads of spaCy's parse, shared by its modules."""

from __future__ import annotations

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# how far up the tree a cue or a place is looked for
MAX_CLIMB = 8
