"""Where gradients flow: shared by the run (`Program`) and the cost model (`cost`)."""

from __future__ import annotations

from .document import Graph
from .ops import OPS

_DIFF = {name: cls.differentiable for name, cls in OPS.items()}  # None: every operand
_ONE = ((True,), (False,))  # indexed by "the operand is a const"
_TWO = (((True, True), (True, False)), ((False, True), (False, False)))


def gradient_flow(graph: Graph) -> tuple[list[int], dict[int, tuple[bool, ...]], list[int]]:
    """The op nodes the backward pass visits (ancestors of the output, in reverse topological
    order), which operands each sends a gradient to (not consts, not a teacher t), and how many
    gradient contributions each node receives. Worked out once per graph (the cost check and
    the plan both ask)."""
    flow = graph.__dict__.get("_gradient_flow")
    if flow is None:
        flow = graph.__dict__["_gradient_flow"] = _flow(graph)
    return flow


def _flow(graph: Graph) -> tuple[list[int], dict[int, tuple[bool, ...]], list[int]]:
    ops, inpos = graph.ops, graph.inpos
    n = len(ops)
    const = [op == "const" for op in ops]
    needed = [False] * n
    needed[graph.pos[graph.output]] = True
    fan_in = [0] * n
    back: list[int] = []
    sends: dict[int, tuple[bool, ...]] = {}
    for k in range(n - 1, -1, -1):
        if not needed[k] or not inpos[k]:
            continue
        diff = _DIFF[ops[k]]
        ins = inpos[k]
        if diff is None and len(ins) == 2:  # the common cases: shared tuples, no new ones
            s = _TWO[const[ins[0]]][const[ins[1]]]
        elif diff is None and len(ins) == 1:
            s = _ONE[const[ins[0]]]
        else:
            s = tuple([(diff is None or diff[p]) and not const[j] for p, j in enumerate(ins)])
        for j, flows in zip(ins, s):
            if flows:
                needed[j] = True  # only where a gradient flows (not a teacher t)
                fan_in[j] += 1
        sends[k] = s
        back.append(k)
    return back, sends, fan_in
