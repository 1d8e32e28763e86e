"""Every op of the catalog: forward against numpy, backward against central differences.

Each case draws operands away from kinks and singularities, seeds the output with a random
upstream gradient (so every output element is weighted differently) and checks that each
gradient has its value's shape.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from enginehelp import doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine

RNG = np.random.default_rng(0)  # replaced for every test case by `_case_rng`


@pytest.fixture(autouse=True)
def _case_rng(request):
    """A generator per test case, seeded by its id: adding a case changes no other's data."""
    global RNG
    RNG = np.random.default_rng(zlib.crc32(request.node.nodeid.encode()))


def normal(shape):
    return RNG.normal(size=shape)


def positive(shape):
    return RNG.uniform(0.5, 2.0, size=shape)


def away_from_zero(shape):
    return RNG.choice([-1.0, 1.0], size=shape) * RNG.uniform(0.2, 2.0, size=shape)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide}
UNARY = {"neg": (np.negative, normal), "exp": (np.exp, normal), "log": (np.log, positive),
         "tanh": (np.tanh, normal), "sigmoid": (sigmoid, normal),
         "relu": (lambda x: np.maximum(x, 0), away_from_zero)}
BROADCAST = [((), ()), ((3,), (3,)), ((), (2, 3)), ((2, 3), ()), ((3, 1), (1, 4)),
             ((4,), (2, 4)), ((2, 4), (4,)), ((2, 1, 3), (4, 1)), ((1,), (2, 3))]
SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 3)]


def check(document, expected_value=None, rtol=1e-5):
    """Run gradcheck (to `rtol`) and the shape law on a document; return the evaluation."""
    r = engine.evaluate(document)
    if expected_value is not None:
        assert_allclose(r.values[r.output], expected_value, rtol=1e-13, atol=1e-15)
    for node, g in r.grads.items():
        if g is not None:
            assert np.shape(g) == np.shape(r.values[node]), node
            assert np.asarray(g).dtype == np.float64, node
    gc = engine.gradcheck(document, h=1e-5, rtol=rtol, atol=1e-7)
    assert gc.ok, {i: (c.max_abs_diff, c.backprop, c.numerical) for i, c in gc.inputs.items()}
    assert gc.inputs, "nothing was checked"
    for i, c in gc.inputs.items():
        assert_allclose(c.backprop, r.grads[i], rtol=0, atol=0)
    return r


def seeded(*nodes, out_shape):
    return doc(*nodes, seed=RNG.uniform(0.5, 1.5, size=out_shape).tolist())


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("sx,sy", BROADCAST)
def test_binary_op_gradients_sum_back_to_operand_shapes(name, sx, sy):
    x = normal(sx)
    y = (RNG.choice([-1.0, 1.0], size=sy) * RNG.uniform(1.0, 2.0, size=sy)
         if name == "div" else normal(sy))
    z = BINARY[name](x, y)
    r = check(seeded(inp("x", x), inp("y", y), op("z", name, "x", "y"), out_shape=z.shape), z)
    assert np.shape(r.grads["x"]) == sx and np.shape(r.grads["y"]) == sy


@pytest.mark.parametrize("name", list(UNARY))
@pytest.mark.parametrize("shape", SHAPES)
def test_unary_op_gradient(name, shape):
    f, draw = UNARY[name]
    x = draw(shape)
    check(seeded(inp("x", x), op("y", name, "x"), out_shape=shape), f(x))


@pytest.mark.parametrize("p", [2, 3, 1, 0, -1, 0.5, -2.5, 1.7])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_pow_gradient_is_p_x_to_p_minus_1(p, shape):
    x = positive(shape)
    r = check(seeded(inp("x", x), op("y", "pow", "x", p=p), out_shape=shape), x**p)
    one = engine.evaluate(doc(inp("x", x), op("y", "pow", "x", p=p)))
    assert_allclose(one.grads["x"], p * x ** (p - 1), rtol=1e-13)
    assert r.grads["x"].shape == shape


@pytest.mark.parametrize("p", [2, 3])
def test_pow_integer_exponent_of_negative_base(p):
    x = -positive((4,))
    check(seeded(inp("x", x), op("y", "pow", "x", p=p), out_shape=(4,)), x**p)


MATMUL = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
          ((2, 3), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)), ((2, 1, 2, 3), (4, 3, 2)),
          ((3,), (2, 3, 4)), ((2, 2, 3), (3,))]


@pytest.mark.parametrize("sa,sb", MATMUL)
def test_matmul_gradients_1d_2d_and_batched(sa, sb):
    a, b = normal(sa), normal(sb)
    y = np.matmul(a, b)
    r = check(seeded(inp("A", a), inp("B", b), op("Y", "matmul", "A", "B"), out_shape=y.shape), y)
    assert np.shape(r.values["Y"]) == y.shape


def test_matmul_book_shapes_dl_da_is_dy_bt():
    a, b = normal((2, 3)), normal((3, 4))
    dy = normal((2, 4))
    r = engine.evaluate(doc(inp("A", a), inp("B", b), op("Y", "matmul", "A", "B"),
                            seed=dy.tolist()))
    assert_allclose(r.grads["A"], dy @ b.T, rtol=1e-14)
    assert_allclose(r.grads["B"], a.T @ dy, rtol=1e-14)


@pytest.mark.parametrize("shape", [(2, 3), (1, 4), (3, 1)])
def test_transpose_gradient_is_the_upstream_transposed(shape):
    x, dy = normal(shape), normal(shape[::-1])
    r = check(doc(inp("x", x), op("y", "transpose", "x"), seed=dy.tolist()), x.T)
    assert_allclose(r.grads["x"], dy.T, rtol=0)  # ∂L/∂X = (∂L/∂Y)ᵀ, exactly


SUMS = [((2, 3, 4), None, False), ((2, 3, 4), 0, False), ((2, 3, 4), -1, True),
        ((2, 3, 4), [0, 2], False), ((2, 3, 4), [2, 0], True), ((2, 3, 4), None, True),
        ((), None, False), ((5,), 0, False), ((5,), 0, True)]


@pytest.mark.parametrize("shape,axis,keepdims", SUMS)
def test_sum_copies_gradient_back_to_every_element(shape, axis, keepdims):
    x = normal(shape)
    ax = tuple(axis) if isinstance(axis, list) else axis
    y = np.sum(x, axis=ax, keepdims=keepdims)
    attrs = {"axis": axis, "keepdims": keepdims}
    d = seeded(inp("x", x), op("y", "sum", "x", **attrs), out_shape=y.shape)
    r = check(d, y)
    expected = np.broadcast_to(np.asarray(d["seed"]) if keepdims else
                               np.expand_dims(d["seed"], tuple(range(len(shape))) if ax is None
                                              else ax), shape)
    assert_allclose(r.grads["x"], expected, rtol=1e-15)


AFFINE = [((2,), (2, 3), (3,)), ((4, 2), (2, 3), (3,)), ((4, 2), (2, 3), (1, 3)),
          ((4, 2), (2, 3), ()), ((4, 2, 3), (6, 5), (5,)), ((3, 2, 2, 2), (8, 2), (2,))]


@pytest.mark.parametrize("sx,sw,sb", AFFINE)
def test_affine_gradients_and_flattening(sx, sw, sb):
    x, w, b = normal(sx), normal(sw), normal(sb)
    flat = x.reshape(x.shape[0], -1) if x.ndim > 1 else x
    y = flat @ w + b
    d = seeded(inp("x", x), inp("W", w), inp("b", b), op("Y", "affine", "x", "W", "b"),
               out_shape=y.shape)
    r = check(d, y)
    dy = np.asarray(d["seed"])
    assert r.grads["x"].shape == sx  # the gradient comes back in x's original shape
    assert_allclose(r.grads["x"], (dy @ w.T).reshape(sx), rtol=1e-13)
    assert_allclose(r.grads["W"], np.outer(flat, dy) if x.ndim == 1 else flat.T @ dy,
                    rtol=1e-13)


def test_affine_bias_of_shape_1_3_sums_over_batch_keeping_its_shape():
    dy = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    r = engine.evaluate(doc(inp("x", np.ones((2, 2))), inp("W", np.ones((2, 3))),
                            inp("b", [[1.0, 2.0, 3.0]]), op("Y", "affine", "x", "W", "b"),
                            seed=dy.tolist()))
    assert_allclose(r.grads["b"], [[5.0, 7.0, 9.0]])


@pytest.mark.parametrize("shape,labels", [((3,), False), ((3,), True), ((4, 3), False),
                                          ((4, 3), True), ((1, 5), True)])
def test_softmax_with_loss_gradient(shape, labels):
    x = normal(shape)
    n = shape[0] if len(shape) == 2 else 1
    lab = RNG.integers(0, shape[-1], size=shape[:-1])
    t = lab if labels else np.eye(shape[-1])[lab]
    d = doc(inp("x", x), inp("t", t), op("L", "softmax_with_loss", "x", "t"))
    y = np.exp(x - x.max(axis=-1, keepdims=True))
    y /= y.sum(axis=-1, keepdims=True)
    onehot = np.eye(shape[-1])[lab]
    # the loss is -log(y + 1e-7), its backprop (y - t) / n: they differ by about 1e-7 / y of
    # the true class, relatively
    r = check(d, rtol=1e-5 + 2e-7 / np.min(np.sum(onehot * y, axis=-1)))
    assert_allclose(r.values["L"], -np.sum(onehot * np.log(y + 1e-7)) / n, rtol=1e-13)
    assert_allclose(r.grads["x"], (y - onehot) / n, rtol=1e-12, atol=1e-15)
    assert_allclose(r.extras["L"]["y"], y, rtol=1e-13)
    assert np.all(r.grads["t"] == 0)  # the teacher gets no gradient


def test_softmax_with_loss_honours_a_non_one_seed():
    x = np.log([[0.3, 0.2, 0.5], [0.1, 0.6, 0.3]])
    t = [[0, 1, 0], [1, 0, 0]]
    r = engine.evaluate(doc(inp("x", x), inp("t", t), op("L", "softmax_with_loss", "x", "t"),
                            seed=2.5))
    assert_allclose(r.grads["x"], 2.5 * (np.exp(x) - np.asarray(t)) / 2, rtol=1e-13)
    assert_allclose(r.grads["x"][0], 2.5 * np.array([0.3, -0.8, 0.5]) / 2, rtol=1e-13)
    check(doc(inp("x", x), inp("t", t), op("L", "softmax_with_loss", "x", "t"), seed=2.5))


def test_softmax_with_loss_feeding_another_op_gets_the_upstream_gradient():
    x = np.log([0.3, 0.2, 0.5])
    r = engine.evaluate(doc(inp("x", x), inp("t", [0, 1, 0]), inp("k", 3.0),
                            op("L", "softmax_with_loss", "x", "t"), op("J", "mul", "L", "k")))
    assert_allclose(r.grads["L"], 3.0)
    assert_allclose(r.grads["x"], [0.9, -2.4, 1.5], rtol=1e-13)


def test_every_catalog_op_is_covered_here():
    covered = set(BINARY) | set(UNARY) | {"pow", "matmul", "transpose", "sum", "affine",
                                               "softmax_with_loss"}
    assert covered == set(engine.OPS)


def test_pow_zero_has_zero_gradient_even_at_zero():
    for x in (0.0, [0.0, -2.0, 3.0]):
        r = engine.evaluate(doc(inp("x", x), op("y", "pow", "x", p=0)))
        assert_allclose(r.values["y"], np.ones(np.shape(x)))
        assert_allclose(r.grads["x"], np.zeros(np.shape(x)))


CONST_CASES = [
    ("affine", [("x", (4, 3), True), ("W", (3, 2), False), ("b", (2,), False)]),
    ("affine", [("x", (4, 3), False), ("W", (3, 2), True), ("b", (2,), False)]),
    ("affine", [("x", (4, 3), False), ("W", (3, 2), False), ("b", (2,), True)]),
    ("matmul", [("A", (2, 3), True), ("B", (3, 4), False)]),
    ("matmul", [("A", (5, 2, 3), False), ("B", (3, 4), True)]),
    ("mul", [("x", (2, 3), True), ("y", (3,), False)]),
    ("div", [("x", (2, 3), False), ("y", (2, 1), True)]),
]


@pytest.mark.parametrize("name,operands", CONST_CASES)
def test_gradients_with_constant_operands(name, operands):
    # training feeds the data as const: the variables' gradients must not depend on that
    nodes, as_inputs = [], []
    for id_, shape, variable in operands:
        value = positive(shape) if name == "div" else normal(shape)
        nodes.append(inp(id_, value) if variable else
                     {"id": id_, "op": "const", "value": value})
        as_inputs.append(inp(id_, value))
    out = op("out", name, *[o[0] for o in operands])
    with_consts = engine.evaluate(doc(*nodes, out))
    all_inputs = engine.evaluate(doc(*as_inputs, out))
    for id_, _, variable in operands:
        if variable:
            assert_allclose(with_consts.grads[id_], all_inputs.grads[id_], rtol=1e-15)
        else:
            assert with_consts.grads[id_] is None
    assert engine.gradcheck(doc(*nodes, out), h=1e-5).ok
