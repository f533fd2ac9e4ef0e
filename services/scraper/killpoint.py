"""A test hook: the scraper SIGKILLs itself around the send of a chosen article.

The crash tests (tests/integration/test_crawler.py) set ``NEWSSTREAM_SCRAPER_KILL_AT_SEND`` and
``NEWSSTREAM_SCRAPER_KILL_MOMENT`` to crash a run before an article is handed to the producer,
while the broker may or may not have it, or after the broker acknowledged it, and then check
that the next run publishes every article once. Unset, the hook does nothing.
"""

from __future__ import annotations

import os
import signal

from kafka.producer.future import FutureRecordMetadata

from newsstream.common.settings import KillMoment, Settings


class KillPoint:
    """Counts the sends of this process; call ``before_send`` and ``after_send`` around each."""

    def __init__(self, settings: Settings) -> None:
        self.at_send = settings.scraper_kill_at_send
        self.moment: KillMoment = settings.scraper_kill_moment
        self.ack_timeout_s = settings.publish_timeout_s
        self.sends = 0

    def before_send(self) -> None:
        self.sends += 1
        if self._strikes_at("before_send"):
            die()

    def after_send(self, future: FutureRecordMetadata) -> None:
        """Blocks until the broker acknowledges the send when the kill waits for that."""
        if self._strikes_at("before_ack"):
            die()
        if self._strikes_at("after_ack"):
            future.get(timeout=self.ack_timeout_s)
            die()

    def _strikes_at(self, moment: KillMoment) -> bool:
        return self.sends == self.at_send and self.moment == moment


def die() -> None:
    """SIGKILL this process: nothing flushed, closed or confirmed, as in a real crash."""
    os.kill(os.getpid(), signal.SIGKILL)
