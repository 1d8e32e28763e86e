"""Sections 5.6-5.7 on screen: matrices written out, the book's notation in the captions, elided
arrays, on graphs of our own numbers (not only the presets)."""

from __future__ import annotations

import numpy as np
import pytest

W = [[1.5, -2.0, 3.0], [4.0, 0.25, -6.0]]
X = [[1.0, 2.0], [-1.0, 0.5]]
B = [0.5, -1.0, 2.0]
DY = [[1.0, -2.0, 0.5], [3.0, 2.0, -1.0]]
AFFINE = {"version": 1, "nodes": [
    {"id": "X", "op": "input", "value": X}, {"id": "W", "op": "input", "value": W},
    {"id": "b", "op": "input", "value": B}, {"id": "Y", "op": "affine", "inputs": ["X", "W", "b"]}],
    "output": "Y", "seed": DY}


def load(page, cg, doc):
    page.evaluate("doc => window.compgraph.loadDocument(doc)", doc)
    cg.wait_drawn(page)


def goto_backward(page, node):
    """Go to the step right after `node`'s backward step (its caption is shown)."""
    k = page.evaluate("""n => window.compgraph.state.evaluation.trace.findIndex(
        s => s.phase === 'backward' && s.node === n && s.op !== 'seed')""", node)
    assert k >= 0
    page.evaluate("k => window.compgraph.goto(k)", k + 1)
    return page.locator("#caption").text_content()


def grid_rows(page, src, dst, kind):
    loc = page.locator(f'g.edge[data-from="{src}"][data-to="{dst}"] text.label.{kind} tspan')
    return [t.strip() for t in loc.all_text_contents()]


def test_a_2x3_matrix_is_written_out_on_its_edge(app_page, cg):
    load(app_page, cg, AFFINE)
    app_page.keyboard.press("End")
    assert grid_rows(app_page, "W", "Y", "value") == ["[[1.5,   -2,  3],", "[  4, 0.25, -6]]"]
    dw = np.array(X).T @ np.array(DY)  # ∂L/∂W = Xᵀ · ∂L/∂Y, computed here
    rows = grid_rows(app_page, "W", "Y", "grad")
    assert len(rows) == 2
    numbers = [float(v) for r in rows for v in r.strip("[], ").replace("]", "").split(",")]
    assert np.allclose(numbers, dw.ravel())
    assert app_page.locator('g.edge[data-from="W"] g.heat').count() == 0  # numbers, no heatmap


def test_the_affine_caption_names_w_transposed_and_the_shapes(app_page, cg):
    load(app_page, cg, AFFINE)
    caption = goto_backward(app_page, "Y")
    assert "∂L/∂X = ∂L/∂Y · Wᵀ" in caption and "∂L/∂W = Xᵀ · ∂L/∂Y" in caption
    assert "(2, 2) = (2, 3) · (3, 2)" in caption  # ∂L/∂X: (N, 2) = (N, 3) · (3, 2)
    assert "(2, 3) = (2, 2) · (2, 3)" in caption  # ∂L/∂W
    dx = np.array(DY) @ np.array(W).T
    assert f"[[{dx[0, 0]:.3g}, {dx[0, 1]:.3g}], [{dx[1, 0]:.3g}, {dx[1, 1]:.3g}]]" in caption


def test_the_bias_caption_says_it_sums_over_the_batch(app_page, cg):
    load(app_page, cg, AFFINE)
    caption = goto_backward(app_page, "Y")
    db = np.array(DY).sum(axis=0)
    assert f"summed over the batch, axis 0, = [{db[0]:g}, {db[1]:g}, {db[2]:g}]" in caption
    # the same through matmul + a broadcast add (Fig. 5-27 drawn with primitives)
    doc = {"version": 1, "nodes": [*AFFINE["nodes"][:3],
           {"id": "XW", "op": "matmul", "inputs": ["X", "W"]},
           {"id": "Y", "op": "add", "inputs": ["XW", "b"]}], "output": "Y", "seed": DY}
    load(app_page, cg, doc)
    caption = goto_backward(app_page, "Y")
    assert f"summed over the batch, axis 0, = [{db[0]:g}, {db[1]:g}, {db[2]:g}] flows back to b" \
        in caption


def test_the_seed_caption_gives_the_seed_actually_given(app_page, cg):
    doc = {"version": 1, "nodes": [{"id": "a", "op": "input", "value": 3.0},
                                   {"id": "z", "op": "exp", "inputs": ["a"]}], "seed": 1.3}
    load(app_page, cg, doc)
    k = app_page.evaluate("() => window.compgraph.state.evaluation.trace.findIndex("
                          "s => s.op === 'seed')")
    app_page.evaluate("k => window.compgraph.goto(k)", k + 1)
    caption = app_page.locator("#caption").text_content()
    assert "receives the seed 1.3" in caption and "= 1.3)" in caption
    doc["nodes"][0]["value"] = [0.5, 1.0, 2.0]
    doc["seed"] = [1.0, 2.0, 3.0]
    load(app_page, cg, doc)
    app_page.evaluate("k => window.compgraph.goto(k)", k + 1)
    assert "receives the seed [1, 2, 3]" in app_page.locator("#caption").text_content()


def test_relu_backward_reads_as_the_mask(app_page, cg):
    doc = {"version": 1, "nodes": [{"id": "x", "op": "input", "value": [[2.0, -1.0], [-0.5, 3.0]]},
                                   {"id": "y", "op": "relu", "inputs": ["x"]}],
           "seed": [[1.0, 2.0], [3.0, 4.0]]}
    load(app_page, cg, doc)
    caption = goto_backward(app_page, "y")
    assert "the mask (x > 0) = [[1, 0], [0, 1]]" in caption
    assert "[[1, 0], [0, 4]] flows back to x" in caption


def test_softmax_with_loss_caption_writes_y_and_t_out(app_page, cg):
    x = [[0.3, 2.9, 4.0], [0.1, 0.1, 0.1]]
    doc = {"version": 1, "nodes": [{"id": "a", "op": "input", "value": x},
                                   {"id": "t", "op": "const", "value": [2, 0]},
                                   {"id": "L", "op": "softmax_with_loss", "inputs": ["a", "t"]}]}
    load(app_page, cg, doc)
    caption = goto_backward(app_page, "L")
    e = np.exp(np.array(x))
    y = e / e.sum(axis=1, keepdims=True)
    assert "(y − t) / N = ([[" in caption and "[[0, 0, 1], [1, 0, 0]]) / 2" in caption
    assert f"{y[0, 2]:.3g}" in caption


def test_a_1200_element_graph_plays_to_the_end_with_no_page_error(app_page, cg):
    doc = {"version": 1, "nodes": [
        {"id": "x", "op": "input", "value": np.linspace(-1, 1, 1200).reshape(30, 40).tolist()},
        {"id": "h", "op": "relu", "inputs": ["x"]},
        {"id": "s", "op": "sum", "inputs": ["h"]}]}
    load(app_page, cg, doc)
    app_page.keyboard.press("End")
    steps = app_page.evaluate("() => window.compgraph.state.step")
    assert steps == app_page.evaluate("() => window.compgraph.state.evaluation.trace.length")
    assert "(30, 40)" in cg.edge_label(app_page, "h", "s", "value")  # from the summary
    assert app_page.locator('g.edge[data-from="h"] g.heat.value .heat-legend rect').count() == 8
    for k in range(steps + 1):  # every step draws and captions without a page error
        app_page.evaluate("k => window.compgraph.goto(k)", k)
    app_page.locator('g.edge[data-from="h"] text.label.value').click()
    assert app_page.locator("#table-dialog td").count() == 1200


def test_the_inspector_writes_the_affine_backward_with_the_shown_names(app_page, cg):
    doc = {**AFFINE, "nodes": [{**n, "label": "重み"} if n["id"] == "W" else n
                               for n in AFFINE["nodes"]]}
    load(app_page, cg, doc)
    app_page.keyboard.press("End")
    app_page.locator('#graph g.node[data-id="Y"]').click()
    body = app_page.locator("#inspector-body")
    assert body.locator(".chain .katex").count() == 3  # ∂L/∂X, ∂L/∂W, ∂L/∂B
    text = body.text_content()
    assert "Affine layer · Y" in text
    assert "∂L/∂W = Xᵀ · ∂L/∂Y" in text and "flows back to 重み" in text
    assert "(2, 3) = (2, 2) · (2, 3)" in text
    app_page.evaluate("() => window.compgraph.setLang('ja')")
    text = body.text_content()
    assert "Affineレイヤ · Y" in text and "が 重み へ流れる" in text
    assert "バッチ方向 (第0軸)" in text
    assert "逆伝播の開始" not in app_page.locator("#caption").text_content()
    app_page.evaluate("() => window.compgraph.setLang('en')")


def nudge(page, delta):
    page.locator("#nudge-delta").fill(str(delta))
    page.wait_for_function("() => document.querySelector('#nudge-result')?.dataset.actual")
    result = page.locator("#nudge-result")
    return (float(result.get_attribute("data-predicted")), float(result.get_attribute("data-actual")),
            result.text_content())


def test_the_nudge_shows_predicted_against_actual_for_a_scalar(app_page, cg):
    doc = {"version": 1, "nodes": [{"id": "a", "op": "input", "value": 3.0},
                                   {"id": "b", "op": "input", "value": 0.5},
                                   {"id": "z", "op": "mul", "inputs": ["a", "b"]},
                                   {"id": "y", "op": "exp", "inputs": ["z"]}]}
    load(app_page, cg, doc)
    app_page.locator('#graph g.node[data-id="a"]').click()
    predicted, actual, text = nudge(app_page, 0.1)
    g = 0.5 * np.exp(1.5)  # ∂y/∂a = b·exp(ab)
    assert predicted == pytest.approx(g * 0.1)
    assert actual == pytest.approx(np.exp(3.1 * 0.5) - np.exp(1.5))
    assert f"{g:.6g}" in text and "actual change of y" in text


def test_the_nudge_moves_one_chosen_element_of_an_array(app_page, cg):
    doc = {"version": 1, "nodes": [{"id": "x", "op": "input", "value": [[1.0, 2.0], [3.0, 4.0]]},
                                   {"id": "sq", "op": "mul", "inputs": ["x", "x"]},
                                   {"id": "L", "op": "sum", "inputs": ["sq"]}]}
    load(app_page, cg, doc)
    app_page.locator('#graph g.node[data-id="x"]').click()
    app_page.locator("#nudge-element").fill("3")  # x[1, 1] = 4
    predicted, actual, text = nudge(app_page, 0.5)
    assert predicted == pytest.approx(2 * 4 * 0.5)  # ∂L/∂x = 2x
    assert actual == pytest.approx(4.5 ** 2 - 4 ** 2)
    assert "x[1, 1]" in text


def numbers(page):
    """Every node's value and gradient in the current evaluation, by id."""
    return page.evaluate("""() => Object.fromEntries(Object.entries(
        window.compgraph.state.evaluation.nodes).map(([k, v]) => [k, [v.value, v.grad]]))""")


def toggle_layer(page, cg, node):
    page.locator(f'#graph g.node[data-id="{node}"]').click()
    before = page.evaluate("() => window.compgraph.state.document.nodes.length")
    page.locator("#layer-toggle").click()
    page.wait_for_function("n => window.compgraph.state.document.nodes.length !== n", arg=before)
    cg.wait_drawn(page)


def assert_same_numbers(a, b, ids, rtol=1e-9):
    for i in ids:
        for x, y in zip(a[i], b[i]):
            if x is not None or y is not None:
                assert np.allclose(x, y, rtol=rtol, atol=1e-12), (i, x, y)


def test_affine_opens_into_matmul_and_add_and_closes_with_every_number_kept(app_page, cg):
    doc = {**AFFINE, "nodes": [*AFFINE["nodes"], {"id": "L", "op": "sum", "inputs": ["Y"]}],
           "output": "L", "seed": 1.0}
    load(app_page, cg, doc)
    before = numbers(app_page)
    toggle_layer(app_page, cg, "Y")
    opened = numbers(app_page)
    assert app_page.evaluate("() => window.compgraph.state.document.groups[0].op") == "affine"
    assert opened["Y.xw"][0] == (np.array(X) @ np.array(W)).tolist()  # X · W, computed here
    assert_same_numbers(before, opened, ["X", "W", "b", "Y", "L"])
    app_page.locator('#graph g.node[data-id="Y.xw"]').click()
    assert "Part of Affine layer (Y): X · W" in app_page.locator("#inspector-body").text_content()
    app_page.locator('#graph g.node[data-id="Y"]').click()
    assert "summed over axis 0" in app_page.locator("#inspector-body").text_content()
    toggle_layer(app_page, cg, "Y")
    closed = numbers(app_page)
    assert set(closed) == set(before) and "groups" not in app_page.evaluate(
        "() => window.compgraph.state.document")
    assert_same_numbers(before, closed, before)


def test_softmax_with_loss_opens_into_the_graph_of_fig_5_29_with_the_same_numbers(app_page, cg):
    x = [[0.3, 2.9, 4.0], [1.0, -1.0, 0.5]]
    t = [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    doc = {"version": 1, "nodes": [{"id": "a", "op": "input", "value": x},
                                   {"id": "t", "op": "input", "value": t},
                                   {"id": "L", "op": "softmax_with_loss", "inputs": ["a", "t"]}]}
    load(app_page, cg, doc)
    before = numbers(app_page)
    toggle_layer(app_page, cg, "L")
    opened = numbers(app_page)
    ops = app_page.evaluate("() => window.compgraph.state.document.nodes.map(n => n.op)")
    for op in ["exp", "sum", "div", "log", "mul", "neg"]:
        assert op in ops
    e = np.exp(np.array(x))
    y = e / e.sum(axis=1, keepdims=True)
    assert np.allclose(opened["L.y"][0], y)  # the softmax, written out on its own node
    assert np.allclose(opened["a"][1], (y - np.array(t)) / 2)  # (y − t) / N through primitives
    # the layer's log(y + 1e-7) (the book's cross_entropy_error) is a primitive too: the same
    # numbers to 5 digits, exactly the same once closed again
    assert_same_numbers(before, opened, ["a", "L"], rtol=1e-5)
    toggle_layer(app_page, cg, "L")
    assert_same_numbers(before, numbers(app_page), before)
    assert app_page.evaluate("() => window.compgraph.state.document.nodes.at(-1).op") \
        == "softmax_with_loss"


def label_heights(page):
    """The on-screen height (px) of every visible, non-empty value or gradient label."""
    return page.evaluate("""() => [...document.querySelectorAll('#graph text.label')]
        .filter(e => e.textContent.trim() && e.getClientRects().length)
        .map(e => [e.textContent, e.getBoundingClientRect().height /
                   Math.max(1, e.querySelectorAll('tspan').length)])""")


# 10 px on screen at 1280x720 (to the 0.1 px the browser measures). The two-layer net writes every
# array out as numbers (label-fit.js scales its labels until they are legible; test_legible.py).
MIN_PX = {"softmax_with_loss_graph": 10.0, "two_layer_net": 10.0}


@pytest.mark.parametrize("example", ["two_layer_net", "softmax_with_loss_graph"])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_value_labels_are_legible_at_1280x720(app_page, cg, example, lang):
    page = app_page
    page.evaluate("l => window.compgraph.setLang(l)", lang)
    page.evaluate("name => window.compgraph.loadExample(name)", example)
    cg.wait_drawn(page)
    page.keyboard.press("End")
    page.screenshot(path=str(cg.artifacts / f"matrices-{example}-{lang}-1280.png"))
    heights = label_heights(page)
    assert len(heights) >= 5
    small = [(t, h) for t, h in heights if round(h, 1) < MIN_PX[example]]
    assert not small, small
    page.locator("#zoom-in").click()
    assert min(h for _, h in label_heights(page)) > 1.1 * min(h for _, h in heights)  # zoomed in


def scale(page):
    return page.evaluate("() => d3.zoomTransform(document.querySelector('#graph')).k")


def test_zoom_buttons_zoom_in_out_and_fit(app_page):
    page = app_page
    assert scale(page) == 1
    page.locator("#zoom-in").click()
    page.locator("#zoom-in").click()
    assert scale(page) == pytest.approx(1.25 ** 2)
    page.locator("#zoom-out").click()
    assert scale(page) == pytest.approx(1.25)
    page.locator("#zoom-fit").click()
    assert scale(page) == 1
    assert page.locator("#zoom-in").get_attribute("aria-label") == "Zoom in"


def test_the_figure_card_shows_the_examples_figure_and_can_be_hidden(app_page, cg):
    page = app_page
    page.evaluate("name => window.compgraph.loadExample(name)", "affine_batch")
    cg.wait_drawn(page)
    card = page.locator("#figure-card")
    assert card.is_visible()
    assert "Fig. 5-27" in card.text_content() and "dB = [5, 7, 9]" in card.text_content()
    page.evaluate("() => window.compgraph.setLang('ja')")
    assert "図5-27" in card.text_content() and "第0軸に関する和" in card.text_content()
    page.locator("#figure-card-hide").click()
    assert not card.is_visible() and page.locator("#figure-card-show").is_visible()
    page.reload()
    cg.wait_drawn(page)
    page.evaluate("name => window.compgraph.loadExample(name)", "affine_batch")
    cg.wait_drawn(page)
    assert not page.locator("#figure-card").is_visible()  # remembered
    page.locator("#figure-card-show").click()
    assert page.locator("#figure-card").is_visible()
    page.evaluate("() => window.compgraph.setLang('en')")
    for size in [(1280, 720), (1920, 1080)]:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.keyboard.press("End")
        page.screenshot(path=str(cg.artifacts / f"matrices-affine-batch-{size[0]}.png"))


def test_presets_name_their_nodes_in_the_books_japanese_terms(app_page, cg):
    page = app_page
    page.evaluate("() => window.compgraph.setLang('ja')")
    page.evaluate("name => window.compgraph.loadExample(name)", "apple_orange")
    cg.wait_drawn(page)
    names = page.locator("#graph g.node text").all_text_contents()
    for term in ["りんごの値段", "りんごの個数", "みかんの合計金額", "税抜きの合計金額", "支払金額"]:
        assert term in names, (term, names)
    page.keyboard.press("End")
    page.locator('#graph g.node[data-id="all_price"]').click()
    body = page.locator("#inspector-body").text_content()
    assert "∂L/∂税抜きの合計金額" in body and "加算ノード" in body
    assert "all_price" not in page.locator("#caption").text_content()
