"""The web app's pages: / and /g/{id}."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

ROOT = Path(__file__).resolve().parent.parent.parent
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    return templates.TemplateResponse(request, "index.html", {"graph_id": None})


@router.get("/g/{graph_id}", response_class=HTMLResponse)
def saved(request: Request, graph_id: str):
    return templates.TemplateResponse(request, "index.html", {"graph_id": graph_id})
