"""Plain spaCy as a batch NLP script runs it: the baseline of the evaluations and benchmarks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

# Whole texts per nlp.pipe call; the enricher parses pieces of texts (NEWSSTREAM_NLP_PIECE_CHARS)
# batched by characters (NEWSSTREAM_NLP_STEP_CHARS).
BATCH_SIZE = 32


def plain_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=BATCH_SIZE)
