"""A validated Graph keeps its Cost per (trace, elide_above): the app and the engine share it."""

from __future__ import annotations

import importlib

import numpy as np
from enginehelp import doc, inp, op

import compgraph as engine

cost_module = importlib.import_module("compgraph.cost")  # the name is also a function
NET = doc(inp("x", np.ones((3, 4))), inp("W", np.ones((4, 2))), inp("b", np.zeros(2)),
          op("h", "affine", "x", "W", "b"), op("s", "sum", "h"))


def graph():
    return engine.compile(NET).graph  # a validated Graph, whatever the validator is called


def test_the_same_question_gets_the_same_cost_object_and_others_their_own():
    g = graph()
    full = engine.cost(g)
    assert engine.cost(g) is full
    assert engine.cost(g, trace=True, elide_above=None) is full
    elided, untraced = engine.cost(g, elide_above=2), engine.cost(g, trace=False)
    assert elided is not full and untraced is not full
    # each equals a cost worked out from scratch, from the document
    assert (full, elided, untraced) == (engine.cost(NET), engine.cost(NET, elide_above=2),
                                        engine.cost(NET, trace=False))
    assert untraced.answer_bytes < elided.answer_bytes < full.answer_bytes  # h's 6 > 2: summaries


def test_an_evaluation_under_limits_works_out_a_kept_cost_once(monkeypatch):
    calls = []
    real = cost_module._cost
    monkeypatch.setattr(cost_module, "_cost", lambda *a: calls.append(a[1:]) or real(*a))
    g = graph()
    engine.cost(g, elide_above=1000)  # the app's check
    result = engine.evaluate(g, limits=engine.DEFAULT_LIMITS, elide_above=1000)
    assert calls == [(True, 1000)]
    assert result.values["s"] == 3 * 2 * 4.0  # every h element is 4 (x·W of ones), 6 of them
