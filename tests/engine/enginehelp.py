"""Small builders for graph documents and an independent central difference (not the engine's)."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def inp(id_, value):
    return {"id": id_, "op": "input", "value": value}


def const(id_, value):
    return {"id": id_, "op": "const", "value": value}


def op(id_, name, *inputs, **attrs):
    node = {"id": id_, "op": name, "inputs": list(inputs)}
    if attrs:
        node["attrs"] = attrs
    return node


def doc(*nodes, output=None, seed=None):
    d = {"version": 1, "nodes": list(nodes)}
    if output is not None:
        d["output"] = output
    if seed is not None:
        d["seed"] = seed
    return d


def central_diff(f, x, h=1e-6):
    """d f(x) / dx for a scalar-valued numpy function f, by central differences in float64."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


def problems(document, limits=None):
    """The problems GraphError reports for a document that must not validate."""
    with pytest.raises(engine.GraphError) as info:
        engine.evaluate(document, limits=limits)
    assert info.value.problems, "GraphError without problems"
    return info.value.problems


def only_problem(document, type_, limits=None):
    found = problems(document, limits)
    assert [p.type for p in found] == [type_], [(p.type, p.msg) for p in found]
    return found[0]
