"""How many requests the server serves at once: the rest wait their turn, in order.

A sync endpoint's dependencies and body run in anyio's worker threads, one step at a time, and a
request holds its database connection between the steps. Let in more requests than the pool
has connections, and threads blocked on the pool can starve the requests that hold them: every
request then fails after the pool's timeout. So the requests wait here instead, holding
nothing; one that waits longer than ``wait_s`` is answered 503 with ``Retry-After``.
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from api.service.problems import RETRY_AFTER_S, problem_response


class Admission:
    def __init__(self, app: ASGIApp, *, at_once: int, wait_s: float) -> None:
        self.app = app
        self.wait_s = wait_s
        self.slots = anyio.CapacityLimiter(at_once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        admitted = False
        with anyio.move_on_after(self.wait_s):
            await self.slots.acquire()
            admitted = True
        if not admitted:
            await busy()(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.release()


def busy() -> ASGIApp:
    return problem_response(
        503,
        f"the service is busy: try again in {RETRY_AFTER_S} s",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )
