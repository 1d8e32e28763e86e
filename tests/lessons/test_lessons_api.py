"""The lesson API: the tour, quiz checking and training over HTTP, refusing bad input with 422."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from numpy.testing import assert_allclose

from compgraph import datasets
from compgraph.app.lessons import tour
from compgraph.app.main import app

from . import numpynet
from .test_presets import EXAMPLES


@pytest.fixture(scope="module")
def client():
    return TestClient(app)


def test_every_tour_step_has_narration_and_key_sentence_in_both_languages():
    steps = tour()["steps"]
    assert len(steps) >= 15
    for s in steps:
        for field in ("title", "key", "narration"):
            assert s[field]["ja"].strip() and s[field]["en"].strip(), (s["id"], field)
            assert s[field]["ja"] != s[field]["en"]


def test_every_tour_step_preset_exists_and_evaluates(client):
    for s in tour()["steps"]:
        assert (EXAMPLES / f"{s['preset']}.json").exists(), s["preset"]
        doc = client.get(f"/api/examples/{s['preset']}").json()
        assert client.post("/api/evaluate", json=doc).status_code == 200


def test_tour_follows_the_slides_in_order():
    steps = tour()["steps"]
    sections = [tuple(int(p) for p in s["section"].split(".")) for s in steps]
    assert sections == sorted(sections)
    assert sections[0][:2] == (5, 1) and sections[-1] == (5, 8)
    keys = [s["key"]["ja"] for s in steps]
    assert "加算ノードの逆伝播は、上流の値をそのまま下流へ流す" in keys
    assert [s["number"] for s in steps] == list(range(1, len(steps) + 1))
    assert any(s.get("quiz") and s["preset"] == "apple_orange" for s in steps)
    assert len({s["id"] for s in steps}) == len(steps)


def test_tour_api_and_deep_link(client):
    body = client.get("/api/tour").json()
    assert body["steps"][4]["preset"] == "add_node"
    assert client.get("/api/tour/5").json()["id"] == "add-node"
    assert client.get("/api/tour/0").status_code == 404
    assert client.get("/api/tour/999").status_code == 404
    r = client.get("/tour/3", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/?tour=3"
    r = client.get("/tour/add-node", follow_redirects=False)
    assert r.headers["location"] == "/?tour=add-node"
    assert client.get("/tour/nope", follow_redirects=False).status_code == 404
    assert client.get("/tour/99", follow_redirects=False).status_code == 404


def test_quiz_check_endpoint(client):
    r = client.post("/api/quiz/check", json={"answer": "２．２", "expected": 2.2000000000000006})
    assert r.json() == {"ok": True, "value": 2.2, "answer": "2.2"}
    r = client.post("/api/quiz/check", json={"answer": "abc", "expected": 1})
    assert r.json()["ok"] is None
    assert client.post("/api/quiz/check", json={"answer": 2}).status_code == 422


def test_train_step_initialises_steps_and_returns_everything(client):
    r = client.post("/api/train/step", json={"dataset": "xor", "steps": 0, "hidden_size": 5,
                                              "grid": 10, "gradcheck": True, "graph": True})
    assert r.status_code == 200
    body = r.json()
    data = datasets.load("xor")
    start = numpynet.init(0, 5, data.classes)  # the request's defaults: seed 0, std 1
    assert body["step"] == 0 and body["losses"] == [] and body["last"] is None
    assert_params(body["params"], start, rtol=0)
    assert_allclose(body["loss"], numpynet.loss(start, data.x, data.t), rtol=1e-12)
    assert body["accuracy"] == np.mean(numpynet.scores(start, data.x).argmax(axis=1) == data.t)
    assert len(body["boundary"]["cls"]) == 10
    assert set(body["gradcheck"]) == {"W1", "b1", "W2", "b2"}
    assert all(row["ok"] and row["max_abs_diff"] < 1e-6 for row in body["gradcheck"].values())
    assert [n["id"] for n in body["graph"]["nodes"]][-1] == "SoftmaxWithLoss"
    assert client.post("/api/evaluate", json=body["graph"]).status_code == 200

    r = client.post("/api/train/step", json={"dataset": "xor", "steps": 200, "step": 0,
                                              "params": body["params"]})
    body = r.json()
    trained, losses = numpynet.sgd(start, data.x, data.t, steps=200, lr=1.0, batch_size=30,
                                   seed=0)
    assert body["step"] == 200
    assert_allclose(body["losses"], losses, rtol=1e-9)
    assert_params(body["params"], trained, rtol=1e-9)
    assert_allclose(body["loss"], numpynet.loss(trained, data.x, data.t), rtol=1e-9)
    assert body["loss"] < losses[0] and body["accuracy"] > 0.8
    assert len(body["last"]["batch"]) == 30


def assert_params(got: dict, expected: dict, rtol: float):
    assert set(got) == set(expected)
    for k, v in expected.items():
        assert np.shape(got[k]) == v.shape, k
        assert_allclose(got[k], v, rtol=rtol, atol=1e-12, err_msg=k)


def test_train_step_is_stateless_and_repeatable(client):
    req = {"dataset": "moons", "steps": 3, "seed": 4}
    assert client.post("/api/train/step", json=req).json() == \
        client.post("/api/train/step", json=req).json()


@pytest.mark.parametrize("bad", [
    {"dataset": "mnist"},
    {"learning_rate": 0},
    {"learning_rate": -1},
    {"batch_size": 0},
    {"hidden_size": 0},
    {"hidden_size": 10_000},
    {"steps": -1},
    {"steps": 10**6},
    {"steps": 1000, "batch_size": 1000, "hidden_size": 200},
    {"grid": 1000},
    {"seed": -1},
    {"params": {"W1": [[1, 2]], "b1": [1], "W2": [[1]], "b2": [1]}},
    {"params": {"W1": [[1, 2], [3]], "b1": [1, 2], "W2": [[1, 2, 3]], "b2": [1, 2, 3]}},
    {"params": {"W1": [[], []], "b1": [], "W2": [], "b2": [0, 0, 0]}},
    {"params": {"W1": [[1], [2]], "b1": [0], "W2": [[1, 2, 3]], "b2": [0, 0]}},
    {"params": {"W1": [[1], ["NaN"]], "b1": [0], "W2": [[1, 2, 3]], "b2": [0, 0, 0]}},
    {"params": {"W1": "x"}},
    {"dataset": "xor", "params": {"W1": [[1], [2]], "b1": [0], "W2": [[1, 2, 3]],
                                  "b2": [0, 0, 0]}},
])
def test_train_step_rejects_bad_input_with_422(client, bad):
    r = client.post("/api/train/step", json=bad)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]


def test_train_step_rejects_non_json_with_422(client):
    r = client.post("/api/train/step", content=b"not json",
                    headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_a_diverging_run_answers_with_strings_not_a_server_error(client):
    # weights near the float64 maximum: x @ W1 overflows to inf, and inf - inf in Affine2 is NaN
    hidden = 4
    params = {"W1": [[1e308] * hidden] * 2, "b1": [0.0] * hidden,
              "W2": [[1.0, -1.0, 0.5]] * hidden, "b2": [0.0] * 3}
    r = client.post("/api/train/step", json={"steps": 2, "params": params, "grid": 4})
    assert r.status_code == 200
    body = json.loads(r.text)  # strict JSON: no bare NaN tokens
    assert body["losses"] == ["NaN", "NaN"] and body["loss"] == "NaN"
    assert body["params"]["W1"][0][0] == "NaN" and body["boundary"]["prob"][0][0] == "NaN"
    again = client.post("/api/train/step", json={"steps": 1, "params": body["params"]})
    assert "not finite" in again.json()["detail"][0]["msg"]  # the page is told to start again


def test_datasets_endpoints(client):
    names = [d["name"] for d in client.get("/api/train/datasets").json()]
    assert names == ["spiral", "xor", "moons"]
    spiral = client.get("/api/train/datasets/spiral").json()
    assert spiral["classes"] == 3 and len(spiral["x"]) == len(spiral["t"]) == spiral["size"]
    assert client.get("/api/train/datasets/nope").status_code == 404


def test_openapi_documents_the_training_models(client):
    spec = client.get("/openapi.json").json()
    assert "/api/train/step" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert "StepRequest" in schemas and "StepResponse" in schemas
    assert "learning_rate" in schemas["StepRequest"]["properties"]
