"""The orjson path (app/jsoncodec.py, serialize.encode_answer) against the stdlib's json: the same
values to the last bit, the same keys in the same order, non-finite numbers as strings."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from apihelp import const, inp, op
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import compgraph as engine
from compgraph.app import serialize
from compgraph.app.jsoncodec import JSONBytes, dumps, loads

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


def exact(v):
    """Floats by their bits (-0.0 is not 0.0), dicts as ordered pairs (order counts)."""
    if isinstance(v, float):
        return ("float", v.hex())
    if isinstance(v, dict):
        return [(k, exact(x)) for k, x in v.items()]
    if isinstance(v, list):
        return [exact(x) for x in v]
    return v


def stdlib_answer(result, **kw):
    return json.loads(json.dumps(serialize.evaluation(result, **kw), allow_nan=False))


def orjson_answer(result, **kw):
    raw = serialize.encode_answer(result, **kw)
    assert isinstance(raw, bytes)
    return json.loads(raw)  # read back by the stdlib: what any client sees


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("kw", [{}, {"trace": False}, {"elide_above": 2}])
def test_every_preset_encodes_alike(path, kw):
    result = engine.evaluate(json.loads(path.read_text(encoding="utf-8")))
    assert exact(orjson_answer(result, **kw)) == exact(stdlib_answer(result, **kw))


SPECIAL = [[-0.0, 1e-320, 5e-324], ["NaN", "Infinity", "-Infinity"], [2**70, 10**300, 0.1]]


def special_doc():
    return {"nodes": [inp("a", SPECIAL), const("k", [[1.0, -1.0, 1e-300]]),
                      op("m", "mul", "a", "k"), op("s", "sum", "m")]}


def test_special_values_survive_bit_for_bit():
    result = engine.evaluate(special_doc())
    answer = orjson_answer(result)
    assert exact(answer) == exact(stdlib_answer(result))
    a = answer["nodes"]["a"]["value"]
    assert a[0] == [-0.0, 1e-320, 5e-324] and math.copysign(1, a[0][0]) == -1
    assert a[1] == ["NaN", "Infinity", "-Infinity"]
    assert a[2] == [float(2**70), 1e300, 0.1]
    m = answer["nodes"]["m"]["value"]
    assert m[0][1] == -1e-320 and m[2][2] == pytest.approx(1e-301)
    assert answer["nodes"]["a"]["finite"] is False and answer["nodes"]["k"]["grad"] is None


def test_full_precision_round_trips():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((30, 20)) * 10.0 ** rng.integers(-300, 300, (30, 20))
    result = engine.evaluate({"nodes": [inp("x", x), op("y", "neg", "x")]})
    got = np.array(orjson_answer(result)["nodes"]["y"]["value"])
    np.testing.assert_array_equal(got.view(np.int64), (-x).view(np.int64))


def test_dumps_writes_integers_beyond_64_bits_exactly():
    data = {"big": 2**70, "neg": -(2**64), "list": [1, 2**100]}
    assert json.loads(dumps(data)) == data
    assert json.loads(dumps({"a": np.arange(3.0), "b": np.float64(0.5)})) == {
        "a": [0.0, 1.0, 2.0], "b": 0.5}


def test_dumps_writes_non_contiguous_arrays_in_order():
    a = np.arange(12.0).reshape(3, 4).T
    assert json.loads(dumps(a)) == a.tolist()


@pytest.mark.parametrize("raw", [
    b'{"v": [1.5, -0.0, 1e-320, 18446744073709551615, -9223372036854775808]}',
    b'{"v": [NaN, Infinity, -Infinity], "s": "\\ud800"}',
    '{"v": "h\u00e9llo"}'.encode("utf-16"),
    b'{"a": 1, "a": 2, "b": {"c": [true, false, null]}}',
])
def test_loads_reads_as_the_stdlib_reads(raw):
    assert exact(loads(raw)) == exact(json.loads(raw, parse_constant=str))


def test_loads_reads_integers_beyond_64_bits_as_float64_or_exactly():
    """The engine reads every number as float64: orjson's nearest float is what it would use;
    beyond float64 orjson refuses and the stdlib's exact integer lets the engine say so."""
    big = 123456789012345678901234567890
    assert loads(f"[{big}]".encode()) == [float(big)]
    assert loads(f"[{10**400}]".encode()) == [10**400]


@pytest.mark.parametrize("raw", [b'{"a": }', b"[1, 2", b"\xff\xfe\x00"])
def test_loads_refuses_what_the_stdlib_refuses(raw):
    with pytest.raises(ValueError):
        json.loads(raw)
    with pytest.raises(ValueError):
        loads(raw)


def softmax_doc(batch: int, classes: int = 10, seed: int = 3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, classes))
    t = np.eye(classes)[rng.integers(0, classes, batch)]
    doc = {"nodes": [inp("x", x.tolist()), const("t", t.tolist()),
                     op("loss", "softmax_with_loss", "x", "t")]}
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return doc, e / e.sum(axis=1, keepdims=True)


def test_softmax_y_follows_the_summary_rule(client):
    doc, y = softmax_doc(200)  # 2,000 elements of y: over the default 1,000
    r = client.post("/api/evaluate", json=doc)
    assert r.status_code == 200, r.text
    got = r.json()["nodes"]["loss"]["y"]
    assert got["elided"] is True and got["shape"] == [200, 10] and got["size"] == 2000
    assert got["min"] == pytest.approx(y.min(), rel=1e-12)
    assert got["max"] == pytest.approx(y.max(), rel=1e-12)
    assert got["mean"] == pytest.approx(0.1, rel=1e-12)  # each row sums to 1
    full = client.post("/api/evaluate?arrays=full", json=doc).json()["nodes"]["loss"]
    np.testing.assert_allclose(full["y"], y, rtol=1e-12)
    # the summary keeps the answer to the node values and gradients plus a few bytes a step
    nodes = r.json()["nodes"].values()
    values = sum(len(json.dumps(n[k], separators=(",", ":"))) for n in nodes
                 for k in ("value", "grad"))
    assert len(r.content) < values + 4_000


def test_small_softmax_y_is_sent_in_full(client):
    doc, y = softmax_doc(4)
    got = client.post("/api/evaluate", json=doc).json()["nodes"]["loss"]["y"]
    np.testing.assert_allclose(got, y, rtol=1e-12)


def test_api_answer_is_the_stdlib_answer(client):
    doc = special_doc()
    r = client.post("/api/evaluate", json=doc)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    expected = stdlib_answer(engine.evaluate(doc), elide_above=1000)
    assert exact(json.loads(r.content)) == exact(expected)


def test_json_bytes_sends_bytes_as_they_are_and_encodes_dicts():
    raw = serialize.encode_answer(engine.evaluate(special_doc()))
    assert JSONBytes(raw).body == raw
    response = JSONBytes({"a": [1.5, "NaN"], "big": 2**70})
    assert response.media_type == "application/json"
    assert json.loads(response.body) == {"a": [1.5, "NaN"], "big": 2**70}


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                  elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)))
def test_any_float64_array_encodes_alike(a):
    result = engine.evaluate({"nodes": [inp("a", a), op("n", "neg", "a")]})
    for kw in ({}, {"elide_above": 3}):
        assert exact(orjson_answer(result, **kw)) == exact(stdlib_answer(result, **kw))
