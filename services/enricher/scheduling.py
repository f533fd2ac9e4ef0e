"""Which pieces of text the NLP thread parses next.

Articles are cut into pieces (see segmentation) and parsed in steps of at most ``step_chars``
characters in all, one batch of pieces per step, so the memory a step needs is bounded by the
step, not by the longest article that happens to be in flight.

Steps serve articles oldest first, as long as they can still be done within the latency target:
the time an article has waited (since it was published to the raw topic, when known) plus the
time its remaining text takes at the measured parsing speed. An article that cannot (one so
long that parsing it alone takes longer, or one that waited too long in a backlog) is served
after those that can, oldest first again. So a short
article never waits behind the whole of a very long one, and an article of middling length is
not overtaken into missing its target. A late article waits only while articles that are still
on time keep the NLP thread busy; under a backlog every article is late and the order is first
come, first served.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from spacy.tokens import Doc

from newsstream.common.records import EnrichedArticle, RawArticle

Origin = TypeVar("Origin")

# Weight of the newest step in the running estimate of the parsing speed.
SPEED_SMOOTHING = 0.2


@dataclass(eq=False)
class Job(Generic[Origin]):
    """One article in flight.

    The scheduler (on the caller's side) moves ``scheduled``; the step that parses a piece
    (possibly on another thread) appends its doc, and the step that parses the last piece sets
    ``record`` or ``failure``. A job's next step is chosen only after its previous one is done.
    """

    origin: Origin
    article: RawArticle
    pieces: list[str]
    waiting_since: float
    scheduled: int = 0
    docs: list[Doc] = field(default_factory=list)
    nlp_seconds: float = 0.0
    record: EnrichedArticle | None = None
    failure: Exception | None = None

    @property
    def unscheduled_chars(self) -> int:
        return sum(len(piece) for piece in self.pieces[self.scheduled :])


@dataclass(frozen=True)
class Step(Generic[Origin]):
    pieces: list[tuple[Job[Origin], str]]
    finishing: list[Job[Origin]]

    @property
    def chars(self) -> int:
        return sum(len(piece) for _, piece in self.pieces)


class PieceScheduler(Generic[Origin]):
    def __init__(
        self,
        step_chars: int,
        latency_target_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.step_chars = step_chars
        self.latency_target_s = latency_target_s
        self.clock = clock
        self.chars_per_s: float | None = None
        self.waiting: list[Job[Origin]] = []

    def admit(
        self,
        origin: Origin,
        article: RawArticle,
        pieces: list[str],
        waiting_since: float | None = None,
    ) -> Job[Origin]:
        """Queue an article; ``waiting_since`` is when it was published (epoch seconds, as the
        clock), by default now. A backlog's articles are then late from the start and served
        in order of publication, not overtaken by each newly taken one."""
        if waiting_since is None:
            waiting_since = self.clock()
        job = Job(origin, article, pieces, waiting_since=waiting_since)
        self.waiting.append(job)
        return job

    def record_speed(self, chars: int, seconds: float) -> None:
        """Update the parsing speed estimate with a step that took ``seconds``."""
        if seconds <= 0 or chars <= 0:
            return
        speed = chars / seconds
        previous = self.chars_per_s
        self.chars_per_s = (
            speed if previous is None else previous + SPEED_SMOOTHING * (speed - previous)
        )

    def next_step(self) -> Step[Origin] | None:
        """The pieces to parse next (at least one), or None when nothing waits."""
        chosen: list[tuple[Job[Origin], str]] = []
        chars = 0
        for job, piece in self._pieces_by_priority():
            if chosen and chars + len(piece) > self.step_chars:
                break
            chosen.append((job, piece))
            chars += len(piece)
        if not chosen:
            return None
        for job, _ in chosen:
            job.scheduled += 1
        finishing = [job for job in self.waiting if job.scheduled == len(job.pieces)]
        self.waiting = [job for job in self.waiting if job.scheduled < len(job.pieces)]
        return Step(chosen, finishing)

    def _pieces_by_priority(self) -> Iterator[tuple[Job[Origin], str]]:
        now = self.clock()
        # sorted() is stable: jobs waiting since the same time keep their order of admission.
        by_priority = sorted(
            self.waiting, key=lambda job: (not self._can_meet_target(job, now), job.waiting_since)
        )
        for job in by_priority:
            for piece in job.pieces[job.scheduled :]:
                yield job, piece

    def _can_meet_target(self, job: Job[Origin], now: float) -> bool:
        if self.chars_per_s is None:
            return True
        remaining_s = job.unscheduled_chars / self.chars_per_s
        return now - job.waiting_since + remaining_s <= self.latency_target_s
