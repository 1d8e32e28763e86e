"""Building and editing graphs: palette + drag-connect, expression box, invalid edits, XSS."""

EMPTY = {"version": 1, "nodes": []}


def load(page, cg, doc):
    page.evaluate("doc => window.compgraph.loadDocument(doc)", doc)
    cg.wait_drawn(page)


def set_field(page, cg, node, name, value):
    page.locator(f'#graph g.node[data-id="{node}"]').click()
    field = page.locator(f'#inspector-body [name="{name}"]')
    field.fill(value)
    field.press("Tab")
    cg.wait_drawn(page)


def error_text(page, node):
    return page.locator(f'#graph g.node[data-id="{node}"] text.error').text_content()


def drag(page, cg, src, dst, slot):
    page.locator(f'#graph g.node[data-id="{src}"] circle.port.out').drag_to(
        page.locator(f'#graph g.node[data-id="{dst}"] circle.port.in[data-slot="{slot}"]'))
    cg.wait_drawn(page)


def test_build_square_of_sum_with_palette_and_drag_connect(app_page, cg):
    page = app_page
    load(page, cg, EMPTY)
    for op in ["input", "input", "add", "pow"]:
        page.locator(f'#palette button[data-op="{op}"]').click()
        cg.wait_drawn(page)
    ids = page.evaluate("window.compgraph.state.document.nodes.map(n => n.id)")
    assert ids == ["x", "y", "add1", "pow1"]
    assert "not connected" in error_text(page, "add1")
    set_field(page, cg, "x", "value", "1")
    set_field(page, cg, "y", "value", "2")
    drag(page, cg, "x", "add1", 0)
    drag(page, cg, "y", "add1", 1)
    drag(page, cg, "add1", "pow1", 0)
    assert page.evaluate("window.compgraph.state.errors.size") == 0
    page.keyboard.press("End")
    assert cg.edge_label(page, "pow1", "", "value") == "9"
    assert cg.edge_label(page, "x", "add1", "grad") == "6"
    assert cg.edge_label(page, "y", "add1", "grad") == "6"
    # undo takes the last connection back, redo restores it
    page.locator("#undo").click()
    cg.wait_drawn(page)
    assert page.locator('#graph g.edge[data-from="add1"][data-to="pow1"]').count() == 0
    page.locator("#redo").click()
    cg.wait_drawn(page)
    assert cg.edge_label(page, "pow1", "", "value") == "9"


def test_build_square_of_sum_with_the_expression_box(app_page, cg):
    page = app_page
    cg.build(page, "x = 1\ny = 2\nz = (x + y) ** 2")
    page.keyboard.press("End")
    assert cg.edge_label(page, "z", "", "value") == "9"
    src = page.evaluate("window.compgraph.state.document.nodes.find(n => n.op === 'add').id")
    assert cg.edge_label(page, "x", src, "grad") == "6"


def test_invalid_edit_keeps_the_drawing_and_names_the_node(app_page, cg):
    page = app_page
    set_field(page, cg, "apple", "value", "[1, 2, 3]")
    set_field(page, cg, "apple_num", "value", "[1, 2]")
    node = page.locator('#graph g.node[data-id="apple_price"]')
    assert "invalid" in node.get_attribute("class")
    msg = node.locator("text.error").text_content()
    assert "apple_price" in msg and len(msg) > 20
    assert page.locator("#graph g.node").count() == 5
    assert msg in page.locator("#message").text_content()
    assert "apple_price" in page.locator("#caption").text_content()
    # fixing it clears the message
    set_field(page, cg, "apple_num", "value", "2")
    assert page.locator("#graph g.node.invalid").count() == 0


def test_bad_value_text_is_refused_in_place(app_page, cg):
    page = app_page
    page.locator('#graph g.node[data-id="apple"]').click()
    field = page.locator('#inspector-body [name="value"]')
    field.fill("[[1, 2], [3]]")
    field.press("Tab")
    assert "rectangular" in page.locator("#inspector-body .field-error").text_content()
    assert page.evaluate("window.compgraph.state.document.nodes[0].value") == 100


def test_label_with_html_renders_as_text(app_page, cg):
    page = app_page
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError("a dialog opened")))
    xss = "<img src=x onerror=alert(1)>"
    set_field(page, cg, "apple", "label", xss)
    assert page.locator('#graph g.node[data-id="apple"] text.symbol').text_content() == xss
    assert page.locator("img").count() == 0
    assert xss in page.locator("#inspector-body").text_content()


def test_rename_and_delete(app_page, cg):
    page = app_page
    set_field(page, cg, "tax", "id", "vat")
    assert page.locator('#graph g.edge[data-from="vat"][data-to="price"]').count() == 1
    page.locator('#graph g.node[data-id="vat"]').click()
    page.keyboard.press("Delete")
    cg.wait_drawn(page)
    assert page.locator('#graph g.node[data-id="vat"]').count() == 0
    assert "not connected" in error_text(page, "price")
    page.keyboard.press("Control+z")
    cg.wait_drawn(page)
    assert page.locator('#graph g.node[data-id="vat"]').count() == 1


def test_sigmoid_expands_to_primitives_with_the_same_numbers(app_page, cg):
    page = app_page
    page.evaluate("doc => window.compgraph.loadDocument(doc)", {"version": 1, "nodes": [
        {"id": "x", "op": "input", "value": 0.5}, {"id": "y", "op": "sigmoid", "inputs": ["x"]}]})
    cg.wait_drawn(page)
    page.keyboard.press("End")
    before = cg.edge_label(page, "x", "y", "grad"), cg.edge_label(page, "y", "", "value")
    page.locator('#graph g.node[data-id="y"]').click()
    page.locator("#sigmoid-toggle").click()
    cg.wait_drawn(page)
    ops = page.evaluate("window.compgraph.state.document.nodes.map(n => n.op)")
    assert ops == ["input", "const", "mul", "exp", "const", "add", "const", "div"]
    page.keyboard.press("End")
    after = cg.edge_label(page, "x", "y.mul", "grad"), cg.edge_label(page, "y", "", "value")
    assert after == before
    assert before == ("0.235004", "0.622459")
    page.locator("#sigmoid-toggle").click()
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document.nodes.map(n => n.op)") == [
        "input", "sigmoid"]


def test_inspector_shows_formulas_and_the_chain_rule_with_numbers(app_page, cg):
    page = app_page
    page.locator('#graph g.node[data-id="apple_price"]').click()
    body = page.locator("#inspector-body")
    assert body.locator(".katex").count() >= 3
    assert "1.1 × 2 = 2.2" not in body.text_content()      # backward has not reached it yet
    page.keyboard.press("End")
    assert "1.1 × 2 = 2.2 flows back to price of one apple" in body.text_content()
    assert "1.1 × 100 = 110 flows back to number of apples" in body.text_content()


def test_matrix_values_show_shape_heatmap_and_table(app_page, cg):
    page = app_page
    page.evaluate("doc => window.compgraph.loadDocument(doc)", {"version": 1, "nodes": [
        {"id": "x", "op": "input", "value": [[1, 2]]},
        {"id": "W", "op": "input", "value": [[1, 2, 3], [4, 5, 6]]},
        {"id": "b", "op": "input", "value": [0.1, 0.2, 0.3]},
        {"id": "y", "op": "affine", "inputs": ["x", "W", "b"]},
        {"id": "s", "op": "sum", "inputs": ["y"]}]})
    cg.wait_drawn(page)
    page.keyboard.press("End")
    assert cg.edge_label(page, "W", "y", "value") == "[[1, 2, 3], [4, 5, 6]]"  # written out
    page.locator('#graph g.edge[data-from="W"] text.label.value').click()
    assert page.locator("#table-dialog td").count() == 6
    assert "(2, 3)" in page.locator("#table-title").text_content()
    cells = page.locator("#table-dialog td").all_text_contents()
    assert cells == ["1", "2", "3", "4", "5", "6"]


def test_double_click_edits_a_leaf_value_in_place(app_page, cg):
    page = app_page
    page.locator('#graph g.node[data-id="tax"]').dblclick()
    assert page.evaluate("document.activeElement.name") == "value"
    page.keyboard.type("1.08")
    page.keyboard.press("Tab")
    cg.wait_drawn(page)
    assert cg.edge_label(page, "tax", "price", "value") == "1.08"
    assert cg.edge_label(page, "price", "", "value") == "216"


def test_choosing_the_output_node(app_page, cg):
    page = app_page
    page.locator('#graph g.node[data-id="apple_price"]').click()
    page.locator('#inspector-body [name="output"]').check()
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.evaluation.output") == "apple_price"
    assert cg.edge_label(page, "apple", "apple_price", "grad") == "2"   # d(apple_price)/d(apple)
