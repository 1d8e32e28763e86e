"""cg.grad as a recorded graph (differentiable again) and cg.jvp, against hand derivations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numdiff import central_diff

import compgraph as cg


def test_second_and_third_derivative_of_x_cubed():
    x = cg.Value(2.0, name="x")
    y = x**3
    dy = cg.grad(y, x)  # 3x^2 = 12
    d2y = cg.grad(dy, x)  # 6x = 12
    d3y = cg.grad(d2y, x)  # 6
    assert (dy.data, d2y.data, d3y.data) == (12.0, 12.0, 6.0)
    assert isinstance(dy, cg.Value) and dy.op != "const"


def test_gradient_graph_is_evaluated_by_the_engine_with_the_same_numbers():
    x = cg.Value(2.0, name="x")
    d2y = cg.grad(cg.grad(x**3, x), x)
    eager = d2y.data
    d2y.backward()  # the gradient graph, evaluated by compgraph.evaluate: d/dx 6x = 6
    assert d2y.data == eager == 12.0
    assert x.grad == 6.0
    assert cg.evaluate(d2y.to_document()).values[d2y.to_document()["output"]] == 12.0


def test_mixed_partials():
    # f = x^2 y + exp(x y): f_x = 2xy + y e^{xy}, f_xy = 2x + e^{xy} + xy e^{xy}
    x, y = cg.Value(0.5), cg.Value(-1.5)
    f = x**2 * y + (x * y).exp()
    fx, fy = cg.grad(f, [x, y])
    e = math.exp(0.5 * -1.5)
    assert fx.data == pytest.approx(2 * 0.5 * -1.5 + -1.5 * e, rel=1e-14)
    assert fy.data == pytest.approx(0.25 + 0.5 * e, rel=1e-14)
    assert cg.grad(fx, y).data == pytest.approx(1.0 + e + 0.5 * -1.5 * e, rel=1e-14)
    assert cg.grad(fy, x).data == pytest.approx(cg.grad(fx, y).data, rel=1e-14)


@pytest.mark.parametrize("fn, d2", [
    (lambda v: v.tanh(), lambda a: -2 * math.tanh(a) * (1 - math.tanh(a) ** 2)),
    (lambda v: v.sigmoid(), lambda a: (s := 1 / (1 + math.exp(-a))) * (1 - s) * (1 - 2 * s)),
    (lambda v: v.log(), lambda a: -1 / a**2),
    (lambda v: 1 / v, lambda a: 2 / a**3),
    (lambda v: (v * 3 - 1).relu() * v, lambda a: 6.0),
])
def test_second_derivatives_by_hand(fn, d2):
    x = cg.Value(0.8)
    assert cg.grad(cg.grad(fn(x), x), x).data == pytest.approx(d2(0.8), rel=1e-12)


def test_array_gradient_graph_with_broadcasting_and_sum():
    x0 = np.array([[0.3, -1.2, 0.5], [2.0, 0.1, -0.4]])
    b0 = np.array([0.2, -0.3, 0.1])
    x, b = cg.Value(x0), cg.Value(b0)
    loss = ((x + b).tanh() ** 2).sum()
    gb = cg.grad(loss, b)  # sum over rows of 2 tanh (1 - tanh^2)
    t = np.tanh(x0 + b0)
    np.testing.assert_allclose(gb.data, (2 * t * (1 - t**2)).sum(axis=0), rtol=1e-13)
    assert gb.shape == (3,)
    # and once more: d/dx of sum(gb) against central differences of that closed form
    g2 = cg.grad(gb.sum(), x).data
    def f(a):
        tt = np.tanh(a + b0)
        return (2 * tt * (1 - tt**2)).sum()
    np.testing.assert_allclose(g2, central_diff(f, x0), rtol=1e-6, atol=1e-9)


def test_backward_create_graph_sets_value_gradients():
    x = cg.Value(3.0)
    y = x * x * x
    y.backward(create_graph=True)
    assert isinstance(x.grad, cg.Value) and x.grad.data == 27.0
    x.grad.backward()
    assert x.grad == 18.0


def test_matmul_gradient_graph_is_the_books_transpose_rule():
    # Fig. 5-25: ∂L/∂X = ∂L/∂Y · Wᵀ and ∂L/∂W = Xᵀ · ∂L/∂Y, recorded with transpose nodes
    x0 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
    w0 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    X, W = cg.Value(x0), cg.Value(w0)
    loss = ((X @ W) ** 2).sum()
    gx, gw = cg.grad(loss, [X, W])
    dy = 2 * (x0 @ w0)  # by hand: d sum(Y^2) / dY
    np.testing.assert_allclose(gx.data, dy @ w0.T, rtol=1e-15)
    np.testing.assert_allclose(gw.data, x0.T @ dy, rtol=1e-15)
    ops = {node["op"] for node in gx.to_document()["nodes"]}
    assert "transpose" in ops
    # the gradient graph differentiates again: d/dW of sum(∂L/∂X) = 2 Xᵀ · (1 · Wᵀ)ᵀ... checked
    # against central differences of the closed form sum(2 (X W) Wᵀ)
    g2 = cg.grad(gx.sum(), W).data
    num = central_diff(lambda w: (2 * (x0 @ w) @ w.T).sum(), w0)
    np.testing.assert_allclose(g2, num, rtol=1e-6, atol=1e-9)


def test_the_two_layer_nets_layers_have_gradient_graphs_with_the_engines_numbers():
    # Affine (Figs. 5-25, 5-27) and Softmax-with-Loss ((y − t)/N, Fig. 5-30) as recorded graphs
    rng = np.random.default_rng(7)
    x0, w0, b0 = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    t0 = np.array([0, 4, 2, 2])
    X, W, b = cg.Value(x0), cg.Value(w0), cg.Value(b0)
    loss = cg.softmax_with_loss(cg.affine(X, W, b), t0)
    graphs = cg.grad(loss, [X, W, b])
    loss.backward()  # the engine's own backward pass, the independent reference
    for g, v in zip(graphs, (X, W, b)):
        np.testing.assert_allclose(g.data, v.grad, rtol=1e-12, atol=1e-15)
    assert {"transpose", "exp", "div"} <= {n["op"] for n in graphs[1].to_document()["nodes"]}
    # and once more: d/db of sum(∂L/∂b), the softmax's curvature, against central differences
    g2 = cg.grad(graphs[2].sum(), b).data
    def dldb(bb):  # the closed form of ∂L/∂b: the batch sum of (softmax(xW + b) − t)/N
        a = x0 @ w0 + bb
        y = np.exp(a - a.max(axis=1, keepdims=True))
        y /= y.sum(axis=1, keepdims=True)
        return ((y - np.eye(5)[t0]) / 4).sum()
    np.testing.assert_allclose(g2, central_diff(dldb, b0), rtol=1e-6, atol=1e-9)


def test_unsupported_gradient_graph_says_why():
    # one sample as a vector: Xᵀ · ∂L/∂Y would need an outer product, not a transpose
    x, W, b = cg.Value(np.ones(3)), cg.Value(np.ones((3, 2))), cg.Value(np.zeros(2))
    with pytest.raises(NotImplementedError, match="matrices"):
        cg.grad(cg.affine(x, W, b).sum(), W)


def test_jvp_is_the_directional_derivative():
    # f = sum(tanh(x @ W)); df = sum((1 - tanh^2) * (dx @ W + x @ dW))
    rng = np.random.default_rng(1)
    x0, W0, dx, dW = (rng.normal(size=s) for s in ((2, 3), (3, 2), (2, 3), (3, 2)))
    x, W = cg.Value(x0), cg.Value(W0)
    f = (x @ W).tanh().sum()
    jv = cg.jvp(f, {x: dx, W: dW})
    t = np.tanh(x0 @ W0)
    assert jv.data == pytest.approx(((1 - t**2) * (dx @ W0 + x0 @ dW)).sum(), rel=1e-13)
    h = 1e-6
    fd = (np.tanh((x0 + h * dx) @ (W0 + h * dW)).sum()
          - np.tanh((x0 - h * dx) @ (W0 - h * dW)).sum()) / (2 * h)
    assert jv.data == pytest.approx(fd, rel=1e-7)


def test_jvp_agrees_with_reverse_mode_on_the_layers():
    rng = np.random.default_rng(2)
    x0, W0, b0 = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(2,))
    t = np.eye(2)[[0, 1, 1, 0]]
    W, b = cg.Value(W0), cg.Value(b0)
    loss = cg.softmax_with_loss(cg.affine(x0, W, b), t)
    dW, db = rng.normal(size=(3, 2)), rng.normal(size=(2,))
    loss.backward()
    expected = (W.grad * dW).sum() + (b.grad * db).sum()
    assert cg.jvp(loss, {W: dW, b: db}).data == pytest.approx(expected, rel=1e-12)


def test_jvp_of_a_broadcast_scalar_input():
    x, s = cg.Value(np.array([1.0, 2.0, 3.0])), cg.Value(0.5)
    y = (x + s).exp().sum()
    assert cg.jvp(y, {s: 1.0}).data == pytest.approx(np.exp([1.5, 2.5, 3.5]).sum(), rel=1e-14)


def test_gradient_graph_is_the_derivation_by_hand():
    # d/dx x^3 = 3 * x^2; d/dx of that = 3 * (2 * x): no multiplication by the seed 1 is drawn
    x = cg.Value(2.0, name="x")
    d2y = cg.grad(cg.grad(x**3, x), x)
    nodes = d2y.to_document()["nodes"]
    assert sorted(n["op"] for n in nodes) == ["const", "const", "input", "mul", "mul"]
    assert sorted(n["value"] for n in nodes if n["op"] == "const") == [2.0, 3.0]
