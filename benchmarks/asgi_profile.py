"""Where a request's CPU goes inside the app: requests sent straight to the ASGI app (no socket,
no HTTP parsing) and timed in process CPU (the app's worker threads included), next to the
parts the app calls (reading the JSON, the engine, encoding the answer) timed alone."""

from __future__ import annotations

import asyncio
import functools
import tempfile
import time
from pathlib import Path

import anyio

from .ratios import cpu_times


def _scope(method: str, path: str, body: bytes) -> dict:
    path, _, query = path.partition("?")
    headers = [(b"host", b"bench")]
    if body:
        headers += [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": query.encode(), "root_path": "", "headers": headers,
            "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {}}


async def _call(app, method: str, path: str, body: bytes) -> None:
    status = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(_scope(method, path, body), receive, send)
    assert status == [200], (path, status)


def _app():
    from compgraph.app.main import create_app
    from compgraph.app.settings import Settings

    db = Path(tempfile.mkdtemp(prefix="bench-")) / "bench.sqlite3"
    return create_app(Settings(db=db))


HOP = "a hop to a worker thread and back (anyio, doing nothing)"


def cpu_us(routes: dict, repeat: int, number: int) -> dict[str, list[float]]:
    """Process CPU microseconds per request of each route (method, path, body), interleaved,
    and of the hop to a worker thread alone (HOP)."""
    app = _app()

    async def go():
        calls = {k: functools.partial(_call, app, *route) for k, route in routes.items()}
        calls[HOP] = functools.partial(anyio.to_thread.run_sync, lambda: None)
        times = {k: [] for k in calls}
        for _ in range(repeat):
            for k, call in calls.items():
                start = time.process_time()
                for _ in range(number):
                    await call()
                times[k].append((time.process_time() - start) * 1e6 / number)
        return times

    return asyncio.run(go())


def parts(body: bytes, repeat: int, number: int) -> dict[str, list[float]]:
    """CPU microseconds of what POST /api/evaluate calls for `body`, each timed alone."""
    import compgraph as engine
    from compgraph.app import serialize
    from compgraph.app.jsoncodec import loads

    settings = _app().state.settings
    limits = settings.limits
    doc = loads(body)
    result = engine.evaluate(doc, limits=limits)
    fns = {"read the JSON (jsoncodec.loads)": lambda: loads(body),
           "engine.evaluate (validate, plan, run, trace)": lambda: engine.evaluate(
               doc, limits=limits),
           "encode the answer (serialize.encode_answer)": lambda: serialize.encode_answer(
               result, elide_above=settings.trace_full_elements)}
    return {k: [ms * 1000 for ms in v] for k, v in cpu_times(fns, repeat, number).items()}
