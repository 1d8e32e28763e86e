"""The step trace the animation plays, recorded by the evaluation that computes the numbers.

The run records what only it knows (each backward step's local derivatives and the gradients
it sent, by reference); a `Trace` turns that, the values and the gradients into step objects
when first read. A backward edge keeps references to the arrays the backward pass made, never
copies; the running total of an array operand that receives several contributions is computed
when asked for (`Edge.total`), so a node read by 50 consumers does not keep 50 full-size totals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple


class ForwardStep(NamedTuple):
    """An op node computed its value from its operands' values."""

    index: int
    node: str
    op: str
    inputs: tuple[str, ...]  # operand node ids, in positional order
    operands: tuple  # the operand values used
    value: object  # the value produced
    extra: dict | None = None  # display values, e.g. softmax_with_loss's y
    phase = "forward"


class SeedStep(NamedTuple):
    """Backward starts: the output's gradient is seeded (the book's dout = 1)."""

    index: int
    node: str
    grad: object
    phase = "backward"
    op = "seed"


class Running:
    """The running totals of one operand's gradient: contributions summed in arrival order,
    exactly as the backward pass summed them (the same float results), one kept at a time."""

    __slots__ = ("parts", "_at", "_total")

    def __init__(self):
        self.parts: list = []
        self._at, self._total = 0, None

    def total(self, count: int):
        if count < self._at:
            self._at, self._total = 0, None
        while self._at < count:
            g = self.parts[self._at]
            self._total = g if self._total is None else self._total + g
            self._at += 1
        return self._total


class Edge(NamedTuple):
    """What one backward step sends along one input edge."""

    to: str  # the operand node receiving the gradient
    operand: str  # the operand's name in the op (x, y, W, ...)
    local: object  # the local derivative the upstream gradient is multiplied by
    grad: object  # the gradient sent along this edge
    running: object  # the total so far, or a Running that computes it (see `total`)
    count: int  # this is contribution `count` of `of` that the operand receives
    of: int

    @property
    def total(self):
        """The operand's gradient so far, this contribution included."""
        r = self.running
        return r.total(self.count) if type(r) is Running else r


class BackwardStep(NamedTuple):
    """An op node multiplied its upstream gradient by each local derivative."""

    index: int
    node: str
    op: str
    upstream: object  # the gradient arriving from downstream (this node's final gradient)
    edges: tuple[Edge, ...]
    phase = "backward"


Step = ForwardStep | SeedStep | BackwardStep


class Trace(Sequence):
    """The steps of one run, in order: a read-only list, built on first use."""

    __slots__ = ("_build", "_steps")

    def __init__(self, build: Callable[[], list[Step]]):
        self._build, self._steps = build, None

    def _list(self) -> list[Step]:
        if self._steps is None:
            self._steps, self._build = self._build(), None
        return self._steps

    def __getitem__(self, i):
        return self._list()[i]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"Trace({self._list()!r})"
