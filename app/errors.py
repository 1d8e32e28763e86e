"""Errors as JSON in FastAPI's `detail` shape, each item naming its node; nothing becomes a 500.

GraphError -> 422; request validation -> 422 (same item shape, without echoing the input);
RecursionError / MemoryError / ValueError from absurd documents -> 422; anything else -> a JSON
500 that is logged (a bug to fix, never an HTML page or a dropped connection).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

import compgraph as engine

log = logging.getLogger("compgraph")
FASTAPI_BODY_ERROR = "There was an error parsing the body"


def item(type_: str, msg: str, loc=("body",), node: str | None = None) -> dict:
    return {"type": type_, "loc": list(loc), "msg": msg, "node": node}


def graph_error_response(err: engine.GraphError) -> JSONResponse:
    detail = []
    for p in err.problems:
        entry = p.as_dict()
        entry["loc"] = ["body", *entry["loc"]]
        detail.append(entry)
    return JSONResponse({"detail": detail}, status_code=422)


def install(app: FastAPI) -> None:
    @app.exception_handler(engine.GraphError)
    async def _graph_error(request: Request, err: engine.GraphError):
        return graph_error_response(err)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError):
        detail = [item(e.get("type", "invalid"), e.get("msg", "invalid request"),
                       [x for x in e.get("loc", ()) if isinstance(x, (str, int))])
                  for e in err.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, err: HTTPException):
        if err.status_code == 400 and err.detail == FASTAPI_BODY_ERROR:
            # a pydantic-bodied route (e.g. a lesson's) got bytes that are not JSON text:
            # the same 422 as every other malformed body
            return JSONResponse({"detail": [item("json_invalid", "the body is not valid JSON"
                                                 " (or not UTF-8)")]}, status_code=422)
        return await http_exception_handler(request, err)

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, err: RecursionError):
        return JSONResponse({"detail": [item("too_deep", "the document is nested too deeply")]},
                            status_code=422)

    @app.exception_handler(ValueError)
    async def _value(request: Request, err: ValueError):
        # numpy refusing a value the engine let through (e.g. a list nested 70 deep): the
        # request's fault, but logged so the engine can learn to explain it itself
        log.warning("ValueError on %s %s", request.method, request.url.path, exc_info=err)
        return JSONResponse({"detail": [item("bad_value", f"the document has a value the engine"
                                             f" cannot use: {err}")]}, status_code=422)

    @app.exception_handler(MemoryError)
    async def _memory(request: Request, err: MemoryError):
        log.warning("MemoryError on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": [item("too_large", "the graph needs more memory than the"
                                             " server has; make its arrays smaller")]},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _last_resort(request: Request, err: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": [item("internal_error", "the server could not handle this"
                                             f" request ({type(err).__name__}); please report it",
                                             ())]}, status_code=500)
