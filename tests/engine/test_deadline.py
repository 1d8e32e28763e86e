"""Limits.deadline_seconds: the run loops look at the clock and stop at the node reached."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from enginehelp import doc, inp, op

import compgraph as engine
from compgraph import Limits

evaluate_module = importlib.import_module("compgraph.evaluate")  # the name is also a function

# array nodes: the clock is read before every one of them
CHAIN = doc(inp("x", [0.1, 0.2]), op("a1", "tanh", "x"), op("a2", "tanh", "a1"),
            op("a3", "tanh", "a2"), op("a4", "tanh", "a3"))


class Clock:
    """A fake time.monotonic() that moves one second each time it is read."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


def time_limit(document, seconds, monkeypatch, run=engine.evaluate):
    monkeypatch.setattr(evaluate_module, "monotonic", Clock())
    with pytest.raises(engine.GraphError) as info:
        run(document, limits=Limits(deadline_seconds=seconds))
    (p,) = info.value.problems
    assert p.type == "time_limit" and f"'{p.node}'" in p.msg
    return p


def test_the_forward_pass_stops_at_the_node_reached(monkeypatch):
    # the run starts at t=1 (deadline 1 + 2.5); a1 is reached at t=2, a2 at 3, a3 at 4
    p = time_limit(CHAIN, 2.5, monkeypatch)
    assert p.node == "a3" and "forward" in p.msg


def test_the_backward_pass_stops_at_the_node_reached(monkeypatch):
    # forward reads t=2..5; backward visits a4 at t=6, a3 at t=7
    p = time_limit(CHAIN, 5.5, monkeypatch)
    assert p.node == "a3" and "backward" in p.msg


def test_a_generous_deadline_changes_nothing(monkeypatch):
    monkeypatch.setattr(evaluate_module, "monotonic", Clock())
    r = engine.evaluate(CHAIN, limits=Limits(deadline_seconds=100.0))
    expected = np.tanh(np.tanh(np.tanh(np.tanh([0.1, 0.2]))))
    np.testing.assert_allclose(r.values["a4"], expected, rtol=1e-15)


def test_the_gradient_check_shares_one_deadline(monkeypatch):
    # one run (t=2..9) then forward passes for x's central differences, each reading the clock
    p = time_limit(CHAIN, 12.5, monkeypatch, run=engine.gradcheck)
    assert p.node in {"a1", "a2", "a3", "a4"}


def test_a_real_clock_stops_a_long_scalar_chain():
    nodes = [inp("n0", 0.5)] + [op(f"n{k}", "tanh", f"n{k - 1}")
                                for k in range(1, 3000)]
    with pytest.raises(engine.GraphError) as info:
        engine.evaluate(doc(*nodes), limits=Limits(max_nodes=5000, deadline_seconds=1e-6))
    (p,) = info.value.problems
    assert p.type == "time_limit" and p.node.startswith("n")
    assert engine.evaluate(doc(*nodes), limits=Limits(max_nodes=5000)).values["n2999"] < 0.1


def test_no_deadline_unless_asked(monkeypatch):
    monkeypatch.setattr(evaluate_module, "monotonic", Clock())
    assert engine.evaluate(CHAIN, limits=Limits(deadline_seconds=None)).values["a4"].shape == (2,)
    assert engine.evaluate(CHAIN).values["a4"].shape == (2,)
