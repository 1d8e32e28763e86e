"""The cost model (docs in engine/cost.py): numbers derived by hand, each limit tripped with the
node that tips it, checked before any arithmetic; the Python API applies none unless asked."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from enginehelp import doc, inp, only_problem, op

import compgraph as engine
from compgraph import Limits
from compgraph.cost import EDGE_BYTES, NODE_BYTES, NUMBER_BYTES, STEP_BYTES, SUMMARY_BYTES

N, E, S = NUMBER_BYTES, EDGE_BYTES, STEP_BYTES

# x (2, 3) * y (3,) -> z (2, 3) -> s = sum(z) ()
SMALL = doc(inp("x", np.ones((2, 3))), inp("y", [1.0, 2.0, 3.0]), op("z", "mul", "x", "y"),
            op("s", "sum", "z"))

# By hand. Elements: value + gradient per node; with the trace, each edge's gradient (the size
# of the operand it goes to): z sends 6 to x and 3 to y; s sends z a broadcast view of its
# upstream 1 (Sum.backward_view), which creates no array.
ELEMENTS = {"x": 6 + 6, "y": 3 + 3, "z": 6 + 6 + 6 + 3, "s": 1 + 1}
ELEMENTS_NO_TRACE = {"x": 12, "y": 6, "z": 12, "s": 2}
# Answer bytes without the trace: the node entries (value and gradient numbers).
ANSWER_NO_TRACE = {"x": NODE_BYTES + 12 * N, "y": NODE_BYTES + 6 * N, "z": NODE_BYTES + 12 * N,
                   "s": NODE_BYTES + 2 * N}
# With the trace: z's forward step (operands 6 + 3, value 6); its backward step (upstream 6;
# edge to x: local counted at the largest size 6, grad 6, total 6; edge to y: 6, 3, 3);
# s: forward (operand 6, value 1), backward (upstream 1; edge to z: local 6, grad 6, total 6),
# and the seed step (1).
ANSWER = {
    "x": ANSWER_NO_TRACE["x"], "y": ANSWER_NO_TRACE["y"],
    "z": ANSWER_NO_TRACE["z"] + (S + 15 * N) + (S + 6 * N + E + 18 * N + E + 12 * N),
    "s": ANSWER_NO_TRACE["s"] + (S + 7 * N) + (S + N + E + 18 * N) + (S + N),
}
WORK = {"z": 6 + 6 + 3, "s": 1 + 6}  # elements read and written


def test_small_graph_costs_what_was_derived_by_hand():
    c = engine.cost(SMALL)
    assert c.ids == ["x", "y", "z", "s"]
    assert dict(zip(c.ids, c.elements)) == ELEMENTS
    assert c.elements_created == sum(ELEMENTS.values()) == 41
    assert dict(zip(c.ids, c.answer)) == ANSWER
    assert c.answer_bytes == sum(ANSWER.values())
    assert c.forward_work == sum(WORK.values()) == 22
    assert c.checked == [("x", 6), ("y", 3)]
    assert c.gradcheck_work == 2 * (6 + 3) * 22  # two forward passes per input element


def test_without_the_trace_edges_cost_nothing_extra():
    c = engine.cost(SMALL, trace=False)
    assert dict(zip(c.ids, c.elements)) == ELEMENTS_NO_TRACE
    assert dict(zip(c.ids, c.answer)) == ANSWER_NO_TRACE


def test_elided_trace_arrays_count_as_summaries():
    c = engine.cost(SMALL, elide_above=4)  # arrays of 6 are summaries, of 3 and 1 numbers
    z_fwd = S + SUMMARY_BYTES + 3 * N + SUMMARY_BYTES
    z_back = S + SUMMARY_BYTES + (E + 3 * SUMMARY_BYTES) + (E + SUMMARY_BYTES + 6 * N)
    assert c.answer[2] == ANSWER_NO_TRACE["z"] + z_fwd + z_back


def test_matmul_and_affine_work_is_m_k_n():
    d = doc(inp("A", np.ones((2, 3))), inp("B", np.ones((3, 4))), inp("b", np.ones(4)),
            op("Y", "matmul", "A", "B"), op("H", "affine", "A", "B", "b"), op("P", "mul", "Y", "H"),
            op("s", "sum", "P"))
    work = dict(zip(*(lambda c: (c.ids, c.work))(engine.cost(d))))
    assert work["Y"] == 2 * 3 * 4
    assert work["H"] == 2 * 3 * 4 + 2 * 4  # x.W, then + b
    assert work["P"] == 8 * 3


def test_softmax_with_loss_counts_its_y():
    d = doc(inp("x", np.ones((2, 3))), inp("t", [0, 2]), op("L", "softmax_with_loss", "x", "t"))
    c = engine.cost(d, trace=False)
    # L: value 1, y 6, gradient 1; t takes no gradient but gets zeros like any input
    assert dict(zip(c.ids, c.elements)) == {"x": 12, "t": 4, "L": 1 + 6 + 1}
    assert c.checked == [("x", 6)]  # the teacher is not checked


def test_elements_created_limit_names_the_node_that_tips_it():
    p = only_problem(SMALL, "limit", limits=Limits(max_elements_created=30))
    assert p.node == "z"  # running totals 12, 18, 39 > 30
    for part in ("'z'", "max_elements_created", "41", "30", "11 over"):
        assert part in p.msg, p.msg


def test_answer_bytes_limit_names_the_node_that_tips_it():
    total = sum(ANSWER.values())
    before_s = total - ANSWER["s"]
    p = only_problem(SMALL, "limit", limits=Limits(max_answer_bytes=before_s))
    assert p.node == "s"
    for part in (f"{total:,}", f"{ANSWER['s']:,} over", "max_answer_bytes"):
        assert part in p.msg, p.msg


def test_gradcheck_work_limit_names_the_input_that_tips_it():
    with pytest.raises(engine.GraphError) as info:
        engine.gradcheck(SMALL, limits=Limits(max_gradcheck_work=300))
    (p,) = info.value.problems
    assert p.type == "limit" and p.node == "y"  # x alone is 2*6*22 = 264, with y 396
    assert "396" in p.msg and "96 over" in p.msg and "max_gradcheck_work" in p.msg
    ok = engine.gradcheck(SMALL, limits=Limits(max_gradcheck_work=396))
    assert ok.ok and set(ok.inputs) == {"x", "y"}


def test_exactly_at_every_limit_evaluates():
    at = Limits(max_elements_created=47, max_answer_bytes=sum(ANSWER.values()))
    r = engine.evaluate(SMALL, limits=at)
    np.testing.assert_allclose(r.grads["x"], [[1.0, 2.0, 3.0]] * 2)
    np.testing.assert_allclose(r.grads["y"], [2.0, 2.0, 2.0])


def test_limits_are_checked_before_any_arithmetic(monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("arithmetic ran before the cost check")

    for cls in engine.OPS.values():
        for name in ("forward", "backward", "f", "local", "sf", "slocal"):
            if getattr(cls, name, None) is not None:
                monkeypatch.setattr(cls, name, explode)
    only_problem(SMALL, "limit", limits=Limits(max_elements_created=40))
    only_problem(SMALL, "limit", limits=Limits(max_answer_bytes=100))


def test_a_broadcast_that_creates_too_much_is_refused_with_its_size():
    # 2 kB of document, 4 million elements once broadcast and traced
    d = doc(inp("col", np.ones((2000, 1))), inp("row", np.ones((1, 1000))),
            op("grid", "mul", "col", "row"), op("s", "sum", "grid"))
    p = only_problem(d, "limit", limits=Limits(max_elements=3_000_000,
                                               max_elements_created=4_000_000))
    assert p.node == "grid" and "max_elements_created" in p.msg  # 4,009,000 created by grid
    p = only_problem(d, "limit", limits=Limits(max_elements=3_000_000))
    assert p.node == "grid" and "max_answer_bytes" in p.msg  # 2 million numbers, several times


def test_the_python_api_applies_no_cost_limit_unless_asked():
    tiny = Limits(max_elements_created=1, max_answer_bytes=1, max_gradcheck_work=1)
    assert engine.evaluate(SMALL).values["s"] == 12.0
    assert engine.gradcheck(SMALL).ok
    with pytest.raises(engine.GraphError):
        engine.evaluate(SMALL, limits=tiny)


def test_cost_of_a_graph_equals_cost_of_its_document_and_bad_documents_say_why():
    assert engine.cost(engine.validate(SMALL)) == engine.cost(SMALL)
    with pytest.raises(engine.GraphError) as info:
        engine.cost(doc(inp("x", 1.0), op("y", "conv", "x")))
    assert info.value.problems[0].type == "unknown_op"


@pytest.mark.parametrize("trace,elide", [(True, None), (True, 0), (False, None)])
def test_the_all_scalar_shortcut_adds_up_like_the_general_rule(trace, elide):
    module = importlib.import_module("compgraph.cost")  # the name is also a function
    nodes = [inp("a", 0.5), inp("b", 2.0), {"id": "c", "op": "const", "value": 3.0},
             op("m", "mul", "a", "b"), op("p", "pow", "m", p=2), op("d", "div", "p", "c"),
             op("e", "exp", "a"), op("s", "add", "d", "e")]
    graph = engine.validate(doc(*nodes))
    fast = engine.cost(graph, trace=trace, elide_above=elide)
    _, sends, _ = module.gradient_flow(graph)
    arr = (lambda n: SUMMARY_BYTES if elide is not None and n > elide else n * N)  # noqa: E731
    elements, answer, work = module._array_costs(graph, [1] * len(nodes), sends, trace, arr)
    if trace:
        answer[-1] += S + arr(1)  # the seed step on the output s
    assert (fast.elements, fast.answer, fast.work) == (elements, answer, work)
    assert work == [0, 0, 0, 3, 2, 3, 2, 3]


def test_a_large_softmax_y_counts_as_a_summary_when_elided():
    d = doc(inp("x", np.ones((40, 50))), inp("t", np.zeros(40)), op("L", "softmax_with_loss",
                                                                      "x", "t"))
    full, elided = engine.cost(d, trace=False), engine.cost(d, trace=False, elide_above=1000)
    assert full.answer[2] == NODE_BYTES + 2 * N + 2000 * N  # L's value, gradient and y
    assert elided.answer[2] == NODE_BYTES + 2 * N + SUMMARY_BYTES
