"""POST /api/evaluate and /api/gradcheck: values, gradients, the step trace, the gradient check."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

import compgraph as engine

from .. import serialize
from ..body import DOCUMENT_BODY, graph_document, offload
from ..deps import app_settings
from ..jsoncodec import JSONBytes
from ..schemas.responses import ERRORS, EvaluateResponse, GradCheckResponse
from ..settings import Settings

router = APIRouter(prefix="/api", tags=["evaluate"])


def _evaluate(document, trace: bool, elide: int | None, limits: engine.Limits) -> JSONBytes:
    result = engine.evaluate(document, trace=trace, limits=limits)
    return JSONBytes(serialize.encode_answer(result, trace=trace, elide_above=elide))


@router.post("/evaluate", response_model=EvaluateResponse, responses=ERRORS,
             openapi_extra=DOCUMENT_BODY,
             summary="Evaluate a graph: forward, backward and the step trace")
async def evaluate(request: Request, document: dict[str, Any] = Depends(graph_document),
                   trace: bool = Query(True, description="false leaves the trace out"),
                   arrays: Literal["auto", "full"] = Query(
                       "auto", description="auto: trace arrays above a size limit (1,000"
                       " elements by default) are sent as shape + min/max/mean; full: every"
                       " value in full. Node values and gradients are always complete."),
                   settings: Settings = Depends(app_settings)):
    """Run the graph forward, seed the output's gradient with ones (the book's dout = 1) and run
    it backward. Every node's value and gradient in full float64 precision (non-finite numbers
    as "NaN", "Infinity", "-Infinity"), and the forward, seed and backward steps the animation
    plays. An invalid graph is a 422 whose items name the node."""
    elide = None if arrays == "full" else settings.trace_full_elements
    return await offload(request, _evaluate, document, trace, elide, settings.limits)


@router.post("/gradcheck", response_model=GradCheckResponse, responses=ERRORS,
             openapi_extra=DOCUMENT_BODY,
             summary="Check backprop against central differences")
def gradcheck(document: dict[str, Any] = Depends(graph_document),
              h: float = Query(1e-4, gt=0, le=1, description="Central-difference step"),
              settings: Settings = Depends(app_settings)):
    """For every `input` node, compare the backprop gradient with the book's numerical gradient
    (f(x + h) - f(x - h)) / 2h, element by element. `ok` when every element agrees within
    1e-6 + 1e-4 * |numerical|. Costs two forward passes per input element, so the inputs may
    hold at most 20,000 elements by default, and the whole check is bounded to about a second."""
    graph = engine.parse(document, settings.limits)
    sizes = {i: int(np.prod(n.shape, dtype=np.int64)) for i, n in graph.nodes.items()}
    size = sum(sizes[i] for i, n in graph.nodes.items() if n.op == "input")
    work = 2 * size * (sum(sizes.values()) + 50 * len(sizes))
    if size > settings.max_gradcheck_elements or work > settings.max_gradcheck_work:
        raise engine.GraphError([engine.Problem(
            "gradcheck_too_large", f"a gradient check runs the graph twice per input element:"
            f" {size} elements here, {2 * size} forward passes; that is more than the server"
            f" allows (at most {settings.max_gradcheck_elements} elements and"
            f" {settings.max_gradcheck_work:.0e} element-steps); check a smaller batch",
            None, ("nodes",))])
    return JSONResponse(serialize.gradcheck(engine.gradcheck(graph, h=h)))
