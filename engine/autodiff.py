"""Derivatives as recorded graphs: `grad` (reverse mode) and `jvp` (forward mode).

Each op's derivative is written with Value operations, so the answer is itself a graph of
Values: draw it, step it, and differentiate it again (d²/dx² x³ at x = 2 is 12).
"""

from __future__ import annotations

import numpy as np

from .ops import OPS
from .value import Value, _walk, lift

NO_GRAPH = ("the gradient graph of matmul and affine needs matrices (2-D operands) or, for"
            " matmul, a constant other operand")


def grad(out: Value, wrt, seed=None):
    """d(out)/d(wrt) as new Values (a list for a list of Values, one Value for one).

    The output's gradient is seeded with `seed` (ones by default, like `backward`). A Value
    that `out` does not depend on gets a constant zero.
    """
    many = isinstance(wrt, (list, tuple))
    targets = list(wrt) if many else [wrt]
    g = {id(out): lift(np.ones(out.shape) if seed is None else np.broadcast_to(seed, out.shape))}
    for v in reversed(_walk(out)):
        if id(v) not in g or not v.inputs:
            continue
        for x, gx in zip(v.inputs, _vjp(v, g[id(v)])):
            if gx is None or x.op == "const":
                continue
            gx = _unbroadcast(gx, x.shape)
            g[id(x)] = gx if id(x) not in g else g[id(x)] + gx
    answer = [g.get(id(t)) or lift(np.zeros(t.shape)) for t in targets]
    return answer if many else answer[0]


def jvp(out: Value, tangents: dict) -> Value:
    """Forward mode: the directional derivative of `out` for {input Value: tangent}.

    Unlisted inputs have tangent zero. The answer is a Value recorded from `out`'s graph.
    """
    dots = {id(v): lift(t) for v, t in tangents.items()}
    for v in _walk(out):
        if not v.inputs:
            continue
        ds = [dots.get(id(x)) for x in v.inputs]
        if any(d is not None for d in ds):
            dots[id(v)] = _fit(_jvp(v, ds), v.shape)
    d = dots.get(id(out))
    return d if d is not None else lift(np.zeros(out.shape))


# --- reverse mode: each op's vector-Jacobian product -------------------------------------
def _vjp(v: Value, g: Value) -> list:
    x = v.inputs
    match v.op:
        case "add":
            return [g, g]
        case "sub":
            return [g, -g]
        case "mul":
            return [_mul(g, x[1]), _mul(g, x[0])]
        case "div":
            return [g / x[1], -_mul(g, v) / x[1]]
        case "neg":
            return [-g]
        case "exp":
            return [_mul(g, v)]
        case "log":
            return [g / x[0]]
        case "pow":
            return [_mul(g, _dpow(x[0], v.attrs["p"]))]
        case "relu":
            return [_mul(g, _mask(x[0]))]
        case "sigmoid":
            return [_mul(g, v * (1.0 - v))]
        case "tanh":
            return [_mul(g, 1.0 - v * v)]
        case "sum":
            return [_spread(g, v, x[0].shape)]
        case "matmul":
            a, b = x
            if a.ndim == b.ndim == 2:  # ∂L/∂A = ∂L/∂Y · Bᵀ, ∂L/∂B = Aᵀ · ∂L/∂Y (Fig. 5-25)
                return [g @ b.T, a.T @ g]
            return [_const_side(b, lambda bt: g @ bt), _const_side(a, lambda at: at @ g)]
        case "transpose":
            return [g.T]
        case "affine":  # Figs. 5-25, 5-27; the bias's is g summed over the batch (_unbroadcast)
            xv, w, _ = x
            if xv.ndim != 2 or w.ndim != 2:
                raise NotImplementedError(NO_GRAPH)
            return [g @ w.T, xv.T @ g, g]
        case "softmax_with_loss":  # (y − t) / N, with y = softmax(x) written as Values
            return [_softmax_grad(x[0], x[1], g), None]
    raise NotImplementedError(f"compgraph.grad has no graph form for {v.op} yet")


def _softmax_grad(x: Value, t: Value, g: Value) -> Value:
    """g · (y − t) / N. y = exp(x − c) / Σ exp(x − c) with c the row maxima as a constant (the
    book's overflow guard; softmax does not change with c, so neither do its derivatives)."""
    data = np.asarray(x.data)
    c = lift(np.max(data, axis=-1, keepdims=True))
    e = (x - c).exp()
    y = e / e.sum(axis=-1, keepdims=True)
    onehot = OPS["softmax_with_loss"].onehot(data, np.asarray(t.data))
    n = data.shape[0] if data.ndim == 2 else 1
    return _mul(g, (y - onehot) * (1.0 / n))


def _mul(g: Value, local) -> Value:
    """g times a local derivative, leaving out a multiplication by the constant 1 (the seed)."""
    local = lift(local)
    if g.op == "const" and np.all(np.asarray(g.data) == 1.0) and \
            np.broadcast_shapes(g.shape, local.shape) == local.shape:
        return local
    return g * local


def _mask(x: Value) -> np.ndarray:
    """ReLU's local derivative: 1 where x > 0, else 0 (a constant: its own derivative is 0)."""
    return np.asarray(np.asarray(x.data) > 0, dtype=np.float64)


def _dpow(x: Value, p: float):
    """d/dx x^p as Values, in its simplest form: 0, 1, 2x or p x^(p-1)."""
    if p in (0.0, 1.0):
        return lift(np.full(x.shape, p))
    return p * x if p == 2.0 else p * x ** (p - 1.0)


def _const_side(other: Value, product):
    """matmul's gradient needs the other operand transposed: possible when it is a constant."""
    if other.op != "const":
        raise NotImplementedError(NO_GRAPH)
    data = np.asarray(other.data)
    if data.ndim != 2:
        raise NotImplementedError(NO_GRAPH + " (and 2-D)")
    return product(lift(data.T))


def _spread(g: Value, v: Value, shape) -> Value:
    """Sum's gradient: g copied to every summed element (where it broadcasts back)."""
    if np.broadcast_shapes(g.shape, shape) != shape:
        raise NotImplementedError(f"compgraph.grad: the gradient of sum over axis"
                                  f" {v.attrs['axis']} needs a reshape; use keepdims=True")
    return g * np.ones(shape)


def _unbroadcast(g: Value, shape) -> Value:
    """Sum g down to an operand's shape (the gradient of numpy broadcasting)."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(axis=list(range(lead)))
    ones = [i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1]
    return g.sum(axis=ones, keepdims=True) if ones else g


# --- forward mode: each op's Jacobian-vector product -------------------------------------
def _jvp(v: Value, ds: list) -> Value:
    x = v.inputs
    match v.op:
        case "add":
            return _total(ds[0], ds[1])
        case "sub":
            return _total(ds[0], None if ds[1] is None else -ds[1])
        case "mul":
            return _total(_times(ds[0], x[1]), _times(ds[1], x[0]))
        case "div":
            return _total(_times(ds[0], 1.0 / x[1]), _times(ds[1], -v / x[1]))
        case "neg":
            return -ds[0]
        case "exp":
            return ds[0] * v
        case "log":
            return ds[0] / x[0]
        case "pow":
            return ds[0] * _dpow(x[0], v.attrs["p"])
        case "relu":
            return ds[0] * _mask(x[0])
        case "sigmoid":
            return ds[0] * (v * (1.0 - v))
        case "tanh":
            return ds[0] * (1.0 - v * v)
        case "sum":
            return ds[0].sum(axis=v.attrs["axis"], keepdims=v.attrs["keepdims"])
        case "transpose":
            return ds[0].T
        case "matmul":
            return _total(_at(ds[0], x[1]), _at(x[0], ds[1]))
        case "affine":
            return _affine(x, ds)
        case "softmax_with_loss":
            return _softmax_jvp(x, ds[0])
    raise NotImplementedError(f"compgraph.jvp has no rule for {v.op}")


def _times(d, factor):
    return None if d is None else d * factor


def _at(a, b):
    return None if a is None or b is None else a @ b


def _total(*terms):
    terms = [t for t in terms if t is not None]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def _affine(x, ds):
    if x[0].ndim > 2:
        raise NotImplementedError("compgraph.jvp: affine of an input with more than 2 axes")
    return _total(_at(ds[0], x[1]), _at(x[0], ds[1]), ds[2])


def _softmax_jvp(x, dx):
    """dL = sum((y - t) / N * dx); the softmax y enters as a constant (first order only)."""
    if dx is None:
        return None
    extra = OPS["softmax_with_loss"].forward((np.asarray(x[0].data), np.asarray(x[1].data)), {})[1]
    return (dx * ((extra["y"] - extra["t"]) / extra["n"])).sum()


def _fit(d: Value, shape) -> Value:
    """A tangent broadcast to its node's shape (x + y with only scalar y moving)."""
    return d if d.shape == shape else d * np.ones(shape)
