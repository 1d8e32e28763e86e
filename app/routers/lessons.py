"""The lesson: GET /api/tour (the chapter-5 tour), POST /api/quiz/check, the /train page.

Includes the training router, so the app registers lessons and training with one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from .. import lessons
from ..lessons import quiz
from . import train
from .pages import HEADERS

ROOT = Path(__file__).resolve().parent.parent.parent
templates = Jinja2Templates(directory=ROOT / "templates")
router = APIRouter()
router.include_router(train.router)

Lang = dict[Literal["ja", "en"], str]


class TourStep(BaseModel):
    number: int = Field(description="1-based position; deep link /?tour=<number>")
    id: str
    section: str = Field(description="Book section, e.g. 5.3.1")
    figure: str = Field(description="Book figure, e.g. 5-9")
    preset: str = Field(description="Name of the preset graph (GET /api/examples/{preset})")
    title: Lang
    key: Lang = Field(description="The slide's key sentence")
    narration: Lang
    quiz: bool = Field(False, description="Open the fill-the-boxes exercise on this step")
    link: str | None = Field(None, description="A page to continue on, e.g. /train")


class Tour(BaseModel):
    title: Lang
    steps: list[TourStep]


class QuizCheck(BaseModel):
    answer: str = Field(max_length=100, description="What the student typed")
    expected: float = Field(description="The engine's number")


class QuizResult(BaseModel):
    ok: bool | None = Field(description="null when the answer is not a number")
    value: float | None = Field(description="The number read from the answer")
    answer: str = Field(description="The expected number as the app prints it")


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
             response_model=QuizResult)
def check_answer(body: QuizCheck):
    """Right or wrong with tolerance; reads "1,000", full-width "２．２", "11/10"."""
    result = quiz.check(body.answer, body.expected)
    return {**result, "answer": quiz.format_answer(body.expected)}


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
