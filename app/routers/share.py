"""A saved graph outside the editor: the printable handout, the embeddable player, the one-file
offline player. Each needs the graph saved (POST /api/graphs); an unknown id is a 404.

- GET /g/{id}/handout: every step on its own printed page (print CSS; the browser makes the PDF).
- GET /embed/{id}: drawing + player + caption only; may be framed by any site.
- GET /g/{id}/player.html: one HTML file (graph, evaluation, code, CSS inlined) that plays from
  disk with no network; served as a download. It evaluates the graph, so it goes through the
  app's gate like POST /api/evaluate (503 with Retry-After when the server is full).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

import compgraph as engine

from .. import __version__, serialize
from ..deps import app_settings, get_store
from ..evaluation import evaluate
from ..gate import offload
from ..settings import Settings
from ..store import GraphStore
from .pages import CSP, HEADERS, ROOT, templates

router = APIRouter(include_in_schema=False)

# The embed page is the only page any site may frame; everything else stays as strict.
EMBED_HEADERS = {**HEADERS, "Content-Security-Policy": re.sub(
    r"frame-ancestors [^;]+", "frame-ancestors *", CSP)}
BUNDLE = ROOT / "static" / "dist" / "player.js"


def _document(store: GraphStore, graph_id: str) -> dict:
    text = store.get(graph_id)
    if text is None:
        raise HTTPException(404, f"no saved graph has the id {graph_id!r}")
    return json.loads(text)


@router.get("/g/{graph_id}/handout", response_class=HTMLResponse)
def handout(request: Request, graph_id: str, store: GraphStore = Depends(get_store)):
    """Query (read by the page): lang=en|ja, steps=all|forward|backward, per=1|2|4|6,
    paper=a4|letter (default: the printer's)."""
    _document(store, graph_id)
    return templates.TemplateResponse(request, "handout.html", {"graph_id": graph_id},
                                      headers=HEADERS)


@router.get("/embed/{graph_id}", response_class=HTMLResponse)
def embed(request: Request, graph_id: str, store: GraphStore = Depends(get_store)):
    """Query (read by the page): step=N|end, lang=en|ja, autoplay=1, speed=x, caption=0."""
    _document(store, graph_id)
    return templates.TemplateResponse(request, "embed.html", {"graph_id": graph_id},
                                      headers=EMBED_HEADERS)


@lru_cache(maxsize=4)
def _asset(path: str, mtime: float) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _read(path: str) -> str:
    """A file of our tree (cached until it changes); inline <script> text must not close early."""
    file = ROOT / path
    if not file.is_file():
        raise HTTPException(503, f"{path} is missing: run `make setup` (it builds static/dist/)")
    return _asset(path, file.stat().st_mtime).replace("</script", "<\\/script")


def _json_block(data) -> str:
    """JSON for a <script type="application/json"> block: no "<" that could end it."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _player_data(store: GraphStore, graph_id: str, settings: Settings) -> tuple[dict, str]:
    """The saved document and the player's JSON block (document, catalog, evaluation)."""
    doc = _document(store, graph_id)
    elide = settings.trace_full_elements
    result = evaluate(doc, settings, trace=True, elide_above=elide)
    data = {"doc": doc, "ops": engine.catalog(),
            "evaluation": serialize.evaluation(result, trace=True, elide_above=elide)}
    return doc, _json_block(data)


@router.get("/g/{graph_id}/player.html", response_class=HTMLResponse)
async def player_file(request: Request, graph_id: str, store: GraphStore = Depends(get_store),
                      settings: Settings = Depends(app_settings)):
    doc, data = await offload(request, _player_data, store, graph_id, settings)
    css = _read("static/css/app.css") + "\n" + _read("static/css/embed.css")
    context = {"title": doc.get("title") or "compgraph", "version": __version__, "css": css,
               "data": data, "d3": _read("node_modules/d3/dist/d3.min.js"),
               "code": _read(str(BUNDLE.relative_to(ROOT)))}
    name = re.sub(r"[^\w-]+", "_", context["title"], flags=re.ASCII).strip("_")[:60] or "graph"
    return templates.TemplateResponse(request, "player.html", context, headers={
        "Content-Disposition": f'attachment; filename="{name}-player.html"',
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox allow-scripts"})
