"""What the catalog says about each backward step holds for the engine's own trace numbers."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest
from enginehelp import doc, inp, op
from numpy.testing import assert_allclose

import compgraph as engine
from compgraph import BackwardStep

CATALOG = {e["name"]: e for e in engine.catalog()}
PLACEHOLDERS = {"to", "out", "up", "local", "grad", "x", "up_shape", "local_shape",
                "localT_shape", "grad_shape", "y", "t", "n", "seed", "node", "axes", "sum"}


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("name", list(engine.OPS))
def test_every_operand_has_latex_words_in_both_languages_and_known_placeholders(name):
    entry = CATALOG[name]
    assert len(entry["backward"]) == entry["arity"]
    for text, diff in zip(entry["backward"], entry["differentiable"]):
        assert text["latex"].strip()
        assert set(text["words"]) == {"en", "ja"}
        for words in (*text["words"].values(), text["shapes"]):
            assert fields(words) <= PLACEHOLDERS, words
        if diff:  # a gradient flows: the sentence says where and how much
            assert {"grad", "to"} <= fields(text["words"]["en"]) == fields(text["words"]["ja"])
    assert fields(entry["seed"]["en"]) == fields(entry["seed"]["ja"]) == {"node", "seed"}
    assert fields(entry["broadcast"]["en"]) == {"axes"}


def shape_text(t: tuple) -> str:
    return "(" + ", ".join(map(str, t)) + ("," if len(t) == 1 else "") + ")"


def shape(a) -> str:
    return shape_text(np.shape(a))


def fill_shapes(template, up, local, grad):
    return template.format(up_shape=shape(up), local_shape=shape(local),
                           localT_shape=shape(np.swapaxes(local, -1, -2)), grad_shape=shape(grad))


def product_shape(a: str, b: str) -> str:
    """(N, 3) · (3, 2) -> (N, 2), checking the inner sizes agree (the book's 5.6.1 rule)."""
    ta, tb = (tuple(int(v) for v in re.findall(r"\d+", s)) for s in (a, b))
    assert ta[-1] == tb[0], (a, b)
    return shape_text(ta[:-1] + tb[1:])


def backward_steps(document):
    r = engine.evaluate(document)
    return r, {s.node: s for s in r.trace if isinstance(s, BackwardStep)}


BATCH_AFFINE = doc(inp("X", [[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]),
                   inp("W", [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]), inp("b", [0.1, -0.2]),
                   op("Y", "affine", "X", "W", "b"), op("L", "sum", "Y"), output="L",
                   seed=1.5)


@pytest.mark.parametrize("kind", ["affine", "matmul"])
def test_matrix_shape_lines_are_true_matrix_products(kind):
    operands = ("X", "W", "b") if kind == "affine" else ("X", "W")
    nodes = BATCH_AFFINE["nodes"][:3] + [op("Y", kind, *operands), op("L", "sum", "Y")]
    _, steps = backward_steps(doc(*nodes, output="L"))
    step = steps["Y"]
    texts = CATALOG[kind]["backward"]
    for edge, text in zip(step.edges[:2], texts):
        lhs, rhs = fill_shapes(text["shapes"], step.upstream, edge.local, edge.grad).split(" = ")
        assert product_shape(*rhs.split(" · ")) == lhs
    dx, dw = step.edges[0].grad, step.edges[1].grad
    up, (x, w) = step.upstream, (nodes[0]["value"], nodes[1]["value"])
    assert "Wᵀ" in texts[0]["words"]["en"] or "Bᵀ" in texts[0]["words"]["en"]
    assert_allclose(dx, up @ np.array(w).T)  # what the words say: ∂L/∂Y · Wᵀ
    assert_allclose(dw, np.array(x).T @ up)  # Xᵀ · ∂L/∂Y
    line = fill_shapes(texts[0]["shapes"], up, step.edges[0].local, dx)
    assert line == "(2, 3) = (2, 2) · (2, 3)"


def test_affine_bias_is_the_upstream_summed_over_the_batch_axis():
    _, steps = backward_steps(BATCH_AFFINE)
    step = steps["Y"]
    bias = step.edges[2]
    assert_allclose(bias.grad, np.asarray(step.upstream).sum(axis=0))
    assert "{sum}" in CATALOG["affine"]["backward"][2]["words"]["en"]
    assert CATALOG["affine"]["axes"]["batch"]["en"] == "the batch, axis 0"


def test_relu_backward_is_the_mask_x_greater_than_zero():
    x = [[1.0, -0.5], [-2.0, 3.0]]
    _, steps = backward_steps(doc(inp("x", x), op("y", "relu", "x"), op("L", "sum", "y"),
                                  output="L", seed=2.0))
    edge = steps["y"].edges[0]
    assert_allclose(edge.local, np.array(x) > 0)
    assert_allclose(edge.grad, 2.0 * (np.array(x) > 0))
    assert "(x > 0)" in CATALOG["relu"]["backward"][0]["words"]["en"]
    assert "[x > 0]" in CATALOG["relu"]["backward"][0]["latex"]


def test_softmax_with_loss_backward_is_y_minus_t_over_n():
    x, t = [[0.3, 2.9, 4.0], [1.0, 1.0, 0.0]], [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    r, steps = backward_steps(doc(inp("x", x), inp("t", t), op("L", "softmax_with_loss", "x", "t"),
                                  output="L"))
    e = np.exp(np.array(x))
    y = e / e.sum(axis=1, keepdims=True)  # an independent softmax
    assert_allclose(steps["L"].edges[0].local, (y - np.array(t)) / 2)
    words = CATALOG["softmax_with_loss"]["backward"][0]["words"]
    assert {"y", "t", "n"} <= fields(words["en"]) and "(y − t) / N" in words["en"]


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "exp", "log", "sigmoid", "tanh"])
def test_elementwise_words_say_upstream_times_local_and_the_engine_agrees(name):
    arity = CATALOG[name]["arity"]
    nodes = [inp("a", [[0.5, 1.5, 2.0], [1.2, 0.7, 3.0]]), inp("b", [2.0, 0.5, 4.0])][:arity]
    _, steps = backward_steps(doc(*nodes, op("z", name, *[n["id"] for n in nodes]),
                                  op("L", "sum", "z"), output="L", seed=1.3))
    step = steps["z"]
    for edge, text in zip(step.edges, CATALOG[name]["backward"]):
        assert "{up} × {local}{sum} = {grad}" in text["words"]["en"]
        full = np.asarray(step.upstream) * edge.local
        summed = full.sum(axis=0) if np.ndim(edge.grad) < np.ndim(full) else full
        assert_allclose(edge.grad, summed)
    assert_allclose(steps["L"].upstream, 1.3)
