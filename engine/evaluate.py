"""Compile a graph once, then run forward and backward, recording the trace as it goes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from .document import Graph, parse
from .errors import GraphError, Problem, fail
from .limits import Limits
from .ops import OPS, OpError, fmt_shape
from .ops.base import Elementwise
from .trace import BackwardStep, Edge, ForwardStep, SeedStep, Step
from .values import ValueProblem, to_array


@dataclass
class Evaluation:
    output: str
    values: dict[str, np.ndarray]
    grads: dict[str, np.ndarray | None]  # None for const nodes
    trace: list[Step]
    extras: dict[str, dict] = field(default_factory=dict)  # e.g. {"loss": {"y": softmax}}
    graph: Graph | None = None

    @property
    def finite(self) -> dict[str, bool]:
        """Whether each node's value (and gradient) is free of NaN and infinity."""
        return {i: _is_finite(v) and _is_finite(self.grads[i]) for i, v in self.values.items()}


def _is_finite(a) -> bool:
    if a is None:
        return True
    if isinstance(a, float):  # numpy float64 scalars too: the common case, no reduction
        return math.isfinite(a)
    return bool(np.isfinite(a).all())


def _scalar(a: np.ndarray):
    """0-d arrays run as numpy scalars: the same arithmetic, a fraction of the overhead."""
    return a[()] if a.ndim == 0 else a


def _bind(fn, attrs: dict):
    return partial(fn, **attrs) if attrs else fn


class _Step:
    """One op node in the plan, with everything a run needs bound ahead of time."""

    __slots__ = ("k", "cls", "ins", "attrs", "id", "in_ids", "names", "sf", "slocal", "sends")

    def __init__(self, k, cls, ins, attrs, ids, scalar: bool):
        self.k, self.cls, self.ins, self.attrs = k, cls, ins, attrs
        self.id, self.in_ids, self.names = ids[k], tuple(ids[j] for j in ins), cls.operands
        # scalar kernels on Python floats (Elementwise ops whose operands are all scalars)
        self.sf = _bind(cls.sf or cls.f, attrs) if scalar else None
        self.slocal = _bind(cls.slocal or cls.local, attrs) if scalar else None
        self.sends = ()


class Program:
    """A graph compiled for repeated runs: validation and planning are paid once."""

    def __init__(self, graph: Graph):
        self.graph = graph
        ids = graph.order
        self.ids = ids
        pos = {i: k for k, i in enumerate(ids)}
        self.pos = pos
        nodes = graph.nodes
        self.leaves = [(pos[i], n.value) for i, n in nodes.items() if n.leaf]
        self.out = pos[graph.output]
        self.const = {pos[i] for i, n in nodes.items() if n.op == "const"}
        self.steps = []
        for i, n in nodes.items():
            if n.leaf:
                continue
            cls = OPS[n.op]
            scalar = issubclass(cls, Elementwise) and all(
                nodes[r].shape == () for r in n.inputs)
            self.steps.append(_Step(pos[i], cls, tuple(pos[r] for r in n.inputs), n.attrs, ids,
                                    scalar))
        # backward plan: ancestors of the output, in reverse topological order
        needed = [False] * len(ids)
        needed[self.out] = True
        fan_in = [0] * len(ids)
        self.back = []
        for st in reversed(self.steps):
            if not needed[st.k]:
                continue
            diff = st.cls.differentiable or (True,) * len(st.ins)
            st.sends = tuple(d and j not in self.const for j, d in zip(st.ins, diff))
            for j, s in zip(st.ins, st.sends):
                needed[j] = needed[j] or s  # only where a gradient flows (not a teacher t)
                fan_in[j] += s
            self.back.append(st)
        self.fan_in = fan_in

    # ------------------------------------------------------------------------------------
    def run(self, values: dict | None = None, *, trace: bool = True, seed=None) -> Evaluation:
        """Forward, then backward from the output; `values` replaces leaf values by id."""
        with np.errstate(all="ignore"):
            vals, extras, steps = self._forward(values, trace)
            grads = self._backward(vals, extras, steps, trace, seed)
        ids = self.ids
        nodes = self.graph.nodes
        values_out = dict(zip(ids, _numpy(vals)))
        grads_out = dict(zip(ids, _numpy(grads)))
        for k, i in enumerate(ids):
            if k in self.const:
                grads_out[i] = None
            elif grads[k] is None:
                grads_out[i] = np.zeros(nodes[i].shape)
        extras_out = {ids[k]: {"y": e["y"]} for k, e in extras.items()}
        return Evaluation(self.graph.output, values_out, grads_out, steps or [], extras_out,
                          self.graph)

    def forward(self, values: dict | None = None):
        """The output value alone (no gradients, no trace): what a gradient check needs."""
        with np.errstate(all="ignore"):
            vals, _, _ = self._forward(values, False)
        return vals[self.out]

    def forward_values(self, values: dict | None = None) -> dict:
        """Every node's value by id, forward only (no gradients, no trace)."""
        with np.errstate(all="ignore"):
            vals, _, _ = self._forward(values, False)
        return dict(zip(self.ids, vals))

    def _leaf_values(self, values: dict | None) -> list:
        vals = [None] * len(self.ids)
        for k, v in self.leaves:
            vals[k] = _scalar(v)
        for i, v in (values or {}).items():
            k = self.pos.get(i)
            node = self.graph.nodes.get(i)
            if node is None or not node.leaf:
                raise fail("unknown_input", f"node '{i}': not a leaf of this graph; only input and"
                           " const values can be replaced", i)
            try:  # the same rules as a document's values (no strings, booleans, None)
                arr = v if isinstance(v, np.ndarray) and v.dtype == np.float64 else to_array(v)
            except ValueProblem as e:
                raise fail(e.type, f"node '{i}': new {e}", i) from None
            if arr.shape != node.shape:
                raise fail("shape_mismatch", f"node '{i}': new value has shape"
                           f" {fmt_shape(arr.shape)}, the graph was compiled for"
                           f" {fmt_shape(node.shape)}", i)
            vals[k] = _scalar(arr)
        return vals

    def _forward(self, values, trace: bool):
        vals = self._leaf_values(values)
        extras: dict[int, dict] = {}
        steps: list[Step] | None = [] if trace else None
        for st in self.steps:
            xs = tuple([vals[j] for j in st.ins])
            extra = None
            try:
                if st.sf is None:
                    out, extra = st.cls.forward(xs, st.attrs)
                else:
                    try:
                        out = st.sf(*xs)
                    except (ArithmeticError, ValueError):
                        # an IEEE edge case in a scalar kernel: numpy answers inf or nan
                        out = st.cls.forward(tuple(np.float64(x) for x in xs), st.attrs)[0]
            except OpError as e:
                raise GraphError([Problem(e.type, f"node '{st.id}': {e}", st.id)]) from None
            vals[st.k] = out
            if extra is not None:
                extras[st.k] = extra
            if trace:
                steps.append(ForwardStep(len(steps), st.id, st.cls.name, st.in_ids, xs, out,
                                         {"y": extra["y"]} if extra else None))
        return vals, extras, steps

    def _backward(self, vals, extras, steps, trace: bool, seed):
        grads = [None] * len(self.ids)
        ids = self.ids
        try:
            root = self.graph.seed if seed is None else np.broadcast_to(
                to_array(seed), self.graph.seed.shape)
        except (ValueProblem, ValueError):
            out = ids[self.out]
            raise fail("bad_seed", f"node '{out}': the seed must be numbers that broadcast to the"
                       f" output's shape {fmt_shape(self.graph.seed.shape)}", out) from None
        # a copy: a caller changing the gradients it got must not change the compiled seed
        grads[self.out] = _scalar(np.array(root))
        if trace:
            steps.append(SeedStep(len(steps), ids[self.out], grads[self.out]))
            received = [0] * len(ids)
        fan_in = self.fan_in
        for st in self.back:
            k = st.k
            dout = grads[k]
            if dout is None:
                continue  # nothing flows here (only non-differentiable consumers)
            xs = tuple([vals[j] for j in st.ins])
            if st.slocal is None:
                pairs = st.cls.backward(dout, xs, vals[k], extras.get(k), st.attrs, st.sends)
            else:
                try:
                    locs = st.slocal(xs, vals[k])
                except (ArithmeticError, ValueError):
                    locs = st.cls.local(tuple(np.float64(x) for x in xs), vals[k], **st.attrs)
                pairs = [(loc, dout * loc) for loc in locs]
            edges = []
            for pos, j in enumerate(st.ins):
                if not st.sends[pos]:
                    continue
                local, g = pairs[pos]
                grads[j] = g if grads[j] is None else grads[j] + g
                if trace:
                    received[j] += 1
                    edges.append(Edge(ids[j], st.names[pos], local, g, grads[j], received[j],
                                      fan_in[j]))
            if trace:
                steps.append(BackwardStep(len(steps), st.id, st.cls.name, dout, tuple(edges)))
        return grads


def _numpy(xs: list) -> list:
    """Python floats from the scalar kernels become numpy float64 scalars; arrays stay."""
    out = list(xs)
    idx = [k for k, x in enumerate(xs) if type(x) is float]
    if idx:
        for k, v in zip(idx, np.array([xs[k] for k in idx], dtype=np.float64)):
            out[k] = v
    return out


def compile(document, limits: Limits | None = None) -> Program:  # noqa: A001
    """Validate and plan a graph document once; run it many times with `Program.run`."""
    graph = document if isinstance(document, Graph) else parse(document, limits)
    return Program(graph)


def evaluate(document, *, trace: bool = True, limits: Limits | None = None, seed=None
             ) -> Evaluation:
    """Evaluate a graph document: values, gradients (output seeded with ones) and the trace."""
    return compile(document, limits).run(trace=trace, seed=seed)
