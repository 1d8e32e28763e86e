"""Per-app objects for routes: the settings and the saved-graph store of the app serving them."""

from __future__ import annotations

from fastapi import Request

from .store import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store
