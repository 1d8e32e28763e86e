"""The Examples menu (full titles with the figure first, in sync with what is shown), undo/redo
buttons that say whether there is anything to undo, the phase badge, English backward captions."""


def menu(page):
    return page.evaluate("""() => { const s = document.querySelector('#examples');
        return {value: s.value, text: s.selectedOptions[0].textContent, state: s.dataset.state}; }""")


def test_titles_keep_their_figure_numbers(app_page):
    texts = app_page.locator("#examples option").all_text_contents()
    assert "Fig. 5-2 · Buying apples, forward" in texts
    assert sum(t.startswith("Fig. ") for t in texts) >= 10


def test_menu_follows_edits_undo_and_reload(app_page, cg):
    page = app_page  # the first graph: apple, nothing to undo
    assert menu(page)["value"] == "apple"
    assert page.locator("#undo").is_disabled() and page.locator("#redo").is_disabled()
    page.evaluate("window.compgraph.edit(d => { d.nodes[0].value = 150; })")
    cg.wait_drawn(page)
    m = menu(page)
    assert (m["value"], m["state"]) == ("", "edited")
    assert m["text"].endswith("(edited)") and "apple" in m["text"].lower()
    assert not page.locator("#undo").is_disabled()
    page.locator("#undo").click()
    cg.wait_drawn(page)
    assert menu(page)["value"] == "apple"
    assert not page.locator("#redo").is_disabled()
    page.reload()
    cg.wait_drawn(page)
    assert menu(page)["value"] == "apple"  # the autosaved graph is still the preset
    page.evaluate("window.compgraph.edit(d => { d.nodes[0].value = 150; })")
    cg.wait_drawn(page)
    page.reload()
    cg.wait_drawn(page)
    assert menu(page)["state"] == "edited"
    page.evaluate("window.compgraph.loadDocument({version: 1, nodes: [{id: 'x', op: 'input', value: 1}]})")
    cg.wait_drawn(page)
    assert menu(page) == {"value": "", "text": "—", "state": "none"}


def test_phase_badge_and_backward_caption(app_page, cg):
    page = app_page
    assert page.locator("#phase").text_content() == "start"
    page.keyboard.press("ArrowRight")
    assert page.locator("#phase").text_content() == "forward"
    page.keyboard.press("End")
    assert page.locator("#phase").text_content() == "backward"
    assert page.locator("#caption").text_content().startswith("Backward — ")
    page.locator("#lang").click()
    assert page.locator("#phase").text_content() == "逆伝播"
    assert page.locator("#caption").text_content().startswith("逆伝播 — ")
    page.locator("#lang").click()
