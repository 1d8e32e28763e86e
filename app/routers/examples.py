"""GET /api/examples and /api/examples/{name}: the chapter-5 preset graphs."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, HTTPException

from ..settings import Settings, get_settings

router = APIRouter(prefix="/api", tags=["examples"])


def _load(settings: Settings) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(settings.examples_dir.glob("*.json"))}


@router.get("/examples", summary="The preset graphs")
def examples(settings: Settings = Depends(get_settings)):
    """Name, title and summary of every preset."""
    return [{"name": name, "title": doc.get("title"), "summary": doc.get("description")}
            for name, doc in _load(settings).items()]


@router.get("/examples/{name}", summary="One preset graph document")
def example(name: str, settings: Settings = Depends(get_settings)):
    """The graph document of one preset."""
    docs = _load(settings)
    if name not in docs:
        raise HTTPException(404, f"no example named {name!r}")
    return docs[name]
