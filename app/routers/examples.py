"""GET /api/examples and /api/examples/{name}: the chapter-5 preset graphs."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse

from ..deps import app_settings
from ..schemas.requests import GraphDocument
from ..schemas.responses import ExampleSummary, not_found
from ..settings import Settings

router = APIRouter(prefix="/api", tags=["examples"])


@lru_cache(maxsize=8)
def load(directory: Path) -> tuple[dict[str, dict], list[dict]]:
    """Every preset of a folder, read once: (documents by name, summaries in lesson order)."""
    docs = {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(directory).glob("*.json"))}

    def order(name: str):
        meta = docs[name].get("meta") or {}
        o = meta.get("order")
        return (o if isinstance(o, (int, float)) else float("inf"), name)

    summaries = []
    for name in sorted(docs, key=order):
        doc, meta = docs[name], docs[name].get("meta") or {}
        summaries.append({"name": name, "title": doc.get("title"),
                          "summary": doc.get("description"), "title_ja": meta.get("title_ja"),
                          "summary_ja": meta.get("description_ja"),
                          "figure": meta.get("figure")})
    return docs, summaries


@router.get("/examples", response_model=list[ExampleSummary], summary="The preset graphs")
def examples(settings: Settings = Depends(app_settings)):
    """Name, title and summary (English and Japanese) and the book's figure number of every
    preset, in lesson order."""
    return JSONResponse(load(settings.examples_dir)[1])


@router.get("/examples/{name}", response_model=GraphDocument, summary="One preset graph",
            responses=not_found("No preset of that name"))
def example(name: str, settings: Settings = Depends(app_settings)):
    """The graph document of one preset, ready for POST /api/evaluate."""
    docs = load(settings.examples_dir)[0]
    if name not in docs:
        raise HTTPException(404, f"no example named {name!r}; GET /api/examples lists them")
    return JSONResponse(docs[name])
