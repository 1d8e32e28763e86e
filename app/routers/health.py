"""GET /api/health: readiness for a load balancer, answered honestly."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from .. import __version__
from ..schemas.responses import Health
from ..store import StoreUnavailable

router = APIRouter(prefix="/api", tags=["ops"])


@router.get("/health", response_model=Health, summary="Readiness check",
            responses={503: {"model": Health, "description": "Not ready: busy or no store"}})
async def health(request: Request):
    """200 `{"status": "ok"}` when the saved-graph store answers and there is room for one more
    expensive request; else 503 with `status` "store_unavailable" or "busy" (evaluation still
    works while the store is down). `running` and `capacity` count the expensive requests."""
    gate, store = request.app.state.gate, request.app.state.store
    try:
        await run_in_threadpool(store.ping)
        store_ok = True
    except StoreUnavailable:
        store_ok = False
    status = "store_unavailable" if not store_ok else "busy" if gate.saturated else "ok"
    body = {"status": status, "version": __version__, "store": "ok" if store_ok else
            "unavailable", "running": gate.running, "capacity": gate.size}
    return JSONResponse(body, status_code=200 if status == "ok" else 503)

