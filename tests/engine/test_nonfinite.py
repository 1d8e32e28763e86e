"""Overflow, division by zero and log(0) are values like any other: no exception, no warning."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from enginehelp import const, doc, inp, op
from numpy.testing import assert_allclose, assert_array_equal

import compgraph as engine


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("x", [1000.0, [1.0, 1000.0], [[1000.0], [-1000.0]]])
def test_exp_overflow_is_infinity(x):
    r = engine.evaluate(doc(inp("x", x), op("y", "exp", "x")))
    xa = np.asarray(x)
    expected = np.where(xa > 700, np.inf, np.exp(np.minimum(xa, 700)))
    assert_array_equal(r.values["y"], expected)
    assert_array_equal(r.grads["x"], expected)  # dy/dx = y
    assert r.finite["y"] == bool(np.all(np.isfinite(expected)))
    assert not r.finite["x"]  # its value is finite, its gradient is not


@pytest.mark.parametrize("x,y,z", [(1.0, 0.0, np.inf), (-1.0, 0.0, -np.inf), (0.0, 0.0, np.nan),
                                   ([1.0, 0.0], [0.0, 0.0], [np.inf, np.nan])])
def test_division_by_zero_is_infinity_or_nan(x, y, z):
    r = engine.evaluate(doc(inp("x", x), inp("y", y), op("z", "div", "x", "y")))
    assert_array_equal(r.values["z"], z)
    assert r.finite == {"x": False, "y": False, "z": False}


def test_log_of_zero_and_of_a_negative_number():
    r = engine.evaluate(doc(inp("x", 0.0), op("y", "log", "x")))
    assert r.values["y"] == -np.inf
    assert r.grads["x"] == np.inf
    r = engine.evaluate(doc(inp("x", [-1.0, 0.0, 1.0]), op("y", "log", "x")))
    assert_array_equal(r.values["y"], [np.nan, -np.inf, 0.0])
    assert_array_equal(r.grads["x"], [-1.0, np.inf, 1.0])
    r = engine.evaluate(doc(inp("x", -1.0), op("y", "log", "x")))
    assert np.isnan(r.values["y"])


@pytest.mark.parametrize("x,p", [(0.0, -1), (-8.0, 1 / 3), (0.0, 0.5), ([0.0, -1.0], -1.5)])
def test_pow_singularities(x, p):
    r = engine.evaluate(doc(inp("x", x), op("y", "pow", "x", p=p)))
    with np.errstate(all="ignore"):
        xa = np.asarray(x, dtype=float)
        assert_array_equal(r.values["y"], np.power(xa, p))
        assert_array_equal(r.grads["x"], p * np.power(xa, p - 1))
    assert not r.finite["x"]


def test_sigmoid_and_tanh_saturate_without_warnings():
    r = engine.evaluate(doc(inp("x", [-1000.0, 1000.0]), op("s", "sigmoid", "x"),
                            op("t", "tanh", "x"), op("z", "add", "s", "t")))
    assert_array_equal(r.values["s"], [0.0, 1.0])
    assert_array_equal(r.grads["x"], [0.0, 0.0])
    assert all(r.finite.values())
    r = engine.evaluate(doc(inp("x", -1000.0), op("s", "sigmoid", "x")))
    assert r.values["s"] == 0.0 and r.finite["s"]


def test_softmax_with_loss_is_stable_for_huge_logits():
    r = engine.evaluate(doc(inp("x", [[1000.0, 0.0, -1000.0]]), inp("t", [1]),
                            op("L", "softmax_with_loss", "x", "t")))
    assert_allclose(r.values["L"], -np.log(1e-7), rtol=1e-12)
    assert_allclose(r.grads["x"], [[1.0, -1.0, 0.0]], atol=1e-300)
    assert all(r.finite.values())


def test_nan_flows_through_the_graph_and_finite_says_where():
    r = engine.evaluate(doc(inp("a", 1.0), inp("b", 0.0), inp("c", 2.0),
                            op("q", "div", "a", "b"), op("m", "mul", "q", "b"),
                            op("z", "add", "m", "c")))
    assert r.values["q"] == np.inf
    assert np.isnan(r.values["m"])  # inf * 0
    assert np.isnan(r.values["z"])
    assert r.finite["c"] is True  # value 2, gradient 1
    assert r.finite["a"] is False and r.finite["q"] is False
    assert set(r.finite) == set(r.values)


def test_non_finite_leaf_values_and_const_grad_none():
    r = engine.evaluate(doc(inp("x", "Infinity"), const("k", "NaN"), op("y", "mul", "x", "k")))
    assert np.isnan(r.values["y"])
    assert r.finite["k"] is False and r.grads["k"] is None


def test_non_finite_in_the_trace_is_recorded_not_raised():
    r = engine.evaluate(doc(inp("x", [0.0, 1.0]), op("y", "log", "x"), op("z", "sum", "y")))
    f = r.trace[0]
    assert_array_equal(f.value, [-np.inf, 0.0])


def test_gradcheck_on_a_non_finite_graph_does_not_warn_or_raise():
    g = engine.gradcheck(doc(inp("x", 1000.0), op("y", "exp", "x")))
    assert g.inputs["x"].backprop == np.inf
    assert g.ok is False  # inf against nan: not a pass
