"""Gradient checks, heavy evaluations and long training runs go to the gate's worker processes:
the same answers as in the server's threads, errors that still name the node, cheap requests
kept in-process."""

from __future__ import annotations

import os

import numpy as np
import pytest
from apihelp import APPLE, inp, make_client, op, two_layer_net

from compgraph.app.gate import NICE, Gate


def chain(n: int) -> dict:
    return {"nodes": [inp("x", [0.1] * 50)] + [op(f"e{i}", "tanh", f"e{i - 1}" if i else "x")
                                              for i in range(n)] + [op("s", "sum", f"e{n - 1}")],
            "output": "s"}


def test_heavy_work_runs_in_another_process_cheap_work_here():
    gate = Gate(2, processes=1)
    try:
        worker = gate.in_process(os.getpid)
        assert worker != os.getpid()
        assert gate.in_process(os.getpid) == worker  # the same pooled process, not a new one
        assert gate.in_process(os.nice, 0) == min(os.nice(0) + NICE, 19)  # yields to the server
        assert gate.in_process(os.getpid, heavy=False) == os.getpid()
    finally:
        gate.close()
    assert Gate(2, processes=0).in_process(os.getpid) == os.getpid()


@pytest.mark.parametrize("path,doc", [("/api/gradcheck", two_layer_net()),
                                      ("/api/evaluate", chain(40)),
                                      ("/api/train/step", {"dataset": "spiral", "steps": 5,
                                                           "batch_size": 10, "hidden_size": 5,
                                                           "gradcheck": True})])
def test_answers_from_worker_processes_equal_those_from_threads(tmp_path, path, doc):
    answers = []
    for processes in (0, 1):
        with make_client(tmp_path, worker_processes=processes, process_work=0) as c:
            r = c.post(path, json=doc)
            assert r.status_code == 200, r.text[:300]
            answers.append(r.json())
    assert answers[0] == answers[1]
    if path == "/api/evaluate":  # d/dx sum(tanh^40(x)) by the chain rule, by hand
        v, d = np.full(50, 0.1), np.ones(50)
        for _ in range(40):
            v = np.tanh(v)
            d = d * (1 - v ** 2)
        assert np.allclose(answers[1]["nodes"]["x"]["grad"], d, rtol=1e-12)
    elif path == "/api/gradcheck":
        assert answers[1]["ok"] is True
    else:
        assert len(answers[1]["losses"]) == 5 and all(
            row["ok"] for row in answers[1]["gradcheck"].values())


def test_an_error_in_a_worker_process_still_names_the_node(tmp_path):
    with make_client(tmp_path, worker_processes=1, process_work=0,
                     max_gradcheck_work=10_000) as c:
        r = c.post("/api/gradcheck", json=chain(60))
        assert r.status_code == 422
        [p] = r.json()["detail"]
        assert p["type"] == "limit" and "max_gradcheck_work" in p["msg"] and p["node"] == "x"
        assert c.post("/api/evaluate", json=APPLE).json()["nodes"]["apple"]["grad"] == 2.2
    with make_client(tmp_path, worker_processes=1, process_work=0, deadline_seconds=1e-6) as c:
        r = c.post("/api/evaluate", json=chain(300))  # past its deadline inside the worker
        assert r.status_code == 422, r.text[:300]
        [p] = r.json()["detail"]
        assert p["type"] == "time_limit" and p["node"].startswith("e"), p
