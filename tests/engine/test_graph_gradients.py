"""How gradients flow through a whole graph: fan-out, constants, unused inputs, the output."""

from __future__ import annotations

import numpy as np
from enginehelp import central_diff, const, doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine


def test_fan_out_sums_the_gradients_of_three_consumers():
    # z = x*y + x + exp(x): dz/dx = y + 1 + exp(x)
    x, y = 0.7, -1.3
    r = engine.evaluate(doc(inp("x", x), inp("y", y), op("a", "mul", "x", "y"),
                            op("b", "add", "a", "x"), op("c", "exp", "x"),
                            op("z", "add", "b", "c")))
    assert_allclose(r.values["z"], x * y + x + np.exp(x))
    assert_allclose(r.grads["x"], y + 1 + np.exp(x), rtol=1e-14)
    assert_allclose(r.grads["y"], x)


def test_fan_out_on_arrays_with_broadcasting():
    x = np.array([[0.5, -1.0, 2.0]])  # (1, 3), used as (1, 3) and broadcast against (2, 1)
    y = np.array([[1.5], [-0.5]])

    def f(xv):
        return np.sum(xv * y + xv**2)

    r = engine.evaluate(doc(inp("x", x), inp("y", y), op("a", "mul", "x", "y"),
                            op("b", "pow", "x", p=2), op("c", "add", "a", "b"),
                            op("z", "sum", "c")))
    assert_allclose(r.grads["x"], central_diff(f, x), rtol=1e-8)
    assert r.grads["x"].shape == (1, 3)


def test_same_operand_twice_in_one_op_counts_twice():
    r = engine.evaluate(doc(inp("x", 3.0), op("y", "mul", "x", "x")))
    assert_allclose(r.values["y"], 9.0)
    assert_allclose(r.grads["x"], 6.0)


def test_const_gets_no_gradient_but_input_with_same_value_does():
    r = engine.evaluate(doc(const("c", 2.0), inp("i", 2.0), inp("x", 5.0),
                            op("a", "mul", "x", "c"), op("z", "mul", "a", "i")))
    assert r.grads["c"] is None
    assert_allclose(r.grads["i"], 10.0)
    assert_allclose(r.grads["x"], 4.0)
    assert_allclose(r.values["c"], 2.0)


def test_input_not_upstream_of_output_gets_zeros_of_its_shape():
    r = engine.evaluate(doc(inp("x", 2.0), inp("unused", [[1.0, 2.0, 3.0]]),
                            op("side", "exp", "unused"), op("z", "neg", "x"), output="z"))
    assert_allclose(r.grads["x"], -1.0)
    assert r.grads["unused"].shape == (1, 3)
    assert_allclose(r.grads["unused"], np.zeros((1, 3)))
    assert_allclose(r.grads["side"], np.zeros((1, 3)))
    assert_allclose(r.values["side"], np.exp([[1.0, 2.0, 3.0]]))  # still computed


def test_explicit_output_that_is_not_a_sink():
    r = engine.evaluate(doc(inp("x", 3.0), inp("y", 4.0), op("a", "mul", "x", "y"),
                            op("b", "exp", "a"), output="a", seed=2.0))
    assert r.output == "a"
    assert_allclose(r.grads["a"], 2.0)
    assert_allclose(r.grads["x"], 8.0)
    assert_allclose(r.grads["y"], 6.0)
    assert_allclose(r.grads["b"], 0.0)  # downstream of the output: nothing flows
    assert_allclose(r.values["b"], np.exp(12.0))


def test_output_may_be_an_input_leaf():
    r = engine.evaluate(doc(inp("x", [1.0, 2.0]), op("y", "exp", "x"), output="x"))
    assert_allclose(r.grads["x"], [1.0, 1.0])
    assert_allclose(r.grads["y"], [0.0, 0.0])


def test_seed_broadcasts_a_number_over_an_array_output():
    r = engine.evaluate(doc(inp("x", [[1.0, 2.0], [3.0, 4.0]]), op("y", "mul", "x", "x"),
                            seed=0.5))
    assert_allclose(r.grads["y"], np.full((2, 2), 0.5))
    assert_allclose(r.grads["x"], [[1.0, 2.0], [3.0, 4.0]])


def test_seed_given_to_run_overrides_the_document_seed():
    program = engine.compile(doc(inp("x", 5.0), inp("y", 10.0), op("z", "mul", "x", "y"),
                                 seed=1.0))
    r = program.run(seed=1.3)
    assert_allclose([r.grads["x"], r.grads["y"]], [13.0, 6.5])
    assert_allclose(program.run().grads["x"], 10.0)


def test_teacher_computed_by_an_op_gets_no_gradient_through_the_loss():
    # t = relu(t0) feeds only the teacher operand: nothing flows back to t0
    r = engine.evaluate(doc(inp("x", [1.0, 2.0, 3.0]), inp("t0", [0.0, 1.0, 0.0]),
                            op("t", "relu", "t0"), op("L", "softmax_with_loss", "x", "t")))
    assert_allclose(r.grads["t"], np.zeros(3))
    assert_allclose(r.grads["t0"], np.zeros(3))
    check = engine.gradcheck(doc(inp("x", [1.0, 2.0, 3.0]), inp("t0", [0.0, 1.0, 0.0]),
                                 op("t", "relu", "t0"), op("L", "softmax_with_loss", "x", "t")))
    assert set(check.inputs) == {"x"}  # only inputs that receive a gradient are checked
    assert check.ok


def test_scalar_results_feed_array_ops():
    # b = exp(c) is computed on the scalar fast path and then used as an affine bias
    rng = np.random.default_rng(2)
    x, w, c = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), 0.3
    d = doc(inp("x", x), inp("W", w), inp("c", c), op("b", "exp", "c"),
            op("h", "affine", "x", "W", "b"), op("s", "sum", "h"), op("z", "mul", "s", "c"))
    r = engine.evaluate(d)
    s = np.sum(x @ w + np.exp(c))
    assert_allclose(r.values["z"], s * c, rtol=1e-13)
    assert_allclose(r.grads["c"], s + c * 8 * np.exp(c), rtol=1e-13)  # 8 = elements of h
    assert_allclose(r.grads["W"], c * x.T @ np.ones((2, 4)), rtol=1e-13)
    assert engine.gradcheck(d).ok


def test_no_two_nodes_share_a_gradient_array():
    # changing one gradient in place (clipping, a learning-rate step) must not change another
    one = doc(inp("x", [1.0, 2.0]), inp("W", np.ones((2, 3))), inp("b", np.zeros(3)),
              op("h", "affine", "x", "W", "b"), op("r", "relu", "h"), op("z", "sum", "r"))
    full_b = doc(inp("x", np.ones((2, 2))), inp("W", np.ones((2, 3))), inp("b", np.zeros((2, 3))),
                 op("h", "affine", "x", "W", "b"))
    fan = doc(inp("x", [1.0, 2.0]), inp("y", [3.0, 4.0]), op("a", "add", "x", "y"),
              op("m", "mul", "a", "x"), op("s", "sum", "m"))
    for d in (one, full_b, fan):
        r = engine.evaluate(d)
        arrays = [(k, g) for k, g in r.grads.items() if isinstance(g, np.ndarray) and g.ndim]
        for i, (a, ga) in enumerate(arrays):
            for b, gb in arrays[i + 1:]:
                assert not np.shares_memory(ga, gb), (a, b)
