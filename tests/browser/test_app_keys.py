"""The keymap: a clicker's keys step the player whatever was clicked last (the Examples menu,
the step buttons, the scrubber), text fields keep their keys, and the drawing is reachable with
Tab, arrows and Enter."""


def step(page):
    return page.evaluate("window.compgraph.state.step")


def test_after_choosing_an_example_pagedown_steps_and_p_presents(app_page, cg):
    page = app_page
    page.locator("#examples").focus()
    page.locator("#examples").select_option("mul_node")
    cg.wait_drawn(page)
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 3 && window.compgraph.state.idle")
    assert page.evaluate("document.activeElement.id") == "examples"
    nodes_before = page.evaluate("window.compgraph.state.document.nodes.map(n => n.id)")
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    assert step(page) == 2
    assert page.locator("#examples").input_value() == "mul_node"  # the menu kept its choice
    assert page.evaluate("window.compgraph.state.document.nodes.map(n => n.id)") == nodes_before
    page.keyboard.press("PageUp")
    assert step(page) == 1
    page.keyboard.press("p")
    assert page.evaluate("document.body.classList.contains('present')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.body.classList.contains('present')")


def test_space_after_clicking_next_plays(app_page, cg):
    page = app_page
    page.locator("#next").click()
    assert step(page) == 1
    page.keyboard.press("Space")
    assert page.evaluate("window.compgraph.player.playing")
    page.keyboard.press("Space")
    assert not page.evaluate("window.compgraph.player.playing")


def test_keys_work_after_clicking_the_scrubber(app_page, cg):
    page = app_page
    page.locator("#scrub").click()
    clicked = step(page)
    page.keyboard.press("Home")
    assert step(page) == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("PageDown")
    assert step(page) == 2
    page.keyboard.press("End")
    assert step(page) == page.evaluate("window.compgraph.state.steps") > clicked - 1


def test_text_fields_keep_their_keys(app_page, cg):
    page = app_page
    page.locator("#expr").fill("")
    page.locator("#expr").press("p")
    page.locator("#expr").press("ArrowRight")
    page.locator("#expr").press("Space")
    assert page.locator("#expr").input_value() == "p "
    assert step(page) == 0
    assert not page.evaluate("document.body.classList.contains('present')")
    assert not page.evaluate("window.compgraph.player.playing")


def test_tab_arrows_and_enter_reach_and_inspect_a_node(app_page, cg):
    page = app_page  # apple: apple, apple_num -> apple_price; apple_price, tax -> price
    page.locator('#graph g.node[tabindex="0"]').focus()  # the drawing's one Tab stop
    first = page.evaluate("window.compgraph.state.focus")
    assert first in {"apple", "apple_num", "tax"}
    page.locator("#graph").press("ArrowRight")
    after_right = page.evaluate("window.compgraph.state.focus")
    consumers = page.evaluate(
        "id => window.compgraph.state.document.nodes.filter(n => (n.inputs||[]).includes(id))"
        ".map(n => n.id)", first)
    assert after_right in consumers
    page.locator("#graph").press("ArrowRight")
    assert page.evaluate("window.compgraph.state.focus") == "price"
    page.locator("#graph").press("ArrowLeft")
    assert page.evaluate("window.compgraph.state.focus") == "apple_price"  # first operand
    page.locator("#graph").press("Enter")
    assert page.evaluate("window.compgraph.state.selected") == "apple_price"
    assert page.locator("#inspector-body").get_attribute("data-node") == "apple_price"
    assert step(page) == 0  # the arrows moved the focus, not the player
    assert page.locator('g.node.focused[data-id="apple_price"]').count() == 1


def test_delete_in_the_drawing_deletes_the_focused_node_and_ctrl_z_brings_it_back(app_page, cg):
    page = app_page
    page.locator('#graph g.node[data-id="tax"]').focus()
    assert page.evaluate("window.compgraph.state.focus") == "tax"
    page.locator("#graph").press("Delete")
    page.wait_for_function("() => !window.compgraph.state.document.nodes.some(n => n.id === 'tax')")
    page.locator("#graph").press("Control+z")
    page.wait_for_function("() => window.compgraph.state.document.nodes.some(n => n.id === 'tax')")
