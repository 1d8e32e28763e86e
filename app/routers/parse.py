"""POST /api/parse: expression text -> graph document."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from engine.parser import parse_expressions

from ..schemas.requests import GraphDocument, ParseRequest
from ..schemas.responses import ERRORS
from ..settings import Settings, get_settings

router = APIRouter(prefix="/api", tags=["parse"])


@router.post("/parse", response_model=GraphDocument, responses=ERRORS,
             summary="Build a graph document from expression text")
def parse(request: ParseRequest, settings: Settings = Depends(get_settings)):
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
    doc = parse_expressions(request.source, limits=settings.limits,
                            parse_limits=settings.parse_limits)
    return JSONResponse(doc)
