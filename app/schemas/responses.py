"""What goes out: evaluation, trace steps, gradient checks, the op catalog, saved graphs, errors.

Large answers are built as plain JSON by `app.serialize`; these models document them (OpenAPI)
and the schemathesis test checks that the answers match.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .requests import Array, Number


class Elided(BaseModel):
    """A trace array too large to send in full (see `?arrays=`): its shape and a summary."""

    elided: Literal[True] = True
    shape: list[int]
    size: int
    min: Number
    max: Number
    mean: Number


TraceArray = Array | Elided


class NodeResult(BaseModel):
    op: str
    shape: list[int] = Field(description="[] for a scalar")
    value: Array = Field(description="Full float64 precision; non-finite as strings")
    grad: Array | None = Field(description="d output / d node; null for const nodes")
    finite: bool = Field(description="false when value or grad holds NaN or infinity")
    y: TraceArray | None = Field(None, description="softmax_with_loss only: the softmax output"
                                 " (summarised like trace arrays, see `?arrays=`)")


class EdgeFlow(BaseModel):
    """What one backward step sends along one input edge."""

    to: str = Field(description="The operand node receiving the gradient")
    operand: str = Field(description="The operand's name in the op (x, y, W, ...)")
    local: TraceArray = Field(description="The local derivative the upstream gradient is"
                              " multiplied by (for matmul/affine: the matrix)")
    grad: TraceArray = Field(description="The gradient sent along this edge")
    total: TraceArray = Field(description="The operand's gradient so far, this edge included")
    count: int = Field(description="This is contribution `count` of `of` (fan-out sums)")
    of: int


class ForwardStep(BaseModel):
    """An op node computed its value from its operands."""

    index: int
    phase: Literal["forward"]
    node: str
    op: str
    inputs: list[str] = Field(description="Operand node ids in positional order")
    operands: list[TraceArray] = Field(description="The operand values used")
    value: TraceArray = Field(description="The value produced")
    y: TraceArray | None = Field(None, description="softmax_with_loss only")


class BackwardStep(BaseModel):
    """The seed step (`op` "seed", no edges) or an op node sending gradients to its operands."""

    index: int
    phase: Literal["backward"]
    node: str
    op: str
    upstream: TraceArray = Field(description="The gradient arriving at the node (final)")
    edges: list[EdgeFlow]


class EvaluateResponse(BaseModel):
    """Values and gradients of every node, and the steps the animation plays."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "output": "price", "order": ["apple", "apple_num", "tax", "apple_price", "price"],
        "nodes": {"apple": {"op": "input", "shape": [], "value": 100.0, "grad": 2.2,
                            "finite": True},
                  "price": {"op": "mul", "shape": [], "value": 220.00000000000003, "grad": 1.0,
                            "finite": True}},
        "trace": [{"index": 0, "phase": "forward", "node": "apple_price", "op": "mul",
                   "inputs": ["apple", "apple_num"], "operands": [100.0, 2.0], "value": 200.0}],
    }]})

    output: str
    order: list[str] = Field(description="Topological order; document order breaks ties")
    nodes: dict[str, NodeResult]
    trace: list[ForwardStep | BackwardStep] | None = Field(
        None, description="Forward steps, the seed step, then backward steps (absent with"
        " ?trace=false)")


class InputCheck(BaseModel):
    ok: bool = Field(description="every element within atol + rtol * |numerical|")
    max_abs_diff: Number
    max_rel_diff: Number
    shape: list[int]
    backprop: Array
    numerical: Array


class GradCheckResponse(BaseModel):
    """Backprop against central differences (the book's numerical_gradient), per input."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "ok": True, "h": 0.0001,
        "inputs": {"apple": {"ok": True, "max_abs_diff": 1.5e-11, "max_rel_diff": 7e-12,
                             "shape": [], "backprop": 2.2, "numerical": 2.2000000000152}}}]})

    ok: bool
    h: float
    inputs: dict[str, InputCheck]


class OpAttr(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str


class GradText(BaseModel):
    """How one operand's backward is written (placeholders: engine/ops/notation.py)."""

    latex: str = Field(description="∂L/∂operand in LaTeX, e.g. ∂L/∂Y · Wᵀ")
    words: dict[str, str] = Field(description="The step as a sentence, {'en': ..., 'ja': ...}")
    shapes: str = Field(description="The shapes under the formula, e.g. {grad_shape} ="
                        " {up_shape} · {localT_shape}; empty when they add nothing")


class OpInfo(BaseModel):
    """One op of the catalog, as the engine defines it."""

    name: str
    symbol: str = Field(description="Drawn inside the node")
    title: dict[str, str] = Field(description="The book's name for the node, {'en': ..., 'ja': ...}"
                                  " (e.g. 乗算ノード)")
    arity: int
    operands: list[str]
    differentiable: list[bool]
    output: str
    box: bool = Field(description="Drawn as a box (layers) rather than a circle")
    attrs: list[OpAttr]
    latex: str = Field(description="Forward formula")
    latex_grads: list[str] = Field(description="Local derivative per operand")
    summary: dict[str, str] = Field(description="{'en': ..., 'ja': ...}")
    backward: list[GradText] = Field(description="Per operand: how its gradient is written")
    seed: dict[str, str] = Field(description="The seed step's sentence ({node}, {seed})")
    broadcast: dict[str, str] = Field(description="The {sum} phrase for a broadcast operand")
    axes: dict[str, dict[str, str]] = Field(description="Words for the summed axes")
    leaf: bool


class ExampleSummary(BaseModel):
    name: str = Field(description="Use with GET /api/examples/{name}")
    title: str | None
    summary: str | None
    title_ja: str | None
    summary_ja: str | None
    figure: str | None = Field(description="The book's figure number, e.g. 5-14")


class SavedGraph(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "4c1d6a0f5e2b9d8c7a6f5e4d", "url": "/g/4c1d6a0f5e2b9d8c7a6f5e4d"}]})

    id: str = Field(description="24 lowercase hex characters: a hash of the canonical document")
    url: str = Field(description="The web app with this graph loaded")


class Problem(BaseModel):
    type: str
    loc: list[str | int]
    msg: str
    node: str | None = Field(None, description="The node the problem is about, if any")


class ErrorResponse(BaseModel):
    """FastAPI's error shape; each item names the node it is about."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"detail": [{
        "type": "shape_mismatch", "loc": ["body", "nodes", 4], "node": "h1",
        "msg": "node 'h1': affine needs x.shape[-1] == W.shape[0], got x (2, 3) and W (4, 2)"}]}]})

    detail: list[Problem]


class Health(BaseModel):
    """Readiness: 200 with status "ok" when the store answers and the gate has room; else 503
    with status "busy" (every slot for expensive requests taken) or "store_unavailable"."""

    status: Literal["ok", "busy", "store_unavailable"]
    version: str
    store: Literal["ok", "unavailable"] = Field(description="The saved-graph store answers")
    running: int = Field(description="Expensive requests (evaluate, ...) running now")
    capacity: int = Field(description="How many may run at once (COMPGRAPH_MAX_BUSY)")


BUSY = {503: {"model": ErrorResponse, "description": "The server is busy (see Retry-After)"}}
ERRORS = {422: {"model": ErrorResponse, "description": "The document or request is invalid"},
          413: {"model": ErrorResponse, "description": "The body is too large"}, **BUSY}
STORE_ERRORS = {503: {"model": ErrorResponse, "description": "The store is unavailable or the"
                      " server is busy (see Retry-After)"},
                500: {"model": ErrorResponse, "description": "The stored copy is damaged"}}


def not_found(what: str) -> dict:
    return {404: {"model": ErrorResponse, "description": what}}
