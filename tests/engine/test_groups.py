"""The document's `groups` (composite boxes): checked, naming the group and what is wrong; the
numbers are those of the member nodes either way."""

from __future__ import annotations

import numpy as np
import pytest
from enginehelp import const, doc, inp, op, problems
from numpy.testing import assert_allclose

import compgraph as engine

SOFTPLUS = doc(inp("x", [-1.0, 0.0, 2.0]), op("h.exp", "exp", "x"), const("h.one", 1.0),
               op("h.add", "add", "h.exp", "h.one"), op("h", "log", "h.add"), op("L", "sum", "h"),
               output="L")


def with_groups(groups):
    return {**SOFTPLUS, "groups": groups}


def test_a_user_group_changes_no_number():
    group = {"id": "h", "name": "softplus", "nodes": ["h.exp", "h.one", "h.add", "h"],
             "op": None, "collapsed": True}
    plain, grouped = engine.evaluate(SOFTPLUS), engine.evaluate(with_groups([group]))
    x = np.array([-1.0, 0.0, 2.0])
    assert_allclose(grouped.values["h"], np.log1p(np.exp(x)))
    assert_allclose(grouped.grads["x"], 1 / (1 + np.exp(-x)))  # softplus' = sigmoid
    assert_allclose(grouped.grads["x"], plain.grads["x"])


@pytest.mark.parametrize("group, words", [
    ({"id": "h", "name": "softplus", "nodes": ["h", "nope"]}, "member 'nope' is not a node"),
    ({"id": "h", "name": "", "nodes": ["h"]}, "'name' must be a non-empty string"),
    ({"id": "h", "name": "s", "nodes": []}, "'nodes' must be a non-empty list"),
    ({"id": "h", "name": "s", "nodes": ["h"], "op": "conv"}, "'op' must be null or an op"),
    ({"id": "h", "name": "s", "nodes": ["h"], "colour": 1}, "unknown field 'colour'"),
    ({"id": "h", "name": "s", "nodes": ["h", "h"]}, "lists a node twice"),
    ({"id": "h", "name": "s", "nodes": ["h"], "collapsed": "yes"}, "'collapsed' must be true"),
    ({"id": "a b", "name": "s", "nodes": ["h"]}, "'id' must be 1-64 letters"),
])
def test_a_bad_group_is_refused_naming_the_group(group, words):
    found = problems(with_groups([group]))
    assert [p.type for p in found] == ["bad_group"]
    assert words in found[0].msg
    assert found[0].loc == ("groups", 0)


def test_a_node_belongs_to_one_group_only():
    groups = [{"id": "g1", "name": "a", "nodes": ["h.exp", "h.add"]},
              {"id": "g2", "name": "b", "nodes": ["h.add", "h"]}]
    (p,) = problems(with_groups(groups))
    assert p.node == "g2" and "node 'h.add' is already in group 'g1'" in p.msg


def test_groups_must_be_a_list():
    (p,) = problems(with_groups({"id": "h"}))
    assert p.type == "bad_group" and "must be a list" in p.msg
