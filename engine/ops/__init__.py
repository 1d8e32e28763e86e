"""The op catalog: the leaves, then every op registered with `@register` (GET /api/ops is
generated from it)."""

from __future__ import annotations

from . import elementwise, layers  # noqa: F401 (importing them registers their ops, in order)
from .base import Op, OpError, fmt_shape, sum_to
from .notation import AXES, BROADCAST, SEED
from .registry import OPS, register


def _leaf(name: str, title: tuple[str, str], en: str, ja: str) -> dict:
    return {"name": name, "symbol": "", "title": {"en": title[0], "ja": title[1]}, "arity": 0,
            "operands": [], "differentiable": [], "output": "", "box": False,
            "attrs": [], "latex": "", "latex_grads": [],
            "summary": {"en": en, "ja": ja}, "backward": [], "seed": SEED, "broadcast": BROADCAST,
            "axes": AXES, "leaf": True}


LEAVES = {
    "input": _leaf("input", ("input", "入力"),
                   "A variable: it has a value and receives a gradient.",
                   "変数: 値を持ち, 勾配を受け取る"),
    "const": _leaf("const", ("constant", "定数"),
                   "A fixed value (like the -1 and 1 of the sigmoid graph): no gradient.",
                   "定数 (sigmoid の -1 や 1 のような固定値): 勾配なし"),
}


def catalog() -> list[dict]:
    """Every op as plain data: leaves first, then the registry in its order."""
    return [*LEAVES.values(), *({**op.describe(), "leaf": False} for op in OPS.values())]


__all__ = ["OPS", "LEAVES", "Op", "OpError", "catalog", "fmt_shape", "register", "sum_to"]
