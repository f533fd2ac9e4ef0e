"""Publishing raw articles once: de-duplicate, write ahead, send, and settle what is in doubt.

Each new article is written to the spool of the SQLite state (and remembered as handled)
before it is handed to the producer (acks=all, idempotent), and leaves the spool when the
broker acknowledged it. So a crash at any point leaves it either acknowledged or in the spool.
A spooled article that was sent is *in doubt*: the broker may have it. Before the spool is sent
again (``drain_spool``, called before each pass and periodically), the raw topic is read back
from the moment the first of them was sent, and those it holds leave the spool instead of being
published twice. When the broker does not acknowledge within ``publish_timeout_s`` (down,
unreachable), the publisher stops trying it for each article and keeps them in the spool.
Nothing is dropped and nothing is published twice, across crashes and broker outages.

kafka-python is synchronous; its blocking calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import logging
import time

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from newsstream.common.kafka.producer import create_producer, send_validated
from newsstream.common.records import RawArticle
from newsstream.common.schemas import Contract
from newsstream.common.settings import Settings
from newsstream.scraper import metrics
from newsstream.scraper.deduplication import (
    Deduplicator,
    DuplicateKind,
    minhash,
    signature_bytes,
)
from newsstream.scraper.killpoint import KillPoint
from newsstream.scraper.state import CrawlState, Remembered
from newsstream.scraper.topiclookup import keys_published_since

log = logging.getLogger(__name__)

CONFIRM_EVERY = 200
SPOOL_BATCH = 500
# Read the raw topic back from a little before an article in doubt was sent: the broker may
# stamp records with its own clock (LogAppendTime), which may be behind ours.
CLOCK_SKEW_S = 60.0


class ArticlePublisher:
    """Use as ``async with ArticlePublisher(...)``; ``offer`` each article, ``confirm`` at the
    end of a pass."""

    def __init__(self, settings: Settings, state: CrawlState, dedup: Deduplicator) -> None:
        self.settings = settings
        self.state = state
        self.dedup = dedup
        self.broker_down = False
        self._producer: KafkaProducer | None = None
        self._sent: list[tuple[str, FutureRecordMetadata]] = []
        # Written ahead and handed to the producer by this process, not yet confirmed.
        self._in_flight: set[str] = set()
        self._confirming = asyncio.Lock()
        self._kill_point = KillPoint(settings)
        metrics.SPOOLED_ARTICLES.set(state.spool_size())

    async def __aenter__(self) -> ArticlePublisher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.confirm()
        if self._producer is not None:
            await asyncio.to_thread(self._producer.close, self.settings.publish_timeout_s)
            self._producer = None

    async def offer(self, article: RawArticle, urls: tuple[str, ...]) -> DuplicateKind | None:
        """Send ``article`` unless it duplicates a known one (then say which kind).

        ``urls`` are the addresses it was found under, remembered with it.
        """
        sketch = await asyncio.to_thread(minhash, article.text)
        kind = self.dedup.duplicate_kind(article, sketch)
        if kind is not None:
            metrics.DUPLICATES_SKIPPED.labels(kind).inc()
            return kind
        self.dedup.claim(article, sketch)
        remembered = Remembered(article.id, article.content_hash, signature_bytes(sketch), urls)
        if self.broker_down:
            self._keep_unsent(article, remembered)
            return None
        self._in_flight.add(article.id)
        self.state.spool([article], [remembered], sent_at=time.time())
        future = await self._send(article)
        if future is None:  # the producer refused it: it never left
            self.state.mark_sent([article.id], None)
            self._done_with([article.id])
        else:
            self._sent.append((article.id, future))
            if len(self._sent) >= CONFIRM_EVERY:
                await self.confirm()
        return None

    async def confirm(self) -> None:
        """Wait for the acknowledgements of everything sent; what was not acknowledged stays
        in the spool, in doubt."""
        async with self._confirming:
            sent, self._sent = self._sent, []
            if not sent:
                return
            failure = await self._settle(sent)
            self._done_with([article_id for article_id, _ in sent])
            if failure is not None:
                await self._broker_failed(failure)

    async def drain_spool(self) -> bool:
        """Settle the articles in doubt, send the spooled ones; True when the spool is empty
        afterwards."""
        async with self._confirming:
            try:
                return await self._settle_in_doubt() and await self._send_spooled()
            finally:
                self._update_spool_gauge()

    async def _settle_in_doubt(self) -> bool:
        """Take the spooled articles the raw topic already holds out of the spool; the others
        wait to be sent again. False when the topic cannot be read."""
        sent_at = {i: t for i, t in self.state.in_doubt().items() if i not in self._in_flight}
        if not sent_at:
            return True
        try:
            delivered = await asyncio.to_thread(
                keys_published_since,
                self.settings,
                set(sent_at),
                min(sent_at.values()) - CLOCK_SKEW_S,
                self.settings.publish_timeout_s,
            )
        except KafkaError as error:
            await self._broker_failed(error)
            return False
        self.state.unspool(delivered)
        self.state.mark_sent(set(sent_at) - delivered, None)
        log.info(
            "%d articles in doubt: %d already in the topic, %d to send again",
            len(sent_at),
            len(delivered),
            len(sent_at) - len(delivered),
        )
        return True

    async def _send_spooled(self) -> bool:
        while batch := self.state.spooled(SPOOL_BATCH):
            self.state.mark_sent([article.id for article in batch], time.time())
            futures = []
            for article in batch:
                future = await self._send(article)
                if future is None:
                    self.state.mark_sent([a.id for a in batch[len(futures) :]], None)
                    return False
                futures.append((article.id, future))
            failure = await self._settle(futures)
            if failure is not None:
                await self._broker_failed(failure)
                return False
            log.info("sent %d spooled articles", len(futures))
        self.broker_down = False
        return True

    async def _settle(self, sent: list[tuple[str, FutureRecordMetadata]]) -> BaseException | None:
        """Flush; take the acknowledged articles out of the spool and count them. Returns the
        first failure, if any."""
        await asyncio.to_thread(self._flush)
        delivered = [article_id for article_id, future in sent if future.succeeded()]
        self.state.unspool(delivered)
        metrics.ARTICLES_PUBLISHED.inc(len(delivered))
        return next((_failure(future) for _, future in sent if not future.succeeded()), None)

    async def _send(self, article: RawArticle) -> FutureRecordMetadata | None:
        """Hand an article to the producer; None when the broker cannot be reached."""
        try:
            producer = await self._ready_producer()
            return await asyncio.to_thread(self._hand_over, producer, article)
        except KafkaError as error:
            await self._broker_failed(error)
            return None

    def _hand_over(self, producer: KafkaProducer, article: RawArticle) -> FutureRecordMetadata:
        """Blocking: validate and send, passing the kill point (a test hook) on either side."""
        self._kill_point.before_send()
        future = send_validated(
            producer, self.settings.topic_raw, article.id, article, Contract.RAW_ARTICLE
        )
        self._kill_point.after_send(future)
        return future

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

    def _keep_unsent(self, article: RawArticle, remembered: Remembered) -> None:
        self.state.spool([article], [remembered])
        self._done_with([article.id])

    def _done_with(self, article_ids: list[str]) -> None:
        """Delivered, or in the spool for later: no longer this process's to confirm."""
        self._in_flight.difference_update(article_ids)
        self.dedup.release(article_ids)
        self._update_spool_gauge()

    def _update_spool_gauge(self) -> None:
        metrics.SPOOLED_ARTICLES.set(self.state.spool_size() - len(self._in_flight))


def _failure(future: FutureRecordMetadata) -> BaseException:
    return future.exception or KafkaError("not acknowledged in time")
