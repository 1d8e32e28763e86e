"""The elementwise ops of the book's figures: each is f and its local derivatives."""

from __future__ import annotations

import math

import numpy as np

from .base import Elementwise, OpError, sum_to
from .notation import d, grad_text, times
from .registry import register

ONE = 1.0


@register
class Add(Elementwise):
    name, symbol, operands = "add", "+", ("x", "y")
    title = {"en": "+ node", "ja": "加算ノード"}
    latex = r"z = x + y"
    latex_grads = (r"\frac{\partial z}{\partial x} = 1", r"\frac{\partial z}{\partial y} = 1")
    summary = {"en": "Add node: passes the upstream gradient on unchanged.",
               "ja": "加算ノード: 上流の値をそのまま下流へ流す"}
    backward_text = (times("x", "passed on unchanged (× 1)", "そのまま流す (× 1)", local_tex="1"),
                     times("y", "passed on unchanged (× 1)", "そのまま流す (× 1)", local_tex="1"))

    @staticmethod
    def f(x, y):
        return x + y

    @staticmethod
    def local(xs, out):
        return ONE, ONE


@register
class Sub(Elementwise):
    name, symbol, operands = "sub", "−", ("x", "y")
    title = {"en": "− node", "ja": "減算ノード"}
    latex = r"z = x - y"
    latex_grads = (r"\frac{\partial z}{\partial x} = 1", r"\frac{\partial z}{\partial y} = -1")
    summary = {"en": "Subtract node: the gradient flows to y with its sign flipped.",
               "ja": "減算ノード: y へは符号を反転して流す"}
    backward_text = (times("x", "passed on unchanged (× 1)", "そのまま流す (× 1)", local_tex="1"),
                     times("y", "sign flipped (× −1)", "符号を反転 (× −1)", local_tex="(-1)"))

    @staticmethod
    def f(x, y):
        return x - y

    @staticmethod
    def local(xs, out):
        return ONE, -ONE


@register
class Mul(Elementwise):
    name, symbol, operands = "mul", "×", ("x", "y")
    title = {"en": "× node", "ja": "乗算ノード"}
    latex = r"z = x \times y"
    latex_grads = (r"\frac{\partial z}{\partial x} = y", r"\frac{\partial z}{\partial y} = x")
    summary = {"en": "Multiply node: each input gets the upstream gradient times the other input.",
               "ja": "乗算ノード: 入力信号をひっくり返した値を上流の値に乗算して流す"}
    backward_text = (times("x", "times the other input y", "入力を入れ替えた値 y を掛ける",
                           local_tex="y"),
                     times("y", "times the other input x", "入力を入れ替えた値 x を掛ける",
                           local_tex="x"))

    @staticmethod
    def f(x, y):
        return x * y

    @staticmethod
    def local(xs, out):
        x, y = xs
        return y, x


@register
class Div(Elementwise):
    name, symbol, operands = "div", "/", ("x", "y")
    title = {"en": "/ node", "ja": "除算ノード"}
    latex = r"z = \frac{x}{y}"
    latex_grads = (r"\frac{\partial z}{\partial x} = \frac{1}{y}",
                   r"\frac{\partial z}{\partial y} = -\frac{x}{y^2}")
    summary = {"en": "Divide node.", "ja": "除算ノード"}
    backward_text = (times("x", "times 1/y", "1/y を掛ける", local_tex=r"\frac{1}{y}"),
                     times("y", "times −x/y²", "−x/y² を掛ける",
                           local_tex=r"\left(-\frac{x}{y^2}\right)"))

    @staticmethod
    def f(x, y):
        return x / y

    @staticmethod
    def local(xs, out):
        x, y = xs
        return ONE / y, -out / y


@register
class Neg(Elementwise):
    name, symbol, operands, output = "neg", "−", ("x",), "y"
    title = {"en": "negation node", "ja": "符号反転ノード"}
    latex = r"y = -x"
    latex_grads = (r"\frac{\partial y}{\partial x} = -1",)
    summary = {"en": "Negate node.", "ja": "符号反転ノード"}
    backward_text = (times("x", "sign flipped (× −1)", "符号を反転 (× −1)", out="y",
                           local_tex="(-1)"),)

    @staticmethod
    def f(x):
        return -x

    @staticmethod
    def local(xs, out):
        return (-ONE,)


@register
class Exp(Elementwise):
    name, symbol, operands, output = "exp", "exp", ("x",), "y"
    title = {"en": "exp node", "ja": "expノード"}
    latex = r"y = \exp(x)"
    latex_grads = (r"\frac{\partial y}{\partial x} = \exp(x) = y",)
    summary = {"en": "exp node: its derivative is itself.",
               "ja": "exp ノード: 微分は exp(x) そのもの"}
    backward_text = (times("x", "times exp(x) = y itself", "exp(x) = y 自身を掛ける", out="y",
                           local_tex=r"\exp(x)"),)

    @staticmethod
    def f(x):
        return np.exp(x)

    @staticmethod
    def local(xs, out):
        return (out,)

    sf = staticmethod(math.exp)


@register
class Log(Elementwise):
    name, symbol, operands, output = "log", "log", ("x",), "y"
    title = {"en": "log node", "ja": "logノード"}
    latex = r"y = \log x"
    latex_grads = (r"\frac{\partial y}{\partial x} = \frac{1}{x}",)
    summary = {"en": "Natural logarithm node.", "ja": "自然対数ノード"}
    backward_text = (times("x", "times 1/x", "1/x を掛ける", out="y", local_tex=r"\frac{1}{x}"),)

    @staticmethod
    def f(x):
        return np.log(x)

    @staticmethod
    def local(xs, out):
        return (ONE / xs[0],)

    sf = staticmethod(math.log)


@register
class Pow(Elementwise):
    name, symbol, operands, output = "pow", "^", ("x",), "y"
    title = {"en": "power node", "ja": "累乗ノード"}
    latex = r"y = x^{p}"
    latex_grads = (r"\frac{\partial y}{\partial x} = p\,x^{p-1}",)
    summary = {"en": "Power node with a constant exponent p (attrs.p).",
               "ja": "累乗ノード (指数 p は定数, attrs.p)"}
    backward_text = (times("x", "times p·x^(p−1)", "p·x^(p−1) を掛ける", out="y",
                           local_tex=r"p\,x^{p-1}"),)
    attr_specs = {"p": {"type": "number", "required": True, "default": None,
                        "description": "the constant exponent"}}

    @classmethod
    def parse_attrs(cls, attrs):
        attrs = super().parse_attrs(attrs)
        p = attrs.get("p")
        number = isinstance(p, (int, float)) and not isinstance(p, bool)
        try:
            value = float(p) if number else math.nan
        except OverflowError:  # an int like 10**400
            value = math.inf
        if not math.isfinite(value):
            raise OpError("bad_attr", f"pow needs attrs.p, a finite number, got {p!r}")
        return {"p": value}

    @staticmethod
    def f(x, p):
        return np.power(x, p)

    @staticmethod
    def local(xs, out, p):
        if p == 0.0:  # y = 1 everywhere: p * x^(p-1) would be 0 * inf = nan at x = 0
            return (np.zeros_like(xs[0]),)
        return (p * np.power(xs[0], p - 1.0),)

    @staticmethod
    def sf(x, p):
        if x == -math.inf:  # math.pow follows C99 (inf for a fractional p); numpy says nan
            raise ValueError("numpy's answer")
        return math.pow(x, p)

    @staticmethod
    def slocal(xs, out, p):
        if p == 0.0:  # like local: y = 1, even at x = 0 or nan
            return (0.0,)
        return (p * math.pow(xs[0], p - 1.0),)


@register
class Relu(Elementwise):
    name, symbol, operands, output = "relu", "ReLU", ("x",), "y"
    title = {"en": "ReLU layer", "ja": "ReLUレイヤ"}
    latex = r"y = \begin{cases} x & (x > 0) \\ 0 & (x \leq 0) \end{cases}"
    latex_grads = (r"\frac{\partial y}{\partial x} = \begin{cases} 1 & (x > 0) \\ 0 & (x \leq 0)"
                   r" \end{cases}",)
    summary = {"en": "ReLU: passes the gradient where x > 0, stops it where x <= 0.",
               "ja": "ReLU: x > 0 なら上流の値をそのまま流し, x <= 0 なら 0 を流す"}
    backward_text = (grad_text(
        rf"{d('L', 'x')} = {d('L', 'y')} \cdot [x > 0]",
        "the mask (x > 0) = {local}: {up} passes where x > 0 and is stopped (0) where x ≤ 0:"
        " {grad} flows back to {to}",
        "マスク (x > 0) = {local}: x > 0 の要素は {up} をそのまま流し, x ≤ 0 の要素は 0:"
        " {grad} が {to} へ流れる"),)

    @staticmethod
    def f(x):
        return np.maximum(x, 0.0)

    @staticmethod
    def local(xs, out):
        return ((xs[0] > 0) * ONE,)

    @classmethod
    def backward_untraced(cls, dout, xs, out, extra, attrs, needs=()):
        """dout times the boolean mask: numpy reads True as 1.0 and False as 0.0 inside the
        multiplication, so the float mask `local` builds (one array more) is not needed."""
        x = xs[0]
        return ((None, sum_to(np.multiply(dout, x > 0), np.shape(x))),)

    @staticmethod
    def sf(x):
        return x if x > 0 or x != x else 0.0

    @staticmethod
    def slocal(xs, out):
        return (ONE if xs[0] > 0 else 0.0,)


@register
class Sigmoid(Elementwise):
    name, symbol, operands, output = "sigmoid", "σ", ("x",), "y"
    title = {"en": "Sigmoid layer", "ja": "Sigmoidレイヤ"}
    latex = r"y = \frac{1}{1 + \exp(-x)}"
    latex_grads = (r"\frac{\partial y}{\partial x} = y(1 - y)",)
    summary = {"en": "Sigmoid node: the backward pass needs only its output y.",
               "ja": "sigmoid ノード: 逆伝播は順伝播の出力 y だけで計算できる"}
    backward_text = (times("x", "times y(1 − y), from the output alone",
                           "出力 y だけから y(1 − y) を掛ける", out="y", local_tex="y(1 - y)"),)

    @staticmethod
    def f(x):
        return ONE / (ONE + np.exp(-x))

    @staticmethod
    def local(xs, out):
        return (out * (ONE - out),)

    @staticmethod
    def sf(x):
        return ONE / (ONE + math.exp(-x))


@register
class Tanh(Elementwise):
    name, symbol, operands, output = "tanh", "tanh", ("x",), "y"
    title = {"en": "tanh node", "ja": "tanhノード"}
    latex = r"y = \tanh x"
    latex_grads = (r"\frac{\partial y}{\partial x} = 1 - y^2",)
    summary = {"en": "tanh node.", "ja": "tanh ノード"}
    backward_text = (times("x", "times 1 − y²", "1 − y² を掛ける", out="y", local_tex="(1 - y^2)"),)

    @staticmethod
    def f(x):
        return np.tanh(x)

    @staticmethod
    def local(xs, out):
        return (ONE - out * out,)

    sf = staticmethod(math.tanh)
