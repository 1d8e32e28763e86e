"""One handler: the engine's GraphError becomes a 422 in FastAPI's `detail` shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import engine


def graph_error_response(err: engine.GraphError) -> JSONResponse:
    detail = []
    for p in err.problems:
        item = p.as_dict()
        item["loc"] = ["body", *item["loc"]]
        detail.append(item)
    return JSONResponse({"detail": detail}, status_code=422)


def install(app: FastAPI) -> None:
    @app.exception_handler(engine.GraphError)
    async def _graph_error(request: Request, err: engine.GraphError):
        return graph_error_response(err)
