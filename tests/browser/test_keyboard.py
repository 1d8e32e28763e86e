"""The keyboard and screen readers (keys: keymap.js and focus.js; Tab stops and names: a11y.js):
Tab reaches the drawing, arrows move along the edges, Enter opens the inspector, Delete deletes, every node and edge is named with its value and gradient,
and a graph is built, connected and inspected with the keyboard alone."""

from __future__ import annotations

ACTIVE = """() => { const a = document.activeElement;
  return { tag: a.tagName, id: a.id, name: a.getAttribute('name'), op: a.dataset.op || null,
           node: a.closest('#graph g.node')?.dataset.id || null, label: a.getAttribute('aria-label') }; }"""


def tab_to(page, want: dict, limit: int = 120) -> dict:
    """Press Tab until the focused element matches every key of `want` (see ACTIVE)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        a = page.evaluate(ACTIVE)
        if all(a.get(k) == v for k, v in want.items()):
            return a
    raise AssertionError(f"Tab never reached {want}")


def arrow_to(page, node_id: str, keys: tuple = ()) -> None:
    """From the focused node, press these arrow keys until node_id has the focus."""
    seen = [page.evaluate(ACTIVE)["node"]]
    for key in keys:
        if seen[-1] == node_id:
            break
        page.keyboard.press(key)
        seen.append(page.evaluate(ACTIVE)["node"])
    assert seen[-1] == node_id, f"{keys} went {seen}, not to {node_id}"


def node_label(page, node_id: str) -> str:
    return page.locator(f'#graph g.node[data-id="{node_id}"]').get_attribute("aria-label")


def test_tab_reaches_the_drawing_arrows_follow_the_edges_enter_inspects(page, cg):
    cg.open(page, "/", example="apple")  # Fig. 5-14 (tax 1.1)
    cg.goto_step(page, "end")
    a = tab_to(page, {"tag": "g"})
    assert a["node"] == "apple"
    assert a["label"] == "price of one apple, value 100, gradient 2.2"
    assert page.locator("#graph g.node[tabindex='0']").count() == 1  # one Tab stop for the drawing
    page.keyboard.press("ArrowRight")  # along the edge apple -> apple_price
    a = page.evaluate(ACTIVE)
    assert a["node"] == "apple_price"
    assert a["label"] == "price of the apples, value 200, gradient 1.1"
    steps = page.evaluate("() => window.compgraph.state.step")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(ACTIVE)["node"] == "price"
    assert page.evaluate("() => window.compgraph.state.step") == steps  # arrows on a node do not step the player
    page.keyboard.press("ArrowLeft")  # back along an operand edge: the nearer one
    assert page.evaluate(ACTIVE)["node"] == "apple_price"
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.compgraph.state.selected") == "apple_price"
    assert page.locator("#inspector-body .op-title").inner_text().endswith("price of the apples")
    a = page.evaluate(ACTIVE)  # the focus moved into the inspector: its first control
    assert a["node"] is None
    assert page.evaluate("() => document.querySelector('#inspector-body').contains(document.activeElement)")
    first = page.evaluate("""() => document.querySelector('#inspector-body')
        .querySelector('input, select, textarea, button, [tabindex="0"]') === document.activeElement""")
    assert first
    page.keyboard.press("Escape")  # and Escape goes back to the node
    assert page.evaluate(ACTIVE)["node"] == "apple_price"
    page.keyboard.press("ArrowRight")  # the arrows work again from there
    assert page.evaluate(ACTIVE)["node"] == "price"


def test_enter_then_escape_on_another_node_and_language(page, cg):
    cg.open(page, "/", example="apple")
    tab_to(page, {"tag": "g"})
    page.keyboard.press("Enter")  # the first node: an input with its value field
    assert page.evaluate("() => window.compgraph.state.selected") == "apple"
    a = page.evaluate(ACTIVE)
    assert a["node"] is None and a["name"] is not None  # a named field of the panel
    assert page.evaluate("() => document.activeElement.closest('#inspector-body') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate(ACTIVE)["node"] == "apple"


def test_delete_key_on_a_focused_node(page, cg):
    cg.open(page, "/", example="apple")
    tab_to(page, {"tag": "g"})
    arrow_to(page, "tax", ("ArrowRight", "ArrowDown"))  # apple -> apple_price, the node below it
    page.keyboard.press("Delete")
    page.wait_for_function("() => !window.compgraph.state.document.nodes.some((n) => n.id === 'tax')")
    cg.wait_drawn(page)
    assert page.locator('#graph g.node[data-id="tax"]').count() == 0
    assert "operand y is not connected" in page.locator('#graph g.node[data-id="price"] text.error').text_content()
    assert page.evaluate("() => !!document.activeElement.closest('#graph g.node')"), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")  # focus stays in the drawing


def test_edge_names_carry_value_and_gradient_in_both_languages(page, cg):
    cg.open(page, "/", example="apple")
    edge = page.locator('#graph g.edge[data-from="apple_num"][data-to="apple_price"]')
    cg.goto_step(page, 0)
    assert edge.get_attribute("aria-label") == "edge number of apples → price of the apples, value 2"
    cg.goto_step(page, "end")
    assert edge.get_attribute("aria-label") == "edge number of apples → price of the apples, value 2, gradient 110"
    assert node_label(page, "price") == "amount to pay, value 220, gradient 1"
    page.click("#lang")
    assert node_label(page, "apple") == "りんごの値段、値 100、勾配 2.2"
    assert edge.get_attribute("aria-label").endswith("値 2、勾配 110")
    assert page.locator("#caption").get_attribute("aria-live") == "polite"


def wait_settled(page) -> None:
    """No evaluation in flight (its redraw would re-render the inspector while we Tab)."""
    page.wait_for_timeout(300)  # the edit's debounce (250 ms) starts the evaluation
    page.wait_for_function("() => window.compgraph.state.idle")


def choose(page, select_name: str, first_letter: str, want: str) -> None:
    """Tab to an operand menu in the inspector and choose by typing (a closed <select>)."""
    tab_to(page, {"name": select_name})
    page.keyboard.press(first_letter)
    page.wait_for_function("([n, v]) => document.querySelector(`#inspector-body [name='${n}']`)?.value === v",
                           arg=[select_name, want])
    wait_settled(page)


def set_value(page, node_id: str, text: str, keys: tuple) -> None:
    """Focus a leaf in the drawing (the arrow keys from the Tab stop), Enter, type its value, Enter."""
    tab_to(page, {"tag": "g"})
    arrow_to(page, node_id, keys)
    page.keyboard.press("Enter")
    tab_to(page, {"name": "value"})
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_function("([id, v]) => window.compgraph.state.document.nodes.find((n) => n.id === id)?.value === v",
                           arg=[node_id, float(text)])
    wait_settled(page)


def test_build_square_of_sum_with_the_keyboard_alone(page, cg):
    """z = (x + y)^2 from New graph: palette by Enter, operands by menus, values in the inspector;
    at x = 1, y = 2: z = 9 and dz/dx = dz/dy = 2(x + y) = 6."""
    cg.open(page, "/")
    tab_to(page, {"id": "new-graph"})
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 0")
    assert page.locator("#empty-hint").is_visible()
    tab_to(page, {"op": "input"})
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    for op in ("add", "pow"):
        tab_to(page, {"op": op})
        page.keyboard.press("Enter")
    nodes = page.evaluate("() => window.compgraph.state.document.nodes.map((n) => n.id)")
    assert nodes == ["x", "y", "add1", "pow1"]
    wait_settled(page)
    assert page.evaluate("() => window.compgraph.state.selected") == "pow1"
    message = page.locator("#message")
    message.wait_for(state="visible")
    assert "operands x and y" in message.inner_text() and "add1" in message.inner_text()
    choose(page, "operand-0", "a", "add1")  # pow1's base <- add1
    tab_to(page, {"tag": "g"})  # the Tab stop: pow1, the node last selected
    arrow_to(page, "add1", ("ArrowLeft",))
    page.keyboard.press("Enter")
    choose(page, "operand-0", "x", "x")
    choose(page, "operand-1", "y", "y")
    set_value(page, "x", "1", ("ArrowLeft",))  # add1's first operand
    set_value(page, "y", "2", ("ArrowDown",))  # the leaf below x
    cg.wait_drawn(page)
    ev = page.evaluate("() => window.compgraph.state.evaluation.nodes")
    assert ev["pow1"]["value"] == 9
    assert (ev["x"]["grad"], ev["y"]["grad"]) == (6, 6)
    cg.goto_step(page, "end")
    assert node_label(page, "x") == "x, value 1, gradient 6"
    assert node_label(page, "add1") == "add1, value 3, gradient 6"
    assert not page.locator("#empty-hint").is_visible()


def test_clicker_keys_step_after_every_control_of_the_top_bar(page, cg):
    """Whatever was clicked last (a button, the Examples menu, the Export menu, Tour, Quiz, the
    language), PageDown / PageUp / Home / End drive the player and P toggles presentation."""
    cg.open(page, "/", example="apple")
    page.wait_for_function("() => window.compgraphLesson")
    step = lambda: page.evaluate("() => window.compgraph.state.step")  # noqa: E731
    controls = ["#examples", "#undo", "#redo", "#export-menu summary", "#gradcheck", "#lesson-quiz-btn",
                "#lesson-quiz-btn", "#lesson-tour-btn", "#lesson-tour-btn", "#lang", "#lang", "#present"]
    for sel in controls:
        if sel == "#examples":  # the example loads asynchronously: wait for it, not the old drawing
            page.select_option(sel, "apple_orange")
            page.wait_for_function("() => window.compgraph.state.idle"
                                   " && window.compgraph.state.document.nodes.length > 5")
        else:
            page.click(sel)
        page.evaluate("() => window.compgraphLesson.tour.ready")
        cg.wait_drawn(page)
        page.keyboard.press("Home")
        assert step() == 0, sel
        page.keyboard.press("PageDown")
        page.keyboard.press("ArrowRight")
        assert step() == 2, sel
        page.keyboard.press("PageUp")
        assert step() == 1, sel
        page.keyboard.press("End")
        assert step() == page.evaluate("() => window.compgraph.state.steps"), sel
    assert "present" in page.locator("body").get_attribute("class")
    page.keyboard.press("p")
    assert "present" not in page.locator("body").get_attribute("class")



RING_ROWS = """async ([png, ring]) => {
  const img = new Image();
  img.src = `data:image/png;base64,${png}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data;
  const rows = [];  // for each row of the picture: whether it holds a pixel of the ring's colour
  for (let y = 0; y < c.height; y++) {
    let hit = false;
    for (let x = 0; x < c.width && !hit; x++) {
      const i = 4 * (y * c.width + x);
      hit = Math.max(Math.abs(px[i] - ring[0]), Math.abs(px[i + 1] - ring[1]),
                     Math.abs(px[i + 2] - ring[2])) < 40;
    }
    rows.push(hit);
  }
  return rows;
}"""


def test_a_focused_player_button_shows_its_whole_outline(page, cg):
    # the player's boxes are laid out on their own (CSS containment, for a step's speed); paint
    # containment would clip the focus ring above and below the button: look at those pixels
    import base64

    cg.open(page, "/", example="apple")
    button = page.locator(".controls button").nth(2)
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # the keyboard's focus: :focus-visible
    assert page.evaluate("() => document.activeElement.matches('.controls button:focus-visible')")
    box = button.bounding_box()
    png = page.screenshot(clip={"x": box["x"], "y": box["y"] - 6, "width": box["width"],
                                "height": box["height"] + 12})
    rows = page.evaluate(RING_ROWS, [base64.b64encode(png).decode(), [0xE6, 0x9F, 0x00]])  # --cur
    assert any(rows[:6]), "the outline above the button is not drawn"
    assert any(rows[-6:]), "the outline below the button is not drawn"
