"""HTTP API speed through a real uvicorn server on loopback.

Latency p50/p99 of POST /api/evaluate (apple, the small two-layer net) next to a trivial route
(GET /api/health) of the same server in the same run, requests/s with several concurrent
clients, and the payload bytes of the two-layer nets' answers (the book's 784-50-10 at batch 100
included). The server runs in a subprocess so the client does not share its GIL.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from .bench_engine import mlp

ROOT = Path(__file__).resolve().parent.parent


def _json(doc: dict) -> bytes:
    return json.dumps(doc, default=lambda a: a.tolist()).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving compgraph.app.main:app on a free loopback port, with a throwaway database."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.port = _free_port()
        env = {**os.environ, "COMPGRAPH_DB": str(Path(self.tmp.name) / "bench.sqlite3")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "compgraph.app.main:app", "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("uvicorn did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.tmp.cleanup()


def _latency(client: httpx.Client, routes: dict, n: int) -> dict[str, list[float]]:
    """Round-robin over the routes so drift affects them alike; milliseconds per request."""
    times = {name: [] for name in routes}
    for _ in range(n):
        for name, (method, path, body) in routes.items():
            t = time.perf_counter()
            r = client.request(method, path, content=body,
                               headers={"content-type": "application/json"})
            times[name].append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.text[:200]
    return times


def _throughput(url: str, path: str, body: bytes, clients: int, per_client: int) -> float:
    def worker():
        with httpx.Client(base_url=url) as c:
            for _ in range(per_client):
                c.post(path, content=body, headers={"content-type": "application/json"})

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return clients * per_client / (time.perf_counter() - start)


def run(quick: bool = False) -> dict:
    n = 60 if quick else 300
    small_net = _json(mlp(batch=5, sizes=(4, 10, 3))[0])
    mnist_net = _json(mlp(batch=100, sizes=(784, 50, 10))[0])
    apple_body = (ROOT / "examples" / "apple.json").read_bytes()  # the book's Fig. 5-14
    routes = {
        "GET /api/health (trivial)": ("GET", "/api/health", None),
        "POST /api/evaluate apple": ("POST", "/api/evaluate", apple_body),
        "POST /api/evaluate apple ?trace=false": ("POST", "/api/evaluate?trace=false",
                                                  apple_body),
        "POST /api/evaluate two-layer 5x4-10-3": ("POST", "/api/evaluate", small_net),
    }
    rows = []
    with Server() as server, httpx.Client(base_url=server.url, timeout=60) as client:
        _latency(client, routes, 20)  # warm up
        times = _latency(client, routes, n)
        trivial = float(np.median(times["GET /api/health (trivial)"]))
        for name, ts in times.items():
            p50 = float(np.median(ts))
            rows.append({"measure": name, "requests": len(ts), "p50_ms": round(p50, 3),
                         "p99_ms": round(float(np.percentile(ts, 99)), 3),
                         "x_trivial": round(p50 / trivial, 2)})
        big = {"POST /api/evaluate two-layer 784-50-10, batch 100": (
            "POST", "/api/evaluate", mnist_net)}
        ts = _latency(client, big, 3 if quick else 10)[next(iter(big))]
        rows.append({"measure": next(iter(big)), "requests": len(ts),
                     "p50_ms": round(float(np.median(ts)), 1),
                     "p99_ms": round(float(np.percentile(ts, 99)), 1)})
        for clients in (1, 4, 8):
            rps = _throughput(server.url, "/api/evaluate", apple_body, clients,
                              (50 if quick else 250) // clients * 2)
            rows.append({"measure": f"apple requests/s, {clients} concurrent clients",
                         "req_per_s": round(rps)})
        for label, body in (("5x4-10-3", small_net), ("784-50-10 batch 100", mnist_net)):
            for query in ("?trace=false", "", "?arrays=full"):
                r = client.post("/api/evaluate" + query, content=body,
                                headers={"content-type": "application/json"})
                rows.append({"measure": f"payload two-layer {label} {query or '(default)'}",
                             "request_bytes": len(body), "response_bytes": len(r.content)})
    return {"title": "HTTP API through uvicorn on loopback", "rows": rows}

