"""Every error of contract section 4 is a 422 (413 for a big body) naming the node; never a 500."""

from __future__ import annotations

import pytest
from apihelp import APPLE, inp, make_client, op


def problems(r, status=422):
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, list) and detail
    for item in detail:
        assert set(item) == {"type", "loc", "msg", "node"}
        assert item["loc"][0] in ("body", "query")
    return detail


BAD = {
    "unknown_op": ({"nodes": [inp("a", 1), op("b", "frobnicate", "a")]}, "b"),
    "unknown_input": ({"nodes": [inp("a", 1), op("b", "exp", "nope")]}, "b"),
    "missing_value": ({"nodes": [{"id": "a", "op": "input"}, op("b", "exp", "a")]}, "a"),
    "wrong_arity": ({"nodes": [inp("a", 1), op("b", "mul", "a")]}, "b"),
    "cycle": ({"nodes": [inp("a", 1), op("b", "add", "a", "c"), op("c", "exp", "b")],
               "output": "c"}, "c"),
    "duplicate_id": ({"nodes": [inp("a", 1), inp("a", 2), op("b", "exp", "a")]}, "a"),
    "ragged_value": ({"nodes": [inp("a", [[1, 2], [3]]), op("b", "exp", "a")]}, "a"),
    "shape_mismatch": ({"nodes": [inp("x", [[1, 2, 3], [4, 5, 6]]), inp("W", [[1, 2]] * 4),
                                  inp("b", [0, 0]), op("h1", "affine", "x", "W", "b")]}, "h1"),
    "ambiguous_output": ({"nodes": [inp("a", 1), op("b", "exp", "a"), op("c", "log", "a")]},
                         "b"),
    "bad_attr": ({"nodes": [inp("a", 1), op("b", "pow", "a")]}, "b"),
    "non_numeric_value": ({"nodes": [inp("a", [1, "two"]), op("b", "exp", "a")]}, "a"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_invalid_graph_is_422_naming_the_node(client, kind):
    doc, node = BAD[kind]
    detail = problems(client.post("/api/evaluate", json=doc))
    first = next(d for d in detail if d["type"] == kind)
    assert first["node"] == node and f"'{node}'" in first["msg"]
    if kind == "cycle":
        assert "b -> c" in first["msg"] or "c -> b" in first["msg"]


def test_shape_mismatch_names_both_shapes(client):
    msg = problems(client.post("/api/evaluate", json=BAD["shape_mismatch"][0]))[0]["msg"]
    assert msg == ("node 'h1': affine needs x.shape[-1] == W.shape[0], got x (2, 3) and"
                   " W (4, 2)")


@pytest.mark.parametrize("path", ["/api/evaluate", "/api/gradcheck", "/api/graphs",
                                  "/api/export/dot"])
def test_every_document_endpoint_names_the_node(client, path):
    detail = problems(client.post(path, json=BAD["unknown_input"][0]))
    assert detail[0]["node"] == "b"


def test_too_many_nodes_is_422(tmp_path):
    with make_client(tmp_path, max_nodes=10) as c:
        doc = {"nodes": [inp("x0", 1)] + [op(f"x{i}", "exp", f"x{i - 1}") for i in range(1, 11)]}
        assert problems(c.post("/api/evaluate", json=doc))[0]["type"] == "too_many_nodes"


def test_too_many_elements_is_422_naming_the_biggest_node(tmp_path):
    with make_client(tmp_path, max_elements=1_000) as c:
        doc = {"nodes": [inp("x", [[1.0] * 30] * 30), inp("y", [[1.0] * 30] * 30),
                         op("z", "matmul", "x", "y")]}
        item = problems(c.post("/api/evaluate", json=doc))[0]
        assert item["type"] == "array_too_large" and item["node"] in {"x", "y", "z"}


def test_an_inferred_huge_array_is_refused_before_it_is_computed(client):
    doc = {"nodes": [inp("x", [[1.0]] * 3000), inp("y", [[1.0] * 3000]),
                     op("z", "matmul", "x", "y")]}  # 9 million elements
    assert problems(client.post("/api/evaluate", json=doc))[0]["type"] == "array_too_large"


def test_oversized_body_is_413_before_it_is_read(tmp_path):
    with make_client(tmp_path, max_body_bytes=1_000) as c:
        big = {"nodes": [inp("x", [1.0] * 500), op("y", "sum", "x")]}
        detail = problems(c.post("/api/evaluate", json=big), 413)
        assert detail[0]["type"] == "body_too_large"
        assert c.post("/api/evaluate", json=APPLE).status_code == 200


def test_a_streamed_body_without_length_is_cut_at_the_limit(tmp_path):
    with make_client(tmp_path, max_body_bytes=1_000) as c:
        chunks = (b'{"nodes": [' + b" " * 400 for _ in range(5))
        r = c.post("/api/evaluate", content=chunks)  # chunked: no Content-Length
        assert problems(r, 413)[0]["type"] == "body_too_large"


@pytest.mark.parametrize("body,kind", [
    (b"{not json", "json_invalid"), (b"", "missing"), (b"[1, 2]", "dict_type"),
    (b"\xff\xfe garbage", "json_invalid"), (b'"a string"', "dict_type"),
])
def test_malformed_bodies_are_422(client, body, kind):
    assert problems(client.post("/api/evaluate", content=body))[0]["type"] == kind


@pytest.mark.parametrize("doc", [
    {}, {"nodes": []}, {"nodes": "abc"}, {"nodes": [1, 2]}, {"nodes": [{}]},
    {"nodes": [inp("a", 1)], "version": 2}, {"nodes": [inp("a", True)]},
    {"nodes": [inp("a", 1), {"id": "b", "op": "exp", "inputs": "a"}]},
    {"nodes": [inp("a", 1), op("b", "sum", "a", axis="x")]},
    {"nodes": [inp("a", 1), op("b", "pow", "a", p="NaN")]},
    {"nodes": [inp("a", [1, 2]), const_t := {"id": "t", "op": "const", "value": [7]},
               op("l", "softmax_with_loss", "a", "t")]},
    {"nodes": [inp("a", [1.0, 2.0]), {"id": "t", "op": "const", "value": 5.5},
               op("l", "softmax_with_loss", "a", "t")]},
    {"nodes": [inp("a", 1)], "seed": [1, 2, 3]},
    {"nodes": [inp("a" * 65, 1)]},
    {"nodes": [inp("a", 1), inp("b", 1)], "output": "zzz"},
])
def test_wrong_types_and_values_are_422(client, doc):
    problems(client.post("/api/evaluate", json=doc))


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than any parser stack
    b'{"nodes": [{"id": "x", "op": "input", "value": ' + b"[" * 900 + b"1" + b"]" * 900 + b"}]}",
    b'{"nodes": [{"id": "x", "op": "input", "value": ' + b"[" * 70 + b"1" + b"]" * 70 + b"}]}",
    b'{"nodes": [{"id": "x", "op": "input", "value": 1e999}]}',
    b'{"nodes": [{"id": "x", "op": "input", "value": 123' + b"9" * 5000 + b"}]}",
])
def test_pathological_documents_never_500(client, body):
    r = client.post("/api/evaluate", content=body)
    assert r.status_code in (200, 422), r.text[:300]
    r.json()


def test_pathological_graph_shapes_never_500(client):
    chain = [inp("x0", 0.5)] + [op(f"x{i}", "sigmoid", f"x{i - 1}") for i in range(1, 3000)]
    r = client.post("/api/evaluate", params={"trace": "false"}, json={"nodes": chain})
    assert r.status_code == 200
    wide = [inp("x", [1e308, -1e308])] + [op("y", "exp", "x"), op("z", "mul", "y", "y")]
    r = client.post("/api/evaluate", json={"nodes": wide})
    assert r.status_code == 200 and r.json()["nodes"]["z"]["value"][0] == "Infinity"


def test_an_unexpected_exception_still_answers_json(tmp_path, monkeypatch):
    import compgraph as engine

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(engine, "evaluate", boom)
    with make_client(tmp_path) as c:
        r = c.post("/api/evaluate", json=APPLE)
    assert r.status_code == 500 and r.json()["detail"][0]["type"] == "internal_error"


def test_gradcheck_refuses_too_many_input_elements(tmp_path):
    with make_client(tmp_path, max_gradcheck_elements=10) as c:
        doc = {"nodes": [inp("x", [1.0] * 11), op("y", "sum", "x")]}
        assert problems(c.post("/api/gradcheck", json=doc))[0]["type"] == "gradcheck_too_large"


def test_gradcheck_work_is_bounded_by_graph_size_too(tmp_path):
    with make_client(tmp_path, max_gradcheck_work=10_000) as c:
        chain = [inp("x", [1.0] * 10)] + [op(f"y{i}", "exp", f"y{i - 1}" if i else "x")
                                          for i in range(100)]
        [p] = problems(c.post("/api/gradcheck", json={"nodes": chain}))
        assert p["type"] == "limit" and "max_gradcheck_work" in p["msg"] and p["node"] == "x"
        assert c.post("/api/gradcheck", json=APPLE).status_code == 200


def test_gradcheck_rejects_a_bad_step(client):
    assert client.post("/api/gradcheck", params={"h": 0}, json=APPLE).status_code == 422


def test_unknown_query_value_is_422(client):
    r = client.post("/api/evaluate", params={"arrays": "some"}, json=APPLE)
    assert problems(r)[0]["loc"] == ["query", "arrays"]


def test_routes_with_pydantic_bodies_answer_bad_bytes_with_422_not_400(tmp_path):
    from fastapi import Body

    with make_client(tmp_path) as c:
        @c.app.post("/api/_probe")
        def probe(body: dict = Body(...)):
            return body

        r = c.post("/api/_probe", content=b"\xff\xfe\x00",
                   headers={"content-type": "application/json"})
        assert problems(r)[0]["type"] == "json_invalid"
        assert c.get("/api/nothing-here").status_code == 404
