"""Where gradients flow: shared by the run (`Program`) and the cost model (`cost`)."""

from __future__ import annotations

from .document import Graph
from .ops import OPS

_DIFF = {name: cls.differentiable for name, cls in OPS.items()}  # None: every operand
_ONE = ((True,), (False,))  # indexed by "the operand is a const"
_TWO = (((True, True), (True, False)), ((False, True), (False, False)))
_BOTH, _FIRST = _TWO[0][0], _ONE[0]


def operand_flows(graph: Graph) -> list[tuple[bool, ...] | None]:
    """Per node, which operands it sends a gradient to when a gradient reaches it (not consts,
    not a teacher t); None for a leaf. Depends on the ops alone: one pass, cached per graph."""
    flows = graph.__dict__.get("_operand_flows")
    if flows is None:
        flows = graph.__dict__["_operand_flows"] = _operand_flows(graph)
    return flows


def _operand_flows(graph: Graph) -> list[tuple[bool, ...] | None]:
    const = [op == "const" for op in graph.ops]
    out: list = []
    add, diffs = out.append, _DIFF
    for op, ins in zip(graph.ops, graph.inpos):
        n = len(ins)
        diff = diffs.get(op) if n else None
        if not n:
            add(None)
        elif diff is None and n == 2:  # the common cases: shared tuples, no new ones
            add(_TWO[const[ins[0]]][const[ins[1]]])
        elif diff is None and n == 1:
            add(_ONE[const[ins[0]]])
        else:
            add(tuple([(diff is None or diff[p]) and not const[j] for p, j in enumerate(ins)]))
    return out


def gradient_flow(graph: Graph) -> tuple[list[int], dict[int, tuple[bool, ...]], list[int]]:
    """The op nodes the backward pass visits (ancestors of the output, in reverse topological
    order), which operands each sends a gradient to (`operand_flows`), and how many gradient
    contributions each node receives. Worked out once per graph (the cost check asks; a run
    finds the same as it goes: a node is visited when a gradient reached it)."""
    flow = graph.__dict__.get("_gradient_flow")
    if flow is None:
        flow = graph.__dict__["_gradient_flow"] = _flow(graph)
    return flow


def _flow(graph: Graph) -> tuple[list[int], dict[int, tuple[bool, ...]], list[int]]:
    inpos, flows = graph.inpos, operand_flows(graph)
    n = len(inpos)
    out = graph.pos[graph.output]
    fan_in = [0] * n  # a node is needed when it is the output or receives a gradient
    back: list[int] = []
    sends: dict[int, tuple[bool, ...]] = {}
    for k, ins, s in zip(range(n - 1, -1, -1), reversed(inpos), reversed(flows)):
        if s is None or not fan_in[k] and k != out:
            continue
        sends[k] = s
        back.append(k)
        if s is _BOTH:  # the common cases without a loop
            a, b = ins
            fan_in[a] += 1
            fan_in[b] += 1
        elif s is _FIRST:
            fan_in[ins[0]] += 1
        else:
            for j, f in zip(ins, s):
                if f:  # not to a teacher t or a const
                    fan_in[j] += 1
    return back, sends, fan_in

