"""The web app's pages: / and /g/{id}, served with a strict Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

ROOT = Path(__file__).resolve().parent.parent.parent
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter(include_in_schema=False)

# Only our own scripts (no inline script, no eval); styles from our own files (KaTeX and D3 set
# styles through the CSSOM, which CSP allows); images may be data:/blob: for PNG export.
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
    "font-src 'self'", "connect-src 'self'", "worker-src 'self'", "object-src 'none'",
    "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin"}


def _page(request: Request, graph_id: str | None) -> HTMLResponse:
    lesson = (ROOT / "static" / "lesson" / "index.js").is_file()
    return templates.TemplateResponse(request, "index.html",
                                      {"graph_id": graph_id, "lesson": lesson}, headers=HEADERS)


@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    return _page(request, None)


@router.get("/g/{graph_id}", response_class=HTMLResponse)
def saved(request: Request, graph_id: str):
    return _page(request, graph_id)
