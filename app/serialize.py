"""Engine results -> JSON: full float64 precision, non-finite numbers as strings.

Node values and gradients are always sent in full. Every other array (the trace's, and the
softmax output `y` of Softmax-with-Loss nodes) with more elements than `elide_above` is sent as
{"elided": true, "shape", "size", "min", "max", "mean"}: the two-layer net's trace repeats its
weight matrices on many edges, and a `y` as large as a broadcast input would multiply the
payload. `elide_above=None` sends everything.

`evaluation` builds plain Python data (the CLI and the stdlib's `json` read it); `encode_answer`
builds the same answer as bytes with orjson, float64 arrays written without `tolist`, so that a
worker thread can encode it off the event loop.
"""

from __future__ import annotations

from math import isfinite

import numpy as np

import compgraph as engine
from compgraph.values import as_json

from .jsoncodec import dumps

# A number or nested lists of numbers; NaN/Infinity as the strings of protobuf's JSON.
number_or_list = as_json


_SCALARS = (float, np.float64)  # what a scalar graph's values, gradients and trace hold


def _native(a):
    """`number_or_list`'s answer for orjson: arrays of finite numbers stay float64 arrays."""
    if type(a) in _SCALARS and isfinite(a):  # most numbers of a scalar graph: no other look
        return float(a)
    if isinstance(a, np.ndarray) and a.ndim and a.dtype == np.float64 and np.isfinite(a).all():
        return a
    return number_or_list(a)


def summary(a) -> dict:
    arr = np.asarray(a, dtype=np.float64)
    with np.errstate(all="ignore"):
        stats = [number_or_list(f(arr)) for f in (np.min, np.max, np.mean)]
    return {"elided": True, "shape": list(arr.shape), "size": int(arr.size),
            "min": stats[0], "max": stats[1], "mean": stats[2]}


def _encoder(elide_above: int | None, array=number_or_list):
    if elide_above is None:
        return array

    def encode(a):
        if isinstance(a, np.ndarray) and a.size > elide_above:
            return summary(a)
        return array(a)

    return encode


def step(s, encode=number_or_list) -> dict:
    if isinstance(s, engine.ForwardStep):
        out = {"index": s.index, "phase": "forward", "node": s.node, "op": s.op,
               "inputs": list(s.inputs), "operands": [encode(x) for x in s.operands],
               "value": encode(s.value)}
        if s.extra:
            out["y"] = encode(s.extra["y"])
        return out
    if isinstance(s, engine.SeedStep):
        return {"index": s.index, "phase": "backward", "node": s.node, "op": "seed",
                "upstream": encode(s.grad), "edges": []}
    return {"index": s.index, "phase": "backward", "node": s.node, "op": s.op,
            "upstream": encode(s.upstream),
            "edges": [{"to": e.to, "operand": e.operand, "local": encode(e.local),
                       "grad": encode(e.grad), "total": encode(e.total),
                       "count": e.count, "of": e.of} for e in s.edges]}


def evaluation(result: engine.Evaluation, *, trace: bool = True,
               elide_above: int | None = None, array=number_or_list) -> dict:
    """The answer of POST /api/evaluate; `array` writes node values and gradients."""
    graph = result.graph
    finite = result.finite
    encode = _encoder(elide_above, array)
    nodes = {}
    for i, node in graph.nodes.items():
        entry = {"op": node.op, "shape": list(node.shape), "value": array(result.values[i]),
                 "grad": array(result.grads[i]), "finite": finite[i]}
        if i in result.extras:
            entry["y"] = encode(result.extras[i]["y"])
        nodes[i] = entry
    out = {"output": result.output, "order": graph.order, "nodes": nodes}
    if trace:
        out["trace"] = [step(s, encode) for s in result.trace]
    return out


def encode_answer(result: engine.Evaluation, *, trace: bool = True,
                  elide_above: int | None = None) -> bytes:
    """`evaluation(...)` as UTF-8 JSON bytes, the same values, keys and order."""
    return dumps(evaluation(result, trace=trace, elide_above=elide_above, array=_native))


def gradcheck(check: engine.GradCheck) -> dict:
    return {"ok": check.ok, "h": check.h, "inputs": {
        i: {"ok": c.ok, "max_abs_diff": number_or_list(c.max_abs_diff),
            "max_rel_diff": number_or_list(c.max_rel_diff), "shape": list(np.shape(c.backprop)),
            "backprop": number_or_list(c.backprop), "numerical": number_or_list(c.numerical)}
        for i, c in check.inputs.items()}}

