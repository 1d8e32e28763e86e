"""POST /api/evaluate: the answer's shape, the trace, precision, non-finite numbers."""

from __future__ import annotations

import json

from apihelp import APPLE, inp, make_client, op, two_layer_net


def test_every_node_appears_with_value_grad_and_shape(client):
    body = client.post("/api/evaluate", json=APPLE).json()
    assert body["output"] == "price"
    assert body["order"] == ["apple", "apple_num", "tax", "apple_price", "price"]
    for node in body["nodes"].values():
        assert {"value", "grad", "shape", "op", "finite"} <= set(node)


def test_trace_runs_forward_then_seed_then_backward(client):
    trace = client.post("/api/evaluate", json=APPLE).json()["trace"]
    assert [s["phase"] for s in trace] == ["forward"] * 2 + ["backward"] * 3
    assert [s["index"] for s in trace] == list(range(5))
    assert trace[0] == {"index": 0, "phase": "forward", "node": "apple_price", "op": "mul",
                        "inputs": ["apple", "apple_num"], "operands": [100.0, 2.0],
                        "value": 200.0}
    assert trace[2]["op"] == "seed" and trace[2]["upstream"] == 1.0
    edge = trace[4]["edges"][0]
    assert edge["to"] == "apple" and edge["local"] == 2.0 and edge["count"] == edge["of"] == 1


def test_trace_false_leaves_the_trace_out(client):
    body = client.post("/api/evaluate", params={"trace": "false"}, json=APPLE).json()
    assert "trace" not in body and body["nodes"]["apple"]["grad"] == 2.2


def test_numbers_round_trip_in_full_float64_precision(client):
    v = 0.1 + 0.2
    doc = {"nodes": [inp("x", v), inp("y", 1 / 3), op("z", "mul", "x", "y")]}
    nodes = client.post("/api/evaluate", json=doc).json()["nodes"]
    assert nodes["x"]["value"] == v and nodes["z"]["value"] == v * (1 / 3)


def test_non_finite_numbers_are_strings_not_invalid_json(client):
    doc = {"nodes": [inp("x", [0.0, 1.0, -1.0]), op("y", "log", "x"), op("z", "sum", "y")]}
    r = client.post("/api/evaluate", json=doc)
    assert r.status_code == 200
    json.loads(r.text, parse_constant=lambda s: (_ for _ in ()).throw(AssertionError(s)))
    y = r.json()["nodes"]["y"]
    assert y["value"][:2] == ["-Infinity", 0.0] and y["value"][2] == "NaN"
    assert y["finite"] is False
    assert r.json()["nodes"]["x"]["grad"][0] == "Infinity"


def test_non_finite_strings_are_accepted_as_input(client):
    doc = {"nodes": [inp("x", "Infinity"), op("y", "neg", "x")]}
    assert client.post("/api/evaluate", json=doc).json()["nodes"]["y"]["value"] == "-Infinity"


def test_bare_nan_tokens_in_the_body_are_read_as_nan(client):
    body = b'{"nodes": [{"id": "x", "op": "input", "value": NaN}]}'
    r = client.post("/api/evaluate", content=body)
    assert r.status_code == 200 and r.json()["nodes"]["x"]["value"] == "NaN"


def test_large_trace_arrays_are_summarised_unless_full_is_asked(tmp_path):
    with make_client(tmp_path, trace_full_elements=20) as c:
        doc = two_layer_net()  # W1 has 40 elements
        auto = c.post("/api/evaluate", json=doc).json()
        step = next(s for s in auto["trace"] if s["node"] == "a1" and s["phase"] == "forward")
        w1 = step["operands"][1]
        assert w1["elided"] is True and w1["shape"] == [4, 10] and w1["size"] == 40
        assert step["operands"][2] == auto["nodes"]["b1"]["value"]  # 10 elements: in full
        assert len(auto["nodes"]["W1"]["value"]) == 4  # node values are always complete
        full = c.post("/api/evaluate", params={"arrays": "full"}, json=doc).json()
        step = next(s for s in full["trace"] if s["node"] == "a1" and s["phase"] == "forward")
        assert step["operands"][1] == full["nodes"]["W1"]["value"]


def test_small_graphs_get_full_trace_values_by_default(client):
    trace = client.post("/api/evaluate", json=two_layer_net()).json()["trace"]
    assert not any(isinstance(v, dict) for s in trace for v in s.get("operands", []))
