"""The small hardening items: strict bodies, bodies without Content-Type, error shapes, HEAD,
the /docs policy, server faults not blamed on the client, the busy gate, readiness, DOT ids."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from apihelp import APPLE, inp, make_client, op

STEP = "/api/train/step"
QUIZ = "/api/quiz/check"


def kinds(r) -> list[str]:
    assert r.status_code == 422, r.text
    return [item["type"] for item in r.json()["detail"]]


@pytest.mark.parametrize("path,body", [
    (STEP, {"steps": 1.0}), (STEP, {"graph": 0}), (STEP, {"gradcheck": "yes"}),
    (STEP, {"steps": 1, "unknown": 2}), (QUIZ, {"answer": "2.2", "expected": False}),
    (QUIZ, {"answer": 2.2, "expected": 2.2}), (QUIZ, {"answer": "2", "expected": 2, "x": 1}),
    ("/api/parse", {"source": "x = 1", "extra": True}), ("/api/parse", {"source": 1}),
])
def test_loose_types_and_unknown_fields_are_refused(client, path, body):
    assert kinds(client.post(path, json=body))


def test_train_and_quiz_read_a_body_sent_without_content_type(client):
    r = client.post(QUIZ, content=b'{"answer": "2.2", "expected": 2.2000000000000006}')
    assert r.status_code == 200 and r.json()["ok"] is True
    r = client.post(STEP, content=b'{"dataset": "xor", "steps": 2, "hidden_size": 4}')
    assert r.status_code == 200 and r.json()["step"] == 2 and len(r.json()["losses"]) == 2


def test_quiz_with_an_infinite_expected_value_is_not_right_for_any_number(client):
    r = client.post(QUIZ, json={"answer": "1e6", "expected": "Infinity"})
    assert r.json() == {"ok": False, "value": 1e6, "answer": "Infinity"}
    r = client.post(QUIZ, content=b'{"answer": "-1e400", "expected": -Infinity}')
    assert r.json()["ok"] is True and r.json()["value"] == "-Infinity"


def test_a_gradient_check_costs_work_even_with_zero_steps(client):
    r = client.post(STEP, json={"steps": 0, "gradcheck": True, "hidden_size": 200,
                                "batch_size": 1000})
    assert "work" in r.json()["detail"][0]["msg"]
    ok = client.post(STEP, json={"steps": 0, "gradcheck": True, "hidden_size": 5})
    assert ok.status_code == 200 and all(row["ok"] for row in ok.json()["gradcheck"].values())


def test_every_404_has_the_documented_list_of_items(client):
    for path in ("/api/graphs/" + "0" * 24, "/api/examples/nope", "/api/nothing", "/api/tour/99",
                 "/static/nothing.js"):
        r = client.get(path)
        assert r.status_code == 404
        [item] = r.json()["detail"]
        assert set(item) == {"type", "loc", "msg", "node"} and item["msg"], path


def test_head_answers_like_get_without_a_body(client):
    for path in ("/", "/train", "/api/health", "/api/ops"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/api/graphs/" + "0" * 24).status_code == 404


def test_docs_page_has_a_policy_that_allows_exactly_its_inline_script(client):
    import base64
    import hashlib

    r = client.get("/docs")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "cdn" not in r.text
    [script] = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]\
        .split(";")[0]


def test_a_server_value_error_is_a_logged_500_not_the_clients_fault(tmp_path, monkeypatch,
                                                                   caplog):
    import compgraph as engine

    def bug(*a, **k):
        raise ValueError("a bug in the server")

    monkeypatch.setattr(engine, "evaluate", bug)
    with make_client(tmp_path) as c, caplog.at_level(logging.ERROR, logger="compgraph"):
        r = c.post("/api/evaluate", json=APPLE)
    assert r.status_code == 500 and r.json()["detail"][0]["type"] == "internal_error"
    assert any("unhandled error" in rec.getMessage() for rec in caplog.records)


def test_a_full_gate_answers_503_at_once_and_health_says_busy(tmp_path, monkeypatch):
    """Every endpoint that evaluates (or stores) goes through the gate: the evaluation, the
    gradient check, training, the DOT export, saving and the one-file player download."""
    import compgraph as engine

    started, release = threading.Event(), threading.Event()
    real = engine.evaluate

    def slow(*a, **k):
        started.set()
        release.wait(10)
        return real(*a, **k)

    with make_client(tmp_path, max_busy=1, inline_work=0) as c:  # the apple through the gate
        saved = c.post("/api/graphs", json=APPLE).json()["id"]
        monkeypatch.setattr(engine, "evaluate", slow)
        first = threading.Thread(target=lambda: c.post("/api/evaluate", json=APPLE))
        first.start()
        assert started.wait(10)
        for method, path, body in [
                ("POST", "/api/gradcheck", APPLE), ("POST", "/api/evaluate", APPLE),
                ("POST", STEP, {"steps": 1}), ("POST", "/api/export/dot", APPLE),
                ("POST", "/api/graphs", APPLE), ("GET", f"/g/{saved}/player.html", None)]:
            r = c.request(method, path, json=body)
            assert r.status_code == 503 and r.headers["retry-after"] == "1", (path, r.text)
            assert r.json()["detail"][0]["type"] == "busy", path
        health = c.get("/api/health")
        assert health.status_code == 503
        assert health.json() == {"status": "busy", "version": health.json()["version"],
                                 "store": "ok", "running": 1, "capacity": 1}
        release.set()
        first.join(10)
        assert c.get("/api/health").json()["status"] == "ok"


def test_a_client_that_aborts_mid_body_is_one_quiet_log_line(tmp_path, caplog):
    from compgraph.app.main import create_app
    from compgraph.app.settings import Settings

    app = create_app(Settings(db=tmp_path / "g.sqlite3"))
    sent = []

    async def receive():
        if not sent:
            sent.append(1)
            return {"type": "http.request", "body": b'{"nodes": [', "more_body": True}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/evaluate", "raw_path": b"",
             "query_string": b"", "headers": [(b"content-type", b"application/json")],
             "http_version": "1.1", "scheme": "http", "server": ("t", 80), "client": ("c", 1),
             "root_path": "", "app": app}
    # in a thread of its own: a browser test run earlier may have left this thread a loop
    with caplog.at_level(logging.INFO, logger="compgraph"), ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    lines = [rec for rec in caplog.records if rec.name == "compgraph"]
    assert len(lines) == 1 and "went away" in lines[0].getMessage() and not lines[0].exc_info


def test_dot_node_named_like_the_output_marker_makes_no_cycle(client):
    doc = {"nodes": [inp("x", 2.0), op("__output", "exp", "x"), op("y", "mul", "__output", "x")]}
    dot = client.post("/api/export/dot", json=doc).text
    edges = re.findall(r'^\s*("[^"]*") -> ("[^"]*")', dot, re.M)
    assert ('"__output"', '"y"') in edges and ('"y"', '"___output"') in edges
    assert all(dst != '"__output"' or src == '"x"' for src, dst in edges)


def test_dot_labels_with_control_characters_are_escaped(client):
    doc = {"nodes": [inp("x", 1.0, label="a\x00b\x1bc\u2028d"), op("y", "exp", "x")]}
    dot = client.post("/api/export/dot", json=doc).text
    assert not re.search(r"[\x00-\x09\x0b-\x1f\u2028]", dot)
    assert 'label="a\\\\u0000b\\\\u001bc\\\\u2028d"' in dot
