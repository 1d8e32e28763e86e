"""The two-layer net of 5.7 trained by SGD, every step through the engine.

The network is a graph document (Affine1 -> Relu1 -> Affine2 -> SoftmaxWithLoss, the book's
TwoLayerNet); it is compiled once per shape and each step is `Program.run` with new leaf values:

    1. mini-batch: pick `batch_size` rows at random (seeded by (seed, step): stateless, repeatable)
    2. gradient:   forward and backward through the compiled graph
    3. update:     params <- params - lr * grads
    4. repeat
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .evaluate import Program, compile
from .gradcheck import gradcheck
from .ops.layers import softmax

PARAMS = ("W1", "b1", "W2", "b2")
LAYERS = ("Affine1", "Relu1", "Affine2", "SoftmaxWithLoss")


def network_document(x, t, params: dict, *, loss: bool = True, data: str = "input") -> dict:
    """The two-layer net as a graph document; without `loss` the output is Affine2's scores.

    `data="const"` makes x and t constants: training and the gradient check need no gradient
    of the data, and the engine then skips computing one."""
    v = {k: np.asarray(a, dtype=np.float64) for k, a in params.items()}
    nodes = [
        {"id": "x", "op": data, "value": np.asarray(x, dtype=np.float64), "label": "x"},
        {"id": "W1", "op": "input", "value": v["W1"], "label": "W1"},
        {"id": "b1", "op": "input", "value": v["b1"], "label": "b1"},
        {"id": "Affine1", "op": "affine", "inputs": ["x", "W1", "b1"], "label": "Affine1"},
        {"id": "Relu1", "op": "relu", "inputs": ["Affine1"], "label": "Relu1"},
        {"id": "W2", "op": "input", "value": v["W2"], "label": "W2"},
        {"id": "b2", "op": "input", "value": v["b2"], "label": "b2"},
        {"id": "Affine2", "op": "affine", "inputs": ["Relu1", "W2", "b2"], "label": "Affine2"},
    ]
    if loss:
        nodes += [
            {"id": "t", "op": data, "value": np.asarray(t, dtype=np.float64), "label": "t"},
            {"id": "SoftmaxWithLoss", "op": "softmax_with_loss", "inputs": ["Affine2", "t"],
             "label": "SoftmaxWithLoss"},
        ]
    return {"version": 1, "title": "TwoLayerNet (5.7)", "nodes": nodes,
            "output": "SoftmaxWithLoss" if loss else "Affine2"}


def init_params(input_size: int, hidden_size: int, output_size: int, *, seed: int = 0,
                weight_init_std: float = 1.0) -> dict[str, np.ndarray]:
    """Like the book's TwoLayerNet: Gaussian weights times weight_init_std, zero biases."""
    rng = np.random.default_rng(seed)
    return {
        "W1": weight_init_std * rng.standard_normal((input_size, hidden_size)),
        "b1": np.zeros(hidden_size),
        "W2": weight_init_std * rng.standard_normal((hidden_size, output_size)),
        "b2": np.zeros(output_size),
    }


@lru_cache(maxsize=32)
def _program(rows: int, inputs: int, hidden: int, classes: int, loss: bool) -> Program:
    """One compiled program per shape: validation and planning are paid once."""
    params = {"W1": np.zeros((inputs, hidden)), "b1": np.zeros(hidden),
              "W2": np.zeros((hidden, classes)), "b2": np.zeros(classes)}
    return compile(network_document(np.zeros((rows, inputs)), np.zeros(rows), params, loss=loss,
                                    data="const"))


def program_for(params: dict, rows: int, *, loss: bool = True) -> Program:
    inputs, hidden = np.shape(params["W1"])
    classes = np.shape(params["W2"])[1]
    return _program(rows, inputs, hidden, classes, loss)


def minibatch(n: int, batch_size: int, seed: int, step: int) -> np.ndarray:
    """Step 1: the rows of step `step`, chosen at random; the same (seed, step), the same rows."""
    rng = np.random.default_rng([seed, step])
    return rng.choice(n, size=batch_size, replace=batch_size > n)


@dataclass
class StepResult:
    params: dict[str, np.ndarray]  # after the update
    grads: dict[str, np.ndarray]  # at the parameters before the update
    loss: float  # mini-batch loss before the update
    batch: np.ndarray  # row indices of the mini-batch


def gradient(params: dict, x, t) -> tuple[float, dict[str, np.ndarray]]:
    """Step 2: loss and the gradient of every parameter, by backprop through the engine."""
    run = program_for(params, len(x)).run({"x": x, "t": t, **params}, trace=False)
    return float(run.values["SoftmaxWithLoss"]), {k: run.grads[k] for k in PARAMS}


def sgd_step(params: dict, x, t, *, lr: float, batch_size: int, seed: int, step: int
             ) -> StepResult:
    """One SGD step on the data (x, t): mini-batch, gradient, update."""
    rows = minibatch(len(x), batch_size, seed, step)
    loss, grads = gradient(params, x[rows], t[rows])
    new = {k: np.asarray(params[k], dtype=np.float64) - lr * grads[k] for k in PARAMS}
    return StepResult(new, grads, loss, rows)


def train(params: dict, x, t, *, steps: int, lr: float, batch_size: int, seed: int = 0,
          start: int = 0) -> tuple[dict, list[float]]:
    """Step 4: repeat `steps` SGD steps from step number `start`; the mini-batch losses."""
    r = run(params, x, t, steps=steps, lr=lr, batch_size=batch_size, seed=seed, start=start)
    return r.params, r.losses


def scores(params: dict, x) -> np.ndarray:
    """Affine2's output (one row of class scores per point), forward only."""
    return program_for(params, len(x), loss=False).forward({"x": x, **params})


def evaluate_on(params: dict, x, t) -> tuple[float, float]:
    """Loss and accuracy on a whole data set, from one forward pass."""
    v = program_for(params, len(x)).forward_values({"x": x, "t": t, **params})
    return float(v["SoftmaxWithLoss"]), float(np.mean(np.argmax(v["Affine2"], axis=1) == t))


def boundary(params: dict, lo: float, hi: float, size: int) -> dict:
    """The decision-boundary heatmap: predicted class and its probability on a size x size grid."""
    axis = np.linspace(lo, hi, size)
    gx, gy = np.meshgrid(axis, axis)
    p = softmax(scores(params, np.column_stack([gx.ravel(), gy.ravel()])))
    return {"axis": axis, "cls": p.argmax(axis=1).reshape(size, size),
            "prob": p.max(axis=1).reshape(size, size)}


def gradient_check(params: dict, x, t) -> dict[str, dict[str, float]]:
    """5.7.3: backprop against numerical differentiation for each parameter (x, t held fixed)."""
    check = gradcheck(network_document(x, t, params, data="const"))
    return {k: {"mean_abs_diff": float(np.mean(np.abs(c.backprop - c.numerical))),
                "max_abs_diff": c.max_abs_diff, "ok": c.ok}
            for k, c in check.inputs.items()}


def request_work(steps: int, batch_size: int, hidden: int, classes: int,
                 gradcheck: bool = False) -> int:
    """What a training request costs, in (rows x hidden neurons) per forward-backward pass:
    `steps` SGD steps, plus two forward passes per parameter for the gradient check."""
    passes = steps + (2 * (3 * hidden + hidden * classes + classes) if gradcheck else 0)
    return passes * batch_size * hidden


def check_params(params: dict, classes: int, max_hidden: int = 200) -> dict[str, np.ndarray]:
    """Parameters sent as nested lists, as arrays of the two-layer net's shapes: W1 (2, H),
    b1 (H,), W2 (H, classes), b2 (classes,), every number finite. ValueError says what is wrong."""
    arrays = {}
    for k in PARAMS:
        try:
            arrays[k] = np.asarray(params[k], dtype=np.float64)
        except ValueError:
            raise ValueError(f"params.{k} must be rectangular: rows of one length") from None
    if arrays["W1"].ndim != 2 or arrays["W2"].ndim != 2:
        raise ValueError("params.W1 and params.W2 must be rectangular matrices")
    h = arrays["W1"].shape[1]
    if not 1 <= h <= max_hidden:
        raise ValueError(f"params.W1 has {h} columns; the hidden layer needs 1 to {max_hidden}")
    want = {"W1": (2, h), "b1": (h,), "W2": (h, classes), "b2": (classes,)}
    for k, shape in want.items():
        if arrays[k].shape != shape:
            raise ValueError(f"params.{k} has shape {arrays[k].shape}; the net with {h} hidden"
                             f" neurons and {classes} classes needs {shape}")
        if not np.all(np.isfinite(arrays[k])):
            raise ValueError(f"params.{k} is not finite (training diverged): start again or"
                             " lower the learning rate")
    return arrays


@dataclass
class Run:
    params: dict[str, np.ndarray]  # after the last step
    before: dict[str, np.ndarray]  # before the last step (what its gradient was taken at)
    losses: list[float]  # mini-batch loss of each step
    last: StepResult | None  # the last step (None when no step ran)


def run(params: dict, x, t, *, steps: int, lr: float, batch_size: int, seed: int = 0,
        start: int = 0) -> Run:
    """`steps` SGD steps from step number `start`, keeping what the lesson shows of the last."""
    before, last, losses = params, None, []
    for k in range(start, start + steps):
        before = params
        last = sgd_step(params, x, t, lr=lr, batch_size=batch_size, seed=seed, step=k)
        params = last.params
        losses.append(last.loss)
    return Run(params, before, losses, last)
