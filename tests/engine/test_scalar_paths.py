"""Scalar nodes take a fast path; they must give what the same op gives on a 1-element array."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from enginehelp import doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine

EDGE = [-1000.0, -2.0, -1.0, -0.0, 0.0, 1e-300, 0.5, 1.0, 3.0, 700.0, 1000.0, np.inf, -np.inf,
        np.nan]
UNARY = [("neg", {}), ("exp", {}), ("log", {}), ("tanh", {}), ("sigmoid", {}), ("relu", {}),
         ("pow", {"p": 2}), ("pow", {"p": 3}), ("pow", {"p": 0.5}), ("pow", {"p": -1}),
         ("pow", {"p": -2.5}), ("pow", {"p": 0}), ("pow", {"p": 1}), ("sum", {})]
BINARY = ["add", "sub", "mul", "div"]


def run(nodes, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return engine.evaluate(doc(*nodes, seed=seed))


def same(scalar, array):
    assert_allclose(np.ravel(scalar), np.ravel(array), rtol=1e-15, atol=0, equal_nan=True)


@pytest.mark.parametrize("name,attrs", UNARY)
def test_unary_scalar_matches_one_element_array(name, attrs):
    for x in EDGE:
        s = run([inp("x", x), op("y", name, "x", **attrs)], 1.5)
        a = run([inp("x", [x]), op("y", name, "x", **attrs)], 1.5 if name == "sum" else [1.5])
        same(s.values["y"], a.values["y"])
        same(s.grads["x"], a.grads["x"])
        assert s.finite == a.finite, x


@pytest.mark.parametrize("via_python_floats", [False, True])
@pytest.mark.parametrize("name", BINARY)
def test_binary_scalar_matches_one_element_array(name, via_python_floats):
    # pow with p = 1 is the identity whose scalar kernel hands on a Python float, not numpy's
    ids = ("x1", "y1") if via_python_floats else ("x", "y")
    ident = [op("x1", "pow", "x", p=1), op("y1", "pow", "y", p=1)] if via_python_floats else []
    for x, y in itertools.product(EDGE, repeat=2):
        s = run([inp("x", x), inp("y", y), *ident, op("z", name, *ids)], 1.5)
        a = run([inp("x", [x]), inp("y", [y]), *ident, op("z", name, *ids)], [1.5])
        same(s.values["z"], a.values["z"])
        same(s.grads["x"], a.grads["x"])
        same(s.grads["y"], a.grads["y"])
