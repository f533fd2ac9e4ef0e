"""Publishing raw articles once: de-duplicate, send, and remember only what the broker took.

An article is remembered as published only after the broker acknowledged it (acks=all,
idempotent producer). When the broker does not acknowledge within ``publish_timeout_s``
(down, unreachable), the articles are kept in the spool of the SQLite state and remembered
as handled; the publisher stops trying the broker for each article and sends the spool
first thing when it is back (``drain_spool``, called before each pass and periodically).
Nothing is dropped: an article is either acknowledged or in the spool.

kafka-python is synchronous; its blocking calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from newsstream.common.kafka.producer import create_producer, send_validated
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.scraper import metrics
from newsstream.scraper.deduplication import (
    Deduplicator,
    DuplicateKind,
    minhash,
    signature_bytes,
)
from newsstream.scraper.state import CrawlState, Remembered

log = logging.getLogger(__name__)

CONFIRM_EVERY = 200
SPOOL_BATCH = 500


@dataclass(frozen=True, slots=True)
class _Sent:
    article: dict[str, Any]
    remembered: Remembered
    future: FutureRecordMetadata


class ArticlePublisher:
    """Use as ``async with ArticlePublisher(...)``; ``offer`` each article, ``confirm`` at the
    end of a pass."""

    def __init__(self, settings: Settings, state: CrawlState, dedup: Deduplicator) -> None:
        self.settings = settings
        self.state = state
        self.dedup = dedup
        self.broker_down = False
        self._producer: KafkaProducer | None = None
        self._sent: list[_Sent] = []
        self._confirming = asyncio.Lock()
        metrics.SPOOLED_ARTICLES.set(state.spool_size())

    async def __aenter__(self) -> ArticlePublisher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.confirm()
        if self._producer is not None:
            await asyncio.to_thread(self._producer.close, self.settings.publish_timeout_s)
            self._producer = None

    async def offer(self, article: dict[str, Any], urls: tuple[str, ...]) -> DuplicateKind | None:
        """Send ``article`` unless it duplicates a known one (then say which kind).

        ``urls`` are the addresses it was found under, remembered with it.
        """
        sketch = await asyncio.to_thread(minhash, article["text"])
        kind = self.dedup.duplicate_kind(article, sketch)
        if kind is not None:
            metrics.DUPLICATES_SKIPPED.labels(kind).inc()
            return kind
        self.dedup.claim(article, sketch)
        remembered = Remembered(
            article["id"], article["content_hash"], signature_bytes(sketch), urls
        )
        future = await self._send(article) if not self.broker_down else None
        if future is None:
            self._spool([(article, remembered)])
        else:
            self._sent.append(_Sent(article, remembered, future))
            if len(self._sent) >= CONFIRM_EVERY:
                await self.confirm()
        return None

    async def confirm(self) -> None:
        """Wait for the acknowledgements of everything sent; spool what was not delivered."""
        async with self._confirming:
            sent, self._sent = self._sent, []
            if not sent:
                return
            await asyncio.to_thread(self._flush)
            delivered = [item for item in sent if item.future.succeeded()]
            failed = [item for item in sent if not item.future.succeeded()]
            self.state.remember(item.remembered for item in delivered)
            metrics.ARTICLES_PUBLISHED.inc(len(delivered))
            self.dedup.release([item.article["id"] for item in delivered])
            if failed:
                await self._broker_failed(_failure(failed[0].future))
                self._spool([(item.article, item.remembered) for item in failed])

    async def drain_spool(self) -> bool:
        """Send the spooled articles; True when the spool is empty afterwards."""
        async with self._confirming:
            while batch := self.state.spooled(SPOOL_BATCH):
                futures = []
                for article in batch:
                    future = await self._send(article)
                    if future is None:
                        return False
                    futures.append((article["id"], future))
                await asyncio.to_thread(self._flush)
                delivered = [article_id for article_id, f in futures if f.succeeded()]
                self.state.unspool(delivered)
                metrics.ARTICLES_PUBLISHED.inc(len(delivered))
                metrics.SPOOLED_ARTICLES.set(self.state.spool_size())
                if len(delivered) < len(batch):
                    failure = next(_failure(f) for _, f in futures if not f.succeeded())
                    await self._broker_failed(failure)
                    return False
                log.info("sent %d spooled articles", len(delivered))
            self.broker_down = False
            return True

    async def _send(self, article: dict[str, Any]) -> FutureRecordMetadata | None:
        """Hand an article to the producer; None when the broker cannot be reached."""
        try:
            producer = await self._ready_producer()
            return await asyncio.to_thread(
                send_validated,
                producer,
                self.settings.topic_raw,
                article["id"],
                article,
                Contract.RAW_ARTICLE,
            )
        except KafkaError as error:
            await self._broker_failed(error)
            return None

    async def _ready_producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = await asyncio.to_thread(self._create_producer)
        return self._producer

    def _create_producer(self) -> KafkaProducer:
        timeout_ms = int(self.settings.publish_timeout_s * 1000)
        return create_producer(
            self.settings,
            bootstrap_timeout_ms=timeout_ms,
            max_block_ms=timeout_ms,
            # kafka-python wants the delivery timeout above linger + one request's timeout
            request_timeout_ms=min(timeout_ms // 2, 30_000),
            delivery_timeout_ms=timeout_ms,
        )

    def _flush(self) -> None:
        assert self._producer is not None
        try:
            self._producer.flush(timeout=self.settings.publish_timeout_s)
        except KafkaError as error:  # a timeout: the futures still pending count as failed
            log.warning("broker did not acknowledge in time: %s", error)

    async def _broker_failed(self, error: BaseException) -> None:
        """Stop sending until the spool can be delivered again, with a fresh producer (an
        idempotent producer whose batches expired cannot go on with its sequence)."""
        if not self.broker_down:
            log.warning("broker unavailable (%s): keeping articles in the spool", error)
        self.broker_down = True
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await asyncio.to_thread(producer.close, 0)

    def _spool(self, items: list[tuple[dict[str, Any], Remembered]]) -> None:
        self.state.spool([article for article, _ in items], [entry for _, entry in items])
        self.dedup.release([article["id"] for article, _ in items])
        metrics.SPOOLED_ARTICLES.set(self.state.spool_size())


def _failure(future: FutureRecordMetadata) -> BaseException:
    return future.exception or KafkaError("not acknowledged in time")
