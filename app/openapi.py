"""The OpenAPI schema, plus the models that routes document but do not validate with.

Graph documents are read as plain JSON (the engine validates them and names the node), so
FastAPI does not see the `GraphDocument` model on the request side; it is added here.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from .schemas.requests import GraphDocument

REF = "#/components/schemas/{model}"


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            doc = TypeAdapter(GraphDocument).json_schema(ref_template=REF)
            for name, sub in doc.pop("$defs", {}).items():
                components.setdefault(name, sub)
            components.setdefault("GraphDocument", doc)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
