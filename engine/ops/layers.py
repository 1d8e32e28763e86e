"""Ops on whole arrays: matmul, sum, and the book's Affine and Softmax-with-Loss layers."""

from __future__ import annotations

import math

import numpy as np

from .base import Op, OpError, fmt_shape, sum_to
from .notation import chain, d, grad_text
from .registry import register

ONE = 1.0


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, the book's overflow guard included (subtract the row max)."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _swap(a):
    return np.swapaxes(a, -1, -2)


@register
class MatMul(Op):
    name, symbol, operands = "matmul", "@", ("A", "B")
    output = "Y"
    title = {"en": "matrix product node", "ja": "行列の積ノード"}
    latex = r"Y = A \cdot B"
    latex_grads = (r"\frac{\partial L}{\partial A} = \frac{\partial L}{\partial Y} \cdot B^{T}",
                   r"\frac{\partial L}{\partial B} = A^{T} \cdot \frac{\partial L}{\partial Y}")
    summary = {"en": "Matrix product (numpy's @): mind the shapes.",
               "ja": "行列の積 (np.dot): 次元数を一致させる"}
    backward_text = (
        grad_text(chain("Y", "A", "B^{T}"),
                  "∂L/∂A = ∂L/∂Y · Bᵀ = {up} · {local}ᵀ = {grad} flows back to {to}",
                  "∂L/∂A = ∂L/∂Y · Bᵀ = {up} · {local}ᵀ = {grad} が {to} へ流れる",
                  "{grad_shape} = {up_shape} · {localT_shape}"),
        grad_text(rf"{d('L', 'B')} = A^{{T}} \cdot {d('L', 'Y')}",
                  "∂L/∂B = Aᵀ · ∂L/∂Y = {local}ᵀ · {up} = {grad} flows back to {to}",
                  "∂L/∂B = Aᵀ · ∂L/∂Y = {local}ᵀ · {up} = {grad} が {to} へ流れる",
                  "{grad_shape} = {localT_shape} · {up_shape}"),
    )

    @classmethod
    def infer_shape(cls, shapes, attrs):
        a, b = shapes
        if not a or not b:
            raise OpError("shape_mismatch", f"matmul needs arrays, not scalars: got A"
                          f" {fmt_shape(a)} and B {fmt_shape(b)}")
        inner_b = b[0] if len(b) == 1 else b[-2]
        if a[-1] != inner_b:
            raise OpError("shape_mismatch", f"matmul needs A.shape[-1] == B.shape[-2], got A"
                          f" {fmt_shape(a)} and B {fmt_shape(b)}")
        try:
            batch = np.broadcast_shapes(a[:-2], b[:-2])
        except ValueError:
            raise OpError("shape_mismatch", f"matmul cannot broadcast the batch axes of A"
                          f" {fmt_shape(a)} and B {fmt_shape(b)}") from None
        rows = (a[-2],) if len(a) >= 2 else ()
        cols = (b[-1],) if len(b) >= 2 else ()
        return tuple(batch) + rows + cols

    @classmethod
    def work(cls, shapes, out):
        """m*k*n multiply-adds: every output element is a dot product of length k."""
        return math.prod(out) * shapes[0][-1]

    @classmethod
    def forward(cls, xs, attrs):
        a, b = xs
        return np.matmul(a, b), None

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        a, b = xs
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        d = np.asarray(dout)
        if b.ndim == 1:  # first: for 1-D @ 1-D, dout is 0-d and has no axis -2 yet
            d = np.expand_dims(d, -1)
        if a.ndim == 1:
            d = np.expand_dims(d, -2)
        need_a, need_b = needs or (True, True)
        da = sum_to(np.matmul(d, _swap(b2)), a2.shape).reshape(a.shape) if need_a else None
        db = sum_to(np.matmul(_swap(a2), d), b2.shape).reshape(b.shape) if need_b else None
        return (b, da), (a, db)


@register
class Transpose(Op):
    name, symbol, operands, output = "transpose", "ᵀ", ("X",), "Y"
    title = {"en": "transpose node", "ja": "転置ノード"}
    latex = r"Y = X^{T}"
    latex_grads = (rf"{d('L', 'X')} = \left({d('L', 'Y')}\right)^{{T}}",)
    summary = {"en": "Transpose of a matrix: the gradient flows back transposed.",
               "ja": "行列の転置: 勾配も転置して流れる"}
    backward_text = (grad_text(latex_grads[0],
                               "transposed back: ({up})ᵀ = {grad} flows back to {to}",
                               "転置して戻す: ({up})ᵀ = {grad} が {to} へ流れる",
                               "{grad_shape} = {up_shape}ᵀ"),)

    @classmethod
    def infer_shape(cls, shapes, attrs):
        (shape,) = shapes
        if len(shape) != 2:
            raise OpError("shape_mismatch", f"transpose takes a matrix (2 axes), got"
                          f" {fmt_shape(shape)}")
        return shape[::-1]

    @classmethod
    def forward(cls, xs, attrs):
        return np.transpose(xs[0]), None

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        return ((ONE, np.transpose(np.asarray(dout))),)


@register
class Sum(Op):
    name, symbol, operands, output = "sum", "Σ", ("x",), "y"
    title = {"en": "sum node", "ja": "総和ノード"}
    backward_view = True  # np.broadcast_to: every reader of a big array sends a view, no copy
    latex = r"y = \sum_i x_i"
    latex_grads = (r"\frac{\partial y}{\partial x_i} = 1",)
    summary = {"en": "Sum (over all elements, or over attrs.axis): the gradient is copied back"
                     " to every element.",
               "ja": "総和: 逆伝播では上流の値を各要素へコピーして流す"}
    backward_text = (grad_text(rf"{d('L', 'x_i')} = {d('L', 'y')}",
                               "copied back to every element: {grad} flows back to {to}",
                               "各要素へコピーして流す: {grad} が {to} へ流れる",
                               "{grad_shape} ← {up_shape}"),)
    attr_specs = {
        "axis": {"type": "integer | integer[] | null", "required": False, "default": None,
                 "description": "axes to sum over; null sums everything"},
        "keepdims": {"type": "boolean", "required": False, "default": False,
                     "description": "keep the summed axes with length 1"},
    }

    @classmethod
    def parse_attrs(cls, attrs):
        attrs = super().parse_attrs(attrs)
        axis = attrs.get("axis")
        keepdims = attrs.get("keepdims", False)
        if not isinstance(keepdims, bool):
            raise OpError("bad_attr", f"sum's attrs.keepdims must be true or false, got"
                          f" {keepdims!r}")
        ok_int = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
        if axis is not None and not ok_int(axis):
            if not (isinstance(axis, list) and axis and all(ok_int(v) for v in axis)):
                raise OpError("bad_attr", f"sum's attrs.axis must be an integer, a list of"
                              f" integers or null, got {axis!r}")
            axis = tuple(axis)
        return {"axis": axis, "keepdims": keepdims}

    @classmethod
    def _axes(cls, shape, axis):
        if axis is None:
            return tuple(range(len(shape)))
        axes = (axis,) if isinstance(axis, int) else axis
        norm = []
        for ax in axes:
            if not -len(shape) <= ax < len(shape):
                raise OpError("bad_attr", f"sum's axis {ax} is out of range for x"
                              f" {fmt_shape(shape)}")
            norm.append(ax % len(shape))
        if len(set(norm)) != len(norm):
            raise OpError("bad_attr", f"sum's attrs.axis repeats an axis: {list(axes)}")
        return tuple(sorted(norm))

    @classmethod
    def infer_shape(cls, shapes, attrs):
        (shape,) = shapes
        axes = cls._axes(shape, attrs["axis"])
        if attrs["keepdims"]:
            return tuple(1 if i in axes else n for i, n in enumerate(shape))
        return tuple(n for i, n in enumerate(shape) if i not in axes)

    @classmethod
    def forward(cls, xs, attrs):
        return np.sum(xs[0], axis=attrs["axis"], keepdims=attrs["keepdims"]), None

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        (x,) = xs
        d = np.asarray(dout)
        if not attrs["keepdims"]:
            d = np.expand_dims(d, cls._axes(np.shape(x), attrs["axis"]))
        return ((ONE, np.broadcast_to(d, np.shape(x))),)  # a read-only view: no copy per reader


@register
class Affine(Op):
    name, symbol, operands, output, box = "affine", "Affine", ("x", "W", "b"), "Y", True
    title = {"en": "Affine layer", "ja": "Affineレイヤ"}
    latex = r"Y = X \cdot W + B"
    latex_grads = (
        r"\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} \cdot W^{T}",
        r"\frac{\partial L}{\partial W} = X^{T} \cdot \frac{\partial L}{\partial Y}",
        r"\frac{\partial L}{\partial B} = \sum_{n} \frac{\partial L}{\partial Y_n}",
    )
    summary = {"en": "Affine layer: one sample a row; the bias gradient sums over the batch.",
               "ja": "Affine レイヤ: バイアスの勾配はバッチ方向 (第0軸) の和"}
    backward_text = (
        grad_text(chain("Y", "X", "W^{T}"),
                  "∂L/∂X = ∂L/∂Y · Wᵀ = {up} · {local}ᵀ = {grad} flows back to {to}",
                  "∂L/∂X = ∂L/∂Y · Wᵀ = {up} · {local}ᵀ = {grad} が {to} へ流れる",
                  "{grad_shape} = {up_shape} · {localT_shape}"),
        grad_text(rf"{d('L', 'W')} = X^{{T}} \cdot {d('L', 'Y')}",
                  "∂L/∂W = Xᵀ · ∂L/∂Y = {local}ᵀ · {up} = {grad} flows back to {to}",
                  "∂L/∂W = Xᵀ · ∂L/∂Y = {local}ᵀ · {up} = {grad} が {to} へ流れる",
                  "{grad_shape} = {localT_shape} · {up_shape}"),
        grad_text(rf"{d('L', 'B')} = \sum_{{n}} {d('L', 'Y_n')}",
                  "∂L/∂B = ∂L/∂Y{sum} = {grad} flows back to {to}",
                  "∂L/∂B = ∂L/∂Y{sum} = {grad} が {to} へ流れる",
                  "{grad_shape} ← {up_shape}"),
    )

    @staticmethod
    def _flat(shape):
        if len(shape) <= 2:
            return shape
        return (shape[0], math.prod(shape[1:]))

    @classmethod
    def infer_shape(cls, shapes, attrs):
        x, w, b = shapes
        if not x:
            raise OpError("shape_mismatch", "affine needs x with at least one axis, got a scalar")
        if len(w) != 2:
            raise OpError("shape_mismatch", f"affine needs a 2-D W, got W {fmt_shape(w)}")
        xf = cls._flat(x)
        if xf[-1] != w[0]:
            raise OpError("shape_mismatch", f"affine needs x.shape[-1] == W.shape[0], got x"
                          f" {fmt_shape(x)} and W {fmt_shape(w)}")
        out = xf[:-1] + (w[1],)
        if b == out[-1:] or b == out or not b:  # the usual biases, without numpy's slow check
            return out
        try:
            ok = tuple(np.broadcast_shapes(out, b)) == out
        except ValueError:
            ok = False
        if not ok:
            raise OpError("shape_mismatch", f"affine needs b to broadcast to x·W {fmt_shape(out)},"
                          f" got b {fmt_shape(b)}")
        return out

    @classmethod
    def work(cls, shapes, out):
        """m*k*n for x·W, plus adding b."""
        return math.prod(out) * (shapes[1][0] + 1)

    @classmethod
    def forward(cls, xs, attrs):
        x, w, b = xs
        if x.ndim > 2:
            x = x.reshape(cls._flat(x.shape))
        y = np.dot(x, w)
        y += b  # in place (b broadcasts to x·W, `infer_shape` checked): one array, not two
        return y, None

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        x, w, b = xs
        need_x, need_w, need_b = needs or (True, True, True)
        xf = x.reshape(cls._flat(x.shape)) if x.ndim > 2 else x
        dx = np.dot(dout, w.T).reshape(x.shape) if need_x else None
        dw = (np.outer(xf, dout) if xf.ndim == 1 else np.dot(xf.T, dout)) if need_w else None
        db = sum_to(dout, np.shape(b)) if need_b else None
        if db is dout:  # b as large as Y: b's gradient must not be Y's own array
            db = np.array(dout)
        return (w, dx), (x, dw), (ONE, db)


@register
class SoftmaxWithLoss(Op):
    name, symbol, operands, output, box = "softmax_with_loss", "Softmax-with-Loss", ("x", "t"), \
        "L", True
    differentiable = (True, False)
    title = {"en": "Softmax-with-Loss layer", "ja": "Softmax-with-Lossレイヤ"}
    latex = (r"y_k = \frac{\exp(x_k)}{\sum_i \exp(x_i)},\quad"
             r" L = -\frac{1}{N}\sum_n \sum_k t_{nk} \log y_{nk}")
    latex_grads = (r"\frac{\partial L}{\partial x} = \frac{y - t}{N}",
                   r"\text{(the teacher } t \text{ gets no gradient)}")
    summary = {"en": "Softmax and cross-entropy together: the gradient is simply (y - t) / N.",
               "ja": "Softmax と交差エントロピー誤差: 逆伝播は (y - t) / N ときれいな形になる"}
    backward_text = (
        grad_text(rf"{d('L', 'x')} = \frac{{y - t}}{{N}}",
                  "∂L/∂x = (y − t) / N = ({y} − {t}) / {n} = {local}; × {up} = {grad} flows back"
                  " to {to}",
                  "∂L/∂x = (y − t) / N = ({y} − {t}) / {n} = {local}; × {up} = {grad} が {to} へ"
                  "流れる"),
        grad_text(r"\text{(the teacher } t \text{ gets no gradient)}",
                  "the teacher label {to} gets no gradient", "教師ラベル {to} へは勾配を流さない"),
    )

    @classmethod
    def infer_shape(cls, shapes, attrs):
        x, t = shapes
        if len(x) not in (1, 2):
            raise OpError("shape_mismatch", f"softmax_with_loss needs x of shape (C,) or (N, C),"
                          f" got x {fmt_shape(x)}")
        if t != x and t != x[:-1]:
            raise OpError("shape_mismatch", f"softmax_with_loss needs t one-hot with x's shape or"
                          f" labels of shape {fmt_shape(x[:-1])}, got x {fmt_shape(x)} and t"
                          f" {fmt_shape(t)}")
        return ()

    @classmethod
    def shown(cls, shapes):
        """y, the softmax output, has x's shape."""
        return math.prod(shapes[0])

    @classmethod
    def check_values(cls, shapes, values):
        """Class labels given as a leaf value are checked before the run (one-hot t is not)."""
        t = values[1]
        if t is not None and shapes[1] != shapes[0]:
            cls.check_labels(t, shapes[0][-1])

    @staticmethod
    def check_labels(t, classes: int) -> np.ndarray:
        """Class labels as integers; they must be whole numbers from 0 to classes - 1."""
        labels = np.asarray(t)
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < classes)):
            raise OpError("bad_value", f"softmax_with_loss needs class labels that are whole"
                          f" numbers from 0 to {classes - 1}, got t = {labels.tolist()}")
        return labels.astype(np.int64)

    @classmethod
    def onehot(cls, x, t):
        """The teacher as one-hot rows (given one-hot, or built from class labels)."""
        if np.shape(t) == x.shape:
            return t
        labels = cls.check_labels(t, x.shape[-1])
        t1 = np.zeros(x.shape)
        np.put_along_axis(t1, labels[..., None], 1.0, axis=-1)
        return t1

    @classmethod
    def forward(cls, xs, attrs):
        x, t = xs
        t1 = cls.onehot(x, t)
        y = softmax(x)
        n = x.shape[0] if x.ndim == 2 else 1
        loss = -(t1 * np.log(y + 1e-7)).sum() / n
        return loss, {"y": y, "t": t1, "n": n}

    @staticmethod
    def _local(extra) -> np.ndarray:
        """∂L/∂x = (y - t) / N, from what the forward pass kept."""
        return (extra["y"] - extra["t"]) / extra["n"]

    @classmethod
    def backward(cls, dout, xs, out, extra, attrs, needs=()):
        local = cls._local(extra)
        return (local, dout * local), (None, None)

    @classmethod
    def backward_untraced(cls, dout, xs, out, extra, attrs, needs=()):
        """The loss is the output, seeded with 1.0: times 1.0 every number stays itself, so the
        local is the gradient (a fresh array no trace holds). Another seed multiplies."""
        local = cls._local(extra)
        return (None, local if type(dout) is float and dout == 1.0 else dout * local), (None, None)
