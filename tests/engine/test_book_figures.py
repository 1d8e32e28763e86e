"""Every figure of chapter 5 with the book's own numbers (seed/chapter5-backprop-slides.md)."""

from __future__ import annotations

import numpy as np
from enginehelp import const, doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine

APPLE = doc(inp("apple", 100), inp("apple_num", 2), inp("tax", 1.1),
            op("apple_price", "mul", "apple", "apple_num"),
            op("price", "mul", "apple_price", "tax"))


def test_apple_shopping_fig_5_14():
    r = engine.evaluate(APPLE)
    assert int(r.values["price"]) == 220  # the book prints int(price)
    assert_allclose(r.values["price"], 220.0, rtol=1e-15)
    assert_allclose(r.grads["apple"], 2.2, rtol=1e-15)
    assert int(r.grads["apple_num"]) == 110
    assert_allclose(r.grads["apple_num"], 110.0, rtol=1e-15)
    assert_allclose(r.grads["tax"], 200.0, rtol=1e-15)
    assert_allclose(r.grads["apple_price"], 1.1, rtol=1e-15)
    assert_allclose(r.grads["price"], 1.0)


def test_apple_and_orange_fig_5_17():
    r = engine.evaluate(doc(
        inp("apple", 100), inp("apple_num", 2), inp("orange", 150), inp("orange_num", 3),
        inp("tax", 1.1),
        op("apple_price", "mul", "apple", "apple_num"),
        op("orange_price", "mul", "orange", "orange_num"),
        op("all_price", "add", "apple_price", "orange_price"),
        op("price", "mul", "all_price", "tax")))
    assert int(r.values["price"]) == 715
    assert_allclose(r.values["price"], 715.0, rtol=1e-15)
    expected = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650,
                "all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1}
    for node, g in expected.items():
        assert_allclose(r.grads[node], g, rtol=1e-14, err_msg=node)


def test_chain_rule_square_of_sum_is_two_x_plus_y():
    for x, y in [(1.0, 2.0), (-3.0, 0.5), (0.25, 0.25)]:
        r = engine.evaluate(doc(inp("x", x), inp("y", y), op("t", "add", "x", "y"),
                                op("z", "pow", "t", p=2)))
        assert_allclose(r.values["z"], (x + y) ** 2)
        assert_allclose(r.grads["t"], 2 * (x + y))  # dz/dt = 2t
        assert_allclose(r.grads["x"], 2 * (x + y))  # dz/dx = dz/dt * dt/dx = 2t * 1
        assert_allclose(r.grads["y"], 2 * (x + y))


def test_add_node_passes_upstream_unchanged_fig_5_9():
    r = engine.evaluate(doc(inp("x", 5), inp("y", 10), op("z", "add", "x", "y"), seed=1.3))
    assert_allclose(r.values["z"], 15.0)
    assert_allclose(r.grads["x"], 1.3)
    assert_allclose(r.grads["y"], 1.3)


def test_mul_node_swaps_inputs_fig_5_13():
    # as drawn in the figure: 10 on the upper edge (x), 5 on the lower (y), 1.3 from upstream
    r = engine.evaluate(doc(inp("x", 10), inp("y", 5), op("z", "mul", "x", "y"), seed=1.3))
    assert_allclose(r.values["z"], 50.0)
    assert_allclose(r.grads["z"], 1.3)
    assert_allclose([r.grads["x"], r.grads["y"]], [6.5, 13.0])  # 1.3 * 5 and 1.3 * 10
    swapped = engine.evaluate(doc(inp("x", 5), inp("y", 10), op("z", "mul", "x", "y"), seed=1.3))
    assert_allclose([swapped.grads["x"], swapped.grads["y"]], [13.0, 6.5])


def test_relu_passes_gradient_only_where_x_is_positive_including_zero():
    x = np.array([-2.0, -0.0, 0.0, 1e-300, 3.0])
    r = engine.evaluate(doc(inp("x", x), op("y", "relu", "x"), seed=[1.0, 2.0, 3.0, 4.0, 5.0]))
    assert_allclose(r.values["y"], [0, 0, 0, 1e-300, 3])
    assert_allclose(r.grads["x"], [0.0, 0.0, 0.0, 4.0, 5.0])


def test_relu_scalar_zero_gets_zero_gradient():
    r = engine.evaluate(doc(inp("x", 0.0), op("y", "relu", "x")))
    assert r.values["y"] == 0.0
    assert r.grads["x"] == 0.0


def sigmoid_from_primitives(x):
    """The book's sigmoid graph: x ×(-1), exp, +1, 1/x (Fig. 5-19)."""
    return doc(inp("x", x), const("minus1", -1), const("one", 1), const("one_", 1),
               op("neg_x", "mul", "x", "minus1"), op("e", "exp", "neg_x"),
               op("den", "add", "e", "one"), op("y", "div", "one_", "den"))


def test_sigmoid_from_primitives_equals_fused_sigmoid():
    for x in [-3.0, -0.5, 0.0, 0.7, 2.0, [[-1.0, 0.5], [2.5, -4.0]]]:
        slow = engine.evaluate(sigmoid_from_primitives(x))
        fused = engine.evaluate(doc(inp("x", x), op("y", "sigmoid", "x")))
        xa = np.asarray(x, dtype=float)
        y = 1 / (1 + np.exp(-xa))
        assert_allclose(fused.values["y"], y, rtol=1e-15)
        assert_allclose(slow.values["y"], fused.values["y"], rtol=1e-12, atol=1e-12)
        assert_allclose(fused.grads["x"], y * (1 - y), rtol=1e-12)
        assert_allclose(slow.grads["x"], fused.grads["x"], rtol=1e-12, atol=1e-12)


def test_sigmoid_backward_steps_match_the_slides():
    x = 0.7
    r = engine.evaluate(sigmoid_from_primitives(x))
    y = 1 / (1 + np.exp(-x))
    # STEP1: / node: dy/dx = -1/x^2 = -y^2
    assert_allclose(r.grads["den"], -(y**2), rtol=1e-14)
    # STEP2: + passes it on; STEP3: exp multiplies by exp(-x)
    assert_allclose(r.grads["e"], -(y**2), rtol=1e-14)
    assert_allclose(r.grads["neg_x"], -(y**2) * np.exp(-x), rtol=1e-14)
    # STEP4: × multiplies by -1
    assert_allclose(r.grads["x"], y**2 * np.exp(-x), rtol=1e-14)
    for c in ("minus1", "one", "one_"):
        assert r.grads[c] is None


def test_affine_single_sample_shapes_2_23_3():
    x = np.array([1.0, 2.0])
    w = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = np.array([0.1, 0.2, 0.3])
    dy = np.array([0.5, -1.0, 2.0])
    r = engine.evaluate(doc(inp("X", x), inp("W", w), inp("B", b), op("Y", "affine", "X", "W", "B"),
                            seed=dy.tolist()))
    assert_allclose(r.values["Y"], [9.1, 12.2, 15.3])
    assert_allclose(r.grads["X"], dy @ w.T)  # (2,) = (3,)·(3, 2)
    assert_allclose(r.grads["W"], np.outer(x, dy))  # (2, 3) = (2, 1)·(1, 3)
    assert_allclose(r.grads["B"], dy)
    assert r.grads["X"].shape == (2,) and r.grads["W"].shape == (2, 3)


def test_bias_gradient_sums_over_batch():
    xw = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    r = engine.evaluate(doc(inp("XW", xw), inp("B", [1, 2, 3]), op("Y", "add", "XW", "B"),
                            seed=[[1, 2, 3], [4, 5, 6]]))
    assert_allclose(r.values["Y"], [[1, 2, 3], [11, 12, 13]])
    assert_allclose(r.grads["B"], [5, 7, 9])
    assert_allclose(r.grads["XW"], [[1, 2, 3], [4, 5, 6]])


def test_batch_affine_gradients_dx_dw_db():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 2))
    w = rng.normal(size=(2, 3))
    b = np.array([1.0, 2.0, 3.0])
    dy = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    r = engine.evaluate(doc(inp("X", x), inp("W", w), inp("B", b), op("Y", "affine", "X", "W", "B"),
                            seed=dy.tolist()))
    assert_allclose(r.values["Y"], x @ w + b)
    assert_allclose(r.grads["X"], dy @ w.T)  # (N, 2) = (N, 3)·(3, 2)
    assert_allclose(r.grads["W"], x.T @ dy)  # (2, 3) = (2, N)·(N, 3)
    assert_allclose(r.grads["B"], [5.0, 7.0, 9.0])


SLIDE_X = np.log([0.3, 0.2, 0.5])


def test_softmax_with_loss_one_hot_slide_gradient():
    r = engine.evaluate(doc(inp("x", SLIDE_X), inp("t", [0, 1, 0]),
                            op("L", "softmax_with_loss", "x", "t")))
    assert_allclose(r.extras["L"]["y"], [0.3, 0.2, 0.5], rtol=1e-14)
    assert_allclose(r.grads["x"], [0.3, -0.8, 0.5], rtol=1e-13)  # 1-D x: N = 1
    assert_allclose(r.values["L"], -np.log(0.2 + 1e-7), rtol=1e-14)


def test_softmax_with_loss_confident_slide_gradient():
    # (0.01, 0.99, 0) cannot come from a finite x; 0.0001 in its place keeps the lesson
    y = np.array([0.01, 0.9899, 0.0001])
    r = engine.evaluate(doc(inp("x", np.log(y)), inp("t", [0, 1, 0]),
                            op("L", "softmax_with_loss", "x", "t")))
    assert_allclose(r.grads["x"], [0.01, -0.0101, 0.0001], rtol=1e-10)


def test_softmax_with_loss_labels_equal_one_hot():
    x = np.array([np.log([0.3, 0.2, 0.5]), [1.0, 2.0, -1.0], [0.0, 0.0, 5.0]])
    labels = [1, 0, 2]
    onehot = np.eye(3)[labels]
    a = engine.evaluate(doc(inp("x", x), inp("t", labels), op("L", "softmax_with_loss", "x", "t")))
    b = engine.evaluate(doc(inp("x", x), inp("t", onehot), op("L", "softmax_with_loss", "x", "t")))
    assert_allclose(a.values["L"], b.values["L"], rtol=1e-15)
    assert_allclose(a.grads["x"], b.grads["x"], rtol=1e-15)


def test_softmax_with_loss_batch_divides_by_n():
    x = np.array([SLIDE_X, SLIDE_X, [0.0, 1.0, 2.0], [3.0, -1.0, 0.5]])
    t = np.eye(3)[[1, 1, 2, 0]]
    r = engine.evaluate(doc(inp("x", x), inp("t", t), op("L", "softmax_with_loss", "x", "t")))
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert_allclose(r.grads["x"], (y - t) / 4, rtol=1e-12, atol=1e-15)
    assert_allclose(r.grads["x"][0], np.array([0.3, -0.8, 0.5]) / 4, rtol=1e-12)
    assert_allclose(r.values["L"], -np.sum(t * np.log(y + 1e-7)) / 4, rtol=1e-13)


class TwoLayerNet:
    """The book's two_layer_net.py, written out in numpy (independent of the engine)."""

    def __init__(self, w1, b1, w2, b2):
        self.w1, self.b1, self.w2, self.b2 = w1, b1, w2, b2

    def gradient(self, x, t):
        a1 = x @ self.w1 + self.b1
        z1 = np.maximum(a1, 0)
        a2 = z1 @ self.w2 + self.b2
        y = np.exp(a2 - a2.max(axis=1, keepdims=True))
        y /= y.sum(axis=1, keepdims=True)
        n = x.shape[0]
        loss = -np.sum(t * np.log(y + 1e-7)) / n
        da2 = (y - t) / n  # dout = 1
        dz1 = da2 @ self.w2.T
        da1 = dz1 * (a1 > 0)
        grads = {"W2": z1.T @ da2, "b2": da2.sum(axis=0), "W1": x.T @ da1, "b1": da1.sum(axis=0)}
        return loss, grads


def two_layer_doc(x, t, w1, b1, w2, b2):
    return doc(inp("x", x), inp("t", t), inp("W1", w1), inp("b1", b1), inp("W2", w2),
               inp("b2", b2), op("a1", "affine", "x", "W1", "b1"), op("z1", "relu", "a1"),
               op("a2", "affine", "z1", "W2", "b2"), op("loss", "softmax_with_loss", "a2", "t"))


def test_two_layer_net_backprop_matches_book_implementation_and_gradcheck():
    rng = np.random.default_rng(5)
    n, d, h, c = 4, 6, 5, 3
    x = rng.normal(size=(n, d))
    t = np.eye(c)[rng.integers(0, c, size=n)]
    w1, b1 = 0.5 * rng.normal(size=(d, h)), 0.1 * rng.normal(size=h)
    w2, b2 = 0.5 * rng.normal(size=(h, c)), 0.1 * rng.normal(size=c)
    document = two_layer_doc(x, t, w1, b1, w2, b2)
    r = engine.evaluate(document)
    assert np.min(np.abs(r.values["a1"])) > 1e-3  # no ReLU kink within h of any element
    loss, grads = TwoLayerNet(w1, b1, w2, b2).gradient(x, t)
    assert_allclose(r.values["loss"], loss, rtol=1e-13)
    for name, g in grads.items():
        assert_allclose(r.grads[name], g, rtol=1e-11, atol=1e-14, err_msg=name)
    check = engine.gradcheck(document)
    assert check.ok
    assert set(check.inputs) == {"x", "W1", "b1", "W2", "b2"}  # the teacher is left out
    for name in grads:
        c_ = check.inputs[name]
        assert c_.max_abs_diff < 1e-5, name
        assert_allclose(c_.backprop, grads[name], rtol=1e-11, atol=1e-14)
        assert_allclose(c_.numerical, grads[name], rtol=1e-4, atol=1e-6)


def test_two_layer_net_labels_teacher_matches_one_hot():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 4))
    labels = np.array([2, 0, 1])
    params = (rng.normal(size=(4, 5)), rng.normal(size=5), rng.normal(size=(5, 3)),
              rng.normal(size=3))
    a = engine.evaluate(two_layer_doc(x, labels, *params))
    b = engine.evaluate(two_layer_doc(x, np.eye(3)[labels], *params))
    for name in ("W1", "b1", "W2", "b2", "x"):
        assert_allclose(a.grads[name], b.grads[name], rtol=1e-15, err_msg=name)
