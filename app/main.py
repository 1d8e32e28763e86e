"""The FastAPI app: routers per concern, one error handler, static files from our tree.

`create_app(settings)` builds an app around its own settings and saved-graph store (tests pass
theirs); `app` is the one uvicorn serves, configured from COMPGRAPH_* environment variables.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from . import __version__, errors
from .body import BodyLimit
from .gate import Gate
from .head import HeadAsGet
from .openapi import has_local_swagger, install_local_docs, install_openapi
from .routers import (
    evaluate,
    examples,
    export,
    graphs,
    health,
    lessons,
    ops,
    pages,
    parse,
    share,
    train,
)
from .settings import ROOT, Settings, get_settings
from .store import open_store

ROUTERS = (
    health.router,
    ops.router,
    examples.router,
    evaluate.router,
    parse.router,
    graphs.router,
    export.router,
    pages.router,
    lessons.router,
    train.router,
    share.router,
)

DESCRIPTION = """\
Computation graphs that make backpropagation visible (chapter 5 of *Deep Learning from Scratch*).

Send a **graph document** (see the `GraphDocument` schema and the examples) to
`POST /api/evaluate` to get every node's value and gradient and the step trace the animation
plays. Start from a preset (`GET /api/examples`), or write expressions and let
`POST /api/parse` build the document. An invalid graph is a `422` whose `detail` items each name
the node that is wrong.
"""
TAGS = [
    {"name": "evaluate", "description": "Values, gradients and the step trace of a graph; the"
     " gradient check against central differences."},
    {"name": "parse", "description": "Expression text (`z = (x + y) ** 2`) to a graph document."},
    {"name": "saved graphs", "description": "Immutable graphs with permanent links (`/g/<id>`)."},
    {"name": "examples", "description": "The book's chapter-5 graphs, ready to evaluate."},
    {"name": "ops", "description": "The op catalog: formulas and local derivatives."},
    {"name": "export", "description": "Graphviz DOT for papers and slides."},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="compgraph", version=__version__, description=DESCRIPTION,
                  openapi_tags=TAGS,
                  docs_url=None if has_local_swagger() else "/docs",
                  redoc_url=None)  # ReDoc would come from a CDN; /docs is served locally
    app.state.settings = settings
    app.state.store = open_store(settings.db)
    app.state.gate = Gate(settings.max_busy, settings.worker_processes)
    app.router.add_event_handler("shutdown", app.state.store.close)
    app.router.add_event_handler("shutdown", app.state.gate.close)
    errors.install(app)
    for r in ROUTERS:
        app.include_router(r)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    if (ROOT / "node_modules").is_dir():  # a checkout; a pip-installed package has none: 404s
        app.mount("/vendor", StaticFiles(directory=ROOT / "node_modules"), name="vendor")
    if settings.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)  # outermost: added last
    install_openapi(app)
    if has_local_swagger():
        install_local_docs(app)  # else FastAPI's /docs page, Swagger UI from its CDN
    return app


app = create_app()
