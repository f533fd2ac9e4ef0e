"""The scraper's memory across restarts, in one SQLite file per raw topic.

- ``articles``: every article published (or spooled) to the topic: id, content hash, and its
  MinHash signature for near-duplicate search;
- ``urls``: canonical addresses already handled (published, or a page with no article), so
  they are not fetched again;
- ``spool``: articles not yet acknowledged by the broker, kept until they are delivered. An
  article is written here before it is sent (with ``sent_at``), so a crash cannot lose it;
  such an article is *in doubt* (the broker may have it) until the raw topic is checked.
  ``sent_at`` is empty for articles that were never sent, or known not to have arrived;
- ``validators``: the ETag / Last-Modified of each feed and sitemap, for conditional GETs.

Rows older than the retention window are pruned (the spool never is), so the file and the
in-memory near-duplicate index stay bounded. One scraper at a time may use a state file: a
lock file next to it refuses a second one.
"""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import msgspec

from newsstream.common.records import RawArticle, encode
from newsstream.ingestion.fetch import Validators

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    signature BLOB NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
CREATE INDEX IF NOT EXISTS articles_seen_at ON articles (seen_at);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_seen_at ON urls (seen_at);
CREATE TABLE IF NOT EXISTS spool (
    id TEXT PRIMARY KEY,
    article BLOB NOT NULL,
    spooled_at REAL NOT NULL,
    sent_at REAL
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    seen_at REAL NOT NULL
);
"""
_SPOOLED = msgspec.json.Decoder(RawArticle)


class StateLockedError(RuntimeError):
    """Another scraper is using the same state file."""


@dataclass(frozen=True, slots=True)
class Remembered:
    """An article to remember as handled: its id, text hash, signature and addresses."""

    article_id: str
    content_hash: str
    signature: bytes
    urls: tuple[str, ...]


def state_path(state_dir: Path, topic: str) -> Path:
    return state_dir / f"{topic}.sqlite3"


class CrawlState:
    """Open with ``CrawlState.open(path, retention_s)``; close when done."""

    def __init__(self, db: sqlite3.Connection, lock: IO[bytes], retention_s: float) -> None:
        self._db = db
        self._lock = lock
        self.retention_s = retention_s

    @classmethod
    def open(cls, path: Path, retention_s: float) -> CrawlState:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_suffix(".lock").open("wb")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise StateLockedError(f"another scraper is using {path}") from None
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        _add_sent_at_column(db)
        return cls(db, lock, retention_s)

    def close(self) -> None:
        self._db.close()
        self._lock.close()

    # --- what was seen ---

    def knows_url(self, url: str) -> bool:
        row = self._db.execute("SELECT 1 FROM urls WHERE url = ?", (url,)).fetchone()
        return row is not None

    def knows_article(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def knows_content(self, content_hash: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row is not None

    def signature(self, article_id: str) -> bytes:
        row = self._db.execute(
            "SELECT signature FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0]

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash signature) of every remembered article."""
        yield from self._db.execute("SELECT id, signature FROM articles")

    def _remember_one(self, entry: Remembered, now: float) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO articles (id, content_hash, signature, seen_at) "
            "VALUES (?, ?, ?, ?)",
            (entry.article_id, entry.content_hash, entry.signature, now),
        )
        self.remember_urls(entry.urls, "article", now=now)

    def remember_urls(self, urls: Iterable[str], outcome: str, *, now: float | None = None) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO urls (url, outcome, seen_at) VALUES (?, ?, ?)",
            [(url, outcome, now or time.time()) for url in urls],
        )

    def prune(self) -> list[str]:
        """Forget what is older than the retention window; the ids of forgotten articles."""
        cutoff = time.time() - self.retention_s
        with self._transaction():
            expired = [
                row[0]
                for row in self._db.execute("SELECT id FROM articles WHERE seen_at < ?", (cutoff,))
            ]
            self._db.execute("DELETE FROM articles WHERE seen_at < ?", (cutoff,))
            self._db.execute("DELETE FROM urls WHERE seen_at < ?", (cutoff,))
            self._db.execute("DELETE FROM validators WHERE seen_at < ?", (cutoff,))
        return expired

    # --- the spool ---

    def spool(
        self,
        articles: Iterable[RawArticle],
        remembered: Iterable[Remembered],
        *,
        sent_at: float | None = None,
    ) -> None:
        """Keep articles until they are delivered, and remember them as handled: they are
        sent from here. ``sent_at``: they are about to be sent, at that time."""
        now = time.time()
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO spool (id, article, spooled_at, sent_at) "
                "VALUES (?, ?, ?, ?)",
                [(article.id, encode(article), now, sent_at) for article in articles],
            )
            for entry in remembered:
                self._remember_one(entry, now)

    def spooled(self, limit: int) -> list[RawArticle]:
        """Articles waiting to be sent (not those in doubt), oldest first."""
        rows = self._db.execute(
            "SELECT article FROM spool WHERE sent_at IS NULL ORDER BY spooled_at, id LIMIT ?",
            (limit,),
        )
        return [_SPOOLED.decode(row[0]) for row in rows]

    def in_doubt(self) -> dict[str, float]:
        """The spooled articles that were sent, perhaps delivered: id -> when sent."""
        rows = self._db.execute("SELECT id, sent_at FROM spool WHERE sent_at IS NOT NULL")
        return dict(rows.fetchall())

    def mark_sent(self, article_ids: Iterable[str], sent_at: float | None) -> None:
        """Record that spooled articles are being sent (or, with None, that they were not
        delivered and wait to be sent again)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE spool SET sent_at = ? WHERE id = ?", [(sent_at, i) for i in article_ids]
            )

    def unspool(self, article_ids: Iterable[str]) -> None:
        with self._transaction():
            self._db.executemany("DELETE FROM spool WHERE id = ?", [(i,) for i in article_ids])

    def spool_size(self) -> int:
        return self._db.execute("SELECT count(*) FROM spool").fetchone()[0]

    # --- conditional GET ---

    def validators(self, url: str) -> Validators | None:
        row = self._db.execute(
            "SELECT etag, last_modified FROM validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(*row) if row else None

    def save_validators(self, url: str, validators: Validators) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified, seen_at) "
            "VALUES (?, ?, ?, ?)",
            (url, validators.etag, validators.last_modified, time.time()),
        )

    def _transaction(self) -> sqlite3.Connection:
        # With isolation_level=None the connection autocommits; "with db" alone would not
        # open a transaction, so BEGIN is issued here and the context manager commits.
        self._db.execute("BEGIN")
        return self._db


def _add_sent_at_column(db: sqlite3.Connection) -> None:
    """State files written before ``spool.sent_at`` existed get it (their rows: not sent)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(spool)")}
    if "sent_at" not in columns:
        db.execute("ALTER TABLE spool ADD COLUMN sent_at REAL")
