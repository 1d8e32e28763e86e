"""The apple example (Fig. 5-14) in the player: values above edges, gradients below."""

GRAD_EDGES = {("apple", "apple_price"): "2.2", ("apple_num", "apple_price"): "110",
              ("tax", "price"): "200", ("apple_price", "price"): "1.1", ("price", ""): "1"}


def grads(page, cg):
    return {e: cg.edge_label(page, *e, "grad") for e in GRAD_EDGES}


def test_end_shows_price_and_the_books_gradients(app_page, cg):
    app_page.keyboard.press("End")
    assert cg.edge_label(app_page, "price", "", "value") == "220"
    assert cg.edge_label(app_page, "apple_price", "price", "value") == "200"
    assert grads(app_page, cg) == GRAD_EDGES
    caption = app_page.locator("#caption").text_content()
    assert "1.1 × 2 = 2.2 flows back to price of one apple" in caption  # meta.label_en


def test_home_shows_no_gradient_and_only_the_inputs(app_page, cg):
    app_page.keyboard.press("End")
    app_page.keyboard.press("Home")
    assert set(grads(app_page, cg).values()) == {""}
    assert cg.edge_label(app_page, "apple", "apple_price", "value") == "100"
    assert cg.edge_label(app_page, "apple_price", "price", "value") == ""
    assert app_page.locator("#graph .label.grad:not(:empty)").count() == 0


def test_arrow_keys_reveal_values_then_gradients_in_order(app_page, cg):
    seen = []
    for _ in range(app_page.evaluate("window.compgraph.state.steps")):
        app_page.keyboard.press("ArrowRight")
        seen.append(({e: v for e, v in grads(app_page, cg).items() if v},
                     cg.edge_label(app_page, "price", "", "value")))
    assert seen[0] == ({}, "")                       # apple_price = 200
    assert seen[1] == ({}, "220")                    # price = 220, still no gradient
    assert seen[2][0] == {("price", ""): "1"}        # seed
    assert seen[3][0] == {("price", ""): "1", ("apple_price", "price"): "1.1",
                          ("tax", "price"): "200"}
    assert seen[4][0] == GRAD_EDGES
    app_page.keyboard.press("ArrowLeft")
    assert cg.edge_label(app_page, "apple", "apple_price", "grad") == ""
    assert cg.edge_label(app_page, "tax", "price", "grad") == "200"


def test_any_way_to_a_step_draws_the_same_picture(app_page, cg):
    for key in ["ArrowRight"] * 4:
        app_page.keyboard.press(key)
    by_keys = app_page.locator("#graph .viewport").inner_html()
    caption_keys = app_page.locator("#caption").text_content()
    app_page.keyboard.press("End")
    app_page.locator("#scrub").fill("4")
    assert app_page.locator("#graph .viewport").inner_html() == by_keys
    cg.goto_step(app_page, 0)
    cg.goto_step(app_page, 4)
    assert app_page.locator("#graph .viewport").inner_html() == by_keys
    assert app_page.locator("#caption").text_content() == caption_keys


def test_current_step_is_highlighted(app_page, cg):
    cg.goto_step(app_page, 5)
    current = app_page.locator("#graph g.node.current")
    assert current.get_attribute("data-id") == "apple_price"
    # the current edges are redrawn in the overlay layers (a glow under, the line over the edges)
    for layer in ("under", "over"):
        edges = app_page.locator(f"#graph g.highlights.{layer} path")
        froms = sorted((edges.nth(i).get_attribute("data-from"), edges.nth(i).get_attribute("data-to"))
                       for i in range(edges.count()))
        assert froms == [("apple", "apple_price"), ("apple_num", "apple_price")]
    d = app_page.locator('#graph g.edge[data-from="apple"] path.back').get_attribute("d")  # backward
    assert app_page.locator('#graph g.highlights.over path[data-from="apple"]').get_attribute("d") == d
    assert app_page.locator("#graph g.edge.current").count() == 0  # no class change on the edges
    cg.goto_step(app_page, 3)  # the seed, on the output stub
    hi = app_page.locator("#graph g.highlights.over path")
    assert hi.count() == 1 and hi.get_attribute("data-to") == ""
    assert "back" in hi.get_attribute("class")
    cg.goto_step(app_page, 1)  # forward: apple, apple_num -> apple_price; the line itself, brown value
    hi = app_page.locator('#graph g.highlights.over path[data-from="apple"]')
    assert hi.get_attribute("d") == app_page.locator('#graph g.edge[data-from="apple"] path.line').get_attribute("d")
    assert "back" not in hi.get_attribute("class")
    assert "current" in app_page.locator('#graph g.edge[data-from="apple"] text.label.value').get_attribute("class")


def test_play_runs_to_the_end_and_pauses(app_page):
    app_page.evaluate("window.compgraph.player.setSpeed(5)")
    app_page.keyboard.press("Space")
    app_page.wait_for_function("() => window.compgraph.state.step === window.compgraph.state.steps")
    app_page.wait_for_function("() => !window.compgraph.player.playing")


def test_layout_is_the_books_and_deterministic(app_page):
    page = app_page
    pos = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#graph g.node')]
        .map(g => [g.dataset.id, g.getAttribute('transform')]))""")
    xy = {k: tuple(float(v) for v in t[len("translate("):-1].split(",")) for k, t in pos.items()}
    assert xy["apple"][1] == xy["apple_price"][1] == xy["price"][1]  # the main chain is straight
    assert xy["apple_num"][1] > xy["apple"][1] and xy["tax"][1] > xy["price"][1]   # others below
    assert xy["apple"][0] < xy["apple_price"][0] < xy["price"][0]
    # tax's box ends between the two ×, its arrow going up to the second one (its centre depends
    # on the length of its name: "consumption tax" in English, 消費税 in Japanese)
    right = page.evaluate("() => { const n = window.compgraph.layout.nodes; return n.tax.x + n.tax.w / 2; }")
    assert xy["apple_num"][0] < xy["apple_price"][0] < right < xy["price"][0]
    same = page.evaluate("""async () => {
        const { layout } = await import('/static/js/layout.js');
        const doc = window.compgraph.state.document;
        const a = JSON.stringify(layout(doc, { output: 'price' }));
        return a === JSON.stringify(layout(doc, { output: 'price' }));
    }""")
    assert same
    page.reload()
    page.wait_for_function("() => window.compgraph && window.compgraph.state.idle")
    assert page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#graph g.node')]
        .map(g => [g.dataset.id, g.getAttribute('transform')]))""") == pos


def test_page_keys_step_like_a_presenter_remote(app_page, cg):
    page = app_page
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert page.evaluate("window.compgraph.state.step") == 2
    page.keyboard.press("PageUp")
    assert page.evaluate("window.compgraph.state.step") == 1
    assert "100 × 2 = 200" in page.locator("#caption").text_content()
