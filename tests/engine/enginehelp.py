"""Small builders for graph documents and an independent central difference (not the engine's)."""

from __future__ import annotations

import numpy as np
import pytest
from graphdocs import const, inp, op  # noqa: F401  (re-exported)
from numdiff import central_diff  # noqa: F401  (re-exported)
from numpy.testing import assert_array_equal

import compgraph as engine
from compgraph import ForwardStep, SeedStep


def doc(*nodes, output=None, seed=None):
    d = {"version": 1, "nodes": list(nodes)}
    if output is not None:
        d["output"] = output
    if seed is not None:
        d["seed"] = seed
    return d


def problems(document, limits=None):
    """The problems GraphError reports for a document that must not validate."""
    with pytest.raises(engine.GraphError) as info:
        engine.evaluate(document, limits=limits)
    assert info.value.problems, "GraphError without problems"
    return info.value.problems


def names_node(problem, node):
    assert problem.node == node, problem
    assert f"'{node}'" in problem.msg, problem.msg


def only_problem(document, type_, limits=None):
    found = problems(document, limits)
    assert [p.type for p in found] == [type_], [(p.type, p.msg) for p in found]
    return found[0]


def assert_trace_agrees_with_evaluation(r):
    for s in r.trace:
        if isinstance(s, ForwardStep):
            assert_array_equal(s.value, r.values[s.node])
            for ref, v in zip(s.inputs, s.operands):
                assert_array_equal(v, r.values[ref])
        elif isinstance(s, SeedStep):
            assert_array_equal(s.grad, r.grads[r.output])
        else:
            assert_array_equal(s.upstream, r.grads[s.node])  # its final gradient
            for e in s.edges:
                assert 1 <= e.count <= e.of
                if e.count == e.of:
                    assert_array_equal(e.total, r.grads[e.to])


def canonical(trace):
    """A trace as plain nested tuples of numbers, for exact comparison."""
    def num(v):
        return None if v is None else tuple(np.asarray(v, dtype=float).ravel().tolist())
    out = []
    for s in trace:
        if isinstance(s, ForwardStep):
            out.append(("f", s.index, s.node, s.op, s.inputs, tuple(num(o) for o in s.operands),
                        num(s.value), None if s.extra is None else num(s.extra["y"])))
        elif isinstance(s, SeedStep):
            out.append(("s", s.index, s.node, num(s.grad)))
        else:
            out.append(("b", s.index, s.node, s.op, num(s.upstream), tuple(
                (e.to, e.operand, num(e.local), num(e.grad), num(e.total), e.count, e.of)
                for e in s.edges)))
    return out
