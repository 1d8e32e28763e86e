"""Engine results -> JSON-ready data: full float64 precision, non-finite numbers as strings."""

from __future__ import annotations

import math

import numpy as np

import engine

NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def number_or_list(a):
    """A number or nested lists of numbers; NaN/Infinity as the strings of protobuf's JSON."""
    if a is None:
        return None
    arr = np.asarray(a, dtype=np.float64)
    data = arr.tolist()
    if np.isfinite(arr).all():
        return data
    return _fix(data)


def _fix(v):
    if isinstance(v, list):
        return [_fix(x) for x in v]
    if math.isnan(v):
        return "NaN"
    return NON_FINITE.get(v, v)


def step(s) -> dict:
    if isinstance(s, engine.ForwardStep):
        out = {"index": s.index, "phase": "forward", "node": s.node, "op": s.op,
               "inputs": list(s.inputs), "operands": [number_or_list(x) for x in s.operands],
               "value": number_or_list(s.value)}
        if s.extra:
            out["y"] = number_or_list(s.extra["y"])
        return out
    if isinstance(s, engine.SeedStep):
        return {"index": s.index, "phase": "backward", "node": s.node, "op": "seed",
                "upstream": number_or_list(s.grad), "edges": []}
    return {"index": s.index, "phase": "backward", "node": s.node, "op": s.op,
            "upstream": number_or_list(s.upstream),
            "edges": [{"to": e.to, "operand": e.operand, "local": number_or_list(e.local),
                       "grad": number_or_list(e.grad), "total": number_or_list(e.total),
                       "count": e.count, "of": e.of} for e in s.edges]}


def evaluation(result: engine.Evaluation, *, trace: bool = True) -> dict:
    graph = result.graph
    finite = result.finite
    nodes = {}
    for i, node in graph.nodes.items():
        entry = {"op": node.op, "shape": list(node.shape),
                 "value": number_or_list(result.values[i]),
                 "grad": number_or_list(result.grads[i]), "finite": finite[i]}
        if i in result.extras:
            entry["y"] = number_or_list(result.extras[i]["y"])
        nodes[i] = entry
    out = {"output": result.output, "order": graph.order, "nodes": nodes}
    if trace:
        out["trace"] = [step(s) for s in result.trace]
    return out
