"""The book's chapter-5 numbers, through HTTP."""

from __future__ import annotations

import math

import numpy as np
from apihelp import APPLE, APPLE_ORANGE, const, inp, op, two_layer_net
from numpy.testing import assert_allclose


def evaluate(client, doc, **params):
    r = client.post("/api/evaluate", json=doc, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_apple_gives_220_and_the_books_gradients(client):
    nodes = evaluate(client, APPLE)["nodes"]
    assert nodes["price"]["value"] == 220.00000000000003  # full float64, as Python computes it
    assert_allclose(nodes["apple"]["grad"], 2.2)
    assert_allclose(nodes["apple_num"]["grad"], 110)
    assert_allclose(nodes["tax"]["grad"], 200)
    assert nodes["price"]["grad"] == 1.0 and nodes["apple"]["shape"] == []


def test_apple_and_orange_gives_715(client):
    nodes = evaluate(client, APPLE_ORANGE)["nodes"]
    assert_allclose(nodes["price"]["value"], 715)
    expected = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
    for node, grad in expected.items():
        assert_allclose(nodes[node]["grad"], grad, err_msg=node)


def test_sigmoid_graph_backward_is_y_times_one_minus_y(client):
    x = 0.5
    doc = {"nodes": [inp("x", x), const("minus1", -1), const("one", 1),
                     op("a", "mul", "x", "minus1"), op("b", "exp", "a"),
                     op("c", "add", "b", "one"), op("y", "div", "one", "c")]}
    nodes = evaluate(client, doc)["nodes"]
    y = 1 / (1 + math.exp(-x))
    assert_allclose(nodes["y"]["value"], y)
    assert_allclose(nodes["x"]["grad"], y * (1 - y))
    assert nodes["one"]["grad"] is None and nodes["minus1"]["grad"] is None


def test_bias_gradient_sums_over_batch(client):
    dY = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    doc = {"nodes": [inp("x", [[1.0, 2.0], [3.0, 4.0]]), inp("W", [[1.0, 0, 0], [0, 1.0, 0]]),
                     inp("b", [0.0, 0.0, 0.0]), op("Y", "affine", "x", "W", "b")], "seed": dY}
    nodes = evaluate(client, doc)["nodes"]
    assert nodes["Y"]["shape"] == [2, 3]
    assert_allclose(nodes["b"]["grad"], [5, 7, 9])  # the book's dB = np.sum(dY, axis=0)
    assert_allclose(nodes["W"]["grad"], np.array([[1, 2], [3, 4]]).T @ np.array(dY))
    assert_allclose(nodes["x"]["grad"], np.array(dY) @ np.array([[1, 0, 0], [0, 1, 0]]).T)


def test_softmax_with_loss_gradient_is_y_minus_t(client):
    a = [0.3, 2.9, 4.0]
    doc = {"nodes": [inp("a", a), const("t", [0, 0, 1]),
                     op("loss", "softmax_with_loss", "a", "t")]}
    nodes = evaluate(client, doc)["nodes"]
    y = np.exp(a) / np.sum(np.exp(a))
    assert_allclose(nodes["loss"]["y"], [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)
    assert_allclose(nodes["loss"]["value"], -np.log(y[2] + 1e-7))
    assert_allclose(nodes["a"]["grad"], y - [0, 0, 1])


def test_two_layer_net_passes_the_gradient_check(client):
    r = client.post("/api/gradcheck", json=two_layer_net())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True and body["h"] == 1e-4
    assert set(body["inputs"]) == {"x", "W1", "b1", "W2", "b2"}  # the const teacher is left out
    for check in body["inputs"].values():
        assert check["ok"] and check["max_abs_diff"] < 1e-6
    assert body["inputs"]["W1"]["shape"] == [4, 10]
    assert_allclose(body["inputs"]["b2"]["backprop"], body["inputs"]["b2"]["numerical"],
                    atol=1e-7)


def test_gradcheck_apple_matches_the_contract_shape(client):
    body = client.post("/api/gradcheck", json=APPLE, params={"h": 1e-3}).json()
    assert body["ok"] and body["h"] == 1e-3
    assert set(body["inputs"]["apple"]) >= {"max_abs_diff", "max_rel_diff", "ok"}
