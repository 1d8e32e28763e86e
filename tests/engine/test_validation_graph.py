"""Validation of the graph as a whole: cycles, the output, shapes, labels, seeds, limits,
and several problems reported together before any arithmetic.
"""

from __future__ import annotations

import numpy as np
import pytest
from enginehelp import doc, inp, names_node, only_problem, op, problems

import compgraph as engine
from compgraph import Limits


def test_cycle_message_names_the_nodes_on_the_cycle():
    p = only_problem(doc(inp("x", 1), op("a", "add", "x", "b"), op("b", "exp", "c"),
                         op("c", "neg", "a"), op("after", "neg", "b")), "cycle")
    assert p.node in {"a", "b", "c"}
    path = p.msg[p.msg.index("(") + 1:p.msg.index(")")]
    hops = path.split(" -> ")
    assert set(hops) == {"a", "b", "c"}  # 'after' hangs off the cycle but is not on it
    assert hops[0] == hops[-1] and len(hops) == 4
    for a, b in zip(hops, hops[1:]):  # each hop is an edge of the graph, in flow direction
        assert (a, b) in {("a", "c"), ("c", "b"), ("b", "a")}


def test_self_loop_is_a_cycle():
    p = only_problem(doc(inp("x", 1), op("a", "add", "x", "a")), "cycle")
    names_node(p, "a")


def test_ambiguous_output_names_every_sink():
    p = only_problem(doc(inp("x", 1), op("a", "exp", "x"), op("b", "neg", "x"),
                         op("c", "neg", "a")), "ambiguous_output")
    names_node(p, "b")  # the first sink in document order
    assert "'b'" in p.msg and "'c'" in p.msg and "'a'" not in p.msg


def test_unused_input_makes_the_output_ambiguous_unless_given():
    d = doc(inp("x", 1), inp("unused", 2), op("a", "exp", "x"))
    only_problem(d, "ambiguous_output")
    assert engine.evaluate({**d, "output": "a"}).output == "a"


@pytest.mark.parametrize("output", ["nope", 5, ["a"]])
def test_unknown_output(output):
    p = only_problem({**doc(inp("x", 1), op("a", "exp", "x")), "output": output},
                     "unknown_output")
    assert repr(output) in p.msg


def test_shape_mismatch_affine_message_of_the_contract():
    p = only_problem(doc(inp("x", np.zeros((2, 3))), inp("W", np.zeros((4, 2))),
                         inp("b", np.zeros(2)), op("h1", "affine", "x", "W", "b")),
                     "shape_mismatch")
    assert p.msg == ("node 'h1': affine needs x.shape[-1] == W.shape[0], got x (2, 3) and"
                     " W (4, 2)")
    assert p.node == "h1"


@pytest.mark.parametrize("shapes,node,words", [
    (((2, 3), (3, 2)), op("z", "add", "a", "b"), ["(2, 3)", "(3, 2)"]),
    (((2, 3), (4,)), op("z", "mul", "a", "b"), ["(2, 3)", "(4)"]),
    (((2, 3), (4, 5)), op("z", "matmul", "a", "b"), ["(2, 3)", "(4, 5)"]),
    (((), (3,)), op("z", "matmul", "a", "b"), ["()", "(3)"]),
    (((2, 3), (3,)), op("z", "softmax_with_loss", "a", "b"), ["(2, 3)", "(3)"]),
    (((2, 2, 3), (2,)), op("z", "softmax_with_loss", "a", "b"), ["(2, 2, 3)"]),
    (((2, 3, 4), (5, 4, 2)), op("z", "matmul", "a", "b"), ["(2, 3, 4)", "(5, 4, 2)"]),
])
def test_shape_mismatch_names_node_and_both_shapes(shapes, node, words):
    sa, sb = shapes
    p = only_problem(doc(inp("a", np.zeros(sa)), inp("b", np.zeros(sb)), node), "shape_mismatch")
    names_node(p, "z")
    for w in words:
        assert w in p.msg, p.msg


def test_affine_bias_and_weight_shape_mismatches():
    base = [inp("x", np.zeros((2, 3))), inp("W", np.zeros((3, 4)))]
    p = only_problem(doc(*base, inp("b", np.zeros(3)), op("h", "affine", "x", "W", "b")),
                     "shape_mismatch")
    names_node(p, "h")
    assert "(3)" in p.msg and "(2, 4)" in p.msg
    p = only_problem(doc(inp("x", np.zeros(3)), inp("W", np.zeros(3)), inp("b", 0.0),
                         op("h", "affine", "x", "W", "b")), "shape_mismatch")
    names_node(p, "h")


@pytest.mark.parametrize("labels", [[0, 3], [0, -1], [0.5, 1], [0, "NaN"]])
def test_bad_class_labels_are_found_before_any_arithmetic(labels):
    p = only_problem(doc(inp("x", np.zeros((2, 3))), inp("t", labels),
                         op("L", "softmax_with_loss", "x", "t")), "bad_value")
    names_node(p, "L")
    with pytest.raises(engine.GraphError):
        engine.validate(doc(inp("x", np.zeros((2, 3))), inp("t", labels),
                         op("L", "softmax_with_loss", "x", "t")))


@pytest.mark.parametrize("seed", [[1, 2], "abc", True, [[1, 2], [3]], 10**400, [1, None]])
def test_bad_seed_names_the_output(seed):
    p = only_problem(doc(inp("x", 1.0), op("y", "exp", "x"), seed=seed), "bad_seed")
    names_node(p, "y")


def test_seed_of_the_output_shape_or_broadcastable_is_fine():
    r = engine.evaluate(doc(inp("x", [[1.0, 2.0]]), op("y", "neg", "x"), seed=[[3.0, 4.0]]))
    np.testing.assert_allclose(r.grads["x"], [[-3.0, -4.0]])
    r = engine.evaluate(doc(inp("x", [[1.0, 2.0]]), op("y", "neg", "x"), seed=[3.0, 4.0]))
    np.testing.assert_allclose(r.grads["x"], [[-3.0, -4.0]])


def test_too_many_nodes_with_limits():
    d = doc(inp("x", 1.0), op("a", "exp", "x"), op("b", "exp", "a"), op("c", "exp", "b"))
    p = only_problem(d, "too_many_nodes", limits=Limits(max_nodes=3))
    assert "4" in p.msg and "3" in p.msg
    assert engine.evaluate(d, limits=Limits(max_nodes=4)).values["c"] > 0


def test_array_too_large_names_the_biggest_node():
    d = doc(inp("small", [1.0, 2.0]), inp("big", np.ones((4, 5))), op("s", "sum", "big"),
            op("z", "mul", "s", "small"))
    p = only_problem(d, "array_too_large", limits=Limits(max_elements=20))
    names_node(p, "big")
    assert "(4, 5)" in p.msg
    assert engine.evaluate(d, limits=Limits(max_elements=25)).values["z"].shape == (2,)


def test_python_api_has_no_limits_unless_asked():
    n = engine.DEFAULT_LIMITS.max_nodes + 1
    nodes = [inp("n0", 0.5)] + [op(f"n{k}", "neg", f"n{k - 1}") for k in range(1, n)]
    r = engine.evaluate(doc(*nodes), trace=False)
    assert r.grads["n0"] == (-1.0) ** (n - 1)
    only_problem(doc(*nodes), "too_many_nodes", limits=engine.DEFAULT_LIMITS)


def test_several_problems_are_all_reported():
    found = problems(doc(inp("a", 1), {"id": "b", "op": "conv", "inputs": ["a"]},
                         {"id": "c", "op": "input"}, {"id": "bad id", "op": "input", "value": 1},
                         inp("a", 2), op("d", "add", "a"), inp("e", [[1], [2, 3]]),
                         {**op("f", "neg", "a"), "value": 1}))
    assert sorted((p.type, p.node) for p in found) == sorted([
        ("unknown_op", "b"), ("missing_value", "c"), ("bad_id", None),
        ("duplicate_id", "a"), ("wrong_arity", "d"), ("ragged_value", "e"),
        ("unexpected_value", "f")])
    for p in found:
        if p.node:
            assert f"'{p.node}'" in p.msg


def test_several_shape_mismatches_are_all_reported():
    found = problems(doc(inp("a", np.zeros(2)), inp("b", np.zeros(3)),
                         op("s", "add", "a", "b"), op("m", "mul", "b", "a"),
                         op("ok", "add", "a", "a"), output="ok"))
    assert [(p.type, p.node) for p in found] == [("shape_mismatch", "s"), ("shape_mismatch", "m")]


def test_a_failed_node_does_not_cascade_into_its_consumers():
    found = problems(doc(inp("a", 1), {"id": "b", "op": "conv", "inputs": ["a"]},
                         op("c", "neg", "b"), op("d", "add", "c", "b")))
    assert [(p.type, p.node) for p in found] == [("unknown_op", "b")]
    found = problems(doc(inp("a", np.zeros(2)), inp("b", np.zeros(3)),
                         op("s", "add", "a", "b"), op("t", "exp", "s")))
    assert [(p.type, p.node) for p in found] == [("shape_mismatch", "s")]


def test_graph_error_is_a_value_error_with_plain_problem_dicts():
    with pytest.raises(ValueError) as info:
        engine.evaluate(doc(inp("a", 1), op("s", "add", "a", "nope")))
    (p,) = info.value.problems
    assert p.as_dict() == {"type": "unknown_input", "loc": ["nodes", 1, "inputs", 1],
                           "msg": p.msg, "node": "s"}
    assert p.msg in str(info.value)


def test_validation_happens_before_any_arithmetic(monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("arithmetic ran before validation finished")

    for cls in engine.OPS.values():
        for name in ("forward", "backward", "f", "local", "sf", "slocal"):
            if getattr(cls, name, None) is not None:
                monkeypatch.setattr(cls, name, explode)
    bad = [
        doc(inp("x", np.ones((2, 3))), op("e", "exp", "x"), inp("W", np.ones((4, 2))),
            inp("b", np.ones(2)), op("h1", "affine", "e", "W", "b")),
        doc(inp("x", 1.0), op("e", "exp", "x"), inp("t", [0, 7]), inp("z", np.ones((2, 3))),
            op("L", "softmax_with_loss", "z", "t"), op("s", "add", "L", "e")),
        doc(inp("x", 1.0), op("e", "exp", "x"), op("y", "neg", "e"), seed=[1, 2]),
        doc(inp("x", 1.0), op("e", "exp", "x"), op("y", "sum", "e", axis=0)),
    ]
    for d in bad:
        with pytest.raises(engine.GraphError):
            engine.evaluate(d)


def test_problems_of_different_stages_are_reported_together():
    # a missing id, a cycle, an unknown op and an unrelated shape mismatch, all in one answer
    found = problems(doc(inp("a", np.zeros(2)), inp("b", np.zeros(3)),
                         op("s", "add", "a", "nope"), op("c1", "exp", "c2"),
                         op("c2", "neg", "c1"), {"id": "u", "op": "conv", "inputs": ["a"]},
                         op("m", "mul", "a", "b"), op("after", "neg", "u"), output="m"))
    assert sorted((p.type, p.node) for p in found) == [
        ("cycle", "c2"), ("shape_mismatch", "m"), ("unknown_input", "s"), ("unknown_op", "u")]


def test_output_naming_a_failed_node_is_not_reported_twice():
    found = problems({**doc(inp("a", 1), {"id": "u", "op": "conv", "inputs": ["a"]}),
                      "output": "u"})
    assert [(p.type, p.node) for p in found] == [("unknown_op", "u")]
    found = problems({**doc(inp("a", 1), {"id": "u", "op": "conv", "inputs": ["a"]}),
                      "output": "zzz"})
    assert sorted(p.type for p in found) == ["unknown_op", "unknown_output"]


def test_array_too_large_counts_what_broadcasting_would_build_before_building_it():
    d = doc(inp("col", np.ones((2000, 1))), inp("row", np.ones((1, 2000))),
            op("grid", "add", "col", "row"), op("z", "sum", "grid"))
    p = only_problem(d, "array_too_large", limits=Limits(max_elements=1_000_000))
    names_node(p, "grid")
    assert "(2000, 2000)" in p.msg
