"""The scraper's kill test hook strikes at the chosen send and moment only (its crash tests are
in tests/integration/test_crawler.py); here the kill raises instead of ending the process."""

from __future__ import annotations

import pytest

from newsstream.common.settings import KillMoment, Settings
from newsstream.scraper import killpoint
from newsstream.scraper.killpoint import KillPoint

SENDS = 5


class Killed(Exception):
    """What the kill does in these tests."""


class FakeFuture:
    """A send's future that records how the kill point waited for the acknowledgement."""

    def __init__(self) -> None:
        self.waited_s: float | None = None

    def get(self, timeout: float) -> None:
        self.waited_s = timeout


@pytest.fixture(autouse=True)
def kill_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def killed() -> None:
        raise Killed

    monkeypatch.setattr(killpoint, "die", killed)


def kill_point(at_send: int | None, moment: KillMoment) -> KillPoint:
    settings = Settings().model_copy(
        update={
            "scraper_kill_at_send": at_send,
            "scraper_kill_moment": moment,
            "publish_timeout_s": 7.0,
        }
    )
    return KillPoint(settings)


def send_until_killed(point: KillPoint, future: FakeFuture) -> tuple[int, str]:
    """The number of the send the kill struck at and where: ``before`` or ``after`` it."""
    for number in range(1, SENDS + 1):
        try:
            point.before_send()
        except Killed:
            return number, "before"
        try:
            point.after_send(future)  # type: ignore[arg-type]
        except Killed:
            return number, "after"
    return 0, "never"


def test_unset_it_never_strikes() -> None:
    assert send_until_killed(kill_point(None, "after_ack"), FakeFuture()) == (0, "never")


def test_before_send_strikes_before_the_chosen_send_is_handed_over() -> None:
    future = FakeFuture()
    assert send_until_killed(kill_point(3, "before_send"), future) == (3, "before")
    assert future.waited_s is None


def test_before_ack_strikes_after_the_chosen_send_without_awaiting_it() -> None:
    future = FakeFuture()
    assert send_until_killed(kill_point(2, "before_ack"), future) == (2, "after")
    assert future.waited_s is None


def test_after_ack_awaits_the_acknowledgement_of_the_chosen_send_first() -> None:
    future = FakeFuture()
    assert send_until_killed(kill_point(4, "after_ack"), future) == (4, "after")
    assert future.waited_s == 7.0


def test_a_send_number_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="scraper_kill_at_send"):
        Settings(scraper_kill_at_send=0)
