"""A user-defined composite (issue 8): softplus = log(1 + exp(x)) grouped from the inspector,
drawn collapsed as one box named "softplus" with the book's numbers on its outer edges (the value
log(1 + e^0.5) and dy/dx = sigmoid(0.5)), kept across a reload, expanded again into the same
primitives with the same numbers."""

from __future__ import annotations

import math

import pytest

X = 0.5
SOFTPLUS = math.log(1 + math.exp(X))  # 0.974077
SIGMOID = 1 / (1 + math.exp(-X))  # 0.622459, d softplus / dx


def drawn_ids(page) -> set[str]:
    return set(page.eval_on_selector_all("#graph g.node", "els => els.map(e => e.dataset.id)"))


def label(cg, page, src, dst, kind) -> float:
    text = cg.edge_label(page, src, dst, kind)
    assert text, f"no {kind} label on {src} -> {dst!r}"
    return float(text)


def check_outer_numbers(cg, page, first):
    """The numbers on the composite's outer edges at the end of the backward pass."""
    cg.goto_step(page, "end")
    assert label(cg, page, "y", "", "value") == pytest.approx(SOFTPLUS, abs=1e-6)
    assert label(cg, page, "x", first, "value") == pytest.approx(X)
    assert label(cg, page, "x", first, "grad") == pytest.approx(SIGMOID, abs=1e-6)


def test_softplus_group_collapses_saves_and_expands(app_page, cg):
    page = app_page
    cg.build(page, "x = 0.5\ny = log(1 + exp(x))")
    doc = page.evaluate("window.compgraph.state.document")
    prims = {n["id"] for n in doc["nodes"] if n["op"] != "input"}
    assert len(prims) == 4  # exp, the const 1, add, log
    exp_id = next(n["id"] for n in doc["nodes"] if n["op"] == "exp")

    page.locator('#graph g.node[data-id="y"]').click()
    page.locator('#inspector-body input[name="group-name"]').fill("softplus")
    page.locator("#group-make").click()
    cg.wait_drawn(page)

    groups = page.evaluate("window.compgraph.state.document.groups")
    assert len(groups) == 1
    g = groups[0]
    assert (g["id"], g["name"], g["op"], g["collapsed"]) == ("y", "softplus", None, True)
    assert set(g["nodes"]) == prims
    assert drawn_ids(page) == {"x", "y"}
    box = page.locator('#graph g.node[data-id="y"]')
    assert box.locator("text.symbol").text_content() == "softplus"
    check_outer_numbers(cg, page, "y")
    # the folded player: x, then the box forward; the seed, then the box backward
    assert page.evaluate("window.compgraph.state.steps") == 3
    # the inspector's chain rule for the box: its upstream gradient times its local one, into x
    box.click()
    assert page.locator("#inspector-body .op-title").text_content().startswith("softplus")
    assert f"{SIGMOID:.6f}" in page.locator("#inspector-body .chain").text_content()
    page.screenshot(path=str(cg.artifacts / "user-group-collapsed.png"))

    page.reload()
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document.groups")[0]["collapsed"] is True
    assert drawn_ids(page) == {"x", "y"}
    check_outer_numbers(cg, page, "y")

    page.locator('#graph g.node[data-id="y"]').click()
    page.locator("#group-toggle").click()
    cg.wait_drawn(page)
    assert drawn_ids(page) == prims | {"x"}
    assert page.evaluate("window.compgraph.state.document.groups")[0]["collapsed"] is False
    check_outer_numbers(cg, page, exp_id)
    page.screenshot(path=str(cg.artifacts / "user-group-expanded.png"))
    page.locator("#group-toggle").click()  # and closed again, in Japanese at 1920x1080
    cg.wait_drawn(page)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate("window.compgraph.setLang('ja')")
    assert "softplus" in page.locator("#group-toggle").text_content()
    page.screenshot(path=str(cg.artifacts / "user-group-ja-1920.png"))


def test_group_document_is_accepted_by_the_engine(app_page):
    """The saved form (groups with collapsed) evaluates to the same numbers on the server."""
    page = app_page
    doc = {"version": 1, "output": "y", "nodes": [
        {"id": "x", "op": "input", "value": X},
        {"id": "y.exp", "op": "exp", "inputs": ["x"]},
        {"id": "y.one", "op": "const", "value": 1},
        {"id": "y.add", "op": "add", "inputs": ["y.one", "y.exp"]},
        {"id": "y", "op": "log", "inputs": ["y.add"]}],
        "groups": [{"id": "y", "name": "softplus", "nodes": ["y.exp", "y.one", "y.add", "y"],
                    "op": None, "collapsed": True}]}
    page.evaluate("d => window.compgraph.loadDocument(d)", doc)
    page.wait_for_function("() => window.compgraph.state.idle && window.compgraph.state.evaluation")
    ev = page.evaluate("window.compgraph.state.evaluation")
    assert ev["nodes"]["y"]["value"] == pytest.approx(SOFTPLUS, rel=1e-12)
    assert ev["nodes"]["x"]["grad"] == pytest.approx(SIGMOID, rel=1e-12)
    assert drawn_ids(page) == {"x", "y"}
