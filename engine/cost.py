"""What evaluating a graph will cost, from its shapes alone, before any arithmetic.

Per node k, with s(n) the element count of node n's shape and "edges" the operands k sends a
gradient to (`plan.gradient_flow`):

- elements created: its value s(k), its display values (softmax's y), its gradient s(k)
  (unless a const), and with the trace, the gradient each edge sends, s(j), which the trace
  keeps (none for an op whose backward sends a view, `backward_view`: sum's broadcast; the
  running totals are computed on demand, not kept).
- answer bytes: its entry under "nodes" (value and gradient at NUMBER_BYTES a number; y like a
  trace array), and with the trace its forward step (operands, value, y) and backward step
  (upstream, and per edge the local derivative, counted as large as the largest of k and its
  operands, the gradient and the total); an array above `elide_above` elements other than a
  node's value or gradient counts as one summary (the answer's `?arrays=auto`).
- work: the op's `work(shapes, out)` (elements read and written; m*k*n for matrix products).
  A gradient check runs 2 forward passes per element of every input that takes a gradient.

`Cost.check(limits)` raises GraphError with a "limit" problem naming the limit, the amount, the
excess and the node whose contribution crosses it. `check(graph, limits)` is what a run asks:
for a graph of scalars it first bounds both totals from a few counts (every op node taken as
reached by the gradient, every operand as receiving one), which costs a few C-speed passes
instead of the per-node model; only a graph whose bound passes a limit gets the exact model.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .document import Graph, all_scalars, validate
from .errors import GraphError, Problem
from .limits import Limits
from .ops import OPS
from .plan import gradient_flow

NUMBER_BYTES = 24  # a float64 at full precision in JSON, with its separator
SUMMARY_BYTES = 120  # an elided trace array: {"elided": true, "shape": .., "min": .., ...}
NODE_BYTES = 100  # a node's entry and its id in "order", numbers aside
STEP_BYTES = 110  # a trace step, arrays aside
EDGE_BYTES = 90  # a backward edge, arrays aside


@dataclass(frozen=True)
class Cost:
    """Totals, and per node (in topological order) what each one adds to them."""

    ids: list[str]
    elements: list[int]
    answer: list[int]
    work: list[int]
    checked: list[tuple[str, int]]  # inputs a gradient check perturbs, with their sizes
    elements_created: int
    answer_bytes: int
    forward_work: int
    gradcheck_work: int

    def check(self, limits: Limits, *, gradcheck: bool = False) -> None:
        """Raise GraphError naming the first limit exceeded (gradcheck: also its work)."""
        for total, limit, name, what, per_node in (
                (self.elements_created, limits.max_elements_created, "max_elements_created",
                 "array elements created", self.elements),
                (self.answer_bytes, limits.max_answer_bytes, "max_answer_bytes",
                 "bytes of answer", self.answer)):
            if limit is not None and total > limit:  # the totals first: no running sums
                _over(limit, name, what, per_node, self.ids)
        if gradcheck:
            ids = [i for i, _ in self.checked]
            per_input = [2 * n * self.forward_work for _, n in self.checked]
            _over(limits.max_gradcheck_work, "max_gradcheck_work", "units of gradient-check work",
                  per_input, ids)


def _over(limit: int | None, name: str, what: str, per_node: list[int], ids: list[str]) -> None:
    if limit is None:
        return
    running = list(accumulate(per_node))
    total = running[-1] if running else 0
    if total <= limit:
        return
    k = bisect_right(running, limit)  # the first node whose running total passes the limit
    node = ids[k]
    raise GraphError([Problem(
        "limit", f"node '{node}': evaluating this graph would take {total:,} {what}; the limit"
        f" {name} is {limit:,} ({total - limit:,} over, {total / limit:.1f}x); node '{node}'"
        f" brings the running total past it", node)])


def check(graph: Graph, limits: Limits, *, trace: bool = True,
          elide_above: int | None = None) -> None:
    """Raise GraphError if evaluating `graph` would pass a cost limit (see `Cost.check`)."""
    if not _within_bound(graph, limits, trace, elide_above):
        cost(graph, trace=trace, elide_above=elide_above).check(limits)


def scalar_bound(graph: Graph, trace: bool, elide_above: int | None) -> tuple[int, int] | None:
    """Upper bounds of (elements_created, answer_bytes) for a graph whose every node is a
    scalar, or None for any other graph. `_scalar_costs` summed over nodes, with every op node
    in the backward pass sending a gradient to each of its operands: exact when every op node
    is an ancestor of the output and no operand is a const or a teacher, above it otherwise."""
    if not all_scalars(graph.shapes):
        return None
    n = len(graph.shapes)
    ops, inpos = graph.ops, graph.inpos
    grads = n - ops.count("const")
    op_nodes = n - inpos.count(())
    arity = sum(map(len, inpos))
    node_bytes = n * NODE_BYTES + NUMBER_BYTES * (n + grads)
    if not trace:
        return n + grads, node_bytes
    one = SUMMARY_BYTES if elide_above is not None and elide_above < 1 else NUMBER_BYTES
    step = STEP_BYTES + one  # a forward step's bytes without its operands; a backward step's
    edge = EDGE_BYTES + 3 * one
    steps = op_nodes * 2 * step + arity * (one + edge) + STEP_BYTES + one  # and the seed step
    return n + grads + arity, node_bytes + steps


def _within_bound(graph: Graph, limits: Limits, trace: bool, elide_above: int | None) -> bool:
    bound = scalar_bound(graph, trace, elide_above)
    if bound is None:
        return False
    elements, answer = bound
    return ((limits.max_elements_created is None or elements <= limits.max_elements_created)
            and (limits.max_answer_bytes is None or answer <= limits.max_answer_bytes))


def cost(document, *, trace: bool = True, elide_above: int | None = None) -> Cost:
    """The cost of evaluating a document (or a parsed Graph, which keeps it: the app's check
    and the engine's ask alike), without evaluating it."""
    if not isinstance(document, Graph):
        return _cost(validate(document), trace, elide_above)
    known = document.__dict__.setdefault("_costs", {})
    found = known.get((trace, elide_above))
    if found is None:
        found = known[trace, elide_above] = _cost(document, trace, elide_above)
    return found


def _cost(graph: Graph, trace: bool, elide_above: int | None) -> Cost:
    back, sends, fan_in = gradient_flow(graph)
    sizes = [math.prod(s) if s else 1 for s in graph.shapes]

    def arr(n: int) -> int:
        return SUMMARY_BYTES if elide_above is not None and n > elide_above else n * NUMBER_BYTES

    if max(sizes) == 1:  # every node a scalar: the same sums, without the per-op calls
        elements, answer, work = _scalar_costs(graph, sends, trace, arr(1))
    else:
        elements, answer, work = _array_costs(graph, sizes, sends, trace, arr)
    if trace:
        out = graph.pos[graph.output]
        answer[out] += STEP_BYTES + arr(sizes[out])  # the seed step
    checked = [(i, sizes[k]) for k, (i, op) in enumerate(zip(graph.ids, graph.ops))
               if op == "input" and fan_in[k]]
    forward_work = sum(work)
    return Cost(graph.ids, elements, answer, work, checked, sum(elements), sum(answer),
                forward_work, 2 * sum(n for _, n in checked) * forward_work)


def _array_costs(graph: Graph, sizes: list[int], sends: dict, trace: bool, arr) -> tuple:
    elements, answer, work = [], [], []
    for k, (op, ins) in enumerate(zip(graph.ops, graph.inpos)):
        s = sizes[k]
        grad = 0 if op == "const" else s
        if not ins:
            elements.append(s + grad)
            answer.append(NODE_BYTES + NUMBER_BYTES * (s + grad))
            work.append(0)
            continue
        cls = OPS[op]
        in_shapes = [graph.shapes[j] for j in ins]
        shown = cls.shown(in_shapes)
        work.append(cls.work(in_shapes, graph.shapes[k]))
        e = s + shown + grad
        b = NODE_BYTES + NUMBER_BYTES * (s + grad) + (arr(shown) if shown else 0)
        if trace:
            b += STEP_BYTES + sum(arr(sizes[j]) for j in ins) + arr(s) + (arr(shown)
                                                                          if shown else 0)
            if k in sends:
                local = max(s, *(sizes[j] for j in ins))
                b += STEP_BYTES + arr(s)
                for j, flows in zip(ins, sends[k]):
                    if flows:
                        e += 0 if cls.backward_view else sizes[j]
                        b += EDGE_BYTES + arr(local) + 2 * arr(sizes[j])
        elements.append(e)
        answer.append(b)
    return elements, answer, work


def _scalar_costs(graph: Graph, sends: dict, trace: bool, one: int) -> tuple:
    """`_array_costs` when every size is 1: an op's work is 1 + its arity, it shows nothing.
    Column at a time: a few comprehensions over all nodes, not a loop of appends."""
    n = len(graph.ops)
    grad = [op != "const" for op in graph.ops]
    arity = [len(ins) for ins in graph.inpos]
    work = [a + 1 if a else 0 for a in arity]
    answer = [NODE_BYTES + NUMBER_BYTES * (1 + g) for g in grad]
    if not trace:
        return [1 + g for g in grad], answer, work
    forward_step, edge = STEP_BYTES + one, EDGE_BYTES + 3 * one
    edges, back = [0] * n, [0] * n  # gradients each backward step sends; its answer bytes
    for k, flows in sends.items():
        edges[k] = m = flows.count(True)
        back[k] = forward_step + m * edge
    elements = [1 + g + m for g, m in zip(grad, edges)]
    answer = [b + (forward_step + a * one if a else 0) + c
              for b, a, c in zip(answer, arity, back)]
    return elements, answer, work
