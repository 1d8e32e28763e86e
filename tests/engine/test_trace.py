"""The step trace: recorded by the evaluation itself, in order, deterministic (docs/trace.md)."""

from __future__ import annotations

import numpy as np
from enginehelp import assert_trace_agrees_with_evaluation, canonical, const, doc, inp, op
from numpy.testing import assert_allclose, assert_array_equal

import compgraph as engine
from compgraph import BackwardStep, ForwardStep, SeedStep

FAN_OUT = doc(inp("x", [0.5, -1.0]), inp("y", [2.0, 3.0]), const("c", 3.0),
              op("a", "mul", "x", "y"), op("b", "exp", "x"), op("d", "mul", "x", "c"),
              op("s1", "add", "a", "b"), op("s2", "add", "s1", "d"), op("z", "sum", "s2"))

NET = doc(inp("x", [[1.0, -2.0], [0.5, 0.3]]), inp("W", [[0.2, -0.4, 1.0], [0.7, 0.1, -0.3]]),
          inp("b", [0.1, 0.2, -0.1]), inp("t", [2, 0]), op("h", "affine", "x", "W", "b"),
          op("r", "relu", "h"), op("L", "softmax_with_loss", "r", "t"))

APPLE = doc(inp("apple", 100), inp("apple_num", 2), inp("tax", 1.1),
            op("apple_price", "mul", "apple", "apple_num"),
            op("price", "mul", "apple_price", "tax"))


def phases(trace):
    return [type(s).__name__ for s in trace]


def test_forward_steps_precede_the_seed_step_precede_backward_steps():
    for d in (FAN_OUT, NET, APPLE):
        r = engine.evaluate(d)
        kinds = phases(r.trace)
        n_ops = sum(1 for n in r.graph.nodes.values() if not n.leaf)
        assert kinds == ["ForwardStep"] * n_ops + ["SeedStep"] + \
            ["BackwardStep"] * (len(kinds) - n_ops - 1)
        assert [s.index for s in r.trace] == list(range(len(r.trace)))
        assert [s.phase for s in r.trace][:n_ops] == ["forward"] * n_ops
        assert all(s.phase == "backward" for s in r.trace[n_ops:])
        assert r.trace[n_ops].op == "seed" and r.trace[n_ops].node == r.output


def test_forward_steps_follow_topological_order_and_backward_the_reverse():
    r = engine.evaluate(FAN_OUT)
    ops = [i for i in r.graph.order if not r.graph.nodes[i].leaf]
    fwd = [s.node for s in r.trace if isinstance(s, ForwardStep)]
    bwd = [s.node for s in r.trace if isinstance(s, BackwardStep)]
    assert fwd == ops == ["a", "b", "d", "s1", "s2", "z"]
    assert bwd == list(reversed(ops))


def test_apple_trace_matches_the_documented_example():
    r = engine.evaluate(APPLE)
    f0 = r.trace[0]
    assert (f0.node, f0.op, f0.inputs) == ("apple_price", "mul", ("apple", "apple_num"))
    assert_allclose(f0.operands, [100.0, 2.0])
    assert_allclose(f0.value, 200.0)
    seed = r.trace[2]
    assert isinstance(seed, SeedStep) and seed.node == "price"
    assert_allclose(seed.grad, 1.0)
    step = r.trace[4]
    assert (step.node, step.op) == ("apple_price", "mul")
    assert_allclose(step.upstream, 1.1)
    apple, num = step.edges
    assert (apple.to, apple.operand, apple.count, apple.of) == ("apple", "x", 1, 1)
    assert_allclose([apple.local, apple.grad, apple.total], [2.0, 2.2, 2.2])
    assert (num.to, num.operand) == ("apple_num", "y")
    assert_allclose([num.local, num.grad, num.total], [100.0, 110.0, 110.0])


def test_trace_final_gradients_equal_evaluation_gradients():
    for d in (FAN_OUT, NET, APPLE):
        assert_trace_agrees_with_evaluation(engine.evaluate(d))


def test_every_gradient_receiver_reaches_count_equal_to_of():
    for d in (FAN_OUT, NET, APPLE):
        r = engine.evaluate(d)
        final = {e.to for s in r.trace if isinstance(s, BackwardStep) for e in s.edges
                 if e.count == e.of}
        received = {e.to for s in r.trace if isinstance(s, BackwardStep) for e in s.edges}
        assert final == received


def test_fan_out_totals_accumulate_and_earlier_totals_keep_their_value():
    r = engine.evaluate(FAN_OUT)
    to_x = [e for s in r.trace if isinstance(s, BackwardStep) for e in s.edges if e.to == "x"]
    assert [(e.count, e.of) for e in to_x] == [(1, 3), (2, 3), (3, 3)]
    running = np.zeros(2)
    for e in to_x:  # read after the whole run: no later step mutated an earlier total
        running = running + e.grad
        assert_allclose(e.total, running, rtol=1e-15)
    x, y = np.array([0.5, -1.0]), np.array([2.0, 3.0])
    assert_allclose(r.grads["x"], y + np.exp(x) + 3.0, rtol=1e-15)


def test_forward_operands_are_not_mutated_by_backward():
    r = engine.evaluate(NET)
    first = r.trace[0]
    assert_array_equal(first.operands[0], [[1.0, -2.0], [0.5, 0.3]])
    assert_array_equal(first.operands[1], [[0.2, -0.4, 1.0], [0.7, 0.1, -0.3]])


def test_edge_locals_are_the_books_local_derivatives():
    r = engine.evaluate(FAN_OUT)
    steps = {s.node: s for s in r.trace if isinstance(s, BackwardStep)}
    a = {e.to: e for e in steps["a"].edges}
    assert_allclose(a["x"].local, [2.0, 3.0])  # mul: x's edge carries y
    assert_allclose(a["y"].local, [0.5, -1.0])
    assert_allclose(steps["b"].edges[0].local, np.exp([0.5, -1.0]))  # exp: itself
    assert [e.to for e in steps["d"].edges] == ["x"]  # nothing flows to the const
    assert_allclose(steps["d"].edges[0].local, 3.0)
    net = engine.evaluate(NET)
    step = next(s for s in net.trace if isinstance(s, BackwardStep) and s.node == "h")
    w = [e for e in step.edges if e.to == "x"][0]
    assert_allclose(w.local, [[0.2, -0.4, 1.0], [0.7, 0.1, -0.3]])  # affine: W for x
    loss = next(s for s in net.trace if isinstance(s, BackwardStep) and s.node == "L")
    assert [e.to for e in loss.edges] == ["r"]  # the teacher t gets no edge


def test_nodes_without_gradient_have_no_backward_step():
    r = engine.evaluate(doc(inp("x", 1.0), inp("u", 2.0), op("side", "exp", "u"),
                            op("z", "neg", "x"), output="z"))
    assert [s.node for s in r.trace if isinstance(s, BackwardStep)] == ["z"]
    assert [s.node for s in r.trace if isinstance(s, ForwardStep)] == ["side", "z"]


def test_teacher_branch_does_not_leave_fan_out_incomplete():
    # x feeds relu -> t (the teacher: no gradient) and exp -> logits (gradient)
    r = engine.evaluate(doc(inp("x", [0.5, 1.0, 0.2]), op("t", "relu", "x"),
                            op("s", "exp", "x"), op("L", "softmax_with_loss", "s", "t")))
    to_x = [e for s in r.trace if isinstance(s, BackwardStep) for e in s.edges if e.to == "x"]
    assert [(e.count, e.of) for e in to_x] == [(1, 1)]
    assert_array_equal(to_x[0].total, r.grads["x"])
    assert "t" not in [s.node for s in r.trace if isinstance(s, BackwardStep)]


def test_same_document_same_trace():
    for d in (FAN_OUT, NET, APPLE):
        assert canonical(engine.evaluate(d).trace) == canonical(engine.evaluate(d).trace)
        program = engine.compile(d)
        assert canonical(program.run().trace) == canonical(program.run().trace)


def test_document_order_breaks_ties_in_the_topological_order():
    nodes = {n["id"]: n for n in FAN_OUT["nodes"]}
    # op nodes listed before their inputs, branches in another order
    shuffled = doc(*(nodes[i] for i in ["z", "s2", "d", "s1", "b", "a", "c", "y", "x"]))
    r = engine.evaluate(shuffled)
    assert r.graph.order == ["c", "y", "x", "d", "b", "a", "s1", "s2", "z"]
    fwd = [s.node for s in r.trace if isinstance(s, ForwardStep)]
    assert fwd == ["d", "b", "a", "s1", "s2", "z"]
    assert canonical(engine.evaluate(shuffled).trace) == canonical(r.trace)
    base = engine.evaluate(FAN_OUT)
    for i in base.values:
        assert_array_equal(r.values[i], base.values[i])
        if base.grads[i] is not None:
            assert_allclose(r.grads[i], base.grads[i], rtol=1e-15)


def test_trace_can_be_left_out_without_changing_the_numbers():
    a = engine.evaluate(NET, trace=False)
    b = engine.evaluate(NET)
    assert a.trace == []
    assert b.trace
    for i in b.values:
        assert_array_equal(a.values[i], b.values[i])
        assert_array_equal(a.grads[i], b.grads[i])


def test_softmax_forward_step_carries_y():
    r = engine.evaluate(doc(inp("x", np.log([0.3, 0.2, 0.5])), inp("t", 1),
                            op("L", "softmax_with_loss", "x", "t")))
    (f,) = [s for s in r.trace if isinstance(s, ForwardStep)]
    assert_allclose(f.extra["y"], [0.3, 0.2, 0.5], rtol=1e-14)
    assert_array_equal(f.extra["y"], r.extras["L"]["y"])


def _same(traced, result):
    """The very array the result holds; scalars (Python floats while running) by value."""
    if isinstance(result, np.ndarray) and result.ndim:
        return traced is result
    return type(traced) in (float, np.float64) and traced == result


def test_trace_holds_the_arrays_the_evaluation_computed_not_recomputed_copies():
    r = engine.evaluate(NET)
    for s in r.trace:
        if isinstance(s, ForwardStep):
            assert _same(s.value, r.values[s.node])
            for ref, v in zip(s.inputs, s.operands):
                assert _same(v, r.values[ref])
        elif isinstance(s, BackwardStep):
            assert _same(s.upstream, r.grads[s.node])
            for e in s.edges:
                if e.count == e.of:
                    assert _same(e.total, r.grads[e.to])
