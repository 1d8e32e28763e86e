"""POST /api/export/dot: the evaluated graph as Graphviz DOT."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..body import DOCUMENT_BODY, graph_document
from ..deps import app_settings
from ..dot import MAX_ITEMS, to_dot
from ..evaluation import evaluate
from ..gate import offload
from ..schemas.responses import ERRORS
from ..settings import Settings

router = APIRouter(prefix="/api", tags=["export"])
DOT_TYPE = "text/vnd.graphviz"


@router.post("/export/dot", response_class=Response, responses={
    200: {"content": {DOT_TYPE: {"schema": {"type": "string"}}},
          "description": "DOT source; render with `dot -Tsvg`"}, **ERRORS},
    openapi_extra=DOCUMENT_BODY, summary="Export the graph as Graphviz DOT")
async def export_dot(request: Request, document: dict[str, Any] = Depends(graph_document),
                     grads: bool = Query(True, description="false draws values only"),
                     settings: Settings = Depends(app_settings)):
    """The graph evaluated and drawn like the book's figures: left to right, each edge labelled
    with the value flowing forward and, in red below it, the gradient flowing back. Labels are
    escaped, so any Unicode label is safe. Render with `dot -Tsvg graph.dot > graph.svg`."""
    return await offload(request, _export, document, grads, settings)


def _export(document, grads: bool, settings: Settings) -> Response:
    # the drawing shows bigger arrays as their shape: the cost of its text is what counts
    result = evaluate(document, settings, trace=True, elide_above=MAX_ITEMS)
    return Response(to_dot(result, grads=grads), media_type=DOT_TYPE)
