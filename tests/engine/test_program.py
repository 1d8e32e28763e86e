"""Compile once, run many times; nothing the caller passes in is ever mutated."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from enginehelp import canonical, const, doc, inp, op
from numpy.testing import assert_allclose, assert_array_equal

import compgraph as engine


def net(x, w, b, t):
    return doc(inp("x", x), inp("W", w), inp("b", b), inp("t", t), const("k", 0.5),
               op("h", "affine", "x", "W", "b"), op("r", "relu", "h"), op("s", "mul", "r", "k"),
               op("L", "softmax_with_loss", "s", "t"))


RNG = np.random.default_rng(3)
X, W, B = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 5)), RNG.normal(size=5)
T = np.array([0, 4, 2, 1])


def assert_same_evaluation(a, b):
    assert a.output == b.output
    for i in b.values:
        assert_array_equal(a.values[i], b.values[i])
        if b.grads[i] is None:
            assert a.grads[i] is None
        else:
            assert_array_equal(a.grads[i], b.grads[i])
    assert canonical(a.trace) == canonical(b.trace)


def test_run_with_replaced_leaf_values_equals_a_fresh_evaluate():
    program = engine.compile(net(X, W, B, T))
    for _ in range(3):
        x2, w2 = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 5))
        t2 = RNG.integers(0, 5, size=4)
        ran = program.run({"x": x2, "W": w2, "t": t2})
        assert_same_evaluation(ran, engine.evaluate(net(x2, w2, B, t2)))
    # and the compiled values are back when nothing is replaced
    assert_same_evaluation(program.run(), engine.evaluate(net(X, W, B, T)))


def test_const_values_can_be_replaced_too():
    program = engine.compile(doc(inp("x", 2.0), const("c", 3.0), op("y", "mul", "x", "c")))
    r = program.run({"c": 5.0})
    assert r.values["y"] == 10.0 and r.grads["x"] == 5.0 and r.grads["c"] is None


def test_run_accepts_nested_lists_and_numbers():
    program = engine.compile(doc(inp("x", [1.0, 2.0]), inp("y", 3.0), op("z", "mul", "x", "y")))
    r = program.run({"x": [4, 5], "y": 2})
    assert_allclose(r.values["z"], [8.0, 10.0])
    assert_allclose(r.grads["y"], 9.0)


def test_scalar_program_runs_like_fresh_evaluations():
    d = doc(inp("a", 0.3), inp("b", -1.2), op("m", "mul", "a", "b"), op("e", "exp", "m"),
            op("s", "sigmoid", "e"), op("z", "add", "s", "a"))
    program = engine.compile(d)
    for a, b in [(0.3, -1.2), (2.0, 0.5), (-1.0, 700.0)]:
        fresh = engine.evaluate(doc(inp("a", a), inp("b", b), *d["nodes"][2:]))
        assert_same_evaluation(program.run({"a": a, "b": b}), fresh)


@pytest.mark.parametrize("values,node", [({"x": np.zeros((3, 3))}, "x"), ({"b": 1.0}, "b"),
                                         ({"t": [0, 1]}, "t")])
def test_wrong_shapes_are_rejected(values, node):
    program = engine.compile(net(X, W, B, T))
    with pytest.raises(engine.GraphError) as info:
        program.run(values)
    (p,) = info.value.problems
    assert p.type == "shape_mismatch" and p.node == node and f"'{node}'" in p.msg


@pytest.mark.parametrize("name", ["h", "nope"])
def test_only_leaves_can_be_replaced(name):
    program = engine.compile(net(X, W, B, T))
    with pytest.raises(engine.GraphError) as info:
        program.run({name: np.zeros((4, 5))})
    assert info.value.problems[0].node == name


def test_forward_alone_gives_the_output_value():
    program = engine.compile(net(X, W, B, T))
    assert_array_equal(program.forward(), program.run().values["L"])
    x2 = X + 1
    assert_array_equal(program.forward({"x": x2}), engine.evaluate(net(x2, W, B, T)).values["L"])


def test_evaluate_and_gradcheck_never_mutate_the_callers_arrays():
    x, w, b, t = X.copy(), W.copy(), B.copy(), T.copy()
    d = net(x, w, b, t)
    snapshot = copy.deepcopy(d)
    engine.evaluate(d)
    engine.gradcheck(d)
    program = engine.compile(d)
    program.run({"x": x, "W": w})
    engine.numerical_gradient(program, "W")
    for a, a0 in [(x, X), (w, W), (b, B), (t, T)]:
        assert_array_equal(a, a0)
    for n, n0 in zip(d["nodes"], snapshot["nodes"]):
        assert n.keys() == n0.keys()
        if "value" in n:
            assert_array_equal(n["value"], n0["value"])


def test_compiled_graph_keeps_its_own_copy_of_numpy_values():
    x = np.array([1.0, 2.0])
    program = engine.compile(doc(inp("x", x), op("y", "exp", "x")))
    x[0] = 100.0  # the caller reuses its array
    assert_allclose(program.run().values["y"], np.exp([1.0, 2.0]))


def test_int_arrays_become_float64():
    r = engine.evaluate(doc(inp("x", np.array([1, 2], dtype=np.int32)), op("y", "div", "x", "x")))
    assert r.values["x"].dtype == np.float64
    assert_allclose(r.values["y"], [1.0, 1.0])


def test_compile_accepts_a_parsed_graph():
    graph = engine.validate(net(X, W, B, T))
    assert graph.order[:4] == ["x", "W", "b", "t"]
    assert_same_evaluation(engine.compile(graph).run(), engine.evaluate(net(X, W, B, T)))


def test_changing_returned_gradients_does_not_change_the_next_run():
    program = engine.compile(doc(inp("x", [1.0, 2.0]), op("y", "exp", "x")))
    first = program.run()
    first.grads["y"][0] = 100.0  # the output's gradient is the seed
    first.grads["x"][1] = -5.0
    assert_allclose(program.run().grads["x"], np.exp([1.0, 2.0]))
    assert_allclose(program.run().grads["y"], [1.0, 1.0])


@pytest.mark.parametrize("bad,type_", [
    ("abc", "non_numeric_value"), ([True, 2.0], "non_numeric_value"),
    ([1.0, None], "non_numeric_value"), ([[1.0], [2.0, 3.0]], "ragged_value"),
    (np.array([True, False]), "non_numeric_value")])
def test_replaced_values_follow_the_document_value_rules(bad, type_):
    program = engine.compile(doc(inp("x", [1.0, 2.0]), op("y", "exp", "x")))
    with pytest.raises(engine.GraphError) as info:
        program.run({"x": bad})
    (p,) = info.value.problems
    assert p.type == type_ and p.node == "x" and "'x'" in p.msg


def test_replaced_labels_out_of_range_are_reported():
    program = engine.compile(net(X, W, B, T))
    with pytest.raises(engine.GraphError) as info:
        program.run({"t": [0, 1, 2, 9]})
    (p,) = info.value.problems
    assert p.type == "bad_value" and p.node == "L"


@pytest.mark.parametrize("seed", ["abc", [1.0, 2.0, 3.0], True, [[1.0], [2.0, 3.0]]])
def test_bad_seed_given_to_run_is_a_graph_error(seed):
    program = engine.compile(doc(inp("x", [1.0, 2.0]), op("y", "exp", "x")))
    with pytest.raises(engine.GraphError) as info:
        program.run(seed=seed)
    (p,) = info.value.problems
    assert p.type == "bad_seed" and p.node == "y" and "'y'" in p.msg and "(2)" in p.msg
    assert_allclose(program.run(seed=[2.0, 3.0]).grads["x"], 2 * np.exp([1.0, 2.0]) *
                    [1.0, 1.5])


def test_fan_in_counts_the_gradients_each_node_receives_as_the_trace_shows():
    # x feeds a, b and c (3 gradients); t is a teacher (none); k is a const (none)
    d = doc(inp("x", [0.5, -1.0]), inp("t", [0.0, 1.0]), const("k", 2.0),
            op("a", "mul", "x", "k"), op("b", "exp", "x"), op("c", "neg", "x"),
            op("s", "add", "a", "b"), op("u", "add", "s", "c"),
            op("L", "softmax_with_loss", "u", "t"))
    program = engine.compile(d)
    fan_in = dict(zip(program.ids, program.fan_in))
    assert fan_in == {"x": 3, "t": 0, "k": 0, "a": 1, "b": 1, "c": 1, "s": 1, "u": 1, "L": 0}
    edges = [e for s in program.run().trace for e in getattr(s, "edges", ())]
    assert {e.to: e.of for e in edges} == {i: n for i, n in fan_in.items() if n}
