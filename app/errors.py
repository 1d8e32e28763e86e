"""Errors as JSON in FastAPI's `detail` shape: a list of items, each naming its node.

Only the client's faults are 422: the engine's GraphError and request validation (same item
shape, without echoing the input), and a document nested too deeply for Python. An unusable
store is a 503 with Retry-After; a damaged stored graph, and anything else, a JSON 500 that is
logged (a server fault, never blamed on the request, never an HTML page).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

import compgraph as engine

from .store import DamagedGraph, StoreUnavailable

log = logging.getLogger("compgraph")
FASTAPI_BODY_ERROR = "There was an error parsing the body"
STORE_RETRY_AFTER = "5"
HTTP_TYPES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


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
            # a pydantic-bodied route got bytes that are not JSON text: the same 422 as every
            # other malformed body
            return JSONResponse({"detail": [item("json_invalid", "the body is not valid JSON"
                                                 " (or not UTF-8)")]}, status_code=422)
        if isinstance(err.detail, str):  # 404, 405 ...: the documented list of items
            err = HTTPException(err.status_code, [item(HTTP_TYPES.get(err.status_code, "http"),
                                                       err.detail, ())], err.headers)
        return await http_exception_handler(request, err)

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, err: RecursionError):
        return JSONResponse({"detail": [item("too_deep", "the document is nested too deeply")]},
                            status_code=422)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, err: ClientDisconnect):
        log.info("client went away mid-body: %s %s", request.method, request.url.path)
        return Response(status_code=400)  # nobody is left to read it

    @app.exception_handler(StoreUnavailable)
    async def _store_down(request: Request, err: StoreUnavailable):
        return JSONResponse({"detail": [item("store_unavailable", str(err), ())]},
                            status_code=503, headers={"Retry-After": STORE_RETRY_AFTER})

    @app.exception_handler(DamagedGraph)
    async def _damaged(request: Request, err: DamagedGraph):
        log.error("%s on %s %s", err, request.method, request.url.path)
        return JSONResponse({"detail": [item("damaged", f"{err}", ())]}, status_code=500)

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
