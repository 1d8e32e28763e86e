"""Validation of what a document says node by node: ids, ops, inputs, values, attrs.

Every problem is checked for its type, the node it names, and a message that names the node.
"""

from __future__ import annotations

import numpy as np
import pytest
from enginehelp import const, doc, inp, names_node, only_problem, op, problems

import compgraph as engine


@pytest.mark.parametrize("bad", [[], "nodes", None, {}, {"nodes": []}, {"nodes": {"a": 1}},
                                 {"nodes": "a"}])
def test_bad_document(bad):
    p = problems(bad)
    assert "bad_document" in [x.type for x in p]


def test_bad_document_title_must_be_a_string():
    p = only_problem({"title": 5, "nodes": [inp("a", 1)]}, "bad_document")
    assert "title" in p.msg


def test_unknown_field_in_document_and_in_node():
    p = only_problem({"nodes": [inp("a", 1)], "nodez": []}, "unknown_field")
    assert "nodez" in p.msg
    p = only_problem(doc({**inp("a", 1), "colour": "red"}), "unknown_field")
    names_node(p, "a")
    assert "colour" in p.msg


@pytest.mark.parametrize("version", [2, "1", True, None, 0])
def test_bad_version(version):
    p = only_problem({"version": version, "nodes": [inp("a", 1)]}, "bad_version")
    assert repr(version) in p.msg


def test_node_that_is_not_an_object():
    p = only_problem(doc(inp("a", 1), 5), "bad_node")
    assert "nodes[1]" in p.msg


@pytest.mark.parametrize("bad_id", ["has space", 5, "", "x" * 65, "a\n", "é", None, "a/b",
                                    "²", "١", "a価格", "x" * 64 + "1"])
def test_bad_id_names_the_position(bad_id):
    p = only_problem(doc(inp("ok", 1), {"id": bad_id, "op": "input", "value": 1}), "bad_id")
    assert "nodes[1]" in p.msg
    assert p.loc == ("nodes", 1, "id")


def test_id_of_64_allowed_characters_is_fine():
    good = "A-z_0.9" + "x" * 57
    assert len(good) == 64
    assert engine.evaluate(doc(inp(good, 1))).values[good] == 1.0


def test_duplicate_id_names_both_positions():
    p = only_problem(doc(inp("a", 1), inp("b", 2), op("a", "add", "b", "b")), "duplicate_id")
    names_node(p, "a")
    assert "nodes[0]" in p.msg and "nodes[2]" in p.msg


@pytest.mark.parametrize("bad_op", ["conv", None, ["mul"], {"op": "mul"}, "Mul"])
def test_unknown_op(bad_op):
    p = only_problem(doc(inp("a", 1), {"id": "b", "op": bad_op, "inputs": ["a"]}), "unknown_op")
    names_node(p, "b")
    assert "mul" in p.msg  # the known ops are listed


@pytest.mark.parametrize("inputs", ["a", [1, 2], None, {"x": "a"}])
def test_bad_inputs(inputs):
    node = {"id": "s", "op": "add"}
    if inputs is not None:
        node["inputs"] = inputs
    p = only_problem(doc(inp("a", 1), node), "bad_inputs")
    names_node(p, "s")


def test_wrong_arity_of_op_and_of_leaf():
    p = only_problem(doc(inp("a", 1), op("s", "add", "a")), "wrong_arity")
    names_node(p, "s")
    assert "2" in p.msg and "got 1" in p.msg
    p = only_problem(doc(inp("a", 1), {**inp("b", 2), "inputs": ["a"]}), "wrong_arity")
    names_node(p, "b")


def test_unknown_input_names_node_and_missing_id():
    p = only_problem(doc(inp("a", 1), op("s", "add", "a", "nope")), "unknown_input")
    names_node(p, "s")
    assert "'nope'" in p.msg
    assert p.loc == ("nodes", 1, "inputs", 1)


@pytest.mark.parametrize("leaf", [{"id": "a", "op": "input"}, {"id": "a", "op": "const"},
                                  {"id": "a", "op": "input", "value": None}])
def test_missing_value(leaf):
    p = only_problem(doc(leaf, inp("b", 1), op("s", "add", "a", "b")), "missing_value")
    names_node(p, "a")


@pytest.mark.parametrize("value", [[[1, 2], [3]], [], [[1, 2], 3], [[[1], [2]], [[3], []]],
                                   [np.array([1.0, 2.0]), np.array([3.0])]])
def test_ragged_value(value):
    p = only_problem(doc(inp("a", value)), "ragged_value")
    names_node(p, "a")


@pytest.mark.parametrize("value", ["abc", True, False, [1, True], [[1.5, 2], [True, 3]],
                                   [1, None], [1, "x"], 10**400, [10**400, 1], {"v": 1},
                                   np.array([True, False]), np.array(["1"]), [1 + 2j],
                                   [np.array([True, False]), np.array([1, 2])]])
def test_non_numeric_value(value):
    p = only_problem(doc(inp("a", value)), "non_numeric_value")
    names_node(p, "a")


def test_non_finite_names_are_values_not_errors():
    r = engine.evaluate(doc(inp("a", ["NaN", "Infinity", "-Infinity", 1])))
    np.testing.assert_array_equal(r.values["a"], [np.nan, np.inf, -np.inf, 1.0])


def test_unexpected_value_on_an_op_node():
    p = only_problem(doc(inp("a", 1), {**op("n", "neg", "a"), "value": 3}), "unexpected_value")
    names_node(p, "n")


BAD_ATTRS = [op("y", "pow", "x"), op("y", "pow", "x", p="2"), op("y", "pow", "x", p=True),
             op("y", "pow", "x", p=None), op("y", "pow", "x", p=float("nan")),
             op("y", "pow", "x", p=10**400), op("y", "sum", "x", axis="0"),
             op("y", "sum", "x", axis=True), op("y", "sum", "x", keepdims="yes"),
             op("y", "add", "x", "x", q=1), {**op("y", "neg", "x"), "attrs": [1]}]


@pytest.mark.parametrize("node", BAD_ATTRS)
def test_bad_attr(node):
    p = only_problem(doc(inp("x", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), node), "bad_attr")
    names_node(p, "y")


@pytest.mark.parametrize("axis", [2, -3, [0, 0], [0, -2], [5]])
def test_sum_axis_out_of_range_or_repeated(axis):
    p = only_problem(doc(inp("x", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                         op("y", "sum", "x", axis=axis)), "bad_attr")
    names_node(p, "y")
    assert "axis" in p.msg


def test_leaf_with_attrs_is_bad_attr():
    p = only_problem(doc({**inp("x", 1), "attrs": {"p": 2}}), "bad_attr")
    names_node(p, "x")


def test_const_takes_the_same_value_rules_as_input():
    only_problem(doc(const("c", [[1], [2, 3]]), inp("x", 1.0), op("y", "mul", "x", "c")),
                 "ragged_value")
    only_problem(doc(const("c", "abc"), inp("x", 1.0), op("y", "mul", "x", "c")),
                 "non_numeric_value")


def test_label_and_meta_types():
    p = only_problem(doc({**inp("a", 1), "label": 5}), "bad_label")
    names_node(p, "a")
    p = only_problem(doc({**inp("a", 1), "meta": [1]}), "bad_node")
    names_node(p, "a")
    only_problem({**doc(inp("a", 1)), "meta": "x"}, "bad_document")
    only_problem({**doc(inp("a", 1)), "description": 5}, "bad_document")
    r = engine.evaluate(doc({**inp("a", 1), "label": "りんごの値段", "meta": {"x": 1}}))
    assert r.graph.nodes["a"].label == "りんごの値段"
