"""engine.gradcheck: the book's check of backprop against central differences (5.7.3)."""

from __future__ import annotations

import numpy as np
from enginehelp import central_diff, const, doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine


def mlp(rng):
    x, w, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    return doc(inp("x", x), inp("W", w), inp("b", b), op("h", "affine", "x", "W", "b"),
               op("y", "tanh", "h"), op("z", "sum", "y")), (x, w, b)


def test_numerical_gradient_is_central_difference_with_h_1e_4():
    d = doc(inp("x", [0.5, 2.0]), op("y", "pow", "x", p=3), op("z", "sum", "y"))
    program = engine.compile(d)
    num = engine.numerical_gradient(program, "x")
    x = np.array([0.5, 2.0])
    h = 1e-4
    assert_allclose(num, ((x + h) ** 3 - (x - h) ** 3) / (2 * h), rtol=1e-10)
    assert_allclose(num, 3 * x**2 + h**2, rtol=1e-10)  # the h^2 error of the central difference


def test_gradcheck_reports_each_input_and_agrees_with_an_independent_difference():
    rng = np.random.default_rng(11)
    d, (x, w, b) = mlp(rng)
    g = engine.gradcheck(d)
    assert g.ok and g.h == 1e-4
    assert set(g.inputs) == {"x", "W", "b"}

    def f_w(wv):
        return np.sum(np.tanh(x @ wv + b))

    assert_allclose(g.inputs["W"].numerical, central_diff(f_w, w), rtol=1e-6, atol=1e-9)
    for c in g.inputs.values():
        assert c.ok
        diff = np.abs(c.backprop - c.numerical)
        assert c.max_abs_diff == diff.max()
        assert 0 < c.max_abs_diff < 1e-6
        assert 0 <= c.max_rel_diff < 1e-5


def test_gradcheck_uses_the_documents_seed():
    d = doc(inp("x", [1.0, 2.0]), op("y", "exp", "x"), seed=[3.0, -1.0])
    g = engine.gradcheck(d)
    assert g.ok
    assert_allclose(g.inputs["x"].backprop, [3 * np.exp(1.0), -np.exp(2.0)])
    assert_allclose(g.inputs["x"].numerical, [3 * np.exp(1.0), -np.exp(2.0)], rtol=1e-7)


def test_gradcheck_catches_a_wrong_local_derivative(monkeypatch):
    d = doc(inp("x", [1.0, 2.0]), inp("y", [3.0, -1.0]), op("z", "mul", "x", "y"),
            op("s", "sum", "z"))
    assert engine.gradcheck(d).ok

    def wrong(xs, out):
        x, y = xs
        return y, 2 * x  # the y edge should carry x

    monkeypatch.setattr(engine.OPS["mul"], "local", staticmethod(wrong))
    monkeypatch.setattr(engine.OPS["mul"], "slocal", staticmethod(wrong), raising=False)
    g = engine.gradcheck(d)
    assert not g.ok
    assert g.inputs["x"].ok and not g.inputs["y"].ok
    assert_allclose(g.inputs["y"].max_abs_diff, 2.0, rtol=1e-6)  # |2*2 - 2|


def test_gradcheck_leaves_out_consts_teachers_and_unused_inputs():
    d = doc(inp("x", [0.1, 0.2, 0.3]), inp("t", 2), const("c", 2.0), inp("unused", 1.0),
            op("s", "mul", "x", "c"), op("L", "softmax_with_loss", "s", "t"),
            op("side", "exp", "unused"), output="L")
    g = engine.gradcheck(d)
    assert set(g.inputs) == {"x"}
    assert g.ok


def test_gradcheck_of_outputs_of_very_different_sizes():
    # exp(1) beside exp(50) ~ 5e21: the difference of the two sums would lose exp(1)'s change
    d = doc(inp("x", [1.0, 50.0]), op("y", "exp", "x"))
    g = engine.gradcheck(d)
    assert g.ok
    assert_allclose(g.inputs["x"].numerical, np.exp([1.0, 50.0]), rtol=1e-8)


def test_gradcheck_tolerances_are_applied_elementwise():
    d = doc(inp("x", [1.0, 5.0]), op("y", "exp", "x"))
    loose = engine.gradcheck(d)
    assert loose.ok  # relative error ~h^2/6 is far below rtol 1e-4
    strict = engine.gradcheck(d, rtol=1e-12, atol=0.0)
    assert not strict.ok
    assert strict.inputs["x"].max_rel_diff < 1e-8
