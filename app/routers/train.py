"""POST /api/train/step and the data sets: the two-layer net of 5.7, trained by the engine.

Stateless: the parameters come in and go out, so a script (or the page) holds the state, and the
same request always gives the same answer (mini-batches are chosen by (seed, step)).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, model_validator

from compgraph import datasets, train

from ..serialize import number_or_list

router = APIRouter(prefix="/api/train", tags=["training"])

Number = float | Literal["NaN", "Infinity", "-Infinity"]
DataSetName = Literal["spiral", "xor", "moons"]
LIMIT = 3.0  # the heatmap covers [-LIMIT/2, LIMIT/2] in both coordinates
MAX_WORK = 10_000_000  # steps x batch x hidden: about a second of numpy per request


class Params(BaseModel):
    """The network's parameters: W1 (2, H), b1 (H,), W2 (H, C), b2 (C,)."""

    W1: list[list[float]]
    b1: list[float]
    W2: list[list[float]]
    b2: list[float]


class StepRequest(BaseModel):
    dataset: DataSetName = Field("spiral", description="Built-in 2-D data set")
    data_seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed that generates the points")
    hidden_size: int = Field(20, ge=1, le=200, description="Neurons in the hidden layer (H)")
    learning_rate: float = Field(1.0, gt=0, le=100, description="SGD step size (lr)")
    batch_size: int = Field(30, ge=1, le=1000, description="Rows per mini-batch")
    steps: int = Field(1, ge=0, le=1000, description="SGD steps to run; 0 just reports")
    seed: int = Field(0, ge=0, le=2**31 - 1,
                      description="Seed of the initial weights and of the mini-batch choice")
    step: int = Field(0, ge=0, le=10**9, description="Steps done so far (chooses the batches)")
    weight_init_std: float = Field(1.0, gt=0, le=100, description="Initial weight scale")
    params: Params | None = Field(None, description="Current parameters; omitted: initialise")
    grid: int = Field(0, ge=0, le=100, description="Decision-boundary grid size (0: none)")
    gradcheck: bool = Field(False, description="Add the 5.7.3 gradient check for the last batch")
    graph: bool = Field(False, description="Add the last mini-batch's graph document")

    @model_validator(mode="after")
    def _shapes(self):
        hidden = len(self.params.W2) if self.params else self.hidden_size
        if self.steps * self.batch_size * hidden > MAX_WORK:
            raise ValueError(f"steps x batch_size x hidden size is {self.steps} x"
                             f" {self.batch_size} x {hidden}; one request may do at most"
                             f" {MAX_WORK:,}: send fewer steps per request")
        p = self.params
        if p is None:
            return self
        classes = datasets.MAKERS[self.dataset][1]
        arrays = {}
        for k in train.PARAMS:
            try:
                arrays[k] = np.asarray(getattr(p, k), dtype=np.float64)
            except ValueError:
                raise ValueError(f"params.{k} must be rectangular: rows of one length") from None
        if arrays["W1"].ndim != 2 or arrays["W2"].ndim != 2:
            raise ValueError("params.W1 and params.W2 must be rectangular matrices")
        h = arrays["W1"].shape[1]
        if not 1 <= h <= 200:
            raise ValueError(f"params.W1 has {h} columns; the hidden layer needs 1 to 200")
        want = {"W1": (2, h), "b1": (h,), "W2": (h, classes), "b2": (classes,)}
        for k, shape in want.items():
            if arrays[k].shape != shape:
                raise ValueError(f"params.{k} has shape {arrays[k].shape}; the {self.dataset}"
                                 f" net with {h} hidden neurons needs {shape}")
            if not np.all(np.isfinite(arrays[k])):
                raise ValueError(f"params.{k} is not finite (training diverged): start again"
                                 " or lower the learning rate")
        return self


class LastStep(BaseModel):
    batch: list[int] = Field(description="Row indices of the last mini-batch (step 1)")
    loss: Number = Field(description="Its loss before the update")
    grads: dict[str, Any] = Field(description="Gradients of W1, b1, W2, b2 (step 2)")


class Boundary(BaseModel):
    axis: list[float] = Field(description="Grid coordinates, the same for x and y")
    cls: list[list[int]] = Field(description="Predicted class, row = y index, column = x index")
    prob: list[list[Number]] = Field(description="Probability of the predicted class")


class CheckRow(BaseModel):
    mean_abs_diff: Number
    max_abs_diff: Number
    ok: bool


class StepResponse(BaseModel):
    dataset: DataSetName
    step: int = Field(description="Steps done after this request")
    hidden_size: int
    params: dict[str, Any] = Field(description="Updated W1, b1, W2, b2 (step 3)")
    losses: list[Number] = Field(description="Mini-batch loss of each step run")
    loss: Number = Field(description="Loss on the whole data set after the steps")
    accuracy: float = Field(description="Accuracy on the whole data set after the steps")
    last: LastStep | None = None
    boundary: Boundary | None = None
    gradcheck: dict[str, CheckRow] | None = None
    graph: dict[str, Any] | None = Field(None, description="Graph document of the last batch")


class DataSetInfo(BaseModel):
    name: DataSetName
    classes: int
    size: int
    x: list[list[float]] | None = None
    t: list[int] | None = None


def _json(params: dict) -> dict:
    return {k: number_or_list(v) for k, v in params.items()}


@router.get("/datasets", summary="The built-in data sets", response_model=list[DataSetInfo])
def list_datasets():
    """Name, number of classes and size of each built-in data set."""
    out = []
    for name in datasets.MAKERS:
        d = datasets.load(name)
        out.append(DataSetInfo(name=name, classes=d.classes, size=len(d.t)))
    return out


@router.get("/datasets/{name}", summary="One data set's points", response_model=DataSetInfo,
            responses={404: {"description": "No such data set"}})
def dataset(name: str, seed: int = 0):
    """The points (x) and class labels (t) of a built-in data set."""
    if name not in datasets.MAKERS or not 0 <= seed < 2**31:
        raise HTTPException(404, f"no data set named {name!r} with seed {seed}")
    d = datasets.load(name, seed)
    return DataSetInfo(name=name, classes=d.classes, size=len(d.t), x=d.x.tolist(),
                       t=d.t.tolist())


@router.post("/step", summary="Run SGD steps of the two-layer net", response_model=StepResponse)
def step(req: StepRequest):
    """Mini-batch, gradient (backprop through the engine), update; repeated `steps` times."""
    data = datasets.load(req.dataset, req.data_seed)
    if req.params is None:
        params = train.init_params(2, req.hidden_size, data.classes, seed=req.seed,
                                   weight_init_std=req.weight_init_std)
    else:
        params = {k: np.asarray(getattr(req.params, k), dtype=np.float64) for k in train.PARAMS}
    losses, last, before = [], None, params
    for k in range(req.step, req.step + req.steps):
        before = params
        r = train.sgd_step(params, data.x, data.t, lr=req.learning_rate,
                           batch_size=req.batch_size, seed=req.seed, step=k)
        params, last = r.params, r
        losses.append(r.loss)
    loss, acc = train.evaluate_on(params, data.x, data.t)
    out = {"dataset": req.dataset, "step": req.step + req.steps,
           "hidden_size": params["W1"].shape[1], "params": _json(params),
           "losses": [number_or_list(v) for v in losses], "loss": number_or_list(loss),
           "accuracy": acc}
    if last is not None:
        out["last"] = {"batch": last.batch.tolist(), "loss": number_or_list(last.loss),
                       "grads": _json(last.grads)}
    rows = last.batch if last is not None else train.minibatch(len(data.t), req.batch_size,
                                                                req.seed, req.step)
    xb, tb = data.x[rows], data.t[rows]
    if req.grid:
        b = train.boundary(params, -LIMIT / 2, LIMIT / 2, req.grid)
        out["boundary"] = {"axis": b["axis"].tolist(), "cls": b["cls"].tolist(),
                           "prob": number_or_list(b["prob"])}
    if req.gradcheck:
        out["gradcheck"] = {k: {kk: number_or_list(vv) if kk != "ok" else vv
                                for kk, vv in row.items()}
                            for k, row in train.gradient_check(before, xb, tb).items()}
    if req.graph:
        doc = train.network_document(xb, tb, before)
        for n in doc["nodes"]:
            if "value" in n:
                n["value"] = number_or_list(n["value"])
        out["graph"] = doc
    return out
