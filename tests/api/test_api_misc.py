"""The op catalog, the presets, DOT export, health, CORS and the OpenAPI documentation."""

from __future__ import annotations

import json

from apihelp import APPLE, inp, make_client, op


def test_ops_catalog_has_every_contract_op_with_formulas(client):
    ops = {o["name"]: o for o in client.get("/api/ops").json()}
    required = ("add sub mul div neg exp log pow relu sigmoid tanh matmul sum affine"
                " softmax_with_loss input const").split()
    assert set(required) <= set(ops)
    assert ops["affine"]["operands"] == ["x", "W", "b"] and ops["affine"]["arity"] == 3
    assert ops["pow"]["attrs"][0]["name"] == "p"
    assert all(ops[n]["latex"] and ops[n]["latex_grads"] for n in required[:15])


def write_examples(folder):
    folder.mkdir()
    docs = {
        "zeta": {**APPLE, "title": "Z", "description": "last", "meta": {"order": 2}},
        "alpha": {**APPLE, "title": "A", "description": "first",
                  "meta": {"order": 1, "title_ja": "りんご", "description_ja": "説明",
                           "figure": "5-14"}},
        "beta": {**APPLE, "title": "B", "description": "no order"},
    }
    for name, doc in docs.items():
        (folder / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return docs


def test_examples_are_listed_in_lesson_order_with_japanese(tmp_path):
    docs = write_examples(tmp_path / "ex")
    with make_client(tmp_path, examples_dir=tmp_path / "ex") as c:
        listing = c.get("/api/examples").json()
        assert [e["name"] for e in listing] == ["alpha", "zeta", "beta"]
        assert listing[0] == {"name": "alpha", "title": "A", "summary": "first",
                              "title_ja": "りんご", "summary_ja": "説明", "figure": "5-14"}
        assert c.get("/api/examples/zeta").json() == docs["zeta"]
        assert c.get("/api/examples/nope").status_code == 404
        assert c.get("/api/examples/..%2Fpyproject").status_code == 404


def test_every_shipped_example_evaluates(client):
    for entry in client.get("/api/examples").json():
        doc = client.get(f"/api/examples/{entry['name']}").json()
        r = client.post("/api/evaluate", json=doc, params={"trace": "false"})
        assert r.status_code == 200, (entry["name"], r.text)


def test_dot_export_has_values_and_gradients_on_edges(client):
    r = client.post("/api/export/dot", json=APPLE)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/vnd.graphviz")
    dot = r.text
    assert dot.startswith('digraph "Apple shopping (Fig. 5-14)" {')
    assert '"apple" -> "apple_price" [label=<100<br/><font color="red">2.2</font>>];' in dot
    assert '"tax" -> "price" [label=<1.1<br/><font color="red">200</font>>];' in dot
    plain = client.post("/api/export/dot", params={"grads": "false"}, json=APPLE).text
    assert "red" not in plain


def test_dot_export_escapes_labels(client):
    doc = {"title": 'say "hi" \\ <b>', "nodes": [
        inp("x", [1.0, 2.0], label='quote " back \\ new\nline <&>'), op("y", "sum", "x")]}
    dot = client.post("/api/export/dot", json=doc).text
    assert 'digraph "say \\"hi\\" \\\\ <b>"' in dot
    assert 'label="quote \\" back \\\\ new\\nline <&>"' in dot
    assert "[1., 2.]" in dot or "[1, 2]" in dot


def test_health_is_trivial(client):
    assert client.get("/api/health").json()["status"] == "ok"


def test_cors_only_for_configured_origins(tmp_path):
    with make_client(tmp_path, allowed_origins=["https://slides.example"]) as c:
        ok = c.options("/api/evaluate", headers={"Origin": "https://slides.example",
                                                 "Access-Control-Request-Method": "POST"})
        assert ok.headers.get("access-control-allow-origin") == "https://slides.example"
        r = c.post("/api/evaluate", json=APPLE, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
    with make_client(tmp_path) as c:
        r = c.post("/api/evaluate", json=APPLE, headers={"Origin": "https://slides.example"})
        assert "access-control-allow-origin" not in r.headers


def test_allowed_origins_read_comma_separated_from_the_environment(monkeypatch):
    from compgraph.app.settings import Settings

    monkeypatch.setenv("COMPGRAPH_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("COMPGRAPH_MAX_NODES", "42")
    s = Settings()
    assert s.allowed_origins == ["https://a.example", "https://b.example"]
    assert s.limits.max_nodes == 42


def test_openapi_documents_the_graph_document_and_examples(client):
    schema = client.get("/openapi.json").json()
    comps = schema["components"]["schemas"]
    assert {"GraphDocument", "NodeSpec", "EvaluateResponse", "ForwardStep", "BackwardStep",
            "ErrorResponse"} <= set(comps)
    body = schema["paths"]["/api/evaluate"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/GraphDocument"}
    assert "apple" in body["examples"]
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            assert spec.get("summary") and spec.get("description"), (method, path)
