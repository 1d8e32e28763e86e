"""cg.Client / cg.AsyncClient against a real server: the same objects local evaluation gives."""

from __future__ import annotations

import asyncio
import json
import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import compgraph as cg
from compgraph.widget import widget_state

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _same(a, b):
    if a is None or b is None:
        assert a is b
    else:
        assert type(np.asarray(a)) is type(np.asarray(b)) and np.shape(a) == np.shape(b)
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["apple.json", "two_layer_net.json", "softmax_with_loss.json"])
def test_evaluate_answers_what_local_evaluation_answers(api_url, name):
    doc = json.loads((EXAMPLES / name).read_text())
    local = cg.evaluate(doc)
    with cg.Client(api_url) as api:
        remote = api.evaluate(doc)
    assert isinstance(remote, cg.Evaluation) and remote.output == local.output
    for i in local.values:
        _same(remote.values[i], local.values[i])
        _same(remote.grads[i], local.grads[i])
    assert remote.extras.keys() == local.extras.keys()
    assert len(remote.trace) == len(local.trace)
    for r, s in zip(remote.trace, local.trace):
        assert type(r) is type(s) and r.node == s.node and r.op == s.op
    last = local.trace[-1]
    assert [e.to for e in remote.trace[-1].edges] == [e.to for e in last.edges]
    for r, s in zip(remote.trace[-1].edges, last.edges):
        _same(r.grad, s.grad)
        _same(r.total, s.total)


def test_a_recorded_value_round_trips_through_the_api(api_url):
    x = cg.Value(np.array([[0.5, -1.0], [2.0, 0.25]]), name="x")
    y = (x @ np.array([[1.0], [3.0]])).tanh().sum()
    y.backward()
    with cg.Client(api_url) as api:
        remote = api.evaluate(y)
    assert remote.values[y.to_document()["output"]] == y.data
    np.testing.assert_array_equal(remote.grads["x"], x.grad)
    # cg.show takes the client's answer and sends what it sends for the local evaluation
    assert widget_state(remote) == widget_state(y.evaluation)


def test_non_finite_numbers_read_back_as_floats(api_url):
    doc = {"nodes": [{"id": "x", "op": "input", "value": [0.0, 1.0]},
                     {"id": "y", "op": "log", "inputs": ["x"]}]}
    with cg.Client(api_url) as api:
        r = api.evaluate(doc)
    assert r.values["y"][0] == -math.inf and r.values["y"][1] == 0.0
    assert r.grads["x"][0] == math.inf


def test_problems_raise_one_graph_error_naming_the_nodes(api_url):
    doc = {"nodes": [{"id": "a", "op": "input", "value": 1},
                     {"id": "b", "op": "mul", "inputs": ["a", "nope"]},
                     {"id": "c", "op": "frobnicate", "inputs": ["a"]}]}
    with cg.Client(api_url) as api, pytest.raises(cg.GraphError) as err:
        api.evaluate(doc)
    with pytest.raises(cg.GraphError) as local:
        cg.evaluate(doc)
    assert {(p.node, p.type) for p in err.value.problems} == \
        {(p.node, p.type) for p in local.value.problems}
    assert {"b", "c"} <= {p.node for p in err.value.problems}


def test_gradcheck_parse_save_load_export(api_url):
    with cg.Client(api_url) as api:
        doc = api.parse("x = 3\ny = 4\nz = (x * y) ** 2")
        assert cg.evaluate(doc).values["z"] == 144.0
        check = api.gradcheck(doc)
        assert check.ok and check.inputs["x"].backprop == pytest.approx(2 * 12 * 4)
        gid = api.save(doc)
        assert api.load(gid)["nodes"] == json.loads(json.dumps(doc))["nodes"]
        assert "digraph" in api.export_dot(doc)
        with pytest.raises(cg.ClientError) as err:
            api.load("0" * 24)
        assert err.value.status == 404


def test_async_client_gives_the_same_answers(api_url):
    doc = json.loads((EXAMPLES / "apple.json").read_text())

    async def run():
        async with cg.AsyncClient(api_url) as api:
            return await asyncio.gather(api.evaluate(doc), api.parse("a = 1\nb = exp(a)"))

    # a loop of its own in a thread: Playwright's sync API may leave one running in this thread
    with ThreadPoolExecutor(1) as pool:
        result, parsed = pool.submit(asyncio.run, run()).result()
    assert result.grads["apple"] == cg.evaluate(doc).grads["apple"]
    assert parsed["output"] == "b"
