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


SOFTPLUS_GROUP = {"id": "h", "name": "softplus", "nodes": ["h.exp", "h.one", "h.add", "h"]}


def test_a_group_nests_inside_a_bigger_one_and_changes_no_number():
    layer = {"id": "layer", "name": "layer", "nodes": ["h.exp", "h.one", "h.add", "h", "L"],
             "collapsed": True}
    result = engine.evaluate(with_groups([SOFTPLUS_GROUP, layer]))
    x = np.array([-1.0, 0.0, 2.0])
    assert_allclose(result.values["L"], np.log1p(np.exp(x)).sum())
    assert_allclose(result.grads["x"], 1 / (1 + np.exp(-x)))
    # the inner group may also come second
    assert engine.evaluate(with_groups([layer, SOFTPLUS_GROUP])).values["L"] == result.values["L"]


def test_a_group_that_takes_part_of_another_is_refused_naming_both():
    part = {"id": "g2", "name": "b", "nodes": ["h.add", "h", "L"]}
    (p,) = problems(with_groups([SOFTPLUS_GROUP, part]))
    assert p.node == "g2" and p.loc == ("groups", 1)
    assert "node 'h' is also in group 'h', but node 'h.exp' is in only one" in p.msg


def test_two_groups_with_the_same_nodes_are_refused():
    twin = {**SOFTPLUS_GROUP, "id": "twin"}
    (p,) = problems(with_groups([SOFTPLUS_GROUP, twin]))
    assert p.node == "twin" and "same nodes as group 'h'" in p.msg


def test_a_user_group_may_name_exactly_an_opened_layer():
    layer = {**SOFTPLUS_GROUP, "op": "affine"}
    assert engine.evaluate(with_groups([layer, {**SOFTPLUS_GROUP, "id": "mine"}])).values["L"] > 0


def test_a_group_with_two_outputs_is_refused_naming_them():
    # exp(x) and the constant 1 are both read by h.add, outside the group: two outputs
    (p,) = problems(with_groups([{"id": "e", "name": "two", "nodes": ["h.exp", "h.one"]}]))
    assert p.node == "e"
    assert "nodes 'h.exp' and 'h.one' are both read outside the group" in p.msg


def test_a_group_without_a_path_between_its_nodes_has_two_outputs():
    # h.exp and h are not connected inside {h.exp, h}: h.exp is read by h.add, outside
    (p,) = problems(with_groups([{"id": "h", "name": "gap", "nodes": ["h.exp", "h"]}]))
    assert "'h.exp' and 'h' are both read outside" in p.msg


def test_the_documents_output_counts_as_read_from_outside():
    """With `output` set to h.add, h.add is an output of any group holding it: {h.add, h} has two
    (h.add, the document's output, and h, read by L), though h reads h.add inside the group."""
    at_add = {**SOFTPLUS, "output": "h.add"}
    (p,) = problems({**at_add, "groups": [{"id": "g", "name": "g", "nodes": ["h.add", "h"]}]})
    assert p.node == "g" and "nodes 'h.add' and 'h' are both read outside the group" in p.msg
    # the same nodes are one group when the output is L; and {h.exp, h.one, h.add} is one at h.add
    engine.evaluate(with_groups([{"id": "g", "name": "g", "nodes": ["h.add", "h"]}]))
    result = engine.evaluate({**at_add, "groups": [
        {"id": "g", "name": "g", "nodes": ["h.exp", "h.one", "h.add"]}]})
    assert_allclose(result.grads["x"], np.exp([-1.0, 0.0, 2.0]))  # d(e^x + 1)/dx


def test_an_input_cannot_be_a_member():
    (p,) = problems(with_groups([{"id": "h", "name": "s", "nodes": ["x", "h.exp"]}]))
    assert p.node == "h" and "node 'x' is an input" in p.msg


def test_groups_must_be_a_list():
    (p,) = problems(with_groups({"id": "h"}))
    assert p.type == "bad_group" and "must be a list" in p.msg


def test_the_nested_example_of_the_docs_evaluates():
    """docs/groups.md's nested example (softplus inside `layer`) is valid: z = 3 softplus(x)."""
    import json
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "groups.md").read_text()
    block = re.search(r"\*\*Nesting\.\*\*.*?```json\n(.*?)```", text, re.S).group(1)
    document = json.loads("{" + block + ', "version": 1}')
    result = engine.evaluate(document)
    x = -0.4
    assert result.values["z"] == pytest.approx(3 * np.log1p(np.exp(x)), rel=1e-12)
    assert result.grads["x"] == pytest.approx(3 / (1 + np.exp(-x)), rel=1e-12)


def test_any_two_groups_evaluate_or_are_refused_cleanly():
    """Every pair of groups over the graph's nodes: the same numbers, or bad_group problems that
    name a group (never another exception, which the API would answer with a 500)."""
    from itertools import combinations

    ids = [n["id"] for n in SOFTPLUS["nodes"]][1:]  # not x: an input is never a member
    subsets = [list(c) for k in (1, 2, 3, 5) for c in combinations(ids, k)]
    x = np.array([-1.0, 0.0, 2.0])
    seen = {"ok": 0, "refused": 0}
    for a in subsets:
        for b in subsets:
            groups = [{"id": "a", "name": "a", "nodes": a}, {"id": "b", "name": "b", "nodes": b}]
            try:
                result = engine.evaluate(with_groups(groups))
            except engine.GraphError as err:
                assert {p.type for p in err.problems} == {"bad_group"}
                assert all(p.node in ("a", "b") for p in err.problems)
                seen["refused"] += 1
                continue
            assert_allclose(result.grads["x"], 1 / (1 + np.exp(-x)))
            seen["ok"] += 1
    assert seen["ok"] > 10 and seen["refused"] > 100, seen


@pytest.mark.parametrize("output", ["L", "h.add", None])
def test_the_front_end_accepts_exactly_the_groups_the_engine_accepts(output):
    """static/js/groups.js checkGroup (what Make group allows) against this validator, on every
    set of the graph's nodes and inside an existing group (nesting), with the document's output
    at the sink, at an inner node (it counts as read from outside) and not given."""
    import json
    import shutil
    import subprocess
    from itertools import combinations
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make test installs it)")
    module = (Path(__file__).resolve().parents[2] / "static" / "js" / "groups.js").as_uri()
    graph = {k: v for k, v in SOFTPLUS.items() if k != "output"}
    if output:
        graph["output"] = output
    ids = [n["id"] for n in graph["nodes"]]
    sets = [list(c) for k in range(1, len(ids) + 1) for c in combinations(ids, k)]
    inside = ["h.one", "h.add"] if output == "h.add" else ["h.add", "h"]  # a valid group either way
    inner = {"id": "in", "name": "in", "nodes": inside, "op": None}
    layer = {**inner, "op": "affine"}  # a user group may be an opened layer's twin
    cases = [([], s) for s in sets] + [([g], s) for g in (inner, layer) for s in sets]
    script = (f"import({json.dumps(module)}).then(m => console.log(JSON.stringify("
              "JSON.parse(process.argv[1]).map(([g, s]) => m.checkGroup({...JSON.parse("
              "process.argv[2]), groups: g}, s).ok))))")
    out = subprocess.run([node, "-e", script, json.dumps(cases), json.dumps(graph)],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    front = json.loads(out)

    def engine_ok(groups, members):
        try:
            group = {"id": "g", "name": "g", "nodes": members}
            engine.evaluate({**graph, "groups": [*groups, group]})
        except engine.GraphError:
            return False
        return True

    back = [engine_ok(g, s) for g, s in cases]
    assert front == back
    assert 10 < sum(back) < len(back) - 10
