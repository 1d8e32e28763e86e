"""Small 2-D classification data sets, generated in code from a seed (no downloads).

Each returns (x, t): x of shape (N, 2) with coordinates roughly in [-1, 1], t integer class
labels of shape (N,). The same name and seed always give the same points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def spiral(n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """Interleaved spiral arms, one per class (the classic non-linear example)."""
    rng = np.random.default_rng(seed)
    xs, ts = [], []
    for c in range(classes):
        r = np.linspace(0.05, 1.0, n_per_class)  # not 0: a point at the origin sits on a kink
        theta = np.linspace(c * 4.0, (c + 1) * 4.0, n_per_class) + rng.normal(0, noise,
                                                                             n_per_class)
        xs.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        ts.append(np.full(n_per_class, c))
    return np.concatenate(xs), np.concatenate(ts)


def xor(n: int = 200, noise: float = 0.0, seed: int = 0):
    """Points in the square; class 1 where x and y have the same sign (no straight line works)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, (n, 2))
    x = x + np.sign(x) * 0.05  # a small gap along the axes keeps the classes apart
    x = x + rng.normal(0, noise, x.shape)
    return x, (x[:, 0] * x[:, 1] > 0).astype(np.int64)


def moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles (like scikit-learn's make_moons), centred and scaled."""
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    a = np.linspace(0, np.pi, n0)
    b = np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(a), np.sin(a)])
    lower = np.column_stack([1 - np.cos(b), 0.5 - np.sin(b)])
    x = np.concatenate([upper, lower]) + rng.normal(0, noise, (n, 2))
    x = (x - [0.5, 0.25]) / 1.25
    return x, np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])


@dataclass(frozen=True)
class DataSet:
    name: str
    x: np.ndarray
    t: np.ndarray
    classes: int


MAKERS = {"spiral": (spiral, 3), "xor": (xor, 2), "moons": (moons, 2)}


def load(name: str, seed: int = 0) -> DataSet:
    """A built-in data set by name: 'spiral' (3 classes), 'xor' or 'moons' (2 classes)."""
    if name not in MAKERS:
        raise KeyError(f"no data set named {name!r} (choose from {', '.join(MAKERS)})")
    make, classes = MAKERS[name]
    x, t = make(seed=seed)
    x.flags.writeable = False
    t.flags.writeable = False
    return DataSet(name, x, t, classes)
