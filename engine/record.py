"""Recorded Values -> a graph document, with ids that follow the expression parser's naming.

A Value's `name` is its id; unnamed inputs are v1, v2, ..., unnamed op nodes t1, t2, ... and
constants c1, c2, ... (like /api/parse). A name used by two different Values gets _2, _3, ...
"""

from __future__ import annotations

import re

import numpy as np

from .value import Value, _walk
from .values import as_json

ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
PREFIX = {"input": "v", "const": "c"}  # every other op: t


def document(root: Value, *, title: str | None = None, json: bool = True
             ) -> tuple[dict, dict[str, Value]]:
    """The graph document of everything `root` depends on, and each id's Value.

    `json=True` gives lists and numbers (NaN and infinities as the API's strings); otherwise
    leaf values stay numpy arrays, which `compgraph.evaluate` takes as they are.
    """
    order = _walk(root)
    ids = _ids(order)
    nodes = []
    for v in order:
        node = {"id": ids[id(v)], "op": v.op}
        if v.inputs:
            node["inputs"] = [ids[id(x)] for x in v.inputs]
        else:
            node["value"] = as_json(v.data) if json else np.asarray(v.data, dtype=np.float64)
        attrs = {k: _attr(a) for k, a in v.attrs.items() if not _default(v.op, k, a)}
        if attrs:
            node["attrs"] = attrs
        if v.label:
            node["label"] = v.label
        nodes.append(node)
    doc = {"version": 1, "nodes": nodes, "output": ids[id(root)]}
    if title:
        doc["title"] = title
    return doc, {ids[id(v)]: v for v in order}


def _ids(order: list[Value]) -> dict[int, str]:
    for v in order:
        if v.name is not None and not (isinstance(v.name, str) and ID_RE.fullmatch(v.name)):
            raise ValueError(f"Value name {v.name!r}: an id is 1-64 letters, digits, '_', '.'"
                             " or '-'")
    taken = {v.name for v in order if v.name}
    used: set[str] = set()
    counters: dict[str, int] = {}
    out = {}
    for v in order:
        out[id(v)] = _fresh(v.name, taken, used) if v.name else _auto(v.op, taken, counters)
        used.add(out[id(v)])
    return out


def _fresh(name: str, taken: set, used: set) -> str:
    if name not in used:
        return name
    k = 2
    while f"{name}_{k}" in taken or f"{name}_{k}" in used:
        k += 1
    taken.add(f"{name}_{k}")
    return f"{name}_{k}"


def _auto(op: str, taken: set, counters: dict) -> str:
    prefix = PREFIX.get(op, "t")
    while True:
        counters[prefix] = counters.get(prefix, 0) + 1
        i = f"{prefix}{counters[prefix]}"
        if i not in taken:
            taken.add(i)
            return i


def _default(op: str, key: str, value) -> bool:
    return op == "sum" and ((key == "axis" and value is None) or (key == "keepdims" and not value))


def _attr(a):
    return list(a) if isinstance(a, tuple) else a
