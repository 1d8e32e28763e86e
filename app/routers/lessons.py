"""The lesson: GET /api/tour (the chapter-5 tour), POST /api/quiz/check, the /train page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from .. import lessons
from ..body import body_spec, model_body
from ..lessons import quiz
from ..schemas.lessons import QuizCheck, QuizResult, Tour, TourStep
from ..schemas.responses import ERRORS
from ..serialize import number_or_list
from .pages import HEADERS

ROOT = Path(__file__).resolve().parent.parent.parent
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter()

@router.get("/api/tour", tags=["lessons"], summary="The chapter-5 tour", response_model=Tour)
def get_tour():
    """Ordered steps following the slides 5.1 to 5.8: preset, key sentence, narration (ja, en)."""
    return lessons.tour()


@router.get("/api/tour/{number}", tags=["lessons"], summary="One step of the tour",
            response_model=TourStep, responses={404: {"description": "No such step"}})
def get_tour_step(number: int):
    """Step `number` (1-based) of the tour."""
    steps = lessons.tour()["steps"]
    if not 1 <= number <= len(steps):
        raise HTTPException(404, f"the tour has steps 1 to {len(steps)}, not {number}")
    return steps[number - 1]


@router.post("/api/quiz/check", tags=["lessons"], summary="Check one quiz answer",
             response_model=QuizResult, responses=ERRORS,
             openapi_extra=body_spec("QuizCheck", "An answer and the expected number"))
async def check_answer(body: QuizCheck = Depends(model_body(QuizCheck))):
    """Right or wrong with tolerance; reads "1,000", full-width "２．２", "11/10". An expected
    ±Infinity is matched only by that infinity."""
    expected = float(body.expected)
    result = quiz.check(body.answer, expected)
    return {"ok": result["ok"], "value": number_or_list(result["value"]),
            "answer": quiz.format_answer(expected)}


@router.get("/tour/{step}", include_in_schema=False)
def tour_page(step: str):
    """Deep link to a tour step by number (/tour/5) or id (/tour/add-node)."""
    steps = lessons.tour()["steps"]
    if not any(step in (str(s["number"]), s["id"]) for s in steps):
        raise HTTPException(404, f"the tour has no step {step!r}")
    return RedirectResponse(f"/?tour={step}")


@router.get("/train", include_in_schema=False, response_class=HTMLResponse)
def train_page(request: Request):
    return templates.TemplateResponse(request, "train.html", {}, headers=HEADERS)
