"""A run without a trace takes shortcuts (`Op.backward_untraced`: ReLU multiplies by its boolean
mask, Softmax-with-Loss skips the multiplication by a seed of 1.0); it must give the traced run's
numbers to the last bit, IEEE edge values included, and hand out gradients nobody else holds."""

from __future__ import annotations

import numpy as np
import pytest
from enginehelp import const, doc, inp, op

import compgraph as engine
from compgraph.train import network_document

rng = np.random.default_rng(7)


def bits(a):
    """The float64 bits: -0.0 differs from 0.0, and one NaN from another."""
    return np.asarray(a, dtype=np.float64).view(np.int64)


def assert_same_numbers(traced, untraced):
    assert traced.values.keys() == untraced.values.keys()
    for i in traced.values:
        np.testing.assert_array_equal(bits(traced.values[i]), bits(untraced.values[i]), err_msg=i)
        g, h = traced.grads[i], untraced.grads[i]
        assert (g is None) == (h is None), i
        if g is not None:
            np.testing.assert_array_equal(bits(g), bits(h), err_msg=i)


def two_layer(data="const"):
    x = rng.standard_normal((6, 5))
    x[0, :3] = 0.0  # ReLU at exactly 0 after a zero bias: the mask is 0 there
    params = {"W1": rng.standard_normal((5, 4)), "b1": np.zeros(4),
              "W2": rng.standard_normal((4, 3)), "b2": rng.standard_normal(3)}
    return network_document(x, np.eye(3)[rng.integers(0, 3, 6)], params, data=data)


def relu_edges():
    """ReLU of values at and around 0, with an upstream gradient holding negatives (dout * 0.0
    is -0.0 there), infinities and NaN (dout * 0.0 is NaN there)."""
    x = np.array([[-2.0, -0.0, 0.0, 3.0], [np.nan, np.inf, -np.inf, 1e-300]])
    w = np.array([[-1.5, np.inf, -np.inf, np.nan], [2.0, -3.0, 0.5, -0.25]])
    return doc(inp("x", x), const("w", w), op("r", "relu", "x"), op("y", "mul", "r", "w"),
               op("s", "sum", "y"))


CASES = {
    "two-layer net, data const": (two_layer(), None),
    "two-layer net, data input": (two_layer("input"), None),
    "two-layer net, seed 2.5": (two_layer(), 2.5),
    "two-layer net, seed -1.0": (two_layer(), -1.0),
    "ReLU at the IEEE edges": (relu_edges(), None),
    "ReLU alone, array seed": (doc(inp("x", [[-1.0, 0.0, 2.0]]), op("r", "relu", "x")),
                               [[np.nan, -4.0, -0.5]]),
}


@pytest.mark.parametrize("case", CASES)
def test_the_untraced_run_gives_the_traced_runs_numbers(case):
    document, seed = CASES[case]
    traced = engine.evaluate(document, seed=seed)
    untraced = engine.evaluate(document, trace=False, seed=seed)
    assert_same_numbers(traced, untraced)
    program = engine.compile(document)
    assert_same_numbers(program.run(seed=seed), program.run(trace=False, seed=seed))


def test_the_untraced_loss_gradient_is_its_own_array():
    program = engine.compile(two_layer())
    first = program.run(trace=False)
    second = program.run(trace=False)
    g = first.grads["Affine2"]
    assert not np.shares_memory(g, second.grads["Affine2"])
    expected = (first.extras["SoftmaxWithLoss"]["y"] - first.values["t"]) / 6
    np.testing.assert_array_equal(bits(g), bits(expected))  # (y - t) / N, times nothing
    g[...] = 7.0  # the caller's to change: nothing else moves
    assert not np.shares_memory(g, first.extras["SoftmaxWithLoss"]["y"])
    np.testing.assert_array_equal(bits(program.run(trace=False).grads["Affine2"]), bits(expected))
