"""Raw articles in, enriched articles out: the enrichment core shared by the Faust agent and the
offline CLI. Pure computation: no Kafka, no network; the clock orders the NLP steps but never
changes a record.

An enriched record is the raw article unchanged plus ``entities``, ``events``, ``quotations``
and ``enrichment`` (enriched_article.schema.json). The same input always gives the same record.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc

from newsstream.common.schemas import Contract, ContractViolation, validate
from newsstream.common.settings import Settings
from newsstream.enricher.entities import extract_entities
from newsstream.enricher.events import default_resources, extract_events
from newsstream.enricher.gazetteer import default_gazetteer
from newsstream.enricher.nlp import load_pipeline
from newsstream.enricher.quotations import extract_quotations
from newsstream.enricher.scheduling import Job, PieceScheduler, Step
from newsstream.enricher.segmentation import split_for_nlp

PACKAGE_NAME = "newsstream"


class InvalidArticle(ValueError):
    """An input that is not a raw article the enricher can process.

    ``index`` is its position in the batch; ``article_id`` its id when it has one; ``kind``
    says whether it breaks the contract or only the length limit. Nothing of the batch was
    processed: drop (dead-letter) the article and submit the rest again.
    """

    def __init__(
        self,
        index: int,
        article_id: str | None,
        reason: str,
        kind: Literal["schema_violation", "text_too_long"] = "schema_violation",
    ) -> None:
        super().__init__(f"article {index} ({article_id or 'no id'}): {reason}")
        self.index = index
        self.article_id = article_id
        self.reason = reason
        self.kind = kind


class Enricher:
    def __init__(self, settings: Settings, nlp: Language | None = None) -> None:
        self.settings = settings
        self.nlp = nlp if nlp is not None else load_pipeline(settings)
        self.gazetteer = default_gazetteer()
        self.events = default_resources()
        self.enrichment_info = {
            "model": f"{self.nlp.meta['lang']}_{self.nlp.meta['name']}",
            "model_version": self.nlp.meta["version"],
            "pipeline_version": version(PACKAGE_NAME),
        }

    def enrich_batch(self, articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Enrich raw-article dicts, in order, in the worker's NLP steps.

        Raises InvalidArticle, before any work, for the first input that breaks the raw-article
        contract or is longer than ``settings.max_text_chars``; re-raises the first error that
        an article's enrichment met, after all others were processed.
        """
        for index, article in enumerate(articles):
            self.check(index, article)
        scheduler: PieceScheduler[int] = self.new_scheduler()
        jobs = [
            scheduler.admit(index, dict(article), self.pieces(article))
            for index, article in enumerate(articles)
        ]
        while (step := scheduler.next_step()) is not None:
            self.run_step(step)
        for job in jobs:
            if job.failure is not None:
                raise job.failure
        return [job.record for job in jobs if job.record is not None]

    def new_scheduler(self) -> PieceScheduler[Any]:
        """A scheduler of this enricher's NLP steps (see scheduling)."""
        return PieceScheduler(self.settings.nlp_step_chars, self.settings.enrich_latency_target_s)

    def pieces(self, article: Mapping[str, Any]) -> list[str]:
        return split_for_nlp(article["text"], self.settings.nlp_piece_chars)

    def run_step(self, step: Step[Any]) -> float:
        """Parse the step's pieces, then enrich the articles whose last piece it holds; return
        the seconds the whole step took.

        A failure is kept on the job it belongs to: when the step as a whole fails, its pieces
        are parsed again one by one, so only the article with the culprit piece fails.
        """
        started = time.perf_counter()
        texts = [piece for _, piece in step.pieces]
        try:
            docs: list[Doc | None] = list(self.nlp.pipe(texts, batch_size=len(texts)))
        except Exception as exc:
            if len(step.pieces) == 1:
                step.pieces[0][0].failure = exc
                docs = [None]
            else:
                docs = [self._parse_alone(job, piece) for job, piece in step.pieces]
        seconds = time.perf_counter() - started
        for (job, piece), doc in zip(step.pieces, docs, strict=True):
            job.nlp_seconds += seconds * len(piece) / max(1, step.chars)
            if doc is not None:
                job.docs.append(doc)
        for job in step.finishing:
            self._finish(job)
        return time.perf_counter() - started

    def _parse_alone(self, job: Job[Any], piece: str) -> Doc | None:
        try:
            return self.nlp(piece)
        except Exception as exc:
            job.failure = exc
            return None

    def _finish(self, job: Job[Any]) -> None:
        started = time.perf_counter()
        if job.failure is None:
            try:
                job.record = self._enrich(job.article, merged(job.docs))
            except Exception as exc:
                job.failure = exc
        job.docs = []
        job.nlp_seconds += time.perf_counter() - started

    def check(self, index: int, article: Any) -> None:
        """Raise InvalidArticle unless ``article`` is a raw article this enricher accepts."""
        if not isinstance(article, Mapping):
            raise InvalidArticle(index, None, f"expected a mapping, got {type(article).__name__}")
        article_id = article.get("id") if isinstance(article.get("id"), str) else None
        try:
            validate(Contract.RAW_ARTICLE, dict(article))
        except ContractViolation as exc:
            raise InvalidArticle(index, article_id, exc.detail) from None
        length = len(article["text"])
        if length > self.settings.max_text_chars:
            raise InvalidArticle(
                index,
                article_id,
                f"text has {length} characters, over {self.settings.max_text_chars}",
                kind="text_too_long",
            )

    def _enrich(self, article: Mapping[str, Any], doc: Doc) -> dict[str, Any]:
        known = self.events.known_actors.spans(doc)
        entities = extract_entities(doc, article["text"], article["title"], self.gazetteer, known)
        events = extract_events(doc, entities, article, self.events)
        return {
            **article,
            "entities": entities.records,
            "events": events,
            "quotations": extract_quotations(doc, entities, self.events.lexicon.report),
            "enrichment": dict(self.enrichment_info),
        }

    @staticmethod
    def events_of(enriched: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The event messages (event.schema.json) of an enriched record, in text order."""
        return list(enriched["events"])


def merged(docs: Sequence[Doc]) -> Doc:
    """One doc of a text parsed in pieces; its offsets are those of the whole text."""
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(list(docs), ensure_whitespace=False, exclude=["tensor", "user_data"])
