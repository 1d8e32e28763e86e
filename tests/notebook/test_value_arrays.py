"""cg.Value on numpy arrays (the book's layers of 5.5-5.7) against central differences."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from numdiff import central_diff

import compgraph as cg

RNG = np.random.default_rng(5)


def _net(x, W1, b1, W2, b2, t):
    """Two-layer net of 5.7 in plain numpy: the independent implementation."""
    h = 1 / (1 + np.exp(-(x @ W1 + b1)))
    a = h @ W2 + b2
    y = np.exp(a - a.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    return -np.sum(t * np.log(y + 1e-7)) / x.shape[0]


def test_two_layer_net_gradients_match_central_differences():
    x, t = RNG.normal(size=(4, 3)), np.eye(2)[[0, 1, 1, 0]]
    arrays = [RNG.normal(size=s) for s in ((3, 5), (5,), (5, 2), (2,))]
    params = [cg.Value(a, name=n) for a, n in zip(arrays, ("W1", "b1", "W2", "b2"))]
    W1, b1, W2, b2 = params
    loss = cg.softmax_with_loss(cg.affine(cg.affine(x, W1, b1).sigmoid(), W2, b2), t)
    assert loss.data == pytest.approx(_net(x, *arrays, t), rel=1e-12)
    loss.backward()
    for k, p in enumerate(params):
        def f(a, k=k):
            args = list(arrays)
            args[k] = a
            return _net(x, *args, t)
        np.testing.assert_allclose(p.grad, central_diff(f, arrays[k]), rtol=1e-5, atol=1e-8)


def test_matmul_sum_and_broadcasting():
    A0, B0, c0 = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=(4,))
    A, B, c = cg.Value(A0), cg.Value(B0), cg.Value(c0)
    y = ((A @ B + c) * 2.0).tanh().sum(axis=0).exp().sum()
    y.backward()

    def f(a, b, cc):
        return np.exp(np.tanh((a @ b + cc) * 2.0).sum(axis=0)).sum()

    assert y.data == pytest.approx(f(A0, B0, c0), rel=1e-13)
    for got, num in ((A.grad, central_diff(lambda a: f(a, B0, c0), A0)),
                     (B.grad, central_diff(lambda b: f(A0, b, c0), B0)),
                     (c.grad, central_diff(lambda cc: f(A0, B0, cc), c0))):
        np.testing.assert_allclose(got, num, rtol=1e-6, atol=1e-8)
    assert c.grad.shape == (4,)


def test_numpy_on_the_left_uses_the_reflected_operators():
    x0 = np.array([1.0, 2.0, 3.0])
    x = cg.Value(x0, name="x")
    y = (np.array([2.0, 0.5, -1.0]) * x + np.ones(3)).sum()
    assert isinstance(y, cg.Value)
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.5, -1.0])
    consts = [n for n in y.to_document()["nodes"] if n["op"] == "const"]
    assert {tuple(n["value"]) for n in consts} == {(2.0, 0.5, -1.0), (1.0, 1.0, 1.0)}


def test_scalar_ops_against_math():
    x = cg.Value(0.7)
    for v, f, d in [(x.exp(), math.exp, math.exp), (x.log(), math.log, lambda a: 1 / a),
                    (x.tanh(), math.tanh, lambda a: 1 - math.tanh(a) ** 2),
                    (x.sigmoid(), lambda a: 1 / (1 + math.exp(-a)),
                     lambda a: math.exp(-a) / (1 + math.exp(-a)) ** 2),
                    (3 / x, lambda a: 3 / a, lambda a: -3 / a**2),
                    (2 - x, lambda a: 2 - a, lambda a: -1.0)]:
        v.backward()
        assert v.data == pytest.approx(f(0.7), rel=1e-15)
        assert x.grad == pytest.approx(d(0.7), rel=1e-12)


def test_document_names_labels_and_auto_ids():
    x = cg.Value(100.0, name="apple", label="price of one apple")
    n = cg.Value(2.0, name="apple_num")
    price = (x * n * 1.1).named("price")
    doc = price.to_document(title="apple")
    ids = [node["id"] for node in doc["nodes"]]
    assert ids == ["apple", "apple_num", "t1", "c1", "price"]
    assert doc["nodes"][0]["label"] == "price of one apple"
    assert doc["output"] == "price" and doc["title"] == "apple"
    price.backward()
    assert (x.grad, n.grad) == (pytest.approx(2.2), pytest.approx(110.0))


def test_same_name_twice_gets_a_suffix():
    a, b = cg.Value(1.0, name="w"), cg.Value(2.0, name="w")
    ids = [node["id"] for node in (a * b).to_document()["nodes"]]
    assert ids[:2] == ["w", "w_2"]


@pytest.mark.parametrize("make, words", [
    (lambda: cg.Value([[1.0, 2.0]]) @ cg.Value([[1.0, 2.0]]), "matmul needs A.shape[-1]"),
    (lambda: cg.Value([1.0, 2.0]) + cg.Value([1.0, 2.0, 3.0]), "add cannot broadcast"),
    (lambda: cg.Value("ten", name="x"), "Value 'x'"),
    (lambda: cg.Value(1.0) ** cg.Value(2.0), "exponent must be a number"),
])
def test_bad_input_says_what_is_wrong(make, words):
    with pytest.raises((ValueError, TypeError), match=re.escape(words)):
        make()


def test_bad_name_is_refused_when_the_document_is_built():
    with pytest.raises(ValueError, match="an id is 1-64 letters"):
        (cg.Value(1.0, name="not ok") * 2).to_document()
