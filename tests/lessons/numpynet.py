"""The book's TwoLayerNet (5.7) in plain numpy, written apart from the engine: Affine1, ReLU,
Affine2, Softmax-with-Loss and their backward, the reference the lesson tests compare with."""

from __future__ import annotations

import numpy as np


def init(seed: int, hidden: int, classes: int, std: float = 1.0) -> dict:
    """Gaussian weights times std, zero biases, drawn in the order W1, W2 (as the book does)."""
    rng = np.random.default_rng(seed)
    return {"W1": std * rng.standard_normal((2, hidden)), "b1": np.zeros(hidden),
            "W2": std * rng.standard_normal((hidden, classes)), "b2": np.zeros(classes)}


def scores(p: dict, x) -> np.ndarray:
    return np.maximum(x @ p["W1"] + p["b1"], 0.0) @ p["W2"] + p["b2"]


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def loss(p: dict, x, t) -> float:
    y = softmax(scores(p, x))
    return float(-np.mean(np.log(y[np.arange(len(t)), t] + 1e-7)))


def gradient(p: dict, x, t) -> dict:
    h = x @ p["W1"] + p["b1"]
    r = np.maximum(h, 0.0)
    dy = softmax(r @ p["W2"] + p["b2"])
    dy[np.arange(len(t)), t] -= 1.0
    dy /= len(t)  # (y - t) / N
    dh = (dy @ p["W2"].T) * (h > 0)
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": r.T @ dy, "b2": dy.sum(axis=0)}


def sgd(p: dict, x, t, *, steps: int, lr: float, batch_size: int, seed: int) -> tuple:
    """`steps` SGD steps; step k's mini-batch is drawn from a generator seeded by (seed, k)."""
    losses = []
    for k in range(steps):
        rows = np.random.default_rng([seed, k]).choice(len(x), size=batch_size,
                                                       replace=batch_size > len(x))
        losses.append(loss(p, x[rows], t[rows]))
        g = gradient(p, x[rows], t[rows])
        p = {name: p[name] - lr * g[name] for name in p}
    return p, losses
