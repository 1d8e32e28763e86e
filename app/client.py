"""cg.Client / cg.AsyncClient: the REST API from Python, answering with the engine's own objects.

    with cg.Client("http://127.0.0.1:8000") as api:
        result = api.evaluate(document)          # a compgraph.Evaluation, as evaluate() gives
        result.grads["apple"]                    # 2.2

A 422 raises compgraph.GraphError with the server's problems (each naming its node); any other
error status raises ClientError. Documents may be given as dicts or as recorded `Value`s.
"""

from __future__ import annotations

import httpx
import numpy as np

import compgraph as engine
from compgraph.values import to_array


class ClientError(Exception):
    """An answer other than 2xx or 422 (e.g. 404 for an unknown saved graph)."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(f"{status}: {message}")


class _Api:
    """Every call once: what to send and how to read the answer. `_send` does the I/O."""

    def evaluate(self, document):
        """Values, gradients and the trace: a compgraph.Evaluation."""
        doc = _document(document)
        return self._send("POST", "/api/evaluate", lambda r: evaluation(r.json(), doc),
                          json=doc, params={"arrays": "full"})

    def gradcheck(self, document, h: float = 1e-4):
        """Backprop against central differences: a compgraph.GradCheck."""
        return self._send("POST", "/api/gradcheck", lambda r: gradcheck(r.json()),
                          json=_document(document), params={"h": h})

    def parse(self, source: str):
        """Expression text -> graph document."""
        return self._send("POST", "/api/parse", lambda r: r.json(), json={"source": source})

    def save(self, document):
        """Store the graph; answers its permanent id."""
        return self._send("POST", "/api/graphs", lambda r: r.json()["id"],
                          json=_document(document))

    def load(self, graph_id: str):
        """The saved graph document."""
        return self._send("GET", f"/api/graphs/{graph_id}", lambda r: r.json())

    def export_dot(self, document, grads: bool = True):
        """Graphviz DOT source of the evaluated graph."""
        return self._send("POST", "/api/export/dot", lambda r: r.text,
                          json=_document(document), params={"grads": str(grads).lower()})


class Client(_Api):
    """Synchronous client (httpx.Client); use as a context manager or call close()."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, **httpx_args):
        self._http = httpx.Client(base_url=base_url, timeout=timeout, **httpx_args)

    def _send(self, method, path, read, **kw):
        return read(_checked(self._http.request(method, path, **kw)))

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class AsyncClient(_Api):
    """The same calls as Client, each awaited (httpx.AsyncClient)."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, **httpx_args):
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, **httpx_args)

    async def _send(self, method, path, read, **kw):
        return read(_checked(await self._http.request(method, path, **kw)))

    async def aclose(self):
        await self._http.aclose()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()


def _document(x) -> dict:
    return x.to_document() if isinstance(x, engine.Value) else x


def _checked(r: httpx.Response) -> httpx.Response:
    if r.status_code == 422:
        detail = r.json().get("detail", [])
        raise engine.GraphError([engine.Problem(
            d.get("type", "invalid"), d.get("msg", ""), d.get("node"),
            tuple(d.get("loc", ())[1:] if d.get("loc", [None])[:1] == ["body"]
                  else d.get("loc", ()))) for d in detail])
    if r.is_error:
        try:
            message = r.json().get("detail", r.text)
        except ValueError:
            message = r.text
        raise ClientError(r.status_code, str(message))
    return r


# --- JSON answers -> the engine's objects -------------------------------------------------
def number(a):
    """JSON numbers or nested lists ("NaN"/"Infinity" strings read back) -> float64; None stays."""
    if a is None:
        return None
    arr = to_array(a)
    return arr[()] if arr.ndim == 0 else arr


def evaluation(answer: dict, document: dict) -> engine.Evaluation:
    """POST /api/evaluate's answer as the Evaluation compgraph.evaluate returns."""
    nodes = answer["nodes"]
    values = {i: number(n["value"]) for i, n in nodes.items()}
    grads = {i: number(n["grad"]) for i, n in nodes.items()}
    extras = {i: {"y": number(n["y"])} for i, n in nodes.items() if "y" in n}
    trace = [_step(s) for s in answer.get("trace", [])]
    return engine.Evaluation(answer["output"], values, grads, trace, extras,
                             engine.validate(document))


def _step(s: dict):
    if s["phase"] == "forward":
        extra = {"y": number(s["y"])} if "y" in s else None
        return engine.ForwardStep(s["index"], s["node"], s["op"], tuple(s["inputs"]),
                                  tuple(number(x) for x in s["operands"]), number(s["value"]),
                                  extra)
    if s["op"] == "seed":
        return engine.SeedStep(s["index"], s["node"], number(s["upstream"]))
    edges = tuple(engine.Edge(e["to"], e["operand"], number(e["local"]), number(e["grad"]),
                              number(e["total"]), e["count"], e["of"]) for e in s["edges"])
    return engine.BackwardStep(s["index"], s["node"], s["op"], number(s["upstream"]), edges)


def gradcheck(answer: dict) -> engine.GradCheck:
    """POST /api/gradcheck's answer as the GradCheck compgraph.gradcheck returns."""
    inputs = {i: engine.InputCheck(np.asarray(number(c["backprop"])),
                                   np.asarray(number(c["numerical"])),
                                   float(number(c["max_abs_diff"])),
                                   float(number(c["max_rel_diff"])), c["ok"])
              for i, c in answer["inputs"].items()}
    return engine.GradCheck(answer["ok"], answer["h"], inputs)
