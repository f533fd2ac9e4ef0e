"""Direct quotations and their speakers.

A quotation is the text between double quotation marks (straight or curly) within a paragraph;
an opening mark left open runs to the paragraph's end, the convention for a quotation that goes
on in the next paragraph. Quoted spans of fewer than MIN_WORDS words are left out: they are scare
quotes, titles and nicknames ('the "successful US-Russia" efforts').

The speaker is found through a speech verb of the quotation's sentence outside the quoted text
('"…," said X', '"…," X told reporters', 'X said: "…"'), preferring the cue after the quotation,
or through 'according to X'. The speaker is the verb's subject (or the object of 'according
to') as a noun phrase ('A US official', 'the statement'), with the article entity it names or
belongs to ('A US official' -> United States); 'he' or 'she' is the person last named before
the cue in the same or the previous paragraph. A quotation without a cue continues the previous
quotation of the same or the previous paragraph and has its speaker; otherwise the speaker is
null.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsstream.common.records import Quotation, Speaker, span_of
from newsstream.enricher.entities import ArticleEntities, EntityRef

MIN_WORDS = 3
PERSONAL_PRONOUNS = frozenset({"he", "she"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_QUOTE = re.compile(r"[\"\u201c\u201d]")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int  # of the quoted text, inside the marks
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Speaker:
    span: tuple[int, int]
    ref: EntityRef | None


def extract_quotations(
    doc: Doc, entities: ArticleEntities, speech_verbs: frozenset[str]
) -> list[Quotation]:
    """The quotations of an article (the ``quotation`` definition of
    enriched_article.schema.json), in text order."""
    finder = _SpeakerFinder(doc, entities, speech_verbs)
    records: list[Quotation] = []
    previous: tuple[_Quote, Quotation] | None = None
    for quote in _quotes(entities.text):
        cue, speaker = finder.attribute(quote)
        record = Quotation(
            text=entities.text[quote.start : quote.end],
            start=quote.start,
            end=quote.end,
            speaker=_speaker_record(entities.text, speaker) if speaker else None,
            cue=span_of(entities.text, cue) if cue else None,
        )
        if cue is None and previous and quote.paragraph - previous[0].paragraph <= 1:
            record.speaker = previous[1].speaker
        records.append(record)
        previous = (quote, record)
    return records


def _quotes(text: str) -> Iterator[_Quote]:
    offset = 0
    for index, paragraph in enumerate(_PARAGRAPH.split(text)):
        offset = text.index(paragraph, offset) if paragraph else offset
        marks = [m.start() for m in _QUOTE.finditer(paragraph)]
        pairs = list(zip(marks[::2], [*marks[1::2], len(paragraph)], strict=False))
        for opening, closing in pairs:
            quoted = paragraph[opening + 1 : closing].strip()
            if len(quoted.split()) >= MIN_WORDS:
                start = offset + paragraph.index(quoted, opening + 1)
                yield _Quote(start, start + len(quoted), index)
        offset += len(paragraph)


def _speaker_record(text: str, speaker: _Speaker) -> Speaker:
    ref = speaker.ref
    start, end = speaker.span
    return Speaker(
        text=text[start:end],
        start=start,
        end=end,
        name=ref.name if ref else None,
        label=ref.label if ref else None,
        entity_id=ref.id if ref else None,
    )


class _SpeakerFinder:
    def __init__(self, doc: Doc, entities: ArticleEntities, speech_verbs: frozenset[str]) -> None:
        self.doc = doc
        self.entities = entities
        self.speech_verbs = speech_verbs
        self.paragraph_starts = [0, *(m.end() for m in _PARAGRAPH.finditer(entities.text))]

    def attribute(self, quote: _Quote) -> tuple[tuple[int, int] | None, _Speaker | None]:
        """The cue (speech verb or 'according to') and the speaker of a quotation."""
        for cue in self._cues(quote):
            speaker = self._speaker(cue)
            if speaker is not None:
                return _cue_offsets(cue), speaker
        return None, None

    def _cues(self, quote: _Quote) -> Iterator[Token]:
        doc = self.doc
        last = doc.char_span(quote.end - 1, quote.end, alignment_mode="expand")
        first = doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
        if last is not None:
            after = last[0].sent
            yield from (t for t in doc[last.end : after.end] if self._is_cue(t))
        if first is not None:
            before = first[0].sent
            yield from reversed([t for t in doc[before.start : first.start] if self._is_cue(t)])

    def _is_cue(self, token: Token) -> bool:
        return token.lower_ in self.speech_verbs and token.tag_.startswith("VB")

    def _speaker(self, cue: Token) -> _Speaker | None:
        if cue.lower_ == "according":
            source = next(
                (
                    pobj
                    for prep in cue.children
                    if prep.lower_ == "to"
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                ),
                None,
            )
        else:
            source = next((c for c in cue.children if c.dep_ in SUBJECT_DEPS), None)
        if source is None:
            return None
        phrase = self.doc[source.left_edge.i : source.i + 1]
        return _Speaker((phrase.start_char, phrase.end_char), self._entity(source, phrase))

    def _entity(self, head: Token, phrase: Span) -> EntityRef | None:
        by_token = self.entities.by_token
        if head.lower_ in PERSONAL_PRONOUNS:
            return self._last_person_before(head)
        if head.i in by_token:
            return by_token[head.i]
        refs = (by_token.get(i) for i in range(phrase.end - 1, phrase.start - 1, -1))
        return next((ref for ref in refs if ref and ref.label in SPEAKER_LABELS), None)

    def _last_person_before(self, token: Token) -> EntityRef | None:
        paragraph = bisect.bisect_right(self.paragraph_starts, token.idx) - 1
        earliest = self.paragraph_starts[max(paragraph - 1, 0)]
        for start, _, ref in reversed(self.entities.mentions):
            if start < token.i and ref.label == "PERSON":
                return ref if self.doc[start].idx >= earliest else None
        return None


def _cue_offsets(cue: Token) -> tuple[int, int]:
    """'said', or 'according to'."""
    end = cue
    if cue.lower_ == "according":
        end = next((c for c in cue.children if c.lower_ == "to"), cue)
    return cue.idx, end.idx + len(end)
