"""The lesson API's models: the chapter-5 tour and a quiz answer to check (strict)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = dict[Literal["ja", "en"], str]
Number = float | Literal["NaN", "Infinity", "-Infinity"]


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
    model_config = ConfigDict(extra="forbid", strict=True)
    answer: str = Field(max_length=100, description="What the student typed")
    expected: Number = Field(description="The engine's number (\"Infinity\", \"-Infinity\","
                             " \"NaN\" as the engine writes them)")


class QuizResult(BaseModel):
    ok: bool | None = Field(description="null when the answer is not a number")
    value: Number | None = Field(description="The number read from the answer")
    answer: str = Field(description="The expected number as the app prints it")
