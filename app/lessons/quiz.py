"""Checking a typed quiz answer (mirrored in static/lesson/quiz-check.js).

Students type what they see on paper: "2.2", "1,000", full-width "２．２", "-0.8" with a
typographic minus, "11/10". An answer is right when it equals the expected number up to float
noise (2.2 vs 2.2000000000000006), or when it is the expected number correctly rounded to the
decimals typed, with at least two significant digits ("0.197" or "0.20" for 0.19661...).
"""

from __future__ import annotations

import math
import re
import unicodedata

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212\u30fc\uff0d"  # ‐ ‑ ‒ – — − ー －
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.ASCII)
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$", re.ASCII)
RTOL, ATOL = 1e-6, 1e-9


def normalize(text: str) -> str:
    """Full-width to ASCII, dashes to '-', spaces out, lower case, thousands commas out."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    for d in DASHES:
        s = s.replace(d, "-")
    s = re.sub(r"\s+", "", s)
    if THOUSANDS.match(s):
        return s.replace(",", "")
    if s.count(",") == 1 and "." not in s:
        return s.replace(",", ".")  # a decimal comma: "2,2"
    return s


def parse(text: str) -> float | None:
    """The number a student typed, or None when it is not one."""
    s = normalize(text)
    if "/" in s:
        num, _, den = s.partition("/")
        a, b = parse(num), parse(den)
        return a / b if a is not None and b not in (None, 0.0) else None
    if not NUMBER.match(s):
        return None
    return float(s)


def _rounding_tolerance(s: str) -> float:
    """Half a unit in the last typed decimal place, when the answer has a decimal point and at
    least two significant digits; otherwise 0 (an integer answer must be exact)."""
    if "/" in s or "e" in s or "." not in s:
        return 0.0
    mantissa = s.lstrip("+-")
    digits = mantissa.replace(".", "").lstrip("0")
    if len(digits) < 2:
        return 0.0
    decimals = len(mantissa.split(".")[1])
    return 0.5 * 10.0 ** -decimals * (1 + 1e-9)


def check(text: str, expected: float) -> dict:
    """{"ok": bool | None, "value": parsed or None}; ok is None when the text is not a number."""
    value = parse(text)
    if value is None:
        return {"ok": None, "value": None}
    if not math.isfinite(expected):  # no tolerance around an infinity (nor a NaN)
        return {"ok": value == expected, "value": value}
    tol = max(ATOL, RTOL * abs(expected), _rounding_tolerance(normalize(text)))
    ok = math.isfinite(value) and abs(value - expected) <= tol
    return {"ok": ok, "value": value}


def format_answer(x: float) -> str:
    """How the answer is shown: at most 10 significant digits, float noise gone (2.2, 110)."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    s = f"{x:.10g}"
    if "e" in s:
        mant, exp = s.split("e")
        return f"{mant}e{int(exp)}"
    return s
