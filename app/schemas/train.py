"""The training API's requests and answers (POST /api/train/step, the data sets).

Strict: unknown fields and loose types ("steps": 1.0, "graph": 0) are refused with a 422.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from compgraph import datasets, train

Number = float | Literal["NaN", "Infinity", "-Infinity"]
DataSetName = Literal["spiral", "xor", "moons"]
MAX_WORK = 10_000_000  # engine.train.request_work: about a second of numpy per request
STRICT = ConfigDict(extra="forbid", strict=True)


class Params(BaseModel):
    """The network's parameters: W1 (2, H), b1 (H,), W2 (H, C), b2 (C,). Non-finite numbers
    (as the API writes them) are read, so a diverged run is told so by name."""

    model_config = STRICT
    W1: list[list[Number]]
    b1: list[Number]
    W2: list[list[Number]]
    b2: list[Number]


class StepRequest(BaseModel):
    model_config = STRICT
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
    def _cost_and_shapes(self):
        classes = datasets.MAKERS[self.dataset][1]
        hidden = len(self.params.W2) if self.params else self.hidden_size
        work = train.request_work(self.steps, self.batch_size, hidden, classes, self.gradcheck)
        if work > MAX_WORK:
            raise ValueError(f"this request's work is {work:,} (steps x batch_size x hidden"
                             f" size, plus two passes per parameter for a gradient check); one"
                             f" request may do at most {MAX_WORK:,}: send fewer steps, a"
                             " smaller batch or no gradient check")
        if self.params is not None:
            train.check_params(self.params.model_dump(), classes)
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
