"""PieceScheduler: steps stay within step_chars; jobs that can still meet the latency target go
first, oldest first, and those that cannot (too long, or waited too long) after them, oldest
first too; without a speed estimate that is first come, first served. Every piece is handed out
exactly once, in order, and a job is finishing in the step that holds its last piece.

The clock is a fake one, advanced by hand, so every decision is deterministic."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsstream.enricher.scheduling import SPEED_SMOOTHING, Job, PieceScheduler, Step


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_scheduler(
    step_chars: int, latency_target_s: float = 2.0, chars_per_s: float | None = None
) -> tuple[PieceScheduler[str], FakeClock]:
    """A scheduler on a fake clock, with its speed estimate set by one observation."""
    clock = FakeClock()
    scheduler: PieceScheduler[str] = PieceScheduler(step_chars, latency_target_s, clock=clock)
    if chars_per_s is not None:
        scheduler.record_speed(int(chars_per_s), 1.0)
        assert scheduler.chars_per_s == chars_per_s
    return scheduler, clock


def drain(scheduler: PieceScheduler[str]) -> list[Step[str]]:
    steps = []
    while (step := scheduler.next_step()) is not None:
        steps.append(step)
    return steps


def origins(step: Step[str] | None) -> list[str]:
    assert step is not None
    return [job.origin for job, _ in step.pieces]


def finishing(step: Step[str] | None) -> list[str]:
    assert step is not None
    return [job.origin for job in step.finishing]


def test_admit_stamps_the_clock_and_next_step_is_none_when_nothing_waits() -> None:
    scheduler, clock = make_scheduler(100)
    assert scheduler.next_step() is None
    clock.advance(7.5)
    job = scheduler.admit("a", {}, ["x" * 50, "y" * 50])
    assert job.waiting_since == 7.5
    assert scheduler.waiting == [job]
    assert origins(scheduler.next_step()) == ["a", "a"]
    assert scheduler.waiting == []
    assert scheduler.next_step() is None


def test_without_a_speed_estimate_first_come_first_served_within_step_chars() -> None:
    scheduler, clock = make_scheduler(1000, latency_target_s=2.0)
    scheduler.admit("a", {}, ["a" * 400] * 3)
    # Long past the target, but with no speed estimate every job counts as on time: "a" is not
    # overtaken by the jobs admitted after it.
    clock.advance(5.0)
    scheduler.admit("big", {}, ["b" * 2500])
    scheduler.admit("c", {}, ["c" * 300])
    scheduler.admit("d", {}, ["d" * 300])
    steps = drain(scheduler)
    assert [origins(step) for step in steps] == [["a", "a"], ["a"], ["big"], ["c", "d"]]
    assert [step.chars for step in steps] == [800, 400, 2500, 600]
    assert [finishing(step) for step in steps] == [[], ["a"], ["big"], ["c", "d"]]
    assert scheduler.chars_per_s is None


def test_a_job_too_long_for_the_target_is_overtaken_by_a_later_short_one() -> None:
    # 5 pieces of 1000 characters at 1000 chars/s take 5 s: more than the 2 s target.
    scheduler, clock = make_scheduler(1000, latency_target_s=2.0, chars_per_s=1000.0)
    long = scheduler.admit("long", {}, ["L" * 1000] * 5)
    assert origins(scheduler.next_step()) == ["long"]
    clock.advance(1.0)
    short = scheduler.admit("short", {}, ["s" * 200])
    second = scheduler.next_step()
    assert second is not None
    assert second.pieces[0] == (short, "s" * 200)
    assert second.finishing == [short]
    rest = drain(scheduler)
    assert [origins(step) for step in rest] == [["long"]] * 4
    assert rest[-1].finishing == [long]


@pytest.mark.parametrize(
    ("waited_s", "first"),
    [
        # 1 s waited + 1000 chars left at 1000 chars/s = exactly the 2 s target: still on time.
        (1.0, "mid"),
        # 1.5 s + 1 s is over the target: now the later short job goes first.
        (1.5, "short"),
    ],
)
def test_a_job_that_can_still_meet_the_target_is_not_overtaken(waited_s: float, first: str) -> None:
    scheduler, clock = make_scheduler(500, latency_target_s=2.0, chars_per_s=1000.0)
    scheduler.admit("mid", {}, ["m" * 500] * 3)
    assert origins(scheduler.next_step()) == ["mid"]
    clock.advance(waited_s)
    scheduler.admit("short", {}, ["s" * 100])
    # Shortest-remaining-first would pick "short" in both cases.
    assert origins(scheduler.next_step())[0] == first


def test_late_jobs_go_after_those_on_time_oldest_first() -> None:
    scheduler, clock = make_scheduler(1000, latency_target_s=2.0, chars_per_s=1000.0)
    scheduler.admit("old-1", {}, ["1" * 500])
    clock.advance(0.5)
    scheduler.admit("old-2", {}, ["2" * 500])
    clock.advance(2.5)  # both have now waited past the target
    scheduler.admit("fresh", {}, ["f" * 500])
    steps = drain(scheduler)
    assert [origins(step) for step in steps] == [["fresh", "old-1"], ["old-2"]]
    assert [sorted(finishing(step)) for step in steps] == [["fresh", "old-1"], ["old-2"]]


def test_under_a_backlog_where_every_job_is_late_the_order_is_first_come_first_served() -> None:
    scheduler, clock = make_scheduler(300, latency_target_s=2.0, chars_per_s=100.0)
    # Longest first, so that shortest-first or latest-first would give another order.
    for name, size in [("a", 300), ("b", 200), ("c", 100)]:
        scheduler.admit(name, {}, [name * size])
        clock.advance(0.1)
    clock.advance(10.0)
    assert [origins(step) for step in drain(scheduler)] == [["a"], ["b", "c"]]


def test_a_backlog_is_served_in_order_of_publication_not_of_admission() -> None:
    # Taken from the topic long after publication: late from the start, so a long article is not
    # overtaken by the short ones taken after it (it would wait until the backlog is gone).
    scheduler, clock = make_scheduler(1000, latency_target_s=2.0, chars_per_s=1000.0)
    clock.advance(100.0)
    scheduler.admit("long", {}, ["l" * 1000] * 5, waiting_since=10.0)
    scheduler.admit("short", {}, ["s" * 200], waiting_since=11.0)
    assert origins(scheduler.next_step()) == ["long"]
    fresh = scheduler.admit("fresh", {}, ["f" * 200])
    assert fresh.waiting_since == 100.0
    assert origins(scheduler.next_step()) == ["fresh"]  # still on time: before the late ones
    assert [origins(step) for step in drain(scheduler)] == [["long"]] * 4 + [["short"]]


def test_record_speed_takes_the_first_value_then_smooths_and_ignores_non_positive_times() -> None:
    scheduler, _ = make_scheduler(1000)
    scheduler.record_speed(500, 0.0)
    assert scheduler.chars_per_s is None
    scheduler.record_speed(1000, 2.0)
    assert scheduler.chars_per_s == 500.0
    scheduler.record_speed(3000, 1.0)
    assert scheduler.chars_per_s == pytest.approx(500.0 + SPEED_SMOOTHING * (3000.0 - 500.0))
    assert scheduler.chars_per_s == pytest.approx(1000.0)  # with SPEED_SMOOTHING = 0.2
    scheduler.record_speed(10, 0.0)
    scheduler.record_speed(10, -1.0)
    assert scheduler.chars_per_s == pytest.approx(1000.0)


# --- random runs ----------------------------------------------------------------------------

ADMIT = st.tuples(st.just("admit"), st.lists(st.integers(0, 700), min_size=1, max_size=5))
WAIT = st.tuples(st.just("wait"), st.floats(0.0, 3.0))
SPEED = st.tuples(
    st.just("speed"),
    st.integers(1, 5000),
    st.one_of(st.just(0.0), st.just(-1.0), st.floats(0.01, 5.0)),
)
STEP = st.tuples(st.just("step"))
OPERATIONS = st.lists(st.one_of(ADMIT, WAIT, SPEED, STEP), max_size=40)


@settings(max_examples=200, deadline=None)
@given(operations=OPERATIONS, step_chars=st.integers(1, 1500), target=st.floats(0.1, 5.0))
def test_every_piece_is_handed_out_once_in_order_and_every_job_finishes_once(
    operations: list[tuple[object, ...]], step_chars: int, target: float
) -> None:
    clock = FakeClock()
    scheduler: PieceScheduler[int] = PieceScheduler(step_chars, target, clock=clock)
    jobs: list[Job[int]] = []
    handed: dict[int, list[str]] = {}
    finished: Counter[int] = Counter()

    def take_step() -> bool:
        step = scheduler.next_step()
        if all(len(handed[job.origin]) == len(job.pieces) for job in jobs):
            assert step is None
            return False
        assert step is not None and step.pieces
        assert step.chars <= step_chars or len(step.pieces) == 1
        for job, piece in step.pieces:
            assert piece == job.pieces[len(handed[job.origin])]
            handed[job.origin].append(piece)
        done = {job.origin for job, _ in step.pieces if len(handed[job.origin]) == len(job.pieces)}
        assert sorted(job.origin for job in step.finishing) == sorted(done)
        finished.update(job.origin for job in step.finishing)
        return True

    for operation in operations:
        match operation:
            case ("admit", sizes):
                number = len(jobs)
                # Distinct piece texts, so the order they are handed out in is visible.
                pieces = [f"{number}.{index}." + "x" * size for index, size in enumerate(sizes)]
                jobs.append(scheduler.admit(number, {}, pieces))
                handed[number] = []
            case ("wait", seconds):
                clock.advance(seconds)
            case ("speed", chars, seconds):
                scheduler.record_speed(chars, seconds)
            case _:
                take_step()
    while take_step():
        pass

    assert scheduler.waiting == []
    assert all(handed[job.origin] == job.pieces for job in jobs)
    assert finished == Counter(job.origin for job in jobs)
