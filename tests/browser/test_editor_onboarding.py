"""A new user's first minutes in the editor: New graph gives an empty canvas with a hint, the
expression box holds a real starter expression that Build accepts, output ports are visible
without hovering, a message names every empty operand slot, and at 1280 px the palette and an
empty inspector leave the drawing most of the width."""

from __future__ import annotations


def test_new_graph_gives_an_empty_canvas_with_a_hint(app_page, cg):
    page = app_page
    assert not page.locator("#empty-hint").is_visible()
    page.click("#new-graph")
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 0")
    cg.wait_drawn(page)
    hint = page.locator("#empty-hint")
    assert hint.is_visible() and "palette" not in hint.inner_text().lower()  # says where: buttons on the left
    assert "Build" in hint.inner_text()
    assert page.locator("#graph g.node").count() == 0
    page.click("#lang")
    assert "作成" in hint.inner_text()
    page.click('#palette button[data-op="input"]')
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 1")
    assert not hint.is_visible()


def test_the_starter_expression_is_real_and_builds(app_page, cg):
    """(x + y)^2 at x = 1, y = 2 (the chain rule of Fig. 5-4): z = 9, dz/dx = dz/dy = 6."""
    page = app_page
    text = page.locator("#expr").input_value()
    assert "z = (x + y) ** 2" in text  # a value, not a placeholder that only looks like text
    page.click("#expr-build")
    page.wait_for_function("() => window.compgraph.state.document.output === 'z'")
    cg.wait_drawn(page)
    assert not page.locator("#message").is_visible()
    nodes = page.evaluate("() => window.compgraph.state.evaluation.nodes")
    assert nodes["z"]["value"] == 9 and nodes["x"]["grad"] == 6 and nodes["y"]["grad"] == 6


def test_output_ports_are_visible_without_hovering(app_page):
    ports = app_page.locator("#graph g.node .port.out")
    assert ports.count() >= 5
    for port in ports.all():
        fill, stroke = port.evaluate("e => [getComputedStyle(e).fillOpacity, getComputedStyle(e).strokeOpacity]")
        assert float(fill) == 1 and float(stroke) > 0.5


def test_the_message_names_every_empty_operand_slot(app_page, cg):
    page = app_page
    page.click("#new-graph")
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 0")
    page.click('#palette button[data-op="mul"]')
    msg = page.locator("#message")
    msg.wait_for(state="visible")
    assert msg.inner_text() == "node 'mul1': operands x and y are not connected"
    assert page.locator('#graph g.node[data-id="mul1"] text.error').text_content() == msg.inner_text()
    page.click('#palette button[data-op="input"]')
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 2")
    page.evaluate("() => window.compgraph.editor.connect('x', 'mul1', 0)")
    page.wait_for_function("() => document.querySelector('#message').textContent.includes('operand y is')")
    assert msg.inner_text() == "node 'mul1': operand y is not connected"


def test_palette_and_empty_inspector_leave_the_drawing_the_width_at_1280(app_page):
    page = app_page
    width = "s => document.querySelector(s).getBoundingClientRect().width"
    tools, side = page.evaluate(width, "#tools"), page.evaluate(width, "#side")
    assert tools + side <= 340, (tools, side)  # was 200 + 300 of 1280
    assert page.evaluate(width, "#stage") >= 1280 - 340
    page.click('#graph g.node[data-id="apple_price"]')  # a selected node: the inspector widens
    side = page.evaluate(width, "#side")
    assert 240 <= side and tools + side <= 420
    labels = page.locator("#palette button").all()
    assert all(b.evaluate("e => e.scrollWidth <= e.clientWidth + 1") for b in labels[:6])  # input .. div readable


def test_dragging_a_node_moves_it_and_the_background_pans(app_page, cg):
    page = app_page
    node = page.locator('#graph g.node[data-id="tax"]')
    before = node.bounding_box()
    edge_start = page.evaluate("() => document.querySelector('#graph g.edge[data-from=\"tax\"] path.line')"
                               ".getPointAtLength(0).y")
    scale = page.evaluate("() => document.querySelector('#graph .viewport').getScreenCTM().a")
    x, y = before["x"] + before["width"] / 2, before["y"] + before["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 40, steps=4)
    page.mouse.move(x + 20, y + 80, steps=4)
    page.mouse.up()
    page.wait_for_function("() => window.compgraph.state.document.nodes.find((n) => n.id === 'tax').meta?.offset")
    cg.wait_drawn(page)
    offset = page.evaluate("() => window.compgraph.state.document.nodes.find((n) => n.id === 'tax').meta.offset")
    assert abs(offset[0] - 20 / scale) <= 1.5 and abs(offset[1] - 80 / scale) <= 1.5, (offset, scale)
    new_start = page.evaluate("() => document.querySelector('#graph g.edge[data-from=\"tax\"] path.line')"
                              ".getPointAtLength(0).y")
    assert new_start - edge_start > 40  # the edge leaves from the node's new place (drawing units)
    assert page.evaluate("() => window.compgraph.state.selected") == "tax"  # a drag ends with a click
    page.evaluate("() => window.compgraph.undo()")  # the move is an edit: undo puts it back
    page.wait_for_function("() => !window.compgraph.state.document.nodes.find((n) => n.id === 'tax').meta?.offset")
    # the background still pans, and moves no node
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] - 30)
    page.mouse.down()
    page.mouse.move(box["x"] + 130, box["y"] + box["height"] - 60, steps=5)
    page.mouse.up()
    transform = page.evaluate("() => document.querySelector('#graph .viewport').getAttribute('transform')")
    dx = float(transform.split("(")[1].split(",")[0])
    assert dx > 10, transform  # panned to the right
    assert not any(n.get("meta", {}).get("offset") for n in page.evaluate("() => window.compgraph.state.document.nodes"))
