"""Backprop against central differences, like the book's gradient check (5.7.3)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cost import cost
from .evaluate import Program, compile
from .limits import Limits


@dataclass(frozen=True)
class InputCheck:
    backprop: np.ndarray
    numerical: np.ndarray
    max_abs_diff: float
    max_rel_diff: float
    ok: bool


@dataclass(frozen=True)
class GradCheck:
    ok: bool
    h: float
    inputs: dict[str, InputCheck]


def numerical_gradient(program: Program, node: str, h: float = 1e-4, *,
                       deadline: float | None = None) -> np.ndarray:
    """d(sum(seed * output)) / d(node) by central differences; leaf values are never mutated.

    `deadline` (a time.monotonic() value) ends it with a "time_limit" GraphError."""
    graph = program.graph
    seed = graph.seed
    x = np.array(graph.values[graph.pos[node]], dtype=np.float64)  # a copy
    grad = np.zeros_like(x)

    def f(v):
        return np.asarray(program.forward({node: v}, deadline=deadline), dtype=np.float64)

    # Subtract output by output before weighting and summing: the difference of two sums
    # loses every small output's change next to a large one (exp(1) beside exp(50)).
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f(x.copy())
        x[idx] = old - h
        minus = f(x.copy())
        x[idx] = old
        with np.errstate(all="ignore"):  # inf - inf is nan, like any other value
            grad[idx] = float(np.sum(seed * (plus - minus))) / (2 * h)
    return grad


def gradcheck(document, *, h: float = 1e-4, rtol: float = 1e-4, atol: float = 1e-6,
              limits: Limits | None = None) -> GradCheck:
    """Compare every input's backprop gradient with central differences.

    An element agrees when |backprop - numerical| <= atol + rtol * |numerical|. Inputs that feed
    only non-differentiable operands (a softmax_with_loss teacher) are left out.
    """
    program = compile(document, limits, trace=False)
    if limits:
        cost(program.graph, trace=False).check(limits, gradcheck=True)
    deadline = program.deadline()
    result = program.run(trace=False)
    checks = {}
    graph = program.graph
    for k, (i, op) in enumerate(zip(graph.ids, graph.ops)):
        if op != "input" or not program.fan_in[k]:
            continue
        b = np.asarray(result.grads[i], dtype=np.float64)
        n = numerical_gradient(program, i, h, deadline=deadline)
        diff = np.abs(b - n)
        scale = np.maximum(np.abs(b), np.abs(n))
        with np.errstate(all="ignore"):
            rel = np.where(scale > 1e-12, diff / scale, diff)
        ok = bool(np.all(diff <= atol + rtol * np.abs(n)))
        checks[i] = InputCheck(b, n, _max(diff), _max(rel), ok)
    return GradCheck(all(c.ok for c in checks.values()), h, checks)


def _max(a: np.ndarray) -> float:
    return float(np.max(a)) if a.size else 0.0
