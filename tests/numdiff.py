"""An independent central difference (not the engine's), for every suite that checks gradients
(tests/ is on sys.path via its conftest)."""

from __future__ import annotations

import numpy as np


def central_diff(f, x, h=1e-6):
    """d f(x) / dx for a scalar-valued numpy function f, by central differences in float64."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad
