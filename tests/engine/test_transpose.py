"""The transpose node: Y = Xᵀ forward, the gradient transposed back, shapes checked."""

from __future__ import annotations

import numpy as np
import pytest
from enginehelp import doc, inp, only_problem, op

import compgraph as engine

X = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]])
W = np.array([[2.0, 0.0, -1.0], [1.0, 3.0, 0.5]])


def test_value_and_gradient_by_hand():
    # L = sum(Xᵀ * Wᵀ): ∂L/∂(Xᵀ) = Wᵀ, transposed back to X's shape gives W
    d = doc(inp("x", X), inp("w", W), op("xt", "transpose", "x"), op("wt", "transpose", "w"),
            op("p", "mul", "xt", "wt"), op("L", "sum", "p"))
    r = engine.evaluate(d)
    np.testing.assert_array_equal(r.values["xt"], X.T)
    assert r.values["L"] == pytest.approx(float((X * W).sum()))
    np.testing.assert_array_equal(r.grads["x"], W)
    np.testing.assert_array_equal(r.grads["w"], X)
    assert engine.gradcheck(d).ok


def test_matmul_through_a_transpose_matches_numpy():
    d = doc(inp("x", X), inp("w", W), op("wt", "transpose", "w"), op("y", "matmul", "x", "wt"),
            op("L", "sum", "y"))
    r = engine.evaluate(d)
    np.testing.assert_allclose(r.values["y"], X @ W.T, rtol=1e-15)
    np.testing.assert_allclose(r.grads["w"], (np.ones((2, 2)).T @ X), rtol=1e-15)
    assert engine.gradcheck(d).ok


def test_a_vector_cannot_be_transposed():
    p = only_problem(doc(inp("v", [1.0, 2.0]), op("t", "transpose", "v")), "shape_mismatch")
    assert p.node == "t" and "matrix" in p.msg and "(2)" in p.msg
