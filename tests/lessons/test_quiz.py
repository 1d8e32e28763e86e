"""Quiz answers: tolerance and the ways students write numbers (cases shared with the JS mirror)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compgraph.app.lessons import quiz

CASES = json.loads((Path(__file__).parent / "quiz_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,expected,ok", CASES["check"])
def test_answer_is_right_or_wrong(text, expected, ok):
    assert quiz.check(text, expected)["ok"] is ok


@pytest.mark.parametrize("text,expected,ok", CASES["nonfinite_expected"])
def test_an_infinite_expected_value_is_matched_only_by_that_infinity(text, expected, ok):
    assert quiz.check(text, float(expected))["ok"] is ok


@pytest.mark.parametrize("text", CASES["invalid"])
def test_not_a_number_is_neither_right_nor_wrong(text):
    assert quiz.parse(text) is None
    assert quiz.check(text, 1.0) == {"ok": None, "value": None}


@pytest.mark.parametrize("x,shown", CASES["format"])
def test_answer_is_shown_without_float_noise(x, shown):
    assert quiz.format_answer(x) == shown


def test_full_width_and_thousands_separators_are_read():
    assert quiz.parse("２．２") == 2.2
    assert quiz.parse("1,000") == 1000
    assert quiz.parse("−0.8") == -0.8
