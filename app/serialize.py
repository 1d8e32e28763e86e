"""Engine results -> JSON-ready data: full float64 precision, non-finite numbers as strings.

Node values and gradients are always sent in full. In the trace, arrays with more elements than
`elide_above` are sent as {"elided": true, "shape", "size", "min", "max", "mean"}: the two-layer
net's trace repeats its weight matrices on many edges, and sending them all would multiply the
payload. `elide_above=None` sends everything.
"""

from __future__ import annotations

import math

import numpy as np

import compgraph as engine

NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def number_or_list(a):
    """A number or nested lists of numbers; NaN/Infinity as the strings of protobuf's JSON."""
    if a is None:
        return None
    if isinstance(a, float):  # Python floats and numpy float64 scalars: the common case
        return float(a) if math.isfinite(a) else _fix(float(a))
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


def summary(a) -> dict:
    arr = np.asarray(a, dtype=np.float64)
    with np.errstate(all="ignore"):
        stats = [number_or_list(f(arr)) for f in (np.min, np.max, np.mean)]
    return {"elided": True, "shape": list(arr.shape), "size": int(arr.size),
            "min": stats[0], "max": stats[1], "mean": stats[2]}


def _encoder(elide_above: int | None):
    if elide_above is None:
        return number_or_list

    def encode(a):
        if isinstance(a, np.ndarray) and a.size > elide_above:
            return summary(a)
        return number_or_list(a)

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
               elide_above: int | None = None) -> dict:
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
        encode = _encoder(elide_above)
        out["trace"] = [step(s, encode) for s in result.trace]
    return out


def gradcheck(check: engine.GradCheck) -> dict:
    return {"ok": check.ok, "h": check.h, "inputs": {
        i: {"ok": c.ok, "max_abs_diff": number_or_list(c.max_abs_diff),
            "max_rel_diff": number_or_list(c.max_rel_diff), "shape": list(np.shape(c.backprop)),
            "backprop": number_or_list(c.backprop), "numerical": number_or_list(c.numerical)}
        for i, c in check.inputs.items()}}

