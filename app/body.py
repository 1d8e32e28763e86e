"""Request bodies: the size limit (413, enforced while reading) and graph documents as JSON objects.

Graph documents are read as plain JSON objects and handed to the engine, whose errors name the
node; pydantic validation would reject them before the engine could say which node is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from .jsoncodec import loads
from .schemas.requests import DOCUMENT_EXAMPLES


def too_large(limit: int, what: str = "the request body") -> HTTPException:
    return HTTPException(413, [{"type": "body_too_large", "loc": ["body"], "node": None,
                                "msg": f"{what} is larger than the limit of {limit} bytes"}])


class BodyLimit:
    """ASGI middleware: refuse bodies over `max_bytes` by Content-Length, or while they stream."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.max_bytes
        for key, value in scope["headers"]:
            if key == b"content-length":
                if not value.isdigit() or int(value) > limit:
                    return await _send_413(send, limit)
                break
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, limited_receive, send)


async def _send_413(send, limit: int) -> None:
    body = json.dumps({"detail": too_large(limit).detail}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


INLINE_JSON_BYTES = 65_536


def _invalid(type_: str, msg: str) -> RequestValidationError:
    return RequestValidationError([{"type": type_, "loc": ("body",), "msg": msg, "input": None}])


async def graph_document(request: Request) -> dict[str, Any]:
    """The body as a JSON object. Bare NaN/Infinity tokens become the strings the engine reads."""
    return await json_object(request, "a graph document must be a JSON object with a 'nodes'"
                             " list")


async def json_object(request: Request, what: str = "the body must be a JSON object"
                      ) -> dict[str, Any]:
    raw = await request.body()
    request.state.body_bytes = len(raw)
    if not raw.strip():
        raise _invalid("missing", "the body is empty; send a JSON object")
    try:
        if len(raw) > INLINE_JSON_BYTES:  # a big body is decoded off the event loop
            doc = await run_in_threadpool(loads, raw)
        else:
            doc = loads(raw)
    except RecursionError:
        raise _invalid("json_invalid", "the JSON is nested too deeply") from None
    except ValueError as e:  # JSONDecodeError, or bytes that are not UTF-8
        raise _invalid("json_invalid", f"the body is not valid JSON: {e}") from None
    if not isinstance(doc, dict):
        raise _invalid("dict_type", f"{what}, not a JSON {type(doc).__name__}")
    return doc


def body_spec(model: str, description: str, examples: dict | None = None) -> dict:
    """`openapi_extra` for a route that reads its body itself: the schema of `model`."""
    media = {"schema": {"$ref": f"#/components/schemas/{model}"}}
    if examples:
        media["examples"] = examples
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": media}}}


DOCUMENT_BODY = body_spec("GraphDocument", "A graph document", DOCUMENT_EXAMPLES)


def model_body(model: type[BaseModel]):
    """A dependency: the body (any Content-Type, like the graph endpoints) validated by `model`,
    its errors located under "body" like FastAPI's own."""

    async def read(request: Request) -> BaseModel:
        data = await json_object(request)
        try:
            return model.model_validate(data)
        except ValidationError as err:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])}
                                          for e in err.errors()]) from None

    return read
