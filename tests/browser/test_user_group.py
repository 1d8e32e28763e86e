"""A user-defined composite (issue 8): softplus = log(1 + exp(x)) grouped from the inspector,
drawn collapsed as one box named "softplus" with the book's numbers on its outer edges (the value
log(1 + e^0.5) and dy/dx = sigmoid(0.5)), kept across a reload, expanded again into the same
primitives with the same numbers."""

from __future__ import annotations

import math
import re

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


# Multi-select, rename, nesting (issue 8): z = 3 · softplus(x) at x = -0.4, numbers by math.
SOURCE = "x = -0.4\ny = log(1 + exp(x))\nz = y * 3"
XN = -0.4
SP = math.log(1 + math.exp(XN))  # softplus(x)
SIG = 1 / (1 + math.exp(-XN))  # softplus'(x)


def softplus_ids(page) -> set[str]:
    """The nodes of log(1 + exp(x)) in the built graph: exp, the constant 1, add, log."""
    doc = page.evaluate("window.compgraph.state.document")
    return {n["id"] for n in doc["nodes"]
            if n["op"] in ("exp", "add", "log") or (n["op"] == "const" and n["value"] == 1)}


def node(page, nid):
    return page.locator(f'#graph g.node[data-id="{nid}"]')


def pick(page, *ids):
    for nid in ids:
        node(page, nid).click(modifiers=["Shift"])


def make_from_pick(page, cg, name):
    page.locator('#group-pick [name="pick-name"]').fill(name)
    page.locator("#pick-make").click()
    cg.wait_drawn(page)


def near(cg, page, src, dst, kind, want):
    """The label (6 significant digits) is the number computed here."""
    assert label(cg, page, src, dst, kind) == pytest.approx(want, rel=1e-5), (src, dst, kind)


def check_box_numbers(cg, page):
    """softplus as one box y: x -> y -> z, the output 3 · softplus(x)."""
    cg.goto_step(page, "end")
    near(cg, page, "x", "y", "value", XN)
    near(cg, page, "x", "y", "grad", 3 * SIG)
    near(cg, page, "y", "z", "value", SP)
    near(cg, page, "y", "z", "grad", 3)
    near(cg, page, "z", "", "value", 3 * SP)


def build_softplus_group(page, cg):
    cg.build(page, SOURCE)
    inner = softplus_ids(page)
    pick(page, *inner)
    make_from_pick(page, cg, "softplus")
    return inner


def test_softplus_made_by_multi_select_of_exactly_its_nodes(app_page, cg):
    page = app_page
    cg.build(page, SOURCE)
    inner = softplus_ids(page)
    assert len(inner) == 4 and "x" not in inner
    pick(page, *inner)
    pressed = page.eval_on_selector_all(
        "#graph g.node", "els => Object.fromEntries(els.map(e => [e.dataset.id, e.getAttribute('aria-pressed')]))")
    assert pressed == {i: ("true" if i in inner else "false") for i in pressed}
    assert page.locator("#graph g.node.picked").count() == 4
    assert page.locator("#pick-title").text_content() == "Selected for a group: 4"
    assert set(page.locator("#pick-list").text_content().split(", ")) == inner
    page.screenshot(path=str(cg.artifacts / "group-pick-1280-en.png"))
    make_from_pick(page, cg, "softplus")
    (g,) = page.evaluate("window.compgraph.state.document.groups")
    assert (g["id"], g["name"], g["op"], g["collapsed"]) == ("y", "softplus", None, True)
    assert set(g["nodes"]) == inner
    const3 = next(n["id"] for n in page.evaluate("window.compgraph.state.document.nodes")
                  if n["op"] == "const" and n["value"] == 3)
    assert drawn_ids(page) == {"x", "y", const3, "z"}
    assert node(page, "y").locator("text.symbol").text_content() == "softplus"
    check_box_numbers(cg, page)
    assert page.locator("#group-pick").is_hidden()  # the selection is used up
    assert page.locator("#graph g.node[aria-pressed]").count() == 0


def test_keyboard_only_multi_select(app_page, cg):
    page = app_page
    cg.build(page, SOURCE)
    doc = page.evaluate("window.compgraph.state.document")
    op = {n["id"]: n["op"] for n in doc["nodes"]}
    one = next(i for i in softplus_ids(page) if op[i] == "const")
    step = page.evaluate("window.compgraph.state.step")
    page.locator("#expr-build").focus()
    page.keyboard.press("Tab")  # the drawing's one Tab stop: the leftmost node
    focus = lambda: page.evaluate("window.compgraph.state.focus")  # noqa: E731
    assert focus() == "x"
    walk = [("ArrowRight", "exp"), ("Shift+Enter", "exp"), ("ArrowRight", "add"), ("Shift+Enter", "add"),
            ("ArrowLeft", "const"), ("Shift+Space", "const"), ("ArrowRight", "add"), ("ArrowRight", "log"),
            ("Shift+Enter", "log"), ("Shift+Enter", "log"), ("Shift+Enter", "log")]
    for key, where in walk:
        page.keyboard.press(key)
        assert op[focus()] == where, (key, focus())
    picked = set(page.eval_on_selector_all('#graph g.node[aria-pressed="true"]', "els => els.map(e => e.dataset.id)"))
    assert picked == softplus_ids(page) and one in picked  # log toggled off and on again
    assert page.evaluate("window.compgraph.state.step") == step  # Shift+Space neither played nor stepped
    assert not page.evaluate("window.compgraph.player.playing ?? false")
    for _ in range(12):  # Tab on to the selection's name field
        if page.evaluate("document.activeElement.name") == "pick-name":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "pick-name"
    page.keyboard.type("softplus")
    page.keyboard.press("Enter")
    cg.wait_drawn(page)
    (g,) = page.evaluate("window.compgraph.state.document.groups")
    assert set(g["nodes"]) == softplus_ids(page) and g["name"] == "softplus"
    check_box_numbers(cg, page)


def test_escape_clears_the_selection(app_page, cg):
    page = app_page
    cg.build(page, SOURCE)
    pick(page, "y")
    node(page, "y").focus()
    page.keyboard.press("Escape")
    assert page.locator("#group-pick").is_hidden()
    assert page.locator("#graph g.node.picked").count() == 0


def test_invalid_selection_names_the_node_in_both_languages(app_page, cg):
    page = app_page
    cg.build(page, SOURCE)
    doc = page.evaluate("window.compgraph.state.document")
    exp_id = next(n["id"] for n in doc["nodes"] if n["op"] == "exp")
    pick(page, exp_id, "y")  # the add between them is missing: two outputs
    page.locator('#group-pick [name="pick-name"]').fill("broken")
    page.locator("#pick-make").click()
    msg = page.locator("#pick-error").text_content()
    assert f"'{exp_id}' and 'y' are both read outside the selection" in msg and "one output" in msg
    assert page.evaluate("window.compgraph.state.document.groups") is None
    page.screenshot(path=str(cg.artifacts / "group-error-1280-en.png"))
    page.evaluate("window.compgraph.setLang('ja')")
    page.locator('#group-pick [name="pick-name"]').fill("broken")
    page.locator("#pick-make").click()
    msg = page.locator("#pick-error").text_content()
    assert f"'{exp_id}' と 'y' の両方が選択の外で使われています" in msg and "出力は 1 つ" in msg
    pick(page, "x")
    page.locator("#pick-make").click()
    assert "'x' は入力です" in page.locator("#pick-error").text_content()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(cg.artifacts / "group-error-1920-ja.png"))
    page.evaluate("window.compgraph.setLang('en')")


def test_rename_survives_undo_save_and_reload(app_page, cg):
    page = app_page
    build_softplus_group(page, cg)
    node(page, "y").click()
    field = page.locator("#group-rename")
    assert field.input_value() == "softplus"
    field.fill("smooth relu")
    field.press("Enter")
    cg.wait_drawn(page)
    symbol = lambda: node(page, "y").locator("text.symbol").text_content()  # noqa: E731
    assert symbol() == "smooth relu"
    assert page.evaluate("window.compgraph.state.document.groups[0].name") == "smooth relu"
    page.locator("#undo").click()
    cg.wait_drawn(page)
    assert symbol() == "softplus"
    page.locator("#redo").click()
    cg.wait_drawn(page)
    assert symbol() == "smooth relu"
    saved = page.evaluate("""() => fetch('/api/graphs', {method: 'POST', headers: {'content-type': 'application/json'},
        body: JSON.stringify(window.compgraph.state.document)}).then(r => r.json())""")
    page.goto(saved["url"])
    cg.wait_drawn(page)
    assert symbol() == "smooth relu"
    check_box_numbers(cg, page)
    page.goto("/")  # the autosaved copy
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document.groups[0].name") == "smooth relu"
    assert symbol() == "smooth relu"


def outlines(page):
    """The drawn outlines of open groups: [group id, name, box]."""
    return page.eval_on_selector_all("#graph g.group-outline", """els => els.map(e => {
        const b = e.querySelector('rect').getBBox();
        return [e.dataset.group, e.querySelector('text').textContent, {x: b.x, y: b.y, width: b.width, height: b.height}]; })""")


def test_nested_groups_collapse_and_expand_keeping_every_number(app_page, cg):
    page = app_page
    inner = build_softplus_group(page, cg)
    const3 = next(n["id"] for n in page.evaluate("window.compgraph.state.document.nodes")
                  if n["op"] == "const" and n["value"] == 3)
    pick(page, "y", const3, "z")  # the softplus box picks its whole group
    assert page.locator("#pick-title").text_content() == "Selected for a group: 6"
    make_from_pick(page, cg, "layer")
    groups = page.evaluate("window.compgraph.state.document.groups")
    assert [(g["id"], g["name"], len(g["nodes"])) for g in groups] == [("y", "softplus", 4), ("z", "layer", 6)]
    assert set(groups[1]["nodes"]) == inner | {const3, "z"}

    def outer_box():
        assert drawn_ids(page) == {"x", "z"}
        assert node(page, "z").locator("text.symbol").text_content() == "layer"
        cg.goto_step(page, "end")
        near(cg, page, "x", "z", "value", XN)
        near(cg, page, "x", "z", "grad", 3 * SIG)
        near(cg, page, "z", "", "value", 3 * SP)
        assert page.evaluate("window.compgraph.state.steps") == 3

    outer_box()
    page.screenshot(path=str(cg.artifacts / "group-nested-outer-1280-en.png"))
    assert outlines(page) == []
    node(page, "z").click()
    page.locator("#group-toggle").click()  # open the layer: the softplus box inside shows
    cg.wait_drawn(page)
    assert drawn_ids(page) == {"x", "y", const3, "z"}
    check_box_numbers(cg, page)
    assert [o[:2] for o in outlines(page)] == [["z", "layer"]]  # the open level is outlined
    node(page, "y").click()
    assert page.locator("#inspector-body fieldset.group-box legend").all_text_contents() == [
        "Group “softplus”", "Group “layer”"]
    page.locator("#group-toggle").click()  # open softplus: every primitive
    cg.wait_drawn(page)
    assert drawn_ids(page) == {"x", "z", const3} | inner
    doc = page.evaluate("window.compgraph.state.document")
    by_op = {n["op"]: n["id"] for n in doc["nodes"]}
    cg.goto_step(page, "end")
    near(cg, page, "x", by_op["exp"], "value", XN)
    near(cg, page, "x", by_op["exp"], "grad", 3 * SIG)
    near(cg, page, by_op["exp"], by_op["add"], "value", math.exp(XN))
    near(cg, page, by_op["exp"], by_op["add"], "grad", 3 / (1 + math.exp(XN)))
    near(cg, page, by_op["add"], "y", "value", 1 + math.exp(XN))
    near(cg, page, "y", "z", "value", SP)
    near(cg, page, "z", "", "value", 3 * SP)
    page.screenshot(path=str(cg.artifacts / "group-nested-open-1280-en.png"))
    (inner_id, _, small), (outer_id, _, big) = sorted(outlines(page), key=lambda o: o[2]["width"])
    assert (inner_id, outer_id) == ("y", "z")  # softplus' outline inside the layer's
    assert big["x"] < small["x"] and big["y"] < small["y"]
    assert small["x"] + small["width"] < big["x"] + big["width"]
    assert small["y"] + small["height"] < big["y"] + big["height"]
    node(page, by_op["add"]).click()  # from a primitive, close the outer level at once
    page.locator('#inspector-body fieldset[data-group="z"] button', has_text="Collapse layer").click()
    cg.wait_drawn(page)
    outer_box()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate("window.compgraph.setLang('ja')")
    node(page, "z").click()
    assert "layer を展開" in page.locator("#group-toggle").text_content()
    page.screenshot(path=str(cg.artifacts / "group-nested-1920-ja.png"))
    page.evaluate("window.compgraph.setLang('en')")


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def test_a_collapsed_box_is_named_and_inspected_as_its_group(app_page, cg):
    """The softplus box of z = 3 · softplus(x): its name under it and for screen readers (with its
    value and gradient, both languages) is the group's, and the inspector shows the group (members,
    input and output with their numbers, name field, expand, ungroup), not y's editing fields."""
    page = app_page
    inner = build_softplus_group(page, cg)
    cg.goto_step(page, "end")
    box = node(page, "y")
    assert box.locator("text.name").text_content() == "softplus"
    name, value, grad = box.get_attribute("aria-label").split(", ")
    assert (name, value.split()[0], grad.split()[0]) == ("softplus", "value", "gradient")
    assert numbers(value) == [pytest.approx(SP, rel=1e-5)] and numbers(grad) == [pytest.approx(3)]
    edge = page.locator('#graph g.edge[data-from="x"][data-to="y"]')
    assert edge.get_attribute("aria-label").startswith("edge x → softplus, value -0.4, gradient ")
    assert numbers(edge.get_attribute("aria-label").split("gradient")[1]) == [pytest.approx(3 * SIG, rel=1e-5)]

    box.click()
    body = page.locator("#inspector-body")
    assert body.locator(".op-title").text_content() == "softplus · user-defined group"
    assert body.locator('[name="id"], [name="value"], [name="op"]').count() == 0  # not y's fields
    terms = body.locator("dt").all_text_contents()
    rows = dict(zip(terms, body.locator("dd").all_text_contents()))
    assert set(rows["Members"].split(", ")) == inner
    assert numbers(rows["x"]) == [pytest.approx(XN)]
    assert numbers(rows["∂L/∂x"]) == [pytest.approx(3 * SIG, rel=1e-5)]
    assert numbers(rows["y"]) == [pytest.approx(SP, rel=1e-5)]
    assert numbers(rows["∂L/∂y"]) == [pytest.approx(3)]
    assert page.locator("#group-rename").input_value() == "softplus"
    assert page.locator("#group-toggle").text_content() == "Expand softplus"
    assert page.locator("#group-remove").text_content() == "Ungroup softplus"
    page.screenshot(path=str(cg.artifacts / "group-box-inspector-1280-en.png"))
    cg.goto_step(page, 1)  # before the backward pass: values, no gradients
    terms = body.locator("dt").all_text_contents()
    assert "x" in terms and "y" in terms and "∂L/∂x" not in terms and "∂L/∂y" not in terms

    page.evaluate("window.compgraph.setLang('ja')")
    page.set_viewport_size({"width": 1920, "height": 1080})
    cg.goto_step(page, "end")
    name, value, grad = box.get_attribute("aria-label").split("、")
    assert (name, value.split()[0], grad.split()[0]) == ("softplus", "値", "勾配")
    assert numbers(value) == [pytest.approx(SP, rel=1e-5)] and numbers(grad) == [pytest.approx(3)]
    box.click()
    assert body.locator(".op-title").text_content() == "softplus · ユーザー定義のグループ"
    assert "メンバー" in body.locator("dt").all_text_contents()
    page.screenshot(path=str(cg.artifacts / "group-box-inspector-1920-ja.png"))
    page.locator("#group-remove").click()  # ungroup from the box's panel: y is a log node again
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document.groups") is None
    assert node(page, "y").locator("text.name").text_content() == "y"
    page.evaluate("window.compgraph.setLang('en')")
