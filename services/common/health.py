"""A Faust worker's /healthz and /readyz pages, and the readiness they report."""

from __future__ import annotations

from typing import Any

import faust
from faust.types import TP
from faust.web import Request, Response, View
from prometheus_client import Gauge


class Readiness:
    """What /readyz answers, also exported as the worker's ``gauge`` (1 ready, 0 not).

    What the worker needs before its web server starts (the enricher's model) it has once it
    answers. It is ready while it holds a completed group assignment (empty when there are more
    workers than partitions) and the broker answered its last lag probe, if it probes.
    """

    def __init__(self, gauge: Gauge) -> None:
        self.gauge = gauge
        self.assigned = False
        self.broker_reachable = False
        self._export()

    @property
    def ready(self) -> bool:
        return self.assigned and self.broker_reachable

    def rebalance_completed(self) -> None:
        self.assigned = self.broker_reachable = True
        self._export()

    def partitions_revoked(self) -> None:
        self.assigned = False
        self._export()

    def broker_probed(self, reachable: bool) -> None:
        self.broker_reachable = reachable
        self._export()

    def _export(self) -> None:
        self.gauge.set(1 if self.ready else 0)


def register_health_pages(app: faust.App, readiness: Readiness) -> None:
    """/healthz: the process answers; /readyz: see Readiness."""

    @app.on_partitions_revoked.connect
    async def mark_revoked(sender: faust.App, revoked: set[TP], **kwargs: Any) -> None:
        readiness.partitions_revoked()

    @app.on_rebalance_complete.connect
    async def mark_assigned(sender: faust.App, **kwargs: Any) -> None:
        readiness.rebalance_completed()

    @app.page("/healthz")
    async def liveness(self: View, request: Request) -> Response:
        return self.json({"status": "alive"})

    @app.page("/readyz")
    async def readiness_page(self: View, request: Request) -> Response:
        ready = readiness.ready
        return self.json({"ready": ready}, status=200 if ready else 503)
