"""The OpenAPI schema, plus the models that routes document but do not validate with.

Request bodies are read as plain JSON by `app.body` (the engine validates graph documents and
names the node; every malformed body gets the same 422), so FastAPI does not see the request
models; they are added here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from .schemas.requests import GraphDocument, ParseRequest

REF = "#/components/schemas/{model}"


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes,
                                 tags=app.openapi_tags)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (GraphDocument, ParseRequest):
                sub = TypeAdapter(model).json_schema(ref_template=REF)
                for name, nested in sub.pop("$defs", {}).items():
                    components.setdefault(name, nested)
                components.setdefault(model.__name__, sub)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
