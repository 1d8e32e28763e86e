"""GET /api/ops: the op catalog, generated from the engine's op classes."""

from __future__ import annotations

from fastapi import APIRouter

import engine

router = APIRouter(prefix="/api", tags=["ops"])


@router.get("/ops", summary="The op catalog")
def ops():
    """Every op: symbol, operands, attrs, forward formula and local derivatives in LaTeX."""
    return engine.catalog()
