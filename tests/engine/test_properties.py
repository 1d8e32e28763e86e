"""Property tests: random DAGs of every catalog op, backprop against central differences.

Every op of `compgraph.OPS` has a recipe below that applies it to a node already in the graph,
with shapes the op accepts (fresh leaves supply the other operands: weights, biases, labels);
a new op without a recipe fails `test_every_catalog_op_has_a_recipe`. The output is seeded with
a random gradient. Graphs are built so that central differences are meaningful: division, log
and fractional powers only see arguments kept away from zero by construction (1 + b^2,
0.5 + a^2), and examples whose ReLU inputs come within 1e-3 of the kink, or whose values grow
huge, are discarded. Each graph is also run through an independent numpy interpreter (the
book's formulas), which checks every value and supplies the numerical gradient. The book's
Softmax-with-Loss backward, (y - t) / N, leaves out the 1e-7 its forward adds inside the log:
a relative error of 1e-7 / y_t, kept under 2e-6 by discarding examples where the probability
y_t of a row's true class is below 0.05.
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
NUMBERS = st.floats(-2.0, 2.0, width=64)
OP_NAMES = [e["name"] for e in engine.catalog() if not e["leaf"]]


def _logits_and_labels(x, t):
    """x as (N, C) rows minus their max, and one class label per row (one-hot t or labels)."""
    x = (x - x.max(axis=-1, keepdims=True)).reshape(-1, x.shape[-1])
    labels = t.reshape(x.shape).argmax(axis=1) if t.size == x.size else t.reshape(-1)
    return x, np.arange(x.shape[0]), labels.astype(int)


def true_class_probability(x, t):
    """Per row, the softmax probability of the class t marks."""
    x, rows, labels = _logits_and_labels(x, t)
    return (np.exp(x) / np.exp(x).sum(axis=1, keepdims=True))[rows, labels]


def softmax_with_loss(x, t):
    """The book's softmax (max subtracted) and cross_entropy_error (+1e-7 inside the log)."""
    y_t = true_class_probability(x, t)
    return -np.sum(np.log(y_t + 1e-7)) / y_t.size  # the batch size N: one y_t per row


NUMPY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "neg": np.negative,
    "exp": np.exp, "log": np.log, "tanh": np.tanh, "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "pow": lambda x, p: np.power(x, p),
    "matmul": np.matmul, "transpose": lambda x: x.T,
    "sum": lambda x, axis=None, keepdims=False: np.sum(
        x, axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keepdims),
    "affine": lambda x, w, b: x @ w + b, "softmax_with_loss": softmax_with_loss,
}


class Dag:
    """A graph document being built, with the numpy value of every node so far."""

    def __init__(self, draw):
        self.draw = draw
        self.nodes, self.plan = [], []  # plan: (id, op name, operand ids, attrs)
        self.leaves, self.consts = {}, {}
        self.pickable = []  # ids an op may use (inputs and op results; not the consts)
        self.relu_inputs = []
        self.losses = []  # (x, t) of every softmax_with_loss node
        self.vals = {}
        self.one, self.half = self.const(1.0), self.const(0.5)

    def const(self, value):
        id_ = f"c{len(self.consts)}"
        self.nodes.append(const(id_, np.asarray(value).tolist()))
        self.consts[id_] = self.vals[id_] = np.asarray(value, dtype=float)
        return id_

    def leaf(self, shape):
        id_ = f"x{len(self.leaves)}"
        value = self.draw(arrays(np.float64, shape, elements=NUMBERS))
        self.nodes.append(inp(id_, value))
        self.leaves[id_] = self.vals[id_] = value
        self.pickable.append(id_)
        return id_

    def add(self, name, *inputs, **attrs):
        id_ = f"n{len(self.plan)}"
        self.nodes.append(op(id_, name, *inputs, **attrs))
        self.plan.append((id_, name, inputs, attrs))
        with np.errstate(all="ignore"):
            self.vals[id_] = NUMPY[name](*(self.vals[i] for i in inputs), **attrs)
        self.pickable.append(id_)
        return id_

    def shape(self, id_):
        return np.shape(self.vals[id_])

    def pick(self, fits=lambda shape: True):
        """A node already in the graph whose shape fits, or None."""
        ids = [i for i in self.pickable if fits(self.shape(i))]
        return self.draw(st.sampled_from(ids)) if ids else None

    def positive(self, a, const_id):
        """const + a^2: never near zero."""
        return self.add("add", self.add("pow", a, p=2.0), const_id)

    def with_axes(self, a, ndims):
        """`a` if it has a number of axes in `ndims`, else `a` broadcast against a fresh leaf."""
        shape = self.shape(a)
        if len(shape) in ndims:
            return a
        target = (2, shape[-1] if shape else 3)  # 2-D, and every shape of SHAPES fits it
        return self.add("mul", a, self.leaf(target))

    def document(self, seed):
        return doc(*self.nodes, output=self.plan[-1][0], seed=seed)

    def interpret(self, leaves):
        vals = {**self.consts, **leaves}
        with np.errstate(all="ignore"):
            for id_, name, ins, attrs in self.plan:
                vals[id_] = NUMPY[name](*(np.asarray(vals[i], dtype=float) for i in ins), **attrs)
        return vals


def broadcasts(a_shape):
    def fits(shape):
        try:
            np.broadcast_shapes(a_shape, shape)
            return True
        except ValueError:
            return False
    return fits


def binary(dag, name, a):
    b = dag.pick(broadcasts(dag.shape(a)))
    return dag.add(name, *(a, b) if dag.draw(st.booleans()) else (b, a))


def unary(dag, name, a):
    if name == "relu":
        dag.relu_inputs.append(a)
    return dag.add(name, a)


def div(dag, name, a):
    return dag.add("div", a, dag.positive(dag.pick(broadcasts(dag.shape(a))), dag.one))


def log(dag, name, a):
    return dag.add("log", dag.positive(a, dag.half))


def power(dag, name, a):
    p = dag.draw(st.sampled_from([2.0, 3.0, 0.5, -1.0]))
    return dag.add("pow", a if p in (2.0, 3.0) else dag.positive(a, dag.half), p=p)


def matmul(dag, name, a):
    a = dag.with_axes(a, (1, 2))
    k = dag.shape(a)[-1]
    b = dag.pick(lambda s: len(s) in (1, 2) and s[0] == k)
    if b is None or dag.draw(st.booleans()):
        b = dag.leaf(dag.draw(st.sampled_from([(k,), (k, 1), (k, 2)])))
    return dag.add("matmul", a, b)


def transpose(dag, name, a):
    return dag.add("transpose", dag.with_axes(a, (2,)))


def total(dag, name, a):
    ndim = len(dag.shape(a))
    axes = dag.draw(st.lists(st.integers(-ndim, ndim - 1), unique_by=lambda i: i % ndim,
                             max_size=ndim)) if ndim else []
    attrs = {"keepdims": dag.draw(st.booleans())}
    if axes:
        attrs["axis"] = axes[0] if len(axes) == 1 and dag.draw(st.booleans()) else axes
    return dag.add("sum", a, **attrs)


def affine(dag, name, a):
    x = dag.with_axes(a, (1, 2))
    k, m = dag.shape(x)[-1], dag.draw(st.integers(1, 3))
    biases = [(m,), (1, m)] if len(dag.shape(x)) == 2 else [(m,)]  # b broadcasts to x·W
    return dag.add("affine", x, dag.leaf((k, m)), dag.leaf(dag.draw(st.sampled_from(biases))))


def loss(dag, name, a):
    x = dag.with_axes(a, (1, 2))
    shape = dag.shape(x)
    labels = np.asarray(dag.draw(arrays(np.int64, shape[:-1],
                                        elements=st.integers(0, shape[-1] - 1))))
    t = np.eye(shape[-1])[labels] if dag.draw(st.booleans()) else labels
    dag.losses.append((x, t_id := dag.const(t)))
    return dag.add("softmax_with_loss", x, t_id)


RECIPES = {
    **dict.fromkeys(["add", "sub", "mul"], binary),
    **dict.fromkeys(["neg", "exp", "tanh", "sigmoid", "relu"], unary),
    "div": div, "log": log, "pow": power, "matmul": matmul, "transpose": transpose,
    "sum": total, "affine": affine, "softmax_with_loss": loss,
}


@st.composite
def dags(draw):
    dag = Dag(draw)
    for _ in range(draw(st.integers(1, 3))):
        dag.leaf(draw(st.sampled_from(SHAPES)))
    for _ in range(draw(st.integers(1, 8))):
        name = draw(st.sampled_from(OP_NAMES))
        RECIPES[name](dag, name, draw(st.sampled_from(dag.pickable)))
    # the output uses the last two results: fan-out is likely, and so is an unused leaf
    last = [i for i, *_ in dag.plan[-2:]]
    if len(last) == 2 and broadcasts(dag.shape(last[0]))(dag.shape(last[1])) and draw(
            st.booleans()):
        dag.add("mul", *last)
    return dag


def seeded(data, dag):
    """A random seed (the output's upstream gradient) of the output's shape."""
    return data.draw(arrays(np.float64, dag.shape(dag.plan[-1][0]), elements=NUMBERS))


def test_every_catalog_op_has_a_recipe():
    assert set(RECIPES) == set(engine.OPS) == set(NUMPY)


@settings(max_examples=60, deadline=None)
@given(dags(), st.data())
def test_random_dag_backprop_agrees_with_central_differences(dag, data):
    seed = seeded(data, dag)
    r = engine.evaluate(dag.document(seed.tolist()))
    expected = dag.interpret(dag.leaves)
    for id_, value in expected.items():
        assert_allclose(r.values[id_], value, rtol=1e-12, atol=1e-12, err_msg=id_)
    assume(all(np.all(np.abs(v) < 1e4) for v in expected.values()))
    assume(all(np.all(np.abs(expected[a]) > 1e-3) for a in dag.relu_inputs))
    assume(all(np.all(true_class_probability(expected[x], expected[t]) >= 0.05)
               for x, t in dag.losses))
    out = r.output

    for leaf, value in dag.leaves.items():
        def f(v, leaf=leaf):
            return float(np.sum(seed * dag.interpret({**dag.leaves, leaf: v})[out]))

        assert np.shape(r.grads[leaf]) == np.shape(value)
        assert_allclose(r.grads[leaf], central_diff(f, value), rtol=1e-5, atol=1e-5,
                        err_msg=leaf)
    for id_, g in r.grads.items():
        if id_ in dag.consts:
            assert g is None
        else:
            assert np.shape(g) == np.shape(r.values[id_]), id_
    assert_trace_agrees_with_evaluation(r)


@settings(max_examples=30, deadline=None)
@given(dags(), st.data())
def test_compiled_program_with_new_leaf_values_matches_fresh_evaluation(dag, data):
    seed = seeded(data, dag).tolist()
    program = engine.compile(dag.document(seed))
    new = {k: data.draw(arrays(np.float64, np.shape(v), elements=NUMBERS))
           for k, v in dag.leaves.items()}
    ran = program.run(new)
    fresh = [n if n["id"] not in new else inp(n["id"], new[n["id"]]) for n in dag.nodes]
    fresh = engine.evaluate(doc(*fresh, output=dag.plan[-1][0], seed=seed))
    for id_ in fresh.values:
        assert_allclose(ran.values[id_], fresh.values[id_], rtol=0, atol=0)
        if fresh.grads[id_] is not None:
            assert_allclose(ran.grads[id_], fresh.grads[id_], rtol=0, atol=0)
