"""`Value`: micrograd's interface, recording a graph document that compgraph's engine evaluates.

    x = Value(2.0, name="x")
    y = (x * 3 + 1).relu()
    y.backward()            # runs compgraph.evaluate on y.to_document()
    x.grad                  # 3.0

Each operation computes its value at once with the op kernels of the engine and records a
node; `backward()` evaluates the recorded document through `compgraph.evaluate` (the API's code
path: the same values, gradients and trace) and fills `.data` and `.grad` on every Value.
Python numbers and numpy arrays mixed in become `const` nodes (no gradient).
"""

from __future__ import annotations

import numpy as np

from .evaluate import Evaluation, evaluate
from .ops import OPS, OpError
from .ops.base import Elementwise
from .values import to_array

LEAF_OPS = ("input", "const")


def _number(a):
    """0-d results as Python floats (what micrograd shows), arrays as float64 arrays."""
    a = np.asarray(a, dtype=np.float64)
    return float(a) if a.ndim == 0 else a


def _kernel(op: str, xs: tuple, attrs: dict):
    """One op's value, by the kernel `Program` would use: scalar or numpy, same fallback."""
    cls = OPS[op]
    if issubclass(cls, Elementwise) and all(np.ndim(x) == 0 for x in xs):
        try:
            return (cls.sf or cls.f)(*xs, **attrs)
        except (ArithmeticError, ValueError):
            pass  # an IEEE edge case: numpy answers inf or nan, as the engine does
    with np.errstate(all="ignore"):
        args = tuple(np.float64(x) if np.ndim(x) == 0 else x for x in xs)
        return cls.forward(args, attrs)[0]


class Value:
    """A number or numpy array with a gradient, and the op that produced it."""

    __array_ufunc__ = None  # numpy array (op) Value: numpy defers to our reflected operators
    __slots__ = ("data", "grad", "op", "inputs", "attrs", "name", "label", "evaluation",
                 "__weakref__")

    def __init__(self, data, name: str | None = None, label: str | None = None, *,
                 op: str = "input"):
        if op not in LEAF_OPS:
            raise ValueError(f"Value(op={op!r}): a leaf is 'input' or 'const'; build other"
                             " nodes with operators")
        try:
            self.data = _number(to_array(data.data if isinstance(data, Value) else data))
        except OpError as e:
            raise ValueError(f"Value{_called(name)}: {e}") from None
        self._init(op, (), {}, name, label)

    def _init(self, op, inputs, attrs, name, label):
        self.op, self.inputs, self.attrs = op, inputs, attrs
        self.name, self.label = name, label
        self.grad = _number(np.zeros(np.shape(self.data)))
        self.evaluation: Evaluation | None = None

    @classmethod
    def apply(cls, op: str, *operands, name: str | None = None, label: str | None = None,
              **attrs) -> Value:
        """A new node: `op` of the catalog applied to operands (Values, numbers or arrays)."""
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}; the catalog has {', '.join(OPS)}")
        spec = OPS[op]
        inputs = tuple(lift(x) for x in operands)
        try:
            if len(inputs) != len(spec.operands):
                raise OpError("bad_arity", f"{op} takes {len(spec.operands)} operands"
                              f" ({', '.join(spec.operands)}), got {len(inputs)}")
            attrs = spec.parse_attrs(attrs)
            spec.infer_shape([np.shape(x.data) for x in inputs], attrs)
        except OpError as e:
            raise ValueError(f"Value{_called(name)}: {e}" if name else str(e)) from None
        out = cls.__new__(cls)
        out.data = _number(_kernel(op, tuple(x.data for x in inputs), attrs))
        out._init(op, inputs, attrs, name, label)
        return out

    def named(self, name: str, label: str | None = None) -> Value:
        """Give this node its id in the document (and a label to draw); returns self."""
        self.name = name
        if label is not None:
            self.label = label
        return self

    # --- shape -----------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self.data)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def T(self) -> Value:  # noqa: N802 (numpy's name)
        """The transpose of a matrix, recorded as a `transpose` node."""
        return Value.apply("transpose", self)

    # --- arithmetic ------------------------------------------------------------------------
    def __add__(self, other):
        return Value.apply("add", self, other)

    def __radd__(self, other):
        return Value.apply("add", other, self)

    def __sub__(self, other):
        return Value.apply("sub", self, other)

    def __rsub__(self, other):
        return Value.apply("sub", other, self)

    def __mul__(self, other):
        return Value.apply("mul", self, other)

    def __rmul__(self, other):
        return Value.apply("mul", other, self)

    def __truediv__(self, other):
        return Value.apply("div", self, other)

    def __rtruediv__(self, other):
        return Value.apply("div", other, self)

    def __neg__(self):
        return Value.apply("neg", self)

    def __pow__(self, p):
        if isinstance(p, Value):
            raise TypeError("Value ** Value: the exponent must be a number (the pow node's"
                            " constant p)")
        return Value.apply("pow", self, p=p)

    def __matmul__(self, other):
        return Value.apply("matmul", self, other)

    def __rmatmul__(self, other):
        return Value.apply("matmul", other, self)

    def relu(self):
        return Value.apply("relu", self)

    def tanh(self):
        return Value.apply("tanh", self)

    def exp(self):
        return Value.apply("exp", self)

    def log(self):
        return Value.apply("log", self)

    def sigmoid(self):
        return Value.apply("sigmoid", self)

    def sum(self, axis=None, keepdims: bool = False):
        axis = list(axis) if isinstance(axis, tuple) else axis
        return Value.apply("sum", self, axis=axis, keepdims=keepdims)

    # --- graph -----------------------------------------------------------------------------
    def to_document(self, title: str | None = None) -> dict:
        """The recorded graph as a graph document (JSON-ready: POST it to /api/evaluate)."""
        from .record import document
        return document(self, title=title, json=True)[0]

    def backward(self, create_graph: bool = False) -> None:
        """Evaluate the recorded graph with compgraph's engine; fill `.data` and `.grad`.

        Gradients are set, not accumulated. `create_graph=True` sets each input's `.grad` to
        a Value: its gradient as a recorded graph (see `compgraph.grad`), differentiable again.
        """
        from .record import document
        if create_graph:
            from .autodiff import grad
            leaves = [v for v in _walk(self) if v.op == "input"]
            for v, g in zip(leaves, grad(self, leaves)):
                v.grad = g
            return
        doc, by_id = document(self, json=False)
        result = evaluate(doc)
        for i, v in by_id.items():
            v.data = _number(result.values[i])
            g = result.grads[i]
            v.grad = _number(np.zeros(v.shape) if g is None else g)
        self.evaluation = result

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def lift(x) -> Value:
    """A Value as is; a number or array as a `const` Value."""
    return x if isinstance(x, Value) else Value(x, op="const")


def _walk(root: Value) -> list[Value]:
    """Every Value the root depends on, operands before their consumers (no recursion)."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
            continue
        if id(v) in seen:
            continue
        seen.add(id(v))
        stack.append((v, True))
        stack.extend((x, False) for x in reversed(v.inputs) if id(x) not in seen)
    return order


def _called(name) -> str:
    return f" '{name}'" if name else ""


def affine(x, W, b, name: str | None = None) -> Value:
    """The book's Affine layer: x · W + b (5.6)."""
    return Value.apply("affine", x, W, b, name=name)


def softmax_with_loss(x, t, name: str | None = None) -> Value:
    """The book's Softmax-with-Loss layer (5.6.3); t (one-hot or labels) gets no gradient."""
    return Value.apply("softmax_with_loss", x, t, name=name)
