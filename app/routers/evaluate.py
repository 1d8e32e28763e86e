"""POST /api/evaluate: values, gradients and the step trace of a graph document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse

import engine

from .. import serialize
from ..settings import Settings, get_settings

router = APIRouter(prefix="/api", tags=["evaluate"])


@router.post("/evaluate", summary="Evaluate a graph: forward, backward and the step trace")
def evaluate(document: dict[str, Any] = Body(...), trace: bool = True,
             settings: Settings = Depends(get_settings)):
    """Run the graph forward, seed the output's gradient with ones and run it backward."""
    result = engine.evaluate(document, trace=trace, limits=settings.limits)
    return JSONResponse(serialize.evaluation(result, trace=trace))
