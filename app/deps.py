"""Per-app objects for routes: the settings and the saved-graph store of the app serving them.

Async on purpose: FastAPI runs a sync dependency in the threadpool, a hop that costs more than
the apple graph's whole evaluation.
"""

from __future__ import annotations

from fastapi import Request

from .settings import Settings
from .store import GraphStore


async def app_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> GraphStore:
    return request.app.state.store
