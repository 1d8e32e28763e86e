"""A fan-out keeps references in the trace, not a full array per edge (issue 10's 50 readers)."""

from __future__ import annotations

import tracemalloc

import numpy as np
from enginehelp import doc, inp, op
from numpy.testing import assert_allclose, assert_array_equal

import compgraph as engine
from compgraph import BackwardStep

ROWS, COLS, READERS = 200, 250, 50
ARRAY_BYTES = ROWS * COLS * 8  # one float64 array of the product's shape: 400 kB


def fan_out(readers=READERS):
    """z = x (ROWS, 1) * y (1, COLS), read by `readers` sum nodes, added up into one output."""
    rng = np.random.default_rng(7)
    nodes = [inp("x", rng.normal(size=(ROWS, 1))), inp("y", rng.normal(size=(1, COLS))),
             op("z", "mul", "x", "y")]
    nodes += [op(f"s{k}", "sum", "z") for k in range(readers)]
    acc = "s0"
    for k in range(1, readers):
        nodes.append(op(f"a{k}", "add", acc, f"s{k}"))
        acc = f"a{k}"
    return doc(*nodes)


def peak_bytes(document) -> int:
    engine.evaluate(document)  # warm up: imports, caches
    tracemalloc.start()
    try:
        result = engine.evaluate(document)
        for s in result.trace:  # built, and every total read, as the answer's encoder does
            if isinstance(s, BackwardStep):
                assert all(e.total is not None for e in s.edges)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.grads["z"].shape == (ROWS, COLS)
    return peak


def test_fifty_readers_cost_a_few_arrays_not_two_per_reader():
    # z's value and gradient, a running total being summed, the products mul's backward makes
    # (z-sized, before summing down to x and y) and the document: about six z-sized arrays.
    # One gradient and one running total per reader would be 2 * 50 = 100 of them.
    peak = peak_bytes(fan_out())
    assert peak < 8 * ARRAY_BYTES, f"{peak / ARRAY_BYTES:.1f} arrays of z's size"


def test_memory_does_not_grow_with_the_readers():
    few, many = peak_bytes(fan_out(5)), peak_bytes(fan_out(READERS))
    assert many - few < ARRAY_BYTES, (few, many)  # 45 more readers: less than one more array


def test_the_running_totals_are_still_the_sums_the_backward_made():
    r = engine.evaluate(fan_out(6))
    to_z = [e for s in r.trace if isinstance(s, BackwardStep) for e in s.edges if e.to == "z"]
    assert [(e.count, e.of) for e in to_z] == [(k, 6) for k in range(1, 7)]
    running = np.zeros((ROWS, COLS))
    for e in to_z:  # each reader sends ones times its upstream gradient, 1
        assert_array_equal(e.grad, np.ones((ROWS, COLS)))
        running = running + e.grad
        assert_allclose(e.total, running, rtol=0)
    assert_array_equal(to_z[-1].total, r.grads["z"])
    # out of order, and again: the same numbers
    assert_array_equal(to_z[2].total, 3 * np.ones((ROWS, COLS)))
    assert_array_equal(to_z[1].total, 2 * np.ones((ROWS, COLS)))
    assert_array_equal(to_z[2].total, 3 * np.ones((ROWS, COLS)))


def test_gradients_handed_out_are_writable_arrays_of_their_own():
    r = engine.evaluate(doc(inp("x", np.ones((2, 3))), op("s", "sum", "x")))
    g = r.grads["x"]
    assert g.flags.writeable and g.flags.owndata
    g[0, 0] = 5.0  # does not touch anything else
    assert_array_equal(engine.evaluate(doc(inp("x", np.ones((2, 3))), op("s", "sum", "x")))
                       .grads["x"], np.ones((2, 3)))
