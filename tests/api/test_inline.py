"""Tiny evaluations (by the cost model) are answered on the event loop; nothing else is."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from apihelp import APPLE, APPLE_ORANGE, inp, make_client, op, two_layer_net

import compgraph as engine
from compgraph.app import evaluation
from compgraph.app.routers.evaluate import INLINE_BODY_BYTES
from compgraph.app.settings import Settings
from compgraph.cost import NUMBER_BYTES


def gate_calls(client, monkeypatch) -> list:
    """Each call of the app's gate (the hop to a worker thread), recorded, then made."""
    gate, calls = client.app.state.gate, []
    real = gate.run

    async def run(fn, *args, **kwargs):
        calls.append(fn.__name__)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(gate, "run", run)
    return calls


def broadcast(rows: int, cols: int) -> dict:
    """x[rows x 1] * y[1 x cols] summed: a body of a few hundred bytes, rows * cols elements."""
    return {"nodes": [inp("x", [[1.0]] * rows), inp("y", [[2.0] * cols]),
                      op("z", "mul", "x", "y"), op("s", "sum", "z")], "output": "s"}


def chain(n: int) -> dict:
    nodes = [inp("x", 0.5)] + [op(f"e{i}", "tanh", f"e{i - 1}" if i else "x") for i in range(n)]
    return {"nodes": nodes, "output": f"e{n - 1}"}


@pytest.mark.parametrize("query", ["", "?trace=false", "?arrays=full"])
def test_the_apple_is_answered_inline_with_the_same_json_as_through_a_worker(tmp_path,
                                                                              monkeypatch, query):
    answers = []
    for inline_work in (Settings().inline_work, 0):
        with make_client(tmp_path, inline_work=inline_work) as c:
            calls = gate_calls(c, monkeypatch)
            for document in (APPLE, APPLE_ORANGE):
                r = c.post("/api/evaluate" + query, content=json.dumps(document))
                assert r.status_code == 200 and r.headers["content-type"] == "application/json"
                answers.append(r.content)
            assert calls == ([] if inline_work else ["_evaluate", "_evaluate"])
    assert answers[:2] == answers[2:]  # byte for byte
    assert json.loads(answers[0])["nodes"]["apple"]["grad"] == pytest.approx(2.2)  # Fig. 5-14


def test_a_tiny_invalid_graph_is_the_same_422_inline(tmp_path):
    bad = {"nodes": [inp("a", 1.0), op("b", "mul", "a", "nope")]}
    details = []
    for inline_work in (Settings().inline_work, 0):
        with make_client(tmp_path, inline_work=inline_work) as c:
            r = c.post("/api/evaluate", content=json.dumps(bad))
            assert r.status_code == 422
            details.append(r.json())
    assert details[0] == details[1]
    assert details[0]["detail"][0]["node"] == "b" and "'nope'" in details[0]["detail"][0]["msg"]


@pytest.mark.parametrize("document", [broadcast(300, 300), chain(200), two_layer_net()],
                         ids=["small body, 90,000-element broadcast", "200-node chain",
                              "two-layer net 5x4-10-3"])
def test_anything_not_tiny_goes_to_a_worker(tmp_path, monkeypatch, document):
    body = json.dumps(document)
    with make_client(tmp_path) as c:
        calls = gate_calls(c, monkeypatch)
        assert c.post("/api/evaluate", content=body).status_code == 200
    cost = engine.cost(document, elide_above=Settings().trace_full_elements)
    assert not evaluation.runs_inline(cost, Settings().inline_work)
    # validated on the loop only when the body is small; run in the worker either way
    assert calls == (["_run"] if len(body) <= INLINE_BODY_BYTES else ["_evaluate"])


def test_the_threshold_bounds_work_elements_and_answer_numbers_each():
    apple = engine.cost(APPLE)
    assert (apple.forward_work, apple.elements_created) == (6, 14)  # 2 muls: 3 + 3 elements
    numbers = -(-apple.answer_bytes // NUMBER_BYTES)  # the answer's numbers, rounded up
    assert evaluation.runs_inline(apple, numbers)
    assert not evaluation.runs_inline(apple, numbers - 1)
    for field in ("forward_work", "elements_created"):
        assert not evaluation.runs_inline(replace(apple, **{field: numbers + 1}), numbers)
