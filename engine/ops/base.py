"""What every op declares: how it computes, how it differentiates, and what the UI teaches."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from .notation import AXES, BROADCAST, SEED

Shape = tuple[int, ...]


class OpError(Exception):
    """A problem with one node (its attrs, operand shapes or a leaf's value), with the problem
    type (`bad_attr`, `shape_mismatch`, `ragged_value` ...); the caller adds the node id."""

    def __init__(self, type_: str, msg: str):
        self.type = type_
        super().__init__(msg)


def fmt_shape(shape: Shape) -> str:
    return "()" if shape == () else str(tuple(shape)).replace(",)", ")")


def sum_to(g, shape: Shape):
    """Undo numpy broadcasting: sum `g` down to `shape` (the bias-sum of the batch Affine layer)."""
    if np.shape(g) == shape:
        return g
    g = np.asarray(g)
    if g.shape[1:] == shape:  # a batch axis in front (the Affine bias): one reduction, no reshape
        return g.sum(axis=0)
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
    )
    return g.sum(axis=axes, keepdims=True).reshape(shape)


class Op:
    """One op of the catalog. A subclass decorated with `@register` is in `OPS` under its `name`."""

    name: ClassVar[str]
    symbol: ClassVar[str]  # drawn inside the node: ×, +, exp, σ ...
    operands: ClassVar[tuple[str, ...]] = ()
    output: ClassVar[str] = "z"  # the output's name in the formulas
    differentiable: ClassVar[tuple[bool, ...] | None] = None  # None: every operand
    box: ClassVar[bool] = False  # drawn as a box (layers) rather than a circle
    # the gradient it sends back is a view of its upstream gradient (no new array), so the
    # trace keeping it costs nothing (the cost model counts no elements for it)
    backward_view: ClassVar[bool] = False
    latex: ClassVar[str] = ""  # forward formula
    latex_grads: ClassVar[tuple[str, ...]] = ()  # local derivative per operand
    title: ClassVar[dict[str, str]] = {}  # the book's name for the node: {"en", "ja"}
    summary: ClassVar[dict[str, str]] = {}
    backward_text: ClassVar[tuple[dict, ...]] = ()  # per operand: notation.grad_text(...)
    attr_specs: ClassVar[dict[str, dict[str, Any]]] = {}

    # --- validation -----------------------------------------------------------------------
    @classmethod
    def parse_attrs(cls, attrs: dict) -> dict:
        unknown = [k for k in attrs if k not in cls.attr_specs]
        if unknown:
            allowed = ", ".join(cls.attr_specs) or "none"
            raise OpError("bad_attr", f"{cls.name} has no attr '{unknown[0]}' (allowed: {allowed})")
        return dict(attrs)

    @classmethod
    def infer_shape(cls, shapes: list[Shape], attrs: dict) -> Shape:
        raise NotImplementedError

    @classmethod
    def check_values(cls, shapes: list[Shape], values: list) -> None:
        """Check operand values known before the run (leaves; None where an op computes it),
        raising OpError, so that a bad value is found with the other problems (default: none)."""

    @classmethod
    def work(cls, shapes: list[Shape], out: Shape) -> int:
        """Arithmetic of one forward run, for the cost model: each element read or written once
        (matrix products override this with m*k*n)."""
        return math.prod(out) + sum(math.prod(s) for s in shapes)

    @classmethod
    def shown(cls, shapes: list[Shape]) -> int:
        """Elements of display values the forward adds to the answer (softmax's y): none."""
        return 0

    # --- arithmetic -----------------------------------------------------------------------
    @classmethod
    def forward(cls, xs: tuple, attrs: dict):
        """Return (value, extra): extra is None or a dict of display values (softmax's y)."""
        raise NotImplementedError

    @classmethod
    def backward(cls, dout, xs: tuple, out, extra, attrs: dict, needs: tuple = ()) -> tuple:
        """Return ((local, grad) per operand); grad None for a non-differentiable operand.

        `needs[i]` false says operand i takes no gradient (a const): an op may skip its work.

        `local` is what the book writes on the edge: the local derivative the upstream gradient
        is multiplied by (elementwise, or the matrix it is multiplied with for matmul/affine).
        """
        raise NotImplementedError

    @classmethod
    def backward_untraced(cls, dout, xs: tuple, out, extra, attrs: dict, needs: tuple = ()
                          ) -> tuple:
        """`backward` for a run without a trace: the same gradients, to the last bit; a local
        nobody will read may be None. An op overrides it where the local costs array work the
        gradient can skip (ReLU's float mask, softmax's multiplication by a seed of 1)."""
        return cls.backward(dout, xs, out, extra, attrs, needs)

    @classmethod
    def describe(cls) -> dict:
        diff = cls.differentiable or (True,) * len(cls.operands)
        return {
            "name": cls.name,
            "symbol": cls.symbol,
            "title": dict(cls.title),
            "arity": len(cls.operands),
            "operands": list(cls.operands),
            "differentiable": list(diff),
            "output": cls.output,
            "box": cls.box,
            "attrs": [{"name": k, **v} for k, v in cls.attr_specs.items()],
            "latex": cls.latex,
            "latex_grads": list(cls.latex_grads),
            "summary": dict(cls.summary),
            "backward": [dict(b) for b in cls.backward_text],
            "seed": SEED, "broadcast": BROADCAST, "axes": AXES,
        }


class Elementwise(Op):
    """z = f(x, y, ...) elementwise with numpy broadcasting; subclasses give f and its locals.

    Scalar nodes run on Python floats: `sf` and `slocal` (default: `f` and `local`, when those
    are plain arithmetic) use the math module. An IEEE edge case there (overflow, division by
    zero, a log of a negative number) raises, and the node falls back to numpy, which answers
    inf or nan like any array would.
    """

    sf: ClassVar = None
    slocal: ClassVar = None

    @classmethod
    def infer_shape(cls, shapes, attrs):
        if all(s == shapes[0] for s in shapes):
            return shapes[0]
        try:
            return tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            pairs = " and ".join(f"{n} {fmt_shape(s)}" for n, s in zip(cls.operands, shapes))
            raise OpError("shape_mismatch", f"{cls.name} cannot broadcast {pairs}") from None

    @classmethod
    def forward(cls, xs, attrs):
        return cls.f(*xs, **attrs), None

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        locals_ = cls.local(xs, out, **attrs)
        return tuple([(loc, sum_to(dout * loc, np.shape(x))) for loc, x in zip(locals_, xs)])

    @staticmethod
    def f(*xs, **attrs):
        raise NotImplementedError

    @staticmethod
    def local(xs, out, **attrs) -> tuple:
        raise NotImplementedError
