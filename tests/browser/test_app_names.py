"""Node names follow the language: meta.label_en in English, the book's label in 日本語."""

NAMES_EN = {"apple": "price of one apple", "apple_num": "number of apples", "tax": "consumption tax"}
NAMES_JA = {"apple": "りんごの値段", "apple_num": "りんごの個数", "tax": "消費税"}


def drawn_names(page):
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#graph g.node.input')]
        .map(g => [g.dataset.id, g.querySelector('text.symbol').textContent]))""")


def input_box_fits(page, node_id):
    """The input's text stays left of its output port (the box was sized for the shown name)."""
    return page.evaluate("""id => {
        const g = document.querySelector(`#graph g.node[data-id="${id}"]`);
        const t = g.querySelector('text.symbol').getBoundingClientRect();
        const port = g.querySelector('circle.port.out').getBoundingClientRect();
        const edge = document.querySelector(`#graph g.edge[data-from="${id}"] path.line`).getBoundingClientRect();
        return (port.width === 0 || t.right <= port.right + 1) && t.right <= edge.left + 12;  // no ports in presentation mode
    }""", node_id)


def test_apple_names_in_english_and_japanese(app_page, cg):
    page = app_page
    assert page.locator("html").get_attribute("lang") == "en"
    assert drawn_names(page) == NAMES_EN
    assert all(input_box_fits(page, i) for i in NAMES_EN)
    cg.goto_step(page, 1)
    assert "price of one apple = 100" in page.locator("#caption").text_content() or \
        "100 × 2 = 200" in page.locator("#caption").text_content()
    cg.goto_step(page, "home")
    assert "price of one apple = 100, number of apples = 2, consumption tax = 1.1" in \
        page.locator("#caption").text_content()
    cg.goto_step(page, "end")
    assert "flows back to number of apples" in page.locator("#caption").text_content()
    page.locator('#graph g.node[data-id="apple"]').click()
    assert "price of one apple" in page.locator("#inspector-body .op-title").text_content()

    drawn = int(page.locator("#graph").get_attribute("data-drawn"))
    page.locator("#lang").click()
    assert page.locator("html").get_attribute("lang") == "ja"
    assert int(page.locator("#graph").get_attribute("data-drawn")) == drawn + 1  # redrawn
    assert drawn_names(page) == NAMES_JA
    assert all(input_box_fits(page, i) for i in NAMES_JA)
    assert "りんごの個数 へ流れる" in page.locator("#caption").text_content()
    assert "りんごの値段" in page.locator("#inspector-body .op-title").text_content()
    cg.goto_step(page, "home")
    assert "りんごの値段 = 100" in page.locator("#caption").text_content()
    page.screenshot(path=cg.artifacts / "names-ja.png")

    page.locator("#lang").click()
    assert drawn_names(page) == NAMES_EN


def test_quiz_list_uses_the_names_of_the_language(page, cg):
    cg.open(page, "/", example="apple")
    page.wait_for_function("() => window.compgraphLesson")
    page.click("#lesson-quiz-btn")
    item = page.locator('#lesson-quiz li[data-key="apple>apple_price>grad"] .lesson-item')
    assert item.text_content() == "∂L/∂price of one apple"
    page.locator("#lang").click()
    assert item.text_content() == "∂L/∂りんごの値段"


def test_presentation_mode_names_fit_their_boxes(page, cg):
    """Presentation mode draws names at 21px bold: the layout widens their boxes so that a long
    English name ("consumption tax") does not run into a neighbouring edge or its labels."""
    page.set_viewport_size({"width": 1280, "height": 720})
    cg.open(page, "/", example="apple_orange")
    page.evaluate("window.compgraph.togglePresent(true)")
    cg.goto_step(page, "end")
    for node in ("apple", "apple_num", "orange", "orange_num", "tax"):
        assert input_box_fits(page, node), node
    overlaps = page.evaluate("""() => {
        const name = document.querySelector('#graph g.node[data-id="tax"] text.symbol').getBoundingClientRect();
        return [...document.querySelectorAll('#graph text.label')].filter(t => t.textContent).filter(t => {
            const r = t.getBoundingClientRect();
            return r.left < name.right && name.left < r.right && r.top < name.bottom && name.top < r.bottom;
        }).map(t => t.textContent);
    }""")
    assert overlaps == []
    page.screenshot(path=cg.artifacts / "present-apple-orange-1280x720-en.png")
