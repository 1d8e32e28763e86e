"""The baseline for POST /api/evaluate of the two-layer net: a minimal FastAPI app that decodes
the same document with orjson, runs the book's forward and backward in hand-written numpy and
answers every node's value and gradient (the answer of `?trace=false`, same keys) with orjson.

No validation, no limits, no trace: what any web app doing the arithmetic must pay.
`uvicorn benchmarks.minimal_app:app`.
"""

from __future__ import annotations

import numpy as np
import orjson
from fastapi import FastAPI, Request, Response

app = FastAPI()


def _softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def two_layer(v: dict) -> tuple[dict, dict, np.ndarray]:
    """Values and gradients of every node of `compgraph.train.network_document`, and y."""
    x, t = v["x"], v["t"]
    a1 = x @ v["W1"] + v["b1"]
    z1 = np.maximum(a1, 0.0)
    a2 = z1 @ v["W2"] + v["b2"]
    y = _softmax(a2)
    n = x.shape[0]
    loss = float(-np.sum(t * np.log(y + 1e-7)) / n)
    g = {"SoftmaxWithLoss": 1.0, "Affine2": (y - t) / n}
    g["W2"], g["b2"] = z1.T @ g["Affine2"], g["Affine2"].sum(axis=0)
    g["Relu1"] = g["Affine2"] @ v["W2"].T
    g["Affine1"] = np.where(a1 > 0, g["Relu1"], 0.0)
    g["W1"], g["b1"] = x.T @ g["Affine1"], g["Affine1"].sum(axis=0)
    values = {**v, "Affine1": a1, "Relu1": z1, "Affine2": a2, "SoftmaxWithLoss": loss}
    return values, g, y


@app.post("/evaluate")
async def evaluate(request: Request) -> Response:
    doc = orjson.loads(await request.body())
    nodes = doc["nodes"]
    leaves = {n["id"]: np.array(n["value"], dtype=np.float64) for n in nodes if "value" in n}
    values, grads, y = two_layer(leaves)
    out = {}
    for n in nodes:
        i = n["id"]
        out[i] = {"op": n["op"], "shape": list(np.shape(values[i])), "value": values[i],
                  "grad": grads.get(i), "finite": True}
    out["SoftmaxWithLoss"]["y"] = y
    answer = {"output": doc["output"], "order": [n["id"] for n in nodes], "nodes": out}
    return Response(orjson.dumps(answer, option=orjson.OPT_SERIALIZE_NUMPY),
                    media_type="application/json")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}
