"""GET /api/ops: the op catalog, generated from the engine's op classes."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter
from fastapi.responses import JSONResponse

import compgraph as engine

from ..schemas.responses import OpInfo

router = APIRouter(prefix="/api", tags=["ops"])


@lru_cache(maxsize=1)
def _catalog() -> list[dict]:
    return engine.catalog()


@router.get("/ops", response_model=list[OpInfo], summary="The op catalog")
def ops():
    """Every op: symbol, operand names, attrs, the forward formula and each operand's local
    derivative in LaTeX, and a one-line summary in English and Japanese. The leaves `input` and
    `const` come first."""
    return JSONResponse(_catalog())

