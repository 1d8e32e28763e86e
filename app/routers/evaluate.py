"""POST /api/evaluate and /api/gradcheck: values, gradients, the step trace, the gradient check.

The engine work and the JSON encoding run in a worker thread through the app's gate (a 503
when the server is full), not on the event loop; a gradient check, and an evaluation whose
forward work is above `process_work`, run in the gate's worker processes, so their Python loops
do not hold the server's GIL. One exception: a body of at most `INLINE_BODY_BYTES` is validated
on the event loop, and when the cost model then says its evaluation is tiny
(`evaluation.runs_inline`, `Settings.inline_work`: the apple) it is answered there too, the
hop to a worker thread costing more than the whole evaluation.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

import compgraph as engine

from .. import evaluation, serialize
from ..body import DOCUMENT_BODY, graph_document
from ..deps import app_settings
from ..gate import Gate, offload
from ..jsoncodec import JSONBytes, dumps
from ..schemas.responses import ERRORS, EvaluateResponse, GradCheckResponse
from ..settings import Settings

router = APIRouter(prefix="/api", tags=["evaluate"])


INLINE_BODY_BYTES = 4_096  # validated on the event loop: a few dozen nodes, tens of µs


def _evaluate(document, trace: bool, elide: int | None, settings: Settings,
              gate: Gate) -> JSONBytes:
    graph, cost = evaluation.plan(document, settings, trace=trace, elide_above=elide)
    return _run(graph, cost, trace, elide, settings, gate)


def _run(graph: engine.Graph, cost: engine.Cost, trace: bool, elide: int | None,
         settings: Settings, gate: Gate) -> JSONBytes:
    return JSONBytes(gate.in_process(_answer, graph, trace, elide, settings.limits,
                                     heavy=cost.forward_work > settings.process_work))


def _answer(graph: engine.Graph, trace: bool, elide: int | None,
            limits: engine.Limits) -> bytes:
    """The evaluation's answer as JSON bytes (in a worker process when heavy)."""
    result = engine.evaluate(graph, trace=trace, limits=limits, elide_above=elide)
    return serialize.encode_answer(result, trace=trace, elide_above=elide)


def _gradcheck(document, h: float, settings: Settings) -> bytes:
    """The gradient check's answer as JSON bytes (in a worker process)."""
    graph = engine.validate(document, settings.limits)
    size = sum(math.prod(n.shape) for n in graph.nodes.values() if n.op == "input")
    if size > settings.max_gradcheck_elements:
        raise engine.GraphError([engine.Problem(
            "gradcheck_too_large", f"a gradient check runs the graph twice per input element:"
            f" {size} elements here, {2 * size} forward passes; the server allows at most"
            f" {settings.max_gradcheck_elements} elements; check a smaller batch",
            None, ("nodes",))])
    # the engine checks the work (passes x cost of a pass) against max_gradcheck_work
    return dumps(serialize.gradcheck(engine.gradcheck(graph, h=h, limits=settings.limits)))


def _checked(document, h: float, settings: Settings, gate: Gate) -> JSONBytes:
    return JSONBytes(gate.in_process(_gradcheck, document, h, settings))


@router.post("/evaluate", response_model=EvaluateResponse, responses=ERRORS,
             openapi_extra=DOCUMENT_BODY,
             summary="Evaluate a graph: forward, backward and the step trace")
async def evaluate(request: Request,
                   trace: bool = Query(True, description="false leaves the trace out"),
                   arrays: Literal["auto", "full"] = Query(
                       "auto", description="auto: trace arrays above a size limit (1,000"
                       " elements by default) are sent as shape + min/max/mean; full: every"
                       " value in full. Node values and gradients are always complete.")):
    """Run the graph forward, seed the output's gradient with ones (the book's dout = 1) and run
    it backward. Every node's value and gradient in full float64 precision (non-finite numbers
    as "NaN", "Infinity", "-Infinity"), and the forward, seed and backward steps the animation
    plays. An invalid graph is a 422 whose items name the node; a busy server a 503."""
    # the body and the settings read here, not as dependencies: FastAPI's solving of each
    # costs more than the apple's whole evaluation
    document = await graph_document(request)
    settings: Settings = request.app.state.settings
    elide = None if arrays == "full" else settings.trace_full_elements
    gate = request.app.state.gate
    if settings.inline_work and request.state.body_bytes <= INLINE_BODY_BYTES:
        graph, cost = evaluation.plan(document, settings, trace=trace, elide_above=elide)
        if evaluation.runs_inline(cost, settings.inline_work):
            return JSONBytes(_answer(graph, trace, elide, settings.limits))
        return await offload(request, _run, graph, cost, trace, elide, settings, gate)
    return await offload(request, _evaluate, document, trace, elide, settings, gate)


@router.post("/gradcheck", response_model=GradCheckResponse, responses=ERRORS,
             openapi_extra=DOCUMENT_BODY,
             summary="Check backprop against central differences")
async def gradcheck(request: Request, document: dict[str, Any] = Depends(graph_document),
                    h: float = Query(1e-4, gt=0, le=1, description="Central-difference step"),
                    settings: Settings = Depends(app_settings)):
    """For every `input` node, compare the backprop gradient with the book's numerical gradient
    (f(x + h) - f(x - h)) / 2h, element by element. `ok` when every element agrees within
    1e-6 + 1e-4 * |numerical|. Costs two forward passes per input element, so the inputs may
    hold at most 20,000 elements by default, and the whole check is bounded to about a second."""
    return await offload(request, _checked, document, h, settings, request.app.state.gate)
