"""Front-end speed in headless Chromium: layout + first render at 50 / 300 / 1,000 nodes (ours
and dagre for comparison), frame times while playing, and page load to the first drawn example.

Needs /usr/bin/chromium (`make browser`); the app runs on a free loopback port in a thread.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def random_graph(n: int, seed: int = 0) -> dict:
    """A random layered DAG of about n nodes (~1.6 edges a node) with one output."""
    rng = random.Random(seed)
    n_in = max(2, n // 6)
    nodes = [{"id": f"x{i}", "op": "input", "value": round(rng.uniform(-1, 1), 3)}
             for i in range(n_in)]
    unused = [nd["id"] for nd in nodes]
    ids = list(unused)
    k = 0
    while len(nodes) < n - 1:
        op = rng.choice(["add", "mul", "add", "sub", "tanh", "sigmoid", "mul"])
        window = ids[-12:]

        def pick(window=window):
            return unused.pop(0) if unused and rng.random() < 0.5 else rng.choice(window)

        inputs = [pick()] if op in ("tanh", "sigmoid") else [pick(), pick()]
        nid = f"n{k}"
        k += 1
        nodes.append({"id": nid, "op": op, "inputs": inputs})
        ids.append(nid)
        unused.append(nid)
    consumed = {s for nd in nodes for s in nd.get("inputs", [])}
    sinks = [nd["id"] for nd in nodes if nd["id"] not in consumed]
    acc = sinks[0]
    for j, s in enumerate(sinks[1:]):
        nodes.append({"id": f"r{j}", "op": "add", "inputs": [acc, s]})
        acc = f"r{j}"
    return {"version": 1, "title": f"random {n}", "nodes": nodes, "output": acc}


def _serve():
    import uvicorn

    tmp = tempfile.mkdtemp(prefix="compgraph-bench-")
    os.environ["COMPGRAPH_DB"] = str(Path(tmp) / "bench.sqlite3")
    from compgraph.app.main import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


MEASURE = """async ([doc, ev, reps]) => {
  const { layout } = await import('/static/js/layout.js');
  const app = window.compgraph;
  const ops = app.ops;
  const symbols = Object.fromEntries(Object.values(ops).map(o => [o.name, o.symbol]));
  const paint = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const lay = [], first = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    layout(doc, { output: doc.output, symbols });
    lay.push(performance.now() - t);
    await paint();
    t = performance.now();
    app.showEvaluation(doc, ev, 0);
    await paint();
    first.push(performance.now() - t);
  }
  // play: one step per animation frame, like fast playback; frame-to-frame times
  const deltas = [], work = [];
  let last = performance.now();
  const n = Math.min(ev.trace.length, 150);
  await new Promise(done => {
    let k = 0;
    const tick = (now) => {
      deltas.push(now - last); last = now;
      const t = performance.now(); app.goto(++k); work.push(performance.now() - t);
      if (k < n) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  });
  const med = a => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { layout: med(lay), first: med(first), deltas, work };
}"""

DAGRE = """async ([doc]) => {
  if (!window.dagre) await new Promise((ok, fail) => {
    const s = document.createElement('script'); s.src = '/vendor/@dagrejs/dagre/dist/dagre.min.js';
    s.onload = ok; s.onerror = fail; document.head.append(s); });
  const t = performance.now();
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { width: 56, height: 56 });
  for (const n of doc.nodes) for (const s of n.inputs || [])
    g.setEdge(s, n.id, { width: 60, height: 40, labelpos: 'c' });
  dagre.layout(g);
  return performance.now() - t;
}"""


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(quick: bool = False) -> dict:
    import httpx
    from playwright.sync_api import sync_playwright

    server, base = _serve()
    rows = []
    sizes = [50, 300] if quick else [50, 300, 1000]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            loads = []
            for _ in range(2 if quick else 4):
                page.goto(base + "/")
                page.wait_for_function(
                    "() => performance.getEntriesByName('compgraph:first-drawn').length > 0")
                loads.append(page.evaluate(
                    "performance.getEntriesByName('compgraph:first-drawn')[0].startTime"))
                page.evaluate("localStorage.clear()")
            rows.append({"case": "page load -> first drawn example (apple)", "nodes": 5,
                         "ms": round(statistics.median(loads), 1)})
            for n in sizes:
                doc = random_graph(n)
                ev = httpx.post(base + "/api/evaluate", json=doc, timeout=60).json()
                r = page.evaluate(MEASURE, [doc, ev, 2 if quick else 3])
                size = len(doc["nodes"])
                rows.append({"case": "our layout", "nodes": size, "ms": round(r["layout"], 1)})
                rows.append({"case": "layout + first render (to paint)", "nodes": len(doc["nodes"]),
                             "ms": round(r["first"], 1)})
                rows.append({"case": "playing: frame time p50 / p95", "nodes": len(doc["nodes"]),
                             "ms": f"{pct(r['deltas'], 0.5):.1f} / {pct(r['deltas'], 0.95):.1f}"})
                rows.append({"case": "playing: step render work p50 / p95", "nodes": size,
                             "ms": f"{pct(r['work'], 0.5):.2f} / {pct(r['work'], 0.95):.2f}"})
                if n <= 300 or not quick:
                    t = page.evaluate(DAGRE, [doc])
                    rows.append({"case": "dagre 3.1 layout (comparison)", "nodes": size,
                                 "ms": round(t, 1)})
            browser.close()
    finally:
        server.should_exit = True
    return {"title": "Front end in headless Chromium (targets: < 300 ms first render at 300 nodes, "
                     "p95 frame < 16.7 ms)", "rows": rows,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


if __name__ == "__main__":
    from benchmarks.__main__ import table

    print(table(run(quick=True)["rows"]))
