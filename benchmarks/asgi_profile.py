"""Where a request's CPU goes inside the app: requests sent straight to the ASGI app (no socket,
no HTTP parsing), timed in CPU, and profiled with the time split by component (FastAPI and its
libraries, the engine, the JSON code, the rest of the app, numpy, C built-ins)."""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = (  # (name, substrings of the code's file name), first match wins
    ("JSON (app/serialize.py, app/jsoncodec.py)", ("app/serialize.py", "app/jsoncodec.py")),
    ("engine (compgraph)", (str(ROOT / "engine"),)),
    ("app (routers, body, deps, gate)", (str(ROOT / "app"),)),
    ("FastAPI, Starlette, pydantic", ("/fastapi/", "/starlette/", "/pydantic", "/anyio/")),
    ("numpy", ("/numpy/",)),
    ("C built-ins", ("~",)),
)


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


def cpu_us(routes: dict, repeat: int, number: int) -> dict[str, list[float]]:
    """CPU microseconds per request of each route (method, path, body), interleaved."""
    app = _app()

    async def go():
        times = {k: [] for k in routes}
        for _ in range(repeat):
            for k, route in routes.items():
                start = time.thread_time()
                for _ in range(number):
                    await _call(app, *route)
                times[k].append((time.thread_time() - start) * 1e6 / number)
        return times

    return asyncio.run(go())


def components(route: tuple, number: int) -> dict[str, float]:
    """Share of the profiled time of `number` requests per component (own time, cProfile)."""
    app = _app()

    async def go():
        for _ in range(number):
            await _call(app, *route)

    asyncio.run(go())  # warm up outside the profile
    profile = cProfile.Profile()
    profile.runcall(asyncio.run, go())
    own = {name: 0.0 for name, _ in COMPONENTS} | {"other": 0.0}
    for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(profile).stats.items():
        name = next((n for n, keys in COMPONENTS if any(k in filename for k in keys)), "other")
        own[name] += tottime
    total = sum(own.values())
    return {k: v / total for k, v in own.items()}
