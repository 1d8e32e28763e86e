"""HTTP API speed through real uvicorn servers on loopback, as ratios with targets (issue 11).

- POST /api/evaluate of the book's 784-50-10 net at batch 100 against `benchmarks/minimal_app.py`
  (orjson in, hand-written numpy, orjson out: the same node values and gradients), <= 1.5x;
- the apple (Fig. 5-14) against GET /api/health of the same server, <= 1.2x;
- the server's RSS growth answering the 784-50-10 net (peak over the RSS before), <= 25 MB;
- latency p50/p99 of the small cases, requests/s with concurrent clients, payload bytes.
Servers run in subprocesses so the client does not share their GIL; requests alternate between
the measured route and its baseline so that noise hits both alike.
"""

from __future__ import annotations

import json
import math
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

from . import asgi_profile
from .bench_engine import mlp
from .ratios import ratio_row

ROOT = Path(__file__).resolve().parent.parent
JSON = {"content-type": "application/json"}


def _json(doc: dict) -> bytes:
    return json.dumps(doc, default=lambda a: a.tolist()).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving `app` (compgraph's by default) on a free loopback port, with a throwaway
    database."""

    def __init__(self, app: str = "compgraph.app.main:app", health: str = "/api/health"):
        self.app, self.health = app, health

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.port = _free_port()
        env = {**os.environ, "COMPGRAPH_DB": str(Path(self.tmp.name) / "bench.sqlite3")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", self.app, "--host", "127.0.0.1", "--port",
             str(self.port), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + self.health, timeout=1).status_code == 200:
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


    def rss_mb(self, field: str = "VmRSS") -> float:
        """The server's resident memory (VmRSS) or its peak since `reset_peak` (VmHWM), MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith(field))
        return int(kb) / 1024

    def cpu_ms(self) -> float:
        """CPU time (user + system) the server has used, in milliseconds."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def reset_peak(self) -> None:
        Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS


def _latency(routes: dict, n: int) -> tuple[dict, dict]:
    """Round-robin over the routes, each (server, client, method, path, body), so that drift
    affects them alike. Milliseconds per request: wall-clock as the client sees it, and the CPU
    the server spent (from /proc: what load on the machine disturbs least)."""
    wall = {name: [] for name in routes}
    cpu = {name: [] for name in routes}
    for _ in range(n):
        for name, (server, client, method, path, body) in routes.items():
            c0, t = server.cpu_ms(), time.perf_counter()
            r = client.request(method, path, content=body, headers=JSON)
            wall[name].append((time.perf_counter() - t) * 1000)
            cpu[name].append(server.cpu_ms() - c0)
            assert r.status_code == 200, r.text[:200]
    return wall, cpu


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


MLP = "POST /api/evaluate 784-50-10 batch 100"


def _rss_row(server: Server, client: httpx.Client, body: bytes, target: float) -> dict:
    """Peak RSS over the RSS before, answering the net for the first time (a fresh server that
    has only answered small requests: imports and caches already paid)."""
    before = server.rss_mb()
    server.reset_peak()
    assert client.post("/api/evaluate", content=body, headers=JSON).status_code == 200
    grow = server.rss_mb("VmHWM") - before
    return {"measure": f"server RSS growth answering {MLP[5:]}", "rss_before_mb": round(before, 1),
            "growth_mb": round(grow, 1), "target": f"<= {target} MB",
            "met": "yes" if grow <= target else f"no ({grow / target:.2f}x the target)"}


def _same_answer(ours: bytes, minimal: bytes) -> None:
    """The baseline computes what we compute: every node value and gradient agrees."""
    a, b = json.loads(ours)["nodes"], json.loads(minimal)["nodes"]
    assert a.keys() == b.keys()
    for i in a:
        for k in ("value", "grad"):
            if a[i][k] is None:
                assert b[i][k] is None, (i, k)
            else:
                np.testing.assert_allclose(a[i][k], b[i][k], rtol=1e-9, atol=1e-15)


def _mlp_rows(server: Server, client: httpx.Client, body: bytes, quick: bool) -> list[dict]:
    with Server("benchmarks.minimal_app:app", "/health") as minimal, \
            httpx.Client(base_url=minimal.url, timeout=60) as mc:
        _same_answer(client.post("/api/evaluate?trace=false", content=body, headers=JSON).content,
                     mc.post("/evaluate", content=body, headers=JSON).content)
        routes = {"minimal": (minimal, mc, "POST", "/evaluate", body),
                  "same": (server, client, "POST", "/api/evaluate?trace=false", body),
                  "default": (server, client, "POST", "/api/evaluate", body)}
        _latency(routes, 3)
        wall, cpu = _latency(routes, 8 if quick else 30)
    return _ratio_rows({"?trace=false (the same answer)": "same",
                        "(default: trace, arrays=auto)": "default"}, "minimal app", "minimal",
                       wall, cpu, MLP, 1.5)


def _ratio_rows(cases: dict, base_name: str, base: str, wall: dict, cpu: dict, what: str,
                target: float) -> list[dict]:
    """Wall-clock ratio rows; the server CPU per request (mean: ticks add up) alongside, which
    other processes' load disturbs far less than it disturbs the wall clock."""
    rows = []
    for label, key in cases.items():
        row = ratio_row(f"{what} {label} / {base_name}", wall[key], wall[base], target)
        ours, theirs = np.mean(cpu[key]), np.mean(cpu[base])
        ratio = ours / theirs if theirs else math.inf
        row.update(server_cpu_ms=round(ours, 2), baseline_cpu_ms=round(theirs, 2),
                   cpu_ratio=round(ratio, 2), cpu_met="yes" if ratio <= target else
                   f"no ({ratio / target:.2f}x the target)")
        rows.append(row)
    return rows


def _in_process_rows(apple: bytes, quick: bool) -> list[dict]:
    """The apple against /api/health without HTTP, and the apple's parts timed alone: what is
    left is FastAPI's routing and dependencies, the app's gate and the hop to a worker thread."""
    routes = {"GET /api/health": ("GET", "/api/health", b""),
              "POST /api/evaluate apple": ("POST", "/api/evaluate", apple)}
    repeat, number = (5, 50) if quick else (20, 200)
    t = asgi_profile.cpu_us(routes, repeat, number) | asgi_profile.parts(apple, repeat, number)
    return [{"measure": f"in process, no HTTP: {k}", "cpu_us_min": round(min(v), 1),
             "cpu_us_median": round(float(np.median(v)), 1)} for k, v in t.items()]


def run(quick: bool = False) -> dict:
    n = 60 if quick else 300
    small_net = _json(mlp(batch=5, sizes=(4, 10, 3))[0])
    mnist_net = _json(mlp(batch=100, sizes=(784, 50, 10))[0])
    apple_body = (ROOT / "examples" / "apple.json").read_bytes()  # the book's Fig. 5-14
    rows = []
    with Server() as server, httpx.Client(base_url=server.url, timeout=60) as client:
        routes = {
            "GET /api/health (trivial)": (server, client, "GET", "/api/health", None),
            "POST /api/evaluate apple": (server, client, "POST", "/api/evaluate", apple_body),
            "POST /api/evaluate apple ?trace=false": (
                server, client, "POST", "/api/evaluate?trace=false", apple_body),
            "POST /api/evaluate two-layer 5x4-10-3": (
                server, client, "POST", "/api/evaluate", small_net),
        }
        _latency(routes, 20)  # warm up
        rows.append(_rss_row(server, client, mnist_net, 25))
        times, cpu = _latency(routes, n)
        trivial = float(np.median(times["GET /api/health (trivial)"]))
        rows += _ratio_rows({"apple": "POST /api/evaluate apple"}, "GET /api/health",
                            "GET /api/health (trivial)", times, cpu, "POST /api/evaluate", 1.2)
        rows += _mlp_rows(server, client, mnist_net, quick)
        rows += _in_process_rows(apple_body, quick)
        for name, ts in times.items():
            p50 = float(np.median(ts))
            rows.append({"measure": name, "requests": len(ts), "p50_ms": round(p50, 3),
                         "p99_ms": round(float(np.percentile(ts, 99)), 3),
                         "x_trivial": round(p50 / trivial, 2)})
        for clients in (1, 4, 8):
            rps = _throughput(server.url, "/api/evaluate", apple_body, clients,
                              (50 if quick else 250) // clients * 2)
            rows.append({"measure": f"apple requests/s, {clients} concurrent clients",
                         "req_per_s": round(rps)})
        for label, body in (("5x4-10-3", small_net), ("784-50-10 batch 100", mnist_net)):
            for query in ("?trace=false", "", "?arrays=full"):
                r = client.post("/api/evaluate" + query, content=body, headers=JSON)
                rows.append({"measure": f"payload two-layer {label} {query or '(default)'}",
                             "request_bytes": len(body), "response_bytes": len(r.content)})
    return {"title": "HTTP API through uvicorn on loopback", "rows": rows}
