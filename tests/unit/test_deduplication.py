"""De-duplication state that survives restarts, and publishing into the spool when the broker
cannot be reached (no broker needed: it points at a closed port)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from newsstream.common.articles import build_raw_article
from newsstream.common.kafka.producer import create_producer
from newsstream.common.records import RawArticle, encode
from newsstream.common.settings import Settings
from newsstream.scraper import publish as publish_module
from newsstream.scraper.deduplication import Deduplicator, minhash, signature_bytes
from newsstream.scraper.publish import ArticlePublisher
from newsstream.scraper.state import CrawlState, Remembered, StateLockedError

from processes import free_port

STORY = (
    "The central bank held interest rates on Wednesday, saying inflation was falling but "
    "remained above its target, and signalled that cuts could come later in the year. "
    "Economists had expected the decision, which was backed by seven of the nine members of "
    "the bank's rate-setting committee, according to minutes published with it. The governor "
    "told reporters that the bank would watch wage growth closely before making any move, and "
    "that it was ready to act if prices rose again in the coming months."
)
OTHER_STORY = (
    "Heavy rain flooded parts of the old town overnight, closing two bridges and the main "
    "railway station, and the fire service evacuated more than three hundred residents from "
    "houses along the river. The mayor said the damage would take weeks to assess and asked "
    "people to stay away from the embankment until the water level falls again."
)
THRESHOLD = 0.7


def article(text: str, url: str) -> RawArticle:
    return build_raw_article(text, input_kind="html", url=url)


def remembered(item: RawArticle) -> Remembered:
    signature = signature_bytes(minhash(item.text))
    return Remembered(item.id, item.content_hash, signature, (item.canonical_url,))


def publish(state: CrawlState, item: RawArticle) -> None:
    """What the publisher leaves in the state: written ahead, then acknowledged."""
    state.spool([item], [remembered(item)], sent_at=time.time())
    state.unspool([item.id])


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "news.articles.raw.sqlite3"


@pytest.fixture
def state(state_file: Path) -> Iterator[CrawlState]:
    opened = CrawlState.open(state_file, retention_s=3600)
    yield opened
    opened.close()


def kind_of(dedup: Deduplicator, item: RawArticle) -> str | None:
    return dedup.duplicate_kind(item, minhash(item.text))


def test_url_exact_and_near_duplicates(state: CrawlState) -> None:
    original = article(STORY, "https://example.com/rates")
    publish(state, original)
    dedup = Deduplicator(state, THRESHOLD)
    edited = STORY.replace("Wednesday", "Thursday")
    tracked = article(STORY + " ", "https://EXAMPLE.com/rates?utm_source=x")
    assert kind_of(dedup, tracked) == "url"
    assert kind_of(dedup, article(STORY.upper(), "https://other.example/rates")) == "exact"
    assert kind_of(dedup, article(edited + " Updated.", "https://wire.example/r")) == "near"
    assert kind_of(dedup, article(OTHER_STORY, "https://example.com/floods")) is None


def test_claimed_articles_count_before_they_are_acknowledged(state: CrawlState) -> None:
    dedup = Deduplicator(state, THRESHOLD)
    first = article(STORY, "https://example.com/rates")
    dedup.claim(first, minhash(first.text))
    assert kind_of(dedup, article(STORY, "https://mirror.example/rates")) == "exact"
    assert kind_of(dedup, article(STORY + " Corrected.", "https://b.example/x")) == "near"
    publish(state, first)  # acknowledged: the state answers from now on
    dedup.release([first.id])
    assert kind_of(dedup, article(STORY, "https://mirror.example/rates")) == "exact"
    assert kind_of(dedup, article(STORY + " Corrected.", "https://b.example/x")) == "near"


def test_the_state_survives_a_restart_and_is_pruned(state_file: Path) -> None:
    first = CrawlState.open(state_file, retention_s=3600)
    original = article(STORY, "https://example.com/rates")
    publish(first, original)
    with pytest.raises(StateLockedError):
        CrawlState.open(state_file, retention_s=3600)
    first.close()

    reopened = CrawlState.open(state_file, retention_s=3600)
    dedup = Deduplicator(reopened, THRESHOLD)
    assert reopened.knows_url("https://example.com/rates")
    assert kind_of(dedup, article(STORY + " Updated.", "https://wire.example/r")) == "near"
    reopened.retention_s = -1  # everything is older than the window now
    dedup.forget(reopened.prune())
    assert not reopened.knows_url("https://example.com/rates")
    assert kind_of(dedup, article(STORY + " Updated.", "https://wire.example/r")) is None
    reopened.close()


def test_the_spool_keeps_articles_until_they_are_unspooled(state: CrawlState) -> None:
    items = [article(STORY, "https://example.com/a"), article(OTHER_STORY, "https://e.com/b")]
    state.spool(items, [remembered(item) for item in items])
    assert state.spool_size() == 2 and state.knows_article(items[0].id)
    assert [a.id for a in state.spooled(limit=10)] == [i.id for i in items]
    state.unspool([items[0].id])
    assert [a.id for a in state.spooled(limit=10)] == [items[1].id]


def test_articles_sent_but_not_acknowledged_are_in_doubt_until_looked_up(
    state: CrawlState,
) -> None:
    sent, unsent = article(STORY, "https://example.com/a"), article(OTHER_STORY, "https://e.com/b")
    state.spool([sent], [remembered(sent)], sent_at=100.0)
    state.spool([unsent], [remembered(unsent)])
    assert state.in_doubt() == {sent.id: 100.0}
    assert [a.id for a in state.spooled(limit=10)] == [unsent.id]  # not re-sent blindly
    state.mark_sent([sent.id], None)  # the raw topic does not have it: send it again
    assert state.in_doubt() == {}
    assert {a.id for a in state.spooled(limit=10)} == {sent.id, unsent.id}


def test_a_spool_written_before_articles_could_be_in_doubt_is_sent(state_file: Path) -> None:
    item = article(STORY, "https://example.com/a")
    state_file.parent.mkdir(parents=True)
    with closing(sqlite3.connect(state_file)) as db, db:
        db.execute("CREATE TABLE spool (id TEXT PRIMARY KEY, article BLOB, spooled_at REAL)")
        db.execute("INSERT INTO spool VALUES (?, ?, ?)", (item.id, encode(item), 1.0))
    state = CrawlState.open(state_file, retention_s=3600)
    try:
        assert state.spooled(limit=10) == [item] and state.in_doubt() == {}
    finally:
        state.close()


def test_without_a_broker_articles_go_to_the_spool_once(
    state: CrawlState, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings().model_copy(
        update={"bootstrap_servers": f"127.0.0.1:{free_port()}", "publish_timeout_s": 1.0}
    )
    attempts = count_producer_attempts(monkeypatch)

    async def publish() -> tuple[list, int, bool]:
        dedup = Deduplicator(state, THRESHOLD)
        async with ArticlePublisher(settings, state, dedup) as publisher:
            kinds = [
                await publisher.offer(article(STORY, "https://example.com/a"), ()),
                await publisher.offer(article(OTHER_STORY, "https://example.com/b"), ()),
                await publisher.offer(article(STORY, "https://example.com/a"), ()),
            ]
            attempts_while_offering = len(attempts)
            return kinds, attempts_while_offering, await publisher.drain_spool()

    kinds, attempts_while_offering, drained = asyncio.run(publish())
    assert kinds == [None, None, "url"]
    assert not drained and state.spool_size() == 2
    # Once the broker is known to be down, articles are not sent one by one: the first
    # offer found it down, the second went to the spool without trying it again.
    assert attempts_while_offering == 1
    assert len(attempts) == 2  # the spool is sent again only when it is drained


def count_producer_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The brokers the publisher tried to reach (by making a producer), one entry a try."""
    attempts: list[str] = []

    def counted(settings: Settings, **options: Any) -> KafkaProducer:
        attempts.append(settings.bootstrap_servers)
        return create_producer(settings, **options)

    monkeypatch.setattr(publish_module, "create_producer", counted)
    return attempts
