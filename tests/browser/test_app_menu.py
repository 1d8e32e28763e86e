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


MENU_FIT = """() => { const s = document.querySelector('#examples'), cs = getComputedStyle(s);
    const c = document.createElement('canvas').getContext('2d');
    c.font = `${cs.fontSize} ${cs.fontFamily}`;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24;
    return [...s.options].slice(1).map(o => ({name: o.value, text: o.text,
        fits: c.measureText(o.text).width <= room})); }"""


def test_every_title_is_readable_whole(app_page, cg):
    """At 1280x720 each preset's full title (figure number first) is shown whole in the menu or,
    where the bar has no room for it, is the menu's accessible name once chosen; at 1920x1080
    every title fits, in both languages."""
    page = app_page
    titles = {e["name"]: e["title"] for e in page.evaluate("fetch('/api/examples').then(r => r.json())")}
    options = page.evaluate(MENU_FIT)
    assert len(options) == len(titles) >= 17
    assert sum(o["fits"] for o in options) >= len(options) - 2  # the room the bar has at 1280
    for o in options:
        title = titles[o["name"]]
        base = title.split(" (Fig.")[0]
        assert base in o["text"]  # the whole title, the figure reference moved first
        if "(Fig." in title:
            assert o["text"].startswith("Fig. ")
        page.locator("#examples").select_option(o["name"])
        # once the preset is shown, the menu's accessible name is its full title
        page.wait_for_function("t => document.querySelector('#examples').getAttribute('aria-label')"
                               " === t && window.compgraph.state.idle", arg=f"Examples: {o['text']}")
        assert page.locator("#examples").get_attribute("title") == o["text"]
    cg.wait_drawn(page)
    page.keyboard.press("ArrowRight")  # the clicker still steps after the menu was used
    assert page.evaluate("window.compgraph.state.step") == 1
    page.set_viewport_size({"width": 1920, "height": 1080})
    for lang in ("en", "ja"):
        page.evaluate("l => window.compgraph.setLang(l)", lang)
        assert all(o["fits"] for o in page.evaluate(MENU_FIT)), lang
    page.evaluate("window.compgraph.setLang('en')")
