"""Expensive work (evaluate, gradient check, train, export, save) off the event loop, bounded.

At most `size` such requests run at once, each in a worker thread of the gate's own pool (so
pages and /api/health keep the default pool); one more is refused at once with a 503 and
`Retry-After` instead of waiting in a queue that would starve everything else.

CPU-heavy Python work (a gradient check's loops, a large evaluation) goes one step further: the
worker thread hands it to the gate's process pool (`in_process`) and waits with the GIL
released, so the server's event loop keeps answering. The pool is made on first use with the
'forkserver' context and shut down by `close` (on app shutdown). Its functions take and return
picklable values (documents or parsed graphs in, encoded answer bytes out); its processes run
at a lower priority (`NICE`) so that on a busy machine the server is scheduled first.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import anyio
from fastapi import HTTPException, Request

import compgraph as engine

RETRY_AFTER = "1"
PRELOAD = ["compgraph.app.routers.evaluate"]  # imported once by the fork server, not per worker
NICE = 10  # worker processes yield the CPU to the server (its event loop) when cores are short


def busy() -> HTTPException:
    return HTTPException(503, [{"type": "busy", "loc": [], "node": None, "msg":
                                "the server is busy with other graphs; try again in a second"}],
                         headers={"Retry-After": RETRY_AFTER})


def _call(fn, *args):
    """fn(*args) in a worker process; a GraphError comes back as its problems (it does not
    pickle whole), anything else as itself."""
    try:
        return True, fn(*args)
    except engine.GraphError as e:
        return False, e.problems


class Gate:
    def __init__(self, size: int, processes: int = 0):
        self.size = size
        self.running = 0
        self.processes = processes
        self._limiter: anyio.CapacityLimiter | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

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

    def in_process(self, fn, *args, heavy: bool = True):
        """fn(*args) in a worker process, waited for from a worker thread (`run`'s); here when
        not `heavy` or the gate has no processes. A lost worker process is a 503 `busy`."""
        if not heavy or not self.processes:
            return fn(*args)
        try:
            ok, value = self._executor().submit(_call, fn, *args).result()
        except BrokenProcessPool:
            self._discard()
            raise busy() from None
        if not ok:
            raise engine.GraphError(value)
        return value

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._pool = ProcessPoolExecutor(self.processes, mp_context=context,
                                                 initializer=os.nice, initargs=(NICE,))
            return self._pool

    def _discard(self) -> ProcessPoolExecutor | None:
        with self._lock:
            pool, self._pool = self._pool, None
        return pool

    def close(self) -> None:
        """Stop the worker processes (the app's shutdown); a later request starts new ones."""
        pool = self._discard()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


async def offload(request: Request, fn, *args, **kwargs):
    """Run fn through the gate of the app serving `request`."""
    return await request.app.state.gate.run(fn, *args, **kwargs)
