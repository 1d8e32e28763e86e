"""The step trace the animation plays, recorded by the evaluation that computes the numbers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ForwardStep:
    """An op node computed its value from its operands' values."""

    index: int
    node: str
    op: str
    inputs: tuple[str, ...]  # operand node ids, in positional order
    operands: tuple  # the operand values used
    value: object  # the value produced
    extra: dict | None = None  # display values, e.g. softmax_with_loss's y
    phase = "forward"


@dataclass(slots=True)
class SeedStep:
    """Backward starts: the output's gradient is seeded (the book's dout = 1)."""

    index: int
    node: str
    grad: object
    phase = "backward"
    op = "seed"


@dataclass(slots=True)
class Edge:
    """What one backward step sends along one input edge."""

    to: str  # the operand node receiving the gradient
    operand: str  # the operand's name in the op (x, y, W, ...)
    local: object  # the local derivative the upstream gradient is multiplied by
    grad: object  # the gradient sent along this edge
    total: object  # the operand's gradient so far, this contribution included
    count: int  # this is contribution `count` of `of` that the operand receives
    of: int


@dataclass(slots=True)
class BackwardStep:
    """An op node multiplied its upstream gradient by each local derivative."""

    index: int
    node: str
    op: str
    upstream: object  # the gradient arriving from downstream (this node's final gradient)
    edges: tuple[Edge, ...]
    phase = "backward"


Step = ForwardStep | SeedStep | BackwardStep
