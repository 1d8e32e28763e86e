"""POST /api/graphs and GET /api/graphs/{id}: immutable saved graphs, addressed by content."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse

from ..body import DOCUMENT_BODY, graph_document, too_large
from ..deps import app_settings, get_store
from ..evaluation import evaluate
from ..gate import offload
from ..schemas.requests import GraphDocument
from ..schemas.responses import ERRORS, STORE_ERRORS, SavedGraph, not_found
from ..settings import Settings
from ..store import GraphStore, canonical

router = APIRouter(prefix="/api", tags=["saved graphs"])


LINKS = {201: {"links": {"GetSavedGraph": {
    "operationId": "get_saved_graph", "parameters": {"graph_id": "$response.body#/id"},
    "description": "The id answered here loads the graph with GET /api/graphs/{graph_id}"}}}}


@router.post("/graphs", status_code=201, response_model=SavedGraph,
             responses={**ERRORS, **STORE_ERRORS, **LINKS},
             openapi_extra=DOCUMENT_BODY, summary="Save a graph; get its permanent id")
async def save(request: Request, document: dict[str, Any] = Depends(graph_document),
               settings: Settings = Depends(app_settings),
               store: GraphStore = Depends(get_store)):
    """Validate and evaluate the document, then store it. Saved graphs never change: the id is
    a hash of the canonical document (keys sorted, whole floats as integers), so saving the same
    document again answers the same id (and repairs a damaged copy). Share `url` to open the
    web app with the graph. A store that cannot be written is a 503."""
    return await offload(request, _save, document, settings, store)


def _save(document, settings: Settings, store: GraphStore) -> JSONResponse:
    evaluate(document, settings, trace=False)
    text = canonical(document)
    size = len(text.encode())
    if size > settings.max_saved_bytes:
        raise too_large(settings.max_saved_bytes, f"the document ({size} bytes as canonical JSON)")
    gid, _ = store.save(text)
    return JSONResponse({"id": gid, "url": f"/g/{gid}"}, status_code=201)


@router.get("/graphs/{graph_id}", response_model=GraphDocument, summary="A saved graph",
            operation_id="get_saved_graph",
            responses={**not_found("No graph has this id"), **STORE_ERRORS})
def load(graph_id: str = Path(description="The id POST /api/graphs answered: 24 lowercase"
                             " hex characters", examples=["9984dd44c77063064e79a663"]),
         store: GraphStore = Depends(get_store)):
    """The saved document, exactly as stored (canonical JSON). Cacheable forever. A damaged
    stored copy is a 500 (saving the document again repairs it); an unreachable store a 503."""
    text = store.get(graph_id)
    if text is None:
        raise HTTPException(404, [{"type": "not_found", "loc": ["path", "graph_id"],
                                   "node": None,
                                   "msg": f"no saved graph has the id {graph_id!r}"}])
    return Response(text, media_type="application/json",
                    headers={"Cache-Control": "public, max-age=31536000, immutable"})
