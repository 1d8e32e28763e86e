"""The quiz as a student meets it: answers judged when complete (not on every keystroke), right
and wrong in words and shape as well as colour, labelled boxes that never cover a leaf's name,
and "Show" explaining the step it plays."""

from __future__ import annotations


def box(page, src, dst, kind="grad"):
    return page.locator(f'input.mask-input[data-from="{src}"][data-to="{dst}"][data-kind="{kind}"]')


def start_quiz(page, cg, example="apple_orange"):
    cg.open(page, "/", example=example)
    page.wait_for_function("() => window.compgraphLesson")
    page.click("#lesson-quiz-btn")
    page.wait_for_selector("input.mask-input")


def state(loc) -> str:
    cls = loc.get_attribute("class").split()
    return "right" if "right" in cls else "wrong" if "wrong" in cls else "open"


def test_a_partial_answer_is_not_judged_while_typing(page, cg):
    start_quiz(page, cg)
    b = box(page, "orange", "orange_price")  # ∂L/∂orange = 3.3
    b.click()
    page.keyboard.type("3")  # on the way to 3.3: not red
    assert state(b) == "open"
    assert b.get_attribute("aria-invalid") is None
    page.keyboard.type(".3")
    page.keyboard.press("Enter")  # complete: judged
    assert state(b) == "right"
    assert b.get_attribute("aria-invalid") == "false"


def test_a_pause_in_typing_judges_the_answer(page, cg):
    start_quiz(page, cg)
    b = box(page, "orange", "orange_price")
    b.click()
    page.keyboard.type("5")
    page.wait_for_function("() => document.querySelector("
                           "'input.mask-input[data-from=\"orange\"][data-to=\"orange_price\"]').classList.contains('wrong')")
    assert b.get_attribute("aria-invalid") == "true"
    li = page.locator('#lesson-quiz li[data-key="orange>orange_price>grad"]')
    assert li.get_attribute("data-state") == "wrong"
    assert li.locator(".lesson-mark").text_content() == "✗"


def test_leaving_a_box_judges_it(page, cg):
    start_quiz(page, cg)
    b = box(page, "tax", "price")  # ∂L/∂tax = 650
    b.click()
    page.keyboard.type("650")
    page.keyboard.press("Tab")
    assert state(b) == "right"


def test_right_and_wrong_are_shape_and_words_not_only_colour(page, cg):
    start_quiz(page, cg)
    right, wrong = box(page, "apple", "apple_price"), box(page, "apple_num", "apple_price")
    right.fill("2.2")
    right.press("Enter")
    wrong.fill("100")
    wrong.press("Enter")
    style = "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.backgroundImage]; }"
    r_border, r_icon = right.evaluate(style)
    w_border, w_icon = wrong.evaluate(style)
    assert (r_border, w_border) == ("double", "dashed")  # two border shapes
    assert "svg" in r_icon and "svg" in w_icon and r_icon != w_icon  # a tick, a cross
    assert right.get_attribute("title").startswith("✓") and wrong.get_attribute("title").startswith("✗")
    marks = {li.get_attribute("data-key"): li.locator(".lesson-mark").text_content()
             for li in page.locator("#lesson-quiz li").all()}
    assert marks["apple>apple_price>grad"] == "✓" and marks["apple_num>apple_price>grad"] == "✗"


def test_every_box_has_an_accessible_name(page, cg):
    start_quiz(page, cg)
    names = [b.get_attribute("aria-label") for b in page.locator("input.mask-input").all()]
    assert len(names) == 8 and all(names)
    assert box(page, "apple", "apple_price").get_attribute("aria-label") == "Answer box: ∂L/∂price of one apple"
    assert "Answer box: ∂L/∂price of the apples" in names
    page.click("#lang")
    assert box(page, "apple", "apple_price").get_attribute("aria-label") == "解答欄: ∂L/∂りんごの値段"


def test_boxes_do_not_cover_leaf_names(page, cg):
    start_quiz(page, cg)
    for size in ({"width": 1280, "height": 720}, {"width": 1024, "height": 768}):
        page.set_viewport_size(size)
        page.wait_for_function("w => document.querySelector('#graph').getAttribute('width') < w", arg=size["width"])
        page.evaluate("() => window.compgraph.setLang(window.compgraph.state.lang)")  # redraw at this size
        hits = page.evaluate("""() => {
          const r = (e) => e.getBoundingClientRect();
          const names = [...document.querySelectorAll('#graph g.node text.symbol, #graph g.node text.name')]
            .filter((e) => r(e).width > 0);
          const hit = (a, b) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
          return [...document.querySelectorAll('input.mask-input')].flatMap((b) =>
            names.filter((n) => hit(r(b), r(n))).map((n) => b.dataset.from + ' covers ' + n.textContent));
        }""")
        assert hits == [], (size, hits)


def test_show_explains_the_step_it_plays(page, cg):
    start_quiz(page, cg)
    item = page.locator('#lesson-quiz li[data-key="orange_num>orange_price>grad"]')
    item.locator("button.lesson-show").click()
    caption = page.locator("#caption").inner_text()
    assert "165" in caption and "number of oranges" in caption  # 1.1 × 150 = 165 flows back
    assert "3.3" not in caption  # ∂L/∂orange is still asked: blanked
    assert "□" in caption
