"""GET /api/ops serves what each op of the catalog declares: titles, backward notation."""

from __future__ import annotations

import compgraph as engine


def test_every_op_is_served_with_its_title_in_both_languages(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    assert ops["mul"]["title"] == {"en": "× node", "ja": "乗算ノード"}
    assert ops["input"]["title"]["ja"] == "入力"
    for name, entry in ops.items():
        assert entry["title"]["en"] and entry["title"]["ja"], name


def test_the_backward_notation_is_served_per_operand(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    x, w, b = ops["affine"]["backward"]
    assert "Wᵀ" in x["words"]["en"] and x["shapes"] == "{grad_shape} = {up_shape} · {localT_shape}"
    assert "Xᵀ" in w["words"]["ja"] and r"X^{T}" in w["latex"]
    assert "{sum}" in b["words"]["en"]
    assert "{seed}" in ops["input"]["seed"]["en"] and "{seed}" in ops["mul"]["seed"]["ja"]
    assert ops["relu"]["backward"][0]["words"]["en"].startswith("the mask (x > 0)")


SOFTPLUS = {"version": 1, "nodes": [
    {"id": "x", "op": "input", "value": 2.0}, {"id": "h.exp", "op": "exp", "inputs": ["x"]},
    {"id": "h.one", "op": "const", "value": 1.0},
    {"id": "h.add", "op": "add", "inputs": ["h.exp", "h.one"]},
    {"id": "h", "op": "log", "inputs": ["h.add"]}],
    "groups": [{"id": "h", "name": "softplus", "nodes": ["h.exp", "h.one", "h.add", "h"],
                "op": None, "collapsed": True}]}


def test_a_document_with_a_group_evaluates_saves_and_loads_with_its_group(client):
    r = client.post("/api/evaluate", json=SOFTPLUS)
    assert r.status_code == 200
    assert abs(r.json()["nodes"]["x"]["grad"] - 1 / (1 + 2.718281828459045 ** -2)) < 1e-12
    saved = client.post("/api/graphs", json=SOFTPLUS).json()
    assert client.get(f"/api/graphs/{saved['id']}").json()["groups"] == SOFTPLUS["groups"]


def test_a_group_naming_a_missing_node_is_a_422_naming_the_group(client):
    bad = {**SOFTPLUS, "groups": [{"id": "h", "name": "softplus", "nodes": ["h", "ghost"]}]}
    r = client.post("/api/evaluate", json=bad)
    assert r.status_code == 422
    (problem,) = r.json()["detail"]
    assert problem["node"] == "h" and "'ghost' is not a node" in problem["msg"]


def test_get_ops_serves_the_catalog_in_its_registration_order(client):
    served = client.get("/api/ops").json()
    assert served == engine.catalog()
    assert [o["name"] for o in served] == ["input", "const", *engine.OPS]
