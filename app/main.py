"""The FastAPI app: routers per concern, one error handler, static files from our tree."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import errors
from .routers import evaluate, examples, ops, pages
from .settings import ROOT


def create_app() -> FastAPI:
    app = FastAPI(title="compgraph", version="0.1.0",
                  description="Computation graphs that make backpropagation visible.")
    errors.install(app)
    for r in (ops.router, examples.router, evaluate.router, pages.router):
        app.include_router(r)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    app.mount("/vendor", StaticFiles(directory=ROOT / "node_modules", check_dir=False),
              name="vendor")
    return app


app = create_app()
