"""The OpenAPI schema, plus the models that routes document but do not validate with.

Request bodies are read as plain JSON by `app.body` (the engine validates graph documents and
names the node; every malformed body gets the same 422), so FastAPI does not see the request
models; they are added here. `/docs` uses Swagger UI from node_modules/swagger-ui-dist when it
is installed (served under /vendor like the front end's libraries), else FastAPI's CDN default.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter

from .schemas.lessons import QuizCheck
from .schemas.requests import GraphDocument, ParseRequest
from .schemas.train import StepRequest
from .settings import ROOT

REF = "#/components/schemas/{model}"
TOO_LARGE = {"description": "The body is too large", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes,
                                 tags=app.openapi_tags)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (GraphDocument, ParseRequest, StepRequest, QuizCheck):
                sub = TypeAdapter(model).json_schema(ref_template=REF)
                for name, nested in sub.pop("$defs", {}).items():
                    components.setdefault(name, nested)
                components.setdefault(model.__name__, sub)
            for operation in (op for ops in schema["paths"].values() for op in ops.values()):
                if "requestBody" in operation:  # BodyLimit answers 413 on every route
                    operation["responses"].setdefault("413", TOO_LARGE)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


SWAGGER = ROOT / "node_modules" / "swagger-ui-dist"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def has_local_swagger() -> bool:
    return (SWAGGER / "swagger-ui-bundle.js").exists()


def install_local_docs(app: FastAPI) -> None:
    """/docs with the Swagger UI of node_modules (create the app with docs_url=None), under a
    Content-Security-Policy that allows our own files and the page's one inline script (by
    hash); Swagger UI sets inline styles, so styles may be inline."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url, title=f"{app.title} API",
        swagger_js_url="/vendor/swagger-ui-dist/swagger-ui-bundle.js",
        swagger_css_url="/vendor/swagger-ui-dist/swagger-ui.css",
        swagger_favicon_url="/vendor/swagger-ui-dist/favicon-32x32.png")
    headers = {"Content-Security-Policy": docs_csp(page.body.decode()),
               "X-Content-Type-Options": "nosniff"}

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return HTMLResponse(page.body, headers=headers)


def docs_csp(html: str) -> str:
    """The /docs policy: 'self' plus the sha256 of each inline script of `html`."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in INLINE_SCRIPT.findall(html))
    return "; ".join([
        "default-src 'self'", f"script-src 'self' {hashes}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
        "frame-ancestors 'none'"])
