"""Compile a graph once, then run forward and backward, recording the trace as it goes."""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from time import monotonic

import numpy as np

from .cost import check as check_cost
from .document import ELEMENTWISE, Graph, validate
from .errors import GraphError, Problem, fail
from .limits import Limits
from .ops import OPS, OpError, fmt_shape
from .plan import gradient_flow, operand_flows
from .trace import BackwardStep, Edge, ForwardStep, Running, SeedStep, Step, Trace
from .values import to_array

TICK = 256  # scalar nodes between two looks at the clock (array nodes: every one)
_new = tuple.__new__  # a step from a ready tuple: no Python-level constructor call


@dataclass
class Evaluation:
    output: str
    values: dict[str, np.ndarray]
    grads: dict[str, np.ndarray | None]  # None for const nodes
    trace: Sequence[Step]  # a Trace: the steps, built when first read
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
    """0-d arrays run as Python floats: the same arithmetic, a fraction of the overhead."""
    return float(a) if a.ndim == 0 else a


def _bind(fn, attrs: dict):
    return partial(fn, **attrs) if attrs else fn


def _kernels(op: str, shape: tuple, attrs: dict) -> tuple:
    """(op class, scalar f, scalar local) of a node: the Python-float kernels bound to its attrs
    for a scalar Elementwise node, (cls, None, None) for any other (it runs on numpy)."""
    cls = OPS[op]
    if shape or cls not in ELEMENTWISE:
        return cls, None, None
    return cls, _bind(cls.sf or cls.f, attrs), _bind(cls.slocal or cls.local, attrs)


YOUNG_SKIP = 2_000  # objects made while the collector was off, above which none is traced


class no_gc:  # noqa: N801 (used as a function: `with no_gc():`)
    """The pass allocates many small objects that die young: collecting them midway is waste.

    Re-enabled, the collector would trace every object the pass made and still holds (15-20 %
    of an evaluation at 10k nodes) at the next allocation. Above `YOUNG_SKIP` of them they are
    moved to the oldest generation instead (`gc.freeze` then `gc.unfreeze`, two list splices):
    most die by reference count with the answer; any cycle among them waits for the next full
    collection. Skipped when something else froze objects (their freeze is left alone).
    A class, not a generator: entered three times an evaluation, it costs a third as much."""

    __slots__ = ("was",)

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self.was:
            if gc.get_count()[0] > YOUNG_SKIP and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class Program:
    """A graph compiled for repeated runs: validation and planning are paid once.

    The plan is one tuple per op node, which the forward pass runs in order and the backward
    pass in reverse (skipping nodes no gradient reached): (k, cls, input positions, attrs,
    scalar f, scalar local, id, tick, operands it sends a gradient to, operand names). Scalar
    Elementwise nodes carry their Python-float kernels.
    """

    def __init__(self, graph: Graph, limits: Limits | None = None):
        self.graph = graph
        self.ids = ids = graph.ids
        self.pos = graph.pos
        self.out = graph.pos[graph.output]
        self.deadline_seconds = limits.deadline_seconds if limits else None
        values = graph.values
        self.leaves = [(k, v) for k, v in enumerate(values) if v is not None]
        self.const = {k for k, op in enumerate(graph.ops) if op == "const"}
        self.rows = rows = [None] * len(ids)  # by position: the plan's row of each op node
        self.forward_plan = forward = []
        plain: dict[str, tuple] = {}  # op -> (cls, f, local, operand names) of a scalar node
        for k, op, ins, attrs, shape, sends in zip(range(len(ids)), graph.ops, graph.inpos,
                                                   graph.attrs, graph.shapes,
                                                   operand_flows(graph)):
            if not ins:
                continue
            if shape or attrs:
                cls, f, local = _kernels(op, shape, attrs)
                row = (k, cls, ins, attrs, f, local, ids[k], f is None or len(forward) % TICK == 0,
                       sends, cls.operands)
            else:  # a scalar node without attrs (the common case): its op's kernels, looked up
                known = plain.get(op)
                if known is None:
                    known = plain[op] = (*_kernels(op, shape, attrs), OPS[op].operands)
                cls, f, local, names = known
                row = (k, cls, ins, attrs, f, local, ids[k], f is None or len(forward) % TICK == 0,
                       sends, names)
            rows[k] = row
            forward.append(row)

    @property
    def fan_in(self) -> list[int]:
        """How many gradient contributions each node receives (`plan.gradient_flow`)."""
        return gradient_flow(self.graph)[2]

    # ------------------------------------------------------------------------------------
    def run(self, values: dict | None = None, *, trace: bool = True, seed=None) -> Evaluation:
        """Forward, then backward from the output; `values` replaces leaf values by id."""
        deadline = self.deadline()
        with np.errstate(all="ignore"), no_gc():
            vals, extras = self._forward(values, deadline)
            record: list | None = [] if trace else None
            grads = self._backward(vals, extras, record, seed, deadline)
            steps = Trace(partial(self._steps, vals, grads, extras, record)) if trace else []
            return self._evaluation(vals, grads, extras, steps)

    def forward(self, values: dict | None = None, *, deadline: float | None = None):
        """The output value alone (no gradients, no trace): what a gradient check needs."""
        with np.errstate(all="ignore"):
            vals, _ = self._forward(values, deadline or self.deadline())
        return vals[self.out]

    def forward_values(self, values: dict | None = None) -> dict:
        """Every node's value by id, forward only (no gradients, no trace)."""
        with np.errstate(all="ignore"):
            vals, _ = self._forward(values, self.deadline())
        return dict(zip(self.ids, _numpy(vals)))

    def deadline(self) -> float | None:
        """When a run starting now must end (time.monotonic()), from limits.deadline_seconds."""
        return monotonic() + self.deadline_seconds if self.deadline_seconds else None

    def _evaluation(self, vals, grads, extras, steps) -> Evaluation:
        ids, shapes, const = self.ids, self.graph.shapes, self.const
        values_out = dict(zip(ids, _numpy(vals)))
        grads_out = dict(zip(ids, _numpy(grads)))
        for k, g in enumerate(grads):
            if type(g) is float:
                continue
            if k in const:
                grads_out[ids[k]] = None
            elif g is None:
                grads_out[ids[k]] = np.zeros(shapes[k])
            elif type(g) is np.ndarray and not g.flags.writeable:
                grads_out[ids[k]] = np.array(g)  # a broadcast view: own it
        extras_out = {ids[k]: {"y": e["y"]} for k, e in extras.items()}
        return Evaluation(self.graph.output, values_out, grads_out, steps, extras_out,
                          self.graph)

    def _leaf_values(self, values: dict | None) -> list:
        vals = [None] * len(self.ids)
        for k, v in self.leaves:
            vals[k] = _scalar(v)
        graph = self.graph
        for i, v in (values or {}).items():
            k = self.pos.get(i)
            if k is None or graph.values[k] is None:
                raise fail("unknown_input", f"node '{i}': not a leaf of this graph; only input and"
                           " const values can be replaced", i)
            try:  # the same rules as a document's values (no strings, booleans, None)
                arr = v if isinstance(v, np.ndarray) and v.dtype == np.float64 else to_array(v)
            except OpError as e:
                raise fail(e.type, f"node '{i}': new {e}", i) from None
            if arr.shape != graph.shapes[k]:
                raise fail("shape_mismatch", f"node '{i}': new value has shape"
                           f" {fmt_shape(arr.shape)}, the graph was compiled for"
                           f" {fmt_shape(graph.shapes[k])}", i)
            vals[k] = _scalar(arr)
        return vals

    def _forward(self, values, deadline: float | None):
        vals = self._leaf_values(values)
        extras: dict[int, dict] = {}
        for k, cls, ins, attrs, sf, _, nid, tick, _, _ in self.forward_plan:
            if tick and deadline and monotonic() > deadline:
                raise _late(nid, "forward")
            extra = None
            try:
                if sf is None:
                    out, extra = cls.forward(tuple([vals[j] for j in ins]), attrs)
                else:
                    try:  # one or two operands (the common cases): no list comprehension
                        out = sf(vals[ins[0]], vals[ins[1]]) if len(ins) == 2 else sf(
                            vals[ins[0]]) if len(ins) == 1 else sf(*[vals[j] for j in ins])
                    except (ArithmeticError, ValueError):
                        # an IEEE edge case in a scalar kernel: numpy answers inf or nan
                        out = float(cls.forward(tuple([np.float64(vals[j]) for j in ins]),
                                                attrs)[0])
            except OpError as e:
                raise GraphError([Problem(e.type, f"node '{nid}': {e}", nid)]) from None
            vals[k] = out
            if extra is not None:
                extras[k] = extra
        return vals, extras

    def _seed(self, seed):
        graph = self.graph
        try:
            root = graph.seed if seed is None else np.broadcast_to(to_array(seed),
                                                                   graph.seed.shape)
        except (OpError, ValueError):
            out = graph.output
            raise fail("bad_seed", f"node '{out}': the seed must be numbers that broadcast to the"
                       f" output's shape {fmt_shape(graph.seed.shape)}", out) from None
        # a copy: a caller changing the gradients it got must not change the compiled seed
        return _scalar(np.array(root))

    def _backward(self, vals, extras, record: list | None, seed, deadline: float | None):
        """Gradients by node position; `record` (if given) gets k, then pairs, per step run.
        A node is visited when a gradient reached it: the output, then what it sends to."""
        grads: list = [None] * len(self.ids)
        grads[self.out] = self._seed(seed)
        for k, cls, ins, attrs, _, slocal, nid, tick, sends, _ in reversed(self.forward_plan):
            dout = grads[k]
            if dout is None:
                continue  # nothing flows here (not an ancestor, or a teacher t)
            if tick and deadline and monotonic() > deadline:
                raise _late(nid, "backward")
            n = len(ins)
            xs = (vals[ins[0]], vals[ins[1]]) if n == 2 else (vals[ins[0]],) if n == 1 else tuple(
                [vals[j] for j in ins])
            if slocal is None:
                pairs = (cls.backward if record is not None else cls.backward_untraced)(
                    dout, xs, vals[k], extras.get(k), attrs, sends)
            else:
                try:
                    locs = slocal(xs, vals[k])
                except (ArithmeticError, ValueError):
                    locs = cls.local(tuple([np.float64(x) for x in xs]), vals[k], **attrs)
                if n == 2:  # the common case inline: no list to build, no loop
                    a, b = locs
                    pairs = ((a, ga := dout * a), (b, gb := dout * b))
                    j, i = ins
                    if sends[0]:
                        prev = grads[j]
                        grads[j] = ga if prev is None else prev + ga
                    if sends[1]:
                        prev = grads[i]
                        grads[i] = gb if prev is None else prev + gb
                    if record is not None:  # flat (k, pairs, k, pairs, ...): no tuple a step
                        record += (k, pairs)
                    continue
                pairs = [(loc, dout * loc) for loc in locs]
            for j, flows, (_, g) in zip(ins, sends, pairs):
                if flows:
                    prev = grads[j]
                    grads[j] = g if prev is None else prev + g
            if record is not None:
                record += (k, pairs)
        return grads

    def _steps(self, vals, grads, extras, record) -> list[Step]:
        """The trace of a run, from its values, gradients and backward record."""
        with no_gc():  # thousands of small tuples that all live on: nothing to collect
            return self._build_steps(vals, grads, extras, record)

    def _build_steps(self, vals, grads, extras, record) -> list[Step]:
        ids, inputs, new = self.ids, self.graph.inputs, _new
        steps: list[Step] = []
        for k, cls, ins, *_ in self.forward_plan:
            extra = extras.get(k)
            steps.append(new(ForwardStep, (len(steps), ids[k], cls.name, inputs[k],
                                           tuple([vals[j] for j in ins]), vals[k],
                                           {"y": extra["y"]} if extra else None)))
        steps.append(new(SeedStep, (len(steps), ids[self.out], grads[self.out])))
        rows, shapes = self.rows, self.graph.shapes
        fan_in = self._fan_in(record)
        received = [0] * len(ids)
        totals: dict[int, object] = {}  # the running total of each operand so far
        for k, pairs in zip(record[::2], record[1::2]):
            _, cls, ins, _, _, _, nid, _, sends, names = rows[k]
            edges = []
            for p, j in enumerate(ins):
                if not sends[p]:
                    continue
                local, g = pairs[p]
                received[j] = c = received[j] + 1
                of = fan_in[j]
                if c == of:
                    total = grads[j]
                elif shapes[j]:  # an array: the sum is computed on demand, not kept
                    total = totals.get(j) or totals.setdefault(j, Running())
                    total.parts.append(g)
                else:
                    total = totals[j] = g if c == 1 else totals[j] + g
                edges.append(new(Edge, (ids[j], names[p], local, g, total, c, of)))
            steps.append(new(BackwardStep, (len(steps), nid, cls.name, grads[k], tuple(edges))))
        return steps

    def _fan_in(self, record: list) -> list[int]:
        """How many gradient contributions each node received in the recorded run."""
        counts, rows = [0] * len(self.ids), self.rows
        for k in record[::2]:
            _, _, ins, *_, sends, _ = rows[k]
            for j, f in zip(ins, sends):
                if f:
                    counts[j] += 1
        return counts


def _late(node: str, phase: str) -> GraphError:
    return GraphError([Problem("time_limit", f"node '{node}': the evaluation ran out of time"
                               f" (the deadline passed in the {phase} pass, at this node)", node)])


def _numpy(xs: list) -> list:
    """Python floats from the scalar kernels become numpy float64 scalars; arrays stay."""
    idx = [k for k, x in enumerate(xs) if type(x) is float]
    if len(idx) == len(xs):  # all scalars: one conversion
        return list(np.array(xs, dtype=np.float64))
    out = list(xs)
    if idx:
        for k, v in zip(idx, np.array([xs[k] for k in idx], dtype=np.float64)):
            out[k] = v
    return out


def compile(document, limits: Limits | None = None, *, trace: bool = True,  # noqa: A001
            elide_above: int | None = None) -> Program:
    """Validate and plan a graph document once; run it many times with `Program.run`.

    With `limits`, the cost of a run (see `compgraph.cost`; `trace` and `elide_above` shape the
    answer it estimates) is checked before any arithmetic.
    """
    with no_gc():
        graph = document if isinstance(document, Graph) else validate(document, limits)
        if limits:
            check_cost(graph, limits, trace=trace, elide_above=elide_above)
        return Program(graph, limits)


def evaluate(document, *, trace: bool = True, limits: Limits | None = None, seed=None,
             elide_above: int | None = None) -> Evaluation:
    """Evaluate a graph document: values, gradients (output seeded with ones) and the trace.

    `elide_above` only tells the cost check that trace arrays above that many elements will be
    sent as summaries (the web answer's `?arrays=auto`).
    """
    with no_gc():  # the graph lives only as long as the answer: leaf arrays are not copied
        graph = document if isinstance(document, Graph) else validate(document, limits, copy=False)
        return compile(graph, limits, trace=trace, elide_above=elide_above).run(
            trace=trace, seed=seed)
