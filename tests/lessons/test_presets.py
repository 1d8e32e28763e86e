"""Every chapter-5 preset reproduces its figure's numbers: values, gradients, and each edge."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

import compgraph as engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
Y1 = 1 / (1 + math.exp(-1))  # sigmoid(1), the x = 1 of the sigmoid presets


def load(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def edges(result: engine.Evaluation) -> dict[tuple[str, str], np.ndarray]:
    """(from node, to operand) -> gradient sent along that edge, from the trace."""
    out = {}
    for step in result.trace:
        if step.phase == "backward" and step.op != "seed":
            for e in step.edges:
                out[(step.node, e.to)] = np.asarray(e.grad)
    return out


# name -> (node values, node gradients, edge gradients (consumer, operand) -> grad)
FIGURES = {
    "shopping_apple": (
        {"apple_price": 200, "price": 220}, {}, {}),
    "shopping_apple_orange": (
        {"apple_price": 200, "orange_price": 450, "all_price": 650, "price": 715}, {}, {}),
    "simple_backward": (
        {"apple_price": 200, "price": 220},
        {"price": 1, "apple_price": 1.1, "apple": 2.2, "apple_num": None, "tax": None},
        {("price", "apple_price"): 1.1, ("apple_price", "apple"): 2.2}),
    "chain_rule": (
        {"t": 3, "z": 9}, {"z": 1, "t": 6, "x": 6, "y": 6},
        {("z", "t"): 6, ("t", "x"): 6, ("t", "y"): 6}),
    "add_node": (
        {"z": 15}, {"z": 1.3, "x": 1.3, "y": 1.3}, {("z", "x"): 1.3, ("z", "y"): 1.3}),
    "mul_node": (
        {"z": 50}, {"z": 1.3, "x": 6.5, "y": 13}, {("z", "x"): 6.5, ("z", "y"): 13}),
    "apple": (
        {"apple_price": 200, "price": 220},
        {"price": 1, "apple_price": 1.1, "apple": 2.2, "apple_num": 110, "tax": 200},
        {("price", "apple_price"): 1.1, ("price", "tax"): 200, ("apple_price", "apple"): 2.2,
         ("apple_price", "apple_num"): 110}),
    "apple_orange": (
        {"apple_price": 200, "orange_price": 450, "all_price": 650, "price": 715},
        {"price": 1, "all_price": 1.1, "tax": 650, "apple_price": 1.1, "orange_price": 1.1,
         "apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165},
        {("price", "all_price"): 1.1, ("price", "tax"): 650, ("all_price", "apple_price"): 1.1,
         ("all_price", "orange_price"): 1.1, ("orange_price", "orange"): 3.3,
         ("orange_price", "orange_num"): 165, ("apple_price", "apple"): 2.2,
         ("apple_price", "apple_num"): 110}),
    "relu": (
        {"y": [[1.0, 0.0], [0.0, 3.0]]}, {"x": [[1.0, 0.0], [0.0, 1.0]]},
        {("y", "x"): [[1.0, 0.0], [0.0, 1.0]]}),
    "sigmoid_primitives": (
        {"a": -1, "b": math.exp(-1), "c": 1 + math.exp(-1), "y": Y1},
        {"y": 1, "c": -Y1 ** 2, "b": -Y1 ** 2, "a": -Y1 ** 2 * math.exp(-1),
         "x": Y1 * (1 - Y1), "minus_one": None, "one": None, "numerator": None},
        {("y", "c"): -Y1 ** 2, ("c", "b"): -Y1 ** 2, ("b", "a"): -Y1 ** 2 * math.exp(-1),
         ("a", "x"): Y1 ** 2 * math.exp(-1)}),
    "sigmoid": (
        {"y": Y1}, {"x": Y1 * (1 - Y1)}, {("y", "x"): Y1 * (1 - Y1)}),
    "affine": (
        {"XW": [9, 12, 15], "Y": [10, 14, 18]},
        {"Y": [1, 2, 3], "B": [1, 2, 3], "XW": [1, 2, 3], "X": [14, 32],
         "W": [[1, 2, 3], [2, 4, 6]]},
        {("Y", "B"): [1, 2, 3], ("XW", "X"): [14, 32]}),
    "affine_batch": (
        {"XW": [[0, 0, 0], [10, 10, 10]], "Y": [[1, 2, 3], [11, 12, 13]]},
        {"Y": [[1, 2, 3], [4, 5, 6]], "B": [5, 7, 9], "XW": [[1, 2, 3], [4, 5, 6]]},
        {("Y", "B"): [5, 7, 9], ("Y", "XW"): [[1, 2, 3], [4, 5, 6]]}),
    "softmax_with_loss_graph": (
        {"S": 1.0, "y1": 0.3, "y2": 0.2, "y3": 0.5,
         "L": -math.log(0.2)},
        {"L": 1, "sum": -1, "a1": 0.3, "a2": -0.8, "a3": 0.5, "t1": None, "minus_one": None},
        {("exp1", "a1"): 0.3, ("exp2", "a2"): -0.8, ("exp3", "a3"): 0.5, ("L", "sum"): -1}),
    "softmax_with_loss": (
        {"loss": -math.log(0.2 + 1e-7)}, {"x": [0.3, -0.8, 0.5]},
        {("loss", "x"): [0.3, -0.8, 0.5]}),
    "softmax_with_loss_good": (
        {"loss": -math.log(0.99 + 1e-7)}, {"x": [0.01, -0.01, 0.0]},
        {("loss", "x"): [0.01, -0.01, 0.0]}),
}
SOFTMAX_Y = {"softmax_with_loss": [0.3, 0.2, 0.5], "softmax_with_loss_good": [0.01, 0.99, 0.0]}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_forward_only_values_match_the_figure(name):
    values, _, _ = FIGURES[name]
    program = engine.compile(load(name))
    result = program.run(trace=False)
    for node, want in values.items():
        assert_allclose(result.values[node], want, rtol=1e-12, atol=1e-12, err_msg=node)
    out = program.graph.output
    assert out in values, f"the figure's numbers must include its output {out!r}"
    assert_allclose(program.forward(), values[out], rtol=1e-12)  # the book's, not our own


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_full_evaluation_matches_the_figure_per_node_and_edge(name):
    values, grads, edge_grads = FIGURES[name]
    result = engine.evaluate(load(name))
    forward = {s.node: s.value for s in result.trace if s.phase == "forward"}
    for node, want in values.items():
        assert_allclose(result.values[node], want, rtol=1e-12, atol=1e-12, err_msg=node)
        if node in forward:
            assert_allclose(forward[node], want, rtol=1e-12, atol=1e-12, err_msg=node)
    for node, want in grads.items():
        if want is None:
            assert result.grads[node] is None, f"{node} is a const: no gradient"
        else:
            assert_allclose(result.grads[node], want, rtol=1e-12, atol=1e-12, err_msg=node)
    sent = edges(result)
    for key, want in edge_grads.items():
        assert_allclose(sent[key], want, rtol=1e-12, atol=1e-12, err_msg=str(key))


@pytest.mark.parametrize("name", sorted(SOFTMAX_Y))
def test_softmax_output_is_the_slides_probabilities(name):
    result = engine.evaluate(load(name))
    assert_allclose(result.extras["loss"]["y"], SOFTMAX_Y[name], atol=1e-12)


def test_mul_node_swaps_its_inputs_as_local_derivatives():
    result = engine.evaluate(load("mul_node"))
    (step,) = [s for s in result.trace if s.phase == "backward" and s.op == "mul"]
    assert step.upstream == pytest.approx(1.3)
    locals_ = {e.to: float(e.local) for e in step.edges}
    assert locals_ == {"x": 5.0, "y": 10.0}


def test_sigmoid_from_primitives_agrees_with_the_sigmoid_node():
    fused = engine.evaluate(load("sigmoid"))
    parts = engine.evaluate(load("sigmoid_primitives"))
    assert_allclose(parts.values["y"], fused.values["y"], rtol=1e-15)
    assert_allclose(parts.grads["x"], fused.grads["x"], rtol=1e-12)


def test_sigmoid_steps_use_the_books_local_derivatives():
    result = engine.evaluate(load("sigmoid_primitives"))
    local = {(s.node, e.to): float(e.local) for s in result.trace
             if s.phase == "backward" and s.op != "seed" for e in s.edges}
    assert_allclose(local[("y", "c")], -Y1 ** 2)  # STEP1: / gives -y^2
    assert_allclose(local[("c", "b")], 1.0)  # STEP2: + passes it on
    assert_allclose(local[("b", "a")], math.exp(-1))  # STEP3: exp(x) at x = -1
    assert_allclose(local[("a", "x")], -1.0)  # STEP4: x gets -1


def test_two_layer_net_has_the_books_layers_and_passes_gradcheck():
    doc = load("two_layer_net")
    ops = [(n["id"], n["op"]) for n in doc["nodes"] if n["op"] not in ("input", "const")]
    assert ops == [("Affine1", "affine"), ("Relu1", "relu"), ("Affine2", "affine"),
                   ("SoftmaxWithLoss", "softmax_with_loss")]
    check = engine.gradcheck(doc)
    assert check.ok, {k: v.max_abs_diff for k, v in check.inputs.items()}
    assert set(check.inputs) == {"x", "W1", "b1", "W2", "b2"}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_preset_is_bilingual_and_ordered(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    meta = doc["meta"]
    assert doc["title"] and doc["description"]
    assert meta["title_ja"] and meta["description_ja"] and meta["figure"].startswith("5")
    assert isinstance(meta["order"], int)
    assert engine.gradcheck(doc).ok


def test_presets_have_distinct_menu_order_and_cover_every_figure():
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES.glob("*.json")]
    orders = [d["meta"]["order"] for d in docs]
    assert len(set(orders)) == len(orders)
    figures = {d["meta"]["figure"] for d in docs}
    assert {"5-2", "5-3", "5-5", "5-7", "5-9", "5-13", "5-14", "5-15", "5-18", "5-19", "5-22",
            "5-24", "5-27", "5-29", "5-30"} <= figures
    assert set(FIGURES) | {"two_layer_net"} == {p.stem for p in EXAMPLES.glob("*.json")}


def test_apple_keeps_its_contract_ids():
    ids = [n["id"] for n in load("apple")["nodes"]]
    assert ids == ["apple", "apple_num", "tax", "apple_price", "price"]
