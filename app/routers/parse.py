"""POST /api/parse: expression text -> graph document."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from compgraph.parser import parse_expressions

from ..body import body_spec, model_body
from ..deps import app_settings
from ..schemas.requests import GraphDocument, ParseRequest
from ..schemas.responses import ERRORS
from ..settings import Settings

router = APIRouter(prefix="/api", tags=["parse"])
EXAMPLES = {"contract": {"summary": "(x + y) squared: z = 9, dz/dx = 6",
                         "value": {"source": "x = 1\ny = 2\nt = x + y\nz = t ** 2"}},
            "layer": {"summary": "An affine layer and a sigmoid", "value": {
                "source": "x = [[1.0, 2.0]]\nW = [[0.1, 0.2], [0.3, 0.4]]\nb = [0.1, 0.2]\n"
                          "h = sigmoid(affine(x, W, b))\nloss = sum(h)"}}}


@router.post("/parse", response_model=GraphDocument, responses=ERRORS,
             openapi_extra=body_spec("ParseRequest", "Expression text", EXAMPLES),
             summary="Build a graph document from expression text")
async def parse(request: ParseRequest = Depends(model_body(ParseRequest)),
                settings: Settings = Depends(app_settings)):
    """One assignment a line, Python syntax, read with a whitelist (never evaluated):

        x = 1
        y = 2
        z = (x + y) ** 2

    A name assigned a number or a nested list is an `input`; `+ - * / @`, `** number` (pow),
    unary minus and calls of catalog ops (`exp(a)`, `affine(x, W, b)`, `sum(x, axis=0)`,
    `softmax_with_loss(a, t)`, `const(-1)`) build op nodes; numbers inside expressions become
    `const` nodes. Sub-expressions get the ids t1, t2, ... and constants c1, c2, ...; the last
    name assigned is the output. Errors are 422 with the line and column in `msg` and
    `loc` = ["body", "source", line, column]."""
    doc = await run_in_threadpool(parse_expressions, request.source, limits=settings.limits,
                                  parse_limits=settings.parse_limits)
    return JSONResponse(doc)
