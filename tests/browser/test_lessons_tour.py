"""The chapter-5 tour in the browser: keyboard walk, deep links, the clicker, presentation mode."""

from __future__ import annotations

READY = "() => window.compgraphLesson.tour.ready"


def tour_position(page) -> tuple[int, int]:
    page.wait_for_function("() => window.compgraphLesson")
    page.evaluate(READY)
    loc = page.locator("#lesson-tour .lesson-progress")
    return int(loc.get_attribute("data-step")), int(loc.get_attribute("data-total"))


def shown_title(page) -> str:
    return page.evaluate("() => window.compgraph.state.document.title")


def test_walk_the_tour_with_the_keyboard_from_first_to_last_step(page, cg):
    cg.open(page, "/?tour=1")
    steps = page.evaluate("() => fetch('/api/tour').then(r => r.json())")["steps"]
    titles = {}
    for s in steps:
        doc = page.evaluate("n => fetch('/api/examples/' + n).then(r => r.json())", s["preset"])
        titles[s["preset"]] = doc["title"]
    assert tour_position(page) == (1, len(steps))
    for k in range(1, len(steps) + 1):
        assert tour_position(page) == (k, len(steps))
        cg.wait_drawn(page)
        assert shown_title(page) == titles[steps[k - 1]["preset"]]
        key = page.locator("#lesson-tour .lesson-key").text_content()
        assert key == steps[k - 1]["key"]["en"]
        assert f"tour={k}" in page.url
        if k == 5:
            page.screenshot(path=str(cg.artifacts / "lessons-tour-1280x720.png"))
        page.keyboard.press("n")
    assert tour_position(page) == (len(steps), len(steps))  # N at the last step stays there
    assert page.locator("#lesson-tour .lesson-next").is_disabled()
    page.keyboard.press("b")
    assert tour_position(page)[0] == len(steps) - 1




def test_deep_link_opens_that_step_in_japanese(page, cg):
    page.goto("/")
    page.evaluate("() => localStorage.setItem('compgraph.lang', 'ja')")
    cg.open(page, "/tour/add-node")
    assert tour_position(page)[0] == 5
    assert "tour=5" in page.url
    key = page.locator("#lesson-tour .lesson-key").text_content()
    assert key == "加算ノードの逆伝播は、上流の値をそのまま下流へ流す"
    page.evaluate("() => localStorage.setItem('compgraph.lang', 'en')")


def test_clicker_steps_the_animation_then_moves_the_tour(page, cg):
    cg.open(page, "/?tour=5")  # add node: 10 + 5, upstream 1.3
    assert tour_position(page)[0] == 5
    steps = page.evaluate("() => window.compgraph.state.steps")
    for k in range(1, steps + 1):
        page.keyboard.press("PageDown")
        assert page.evaluate("() => window.compgraph.state.step") == k
        assert tour_position(page)[0] == 5
    assert cg.edge_label(page, "x", "z", "grad") == "1.3"
    page.keyboard.press("PageDown")  # at the end: the next slide
    assert tour_position(page)[0] == 6
    assert page.evaluate("() => window.compgraph.state.step") == 0
    page.keyboard.press("PageUp")  # at the start: back to the previous slide, at its end
    assert tour_position(page)[0] == 5
    assert page.evaluate("() => window.compgraph.state.step") == steps


def test_presentation_mode_shows_the_key_sentence_on_the_stage(page, cg):
    page.set_viewport_size({"width": 1920, "height": 1080})
    cg.open(page, "/?tour=6")
    assert tour_position(page)[0] == 6
    page.keyboard.press("p")
    page.wait_for_function("() => document.body.classList.contains('present')")
    overlay = page.locator("#lesson-present .lesson-present-key")
    assert overlay.is_visible()
    assert "multiplies" in overlay.text_content()
    page.keyboard.press("End")
    page.screenshot(path=str(cg.artifacts / "lessons-present-1920x1080.png"))
    page.keyboard.press("n")
    assert tour_position(page)[0] == 7
    assert page.evaluate("() => window.compgraph.state.document.title").startswith("Apple")
    page.keyboard.press("Escape")


def test_language_switch_retells_the_step_in_japanese(page, cg):
    cg.open(page, "/?tour=3")
    assert tour_position(page)[0] == 3
    page.click("#lang")
    page.wait_for_function("() => window.compgraph.state.lang === 'ja'")
    key = page.locator("#lesson-tour .lesson-key").text_content()
    assert key == "リンゴが1円値上がりした場合、最終的な支払い金額が2.2円増える"
    assert page.locator("#lesson-tour-btn").text_content() == "ツアー"
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.keyboard.press("End")
    page.screenshot(path=str(cg.artifacts / "lessons-tour-ja-1920x1080.png"))
    page.click("#lang")


def test_forward_only_figure_moves_on_after_the_forward_pass(page, cg):
    cg.open(page, "/?tour=1")  # Fig. 5-2: two x nodes, forward only
    assert tour_position(page)[0] == 1
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert cg.edge_label(page, "price", "", "value") == "220"
    assert tour_position(page)[0] == 1
    page.keyboard.press("PageDown")
    assert tour_position(page)[0] == 2
