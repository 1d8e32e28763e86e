"""Expensive work (evaluate, gradient check, train, export, save) off the event loop, bounded.

At most `size` such requests run at once, each in a worker thread of the gate's own pool (so
pages and /api/health keep the default pool); one more is refused at once with a 503 and
`Retry-After` instead of waiting in a queue that would starve everything else.
"""

from __future__ import annotations

import functools

import anyio
from fastapi import HTTPException, Request

RETRY_AFTER = "1"


def busy() -> HTTPException:
    return HTTPException(503, [{"type": "busy", "loc": [], "node": None, "msg":
                                "the server is busy with other graphs; try again in a second"}],
                         headers={"Retry-After": RETRY_AFTER})


class Gate:
    def __init__(self, size: int):
        self.size = size
        self.running = 0
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def saturated(self) -> bool:
        return self.running >= self.size

    async def run(self, fn, *args, **kwargs):
        """fn(*args, **kwargs) in a worker thread, or a 503 `busy` when the gate is full."""
        if self.saturated:
            raise busy()
        if self._limiter is None:  # created inside the event loop
            self._limiter = anyio.CapacityLimiter(self.size)
        self.running += 1
        try:
            return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs),
                                                  limiter=self._limiter)
        finally:
            self.running -= 1


async def offload(request: Request, fn, *args, **kwargs):
    """Run fn through the gate of the app serving `request`."""
    return await request.app.state.gate.run(fn, *args, **kwargs)
