"""Lesson content: the chapter-5 tour (tour.json) and quiz answer checking (quiz.py)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache
def tour() -> dict:
    """The tour: {"title": {ja, en}, "steps": [...]}, each step numbered from 1 as `number`."""
    data = json.loads((HERE / "tour.json").read_text(encoding="utf-8"))
    for k, step in enumerate(data["steps"], start=1):
        step["number"] = k
    return data
