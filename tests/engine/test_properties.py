"""Property tests: random DAGs with fan-out, backprop against central differences.

Graphs are built so that central differences are meaningful: division and log only see
arguments kept away from zero by construction (1 + b^2, 0.5 + a^2), and examples whose ReLU
inputs come within 1e-3 of the kink, or whose values grow huge, are discarded. Each graph is
also run through an independent numpy interpreter, which supplies the numerical gradient.
"""

from __future__ import annotations

import numpy as np
from enginehelp import assert_trace_agrees_with_evaluation, central_diff, const, doc, inp, op
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

import compgraph as engine

SHAPES = [(), (3,), (1, 3), (2, 1), (2, 3)]  # all broadcast together
NUMPY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "neg": np.negative,
    "exp": np.exp, "log": np.log, "tanh": np.tanh, "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "sum": np.sum,
}
KINDS = ["add", "sub", "mul", "div", "neg", "exp", "log", "tanh", "sigmoid", "relu", "pow2",
         "pow3", "sqrt", "recip", "sum"]
CONSTS = {"one": 1.0, "half": 0.5}


class Dag:
    def __init__(self):
        self.nodes = [const(k, v) for k, v in CONSTS.items()]
        self.plan = []  # (id, numpy function, operand ids)
        self.leaves = {}
        self.pickable = []  # ids an op may use (inputs and op results; not the consts)
        self.relu_inputs = []

    def leaf(self, id_, value):
        self.nodes.append(inp(id_, value))
        self.leaves[id_] = value
        self.pickable.append(id_)

    def add(self, name, *inputs, p=None):
        id_ = f"n{len(self.plan)}"
        if name == "pow":
            self.nodes.append(op(id_, "pow", *inputs, p=p))
            self.plan.append((id_, lambda x, p=p: np.power(x, p), inputs))
        else:
            self.nodes.append(op(id_, name, *inputs))
            self.plan.append((id_, NUMPY[name], inputs))
        self.pickable.append(id_)
        return id_

    def positive(self, a, const_id):
        """const + a^2: never near zero."""
        return self.add("add", self.add("pow", a, p=2.0), const_id)

    def document(self):
        return doc(*self.nodes, output=self.plan[-1][0])

    def interpret(self, leaves):
        vals = {**CONSTS, **leaves}
        with np.errstate(all="ignore"):
            for id_, f, ins in self.plan:
                vals[id_] = f(*(np.asarray(vals[i], dtype=float) for i in ins))
        return vals


@st.composite
def dags(draw):
    dag = Dag()
    for k in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(SHAPES))
        value = draw(arrays(np.float64, shape, elements=st.floats(-2.0, 2.0, width=64)))
        dag.leaf(f"x{k}", value)
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(KINDS))
        a = draw(st.sampled_from(dag.pickable))
        if kind in ("add", "sub", "mul"):
            dag.add(kind, a, draw(st.sampled_from(dag.pickable)))
        elif kind == "div":
            dag.add("div", a, dag.positive(draw(st.sampled_from(dag.pickable)), "one"))
        elif kind == "log":
            dag.add("log", dag.positive(a, "half"))
        elif kind == "sqrt":
            dag.add("pow", dag.positive(a, "half"), p=0.5)
        elif kind == "recip":
            dag.add("pow", dag.positive(a, "half"), p=-1.0)
        elif kind in ("pow2", "pow3"):
            dag.add("pow", a, p=float(kind[-1]))
        else:
            dag.add(kind, a)
            if kind == "relu":
                dag.relu_inputs.append(a)
    # the output uses the last two results: fan-out is likely, and so is an unused leaf
    if len(dag.plan) >= 2 and draw(st.booleans()):
        dag.add("mul", dag.plan[-1][0], dag.plan[-2][0])
    return dag


@settings(max_examples=40, deadline=None)
@given(dags())
def test_random_dag_backprop_agrees_with_central_differences(dag):
    r = engine.evaluate(dag.document())
    expected = dag.interpret(dag.leaves)
    for id_, value in expected.items():
        assert_allclose(r.values[id_], value, rtol=1e-12, atol=1e-300, err_msg=id_)
    assume(all(np.all(np.abs(v) < 1e4) for v in expected.values()))
    assume(all(np.all(np.abs(expected[a]) > 1e-3) for a in dag.relu_inputs))
    out = r.output

    for leaf, value in dag.leaves.items():
        def f(v, leaf=leaf):
            return float(np.sum(dag.interpret({**dag.leaves, leaf: v})[out]))

        assert np.shape(r.grads[leaf]) == np.shape(value)
        assert_allclose(r.grads[leaf], central_diff(f, value), rtol=1e-5, atol=1e-5,
                        err_msg=leaf)
    for id_, g in r.grads.items():
        if id_ in CONSTS:
            assert g is None
        else:
            assert np.shape(g) == np.shape(r.values[id_]), id_
    assert_trace_agrees_with_evaluation(r)


@settings(max_examples=30, deadline=None)
@given(dags(), st.data())
def test_compiled_program_with_new_leaf_values_matches_fresh_evaluation(dag, data):
    program = engine.compile(dag.document())
    new = {k: data.draw(arrays(np.float64, np.shape(v), elements=st.floats(-2.0, 2.0, width=64)))
           for k, v in dag.leaves.items()}
    ran = program.run(new)
    fresh_dag = Dag()
    fresh_dag.nodes = [n if n["id"] not in new else inp(n["id"], new[n["id"]]) for n in dag.nodes]
    fresh_dag.plan = dag.plan
    fresh = engine.evaluate(fresh_dag.document())
    for id_ in fresh.values:
        assert_allclose(ran.values[id_], fresh.values[id_], rtol=0, atol=0)
        if fresh.grads[id_] is not None:
            assert_allclose(ran.grads[id_], fresh.grads[id_], rtol=0, atol=0)
