"""Raw articles in, enriched articles out: the enrichment core shared by the Faust agent and the
offline CLI. Pure computation: no Kafka, no clock, no network.

An enriched record is the raw article unchanged plus ``entities``, ``events``, ``quotations``
and ``enrichment`` (enriched_article.schema.json). The same input always gives the same record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsstream.common.schemas import Contract, ContractViolation, validate
from newsstream.common.settings import Settings
from newsstream.enricher.entities import extract_entities
from newsstream.enricher.events import default_lexicon, extract_events
from newsstream.enricher.gazetteer import default_gazetteer
from newsstream.enricher.nlp import load_pipeline
from newsstream.enricher.quotations import extract_quotations

PACKAGE_NAME = "newsstream"


class InvalidArticle(ValueError):
    """An input that is not a raw article the enricher can process.

    ``index`` is its position in the batch; ``article_id`` its id when it has one. Nothing of
    the batch was processed: drop (dead-letter) the article and submit the rest again.
    """

    def __init__(self, index: int, article_id: str | None, reason: str) -> None:
        super().__init__(f"article {index} ({article_id or 'no id'}): {reason}")
        self.index = index
        self.article_id = article_id
        self.reason = reason


class Enricher:
    def __init__(self, settings: Settings, nlp: Language | None = None) -> None:
        self.settings = settings
        self.nlp = nlp if nlp is not None else load_pipeline(settings)
        self.gazetteer = default_gazetteer()
        self.lexicon = default_lexicon()
        self.enrichment_info = {
            "model": f"{self.nlp.meta['lang']}_{self.nlp.meta['name']}",
            "model_version": self.nlp.meta["version"],
            "pipeline_version": version(PACKAGE_NAME),
        }

    def enrich_batch(self, articles: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Enrich raw-article dicts, in order, with one ``nlp.pipe`` pass over the batch.

        Raises InvalidArticle, before any work, for the first input that breaks the raw-article
        contract or is longer than ``settings.max_text_chars``.
        """
        for index, article in enumerate(articles):
            self.check(index, article)
        docs = self.nlp.pipe(
            (article["text"] for article in articles), batch_size=self.settings.batch_size
        )
        return [self._enrich(article, doc) for article, doc in zip(articles, docs, strict=True)]

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
            )

    def _enrich(self, article: Mapping[str, Any], doc: Doc) -> dict[str, Any]:
        entities = extract_entities(doc, article["text"], article["title"], self.gazetteer)
        events = extract_events(doc, entities, article, self.lexicon, self.gazetteer)
        return {
            **article,
            "entities": entities.records,
            "events": events,
            "quotations": extract_quotations(doc, entities, self.lexicon.report),
            "enrichment": dict(self.enrichment_info),
        }

    @staticmethod
    def events_of(enriched: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The event messages (event.schema.json) of an enriched record, in text order."""
        return list(enriched["events"])
