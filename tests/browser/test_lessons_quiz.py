"""The fill-the-boxes quiz (Fig. 5-15) in the browser, and the JS answer checker's cases."""

from __future__ import annotations

import json
from pathlib import Path

CASES = json.loads((Path(__file__).resolve().parents[1] / "lessons" / "quiz_cases.json")
                   .read_text(encoding="utf-8"))


def box(page, src, dst, kind="grad"):
    return page.locator(f'input.mask-input[data-from="{src}"][data-to="{dst}"][data-kind="{kind}"]')


def score(page) -> tuple[int, int]:
    s = page.locator("#lesson-quiz .lesson-score")
    return int(s.get_attribute("data-right")), int(s.get_attribute("data-total"))


def start_quiz(page, cg, example="apple_orange"):
    cg.open(page, "/", example=example)
    page.wait_for_function("() => window.compgraphLesson")
    page.click("#lesson-quiz-btn")
    page.wait_for_selector("input.mask-input")


def test_fig_5_15_boxes_turn_right_and_wrong(page, cg):
    start_quiz(page, cg)
    assert score(page) == (0, 8)  # every backward edge of Fig. 5-15 is a box
    right = box(page, "apple", "apple_price")
    right.fill("２．２")  # full-width digits, the engine's 2.2 (2.2000000000000006 elsewhere)
    right.press("Enter")  # judged when complete
    assert "right" in right.get_attribute("class")
    wrong = box(page, "apple_num", "apple_price")
    wrong.fill("100")
    wrong.press("Enter")  # judged when complete
    assert "wrong" in wrong.get_attribute("class")
    assert score(page) == (1, 8)
    wrong.fill("110")
    wrong.press("Enter")  # judged when complete
    assert "right" in wrong.get_attribute("class")
    box(page, "orange", "orange_price").fill("3.3")
    box(page, "orange", "orange_price").press("Enter")  # judged when complete
    box(page, "tax", "price").fill("650")
    box(page, "tax", "price").press("Enter")  # judged when complete
    assert score(page) == (4, 8)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=str(cg.artifacts / "lessons-quiz-1920x1080.png"))


def test_the_caption_does_not_read_out_the_hidden_answers(page, cg):
    start_quiz(page, cg)
    page.keyboard.press("End")
    caption = page.locator("#caption").inner_text()
    assert caption.startswith("Quiz (fill in □)")  # the step explained, its asked numbers blanked
    for answer in ("2.2", "110", "3.3", "165", "650"):
        assert answer not in caption
    page.click("#lesson-quiz .lesson-show-all")  # the quiz is over: the caption explains again
    page.keyboard.press("End")
    assert "2.2" in page.locator("#caption").inner_text()


def test_show_the_answer_plays_that_step(page, cg):
    start_quiz(page, cg)
    assert cg.edge_label(page, "orange_num", "orange_price", "grad") == ""
    item = page.locator('#lesson-quiz li[data-key="orange_num>orange_price>grad"]')
    item.locator("button.lesson-show").click()
    assert box(page, "orange_num", "orange_price").count() == 0
    assert cg.edge_label(page, "orange_num", "orange_price", "grad") == "165"
    assert item.get_attribute("data-state") == "shown"
    step = page.evaluate("() => window.compgraph.state.frame.current.node")
    assert step == "orange_price"  # the backward step of the × node that sends 165
    page.click("#lesson-quiz .lesson-show-all")
    assert page.locator("input.mask-input").count() == 0
    assert cg.edge_label(page, "tax", "price", "grad") == "650"


def test_teacher_unticks_a_box_to_give_it_as_a_hint(page, cg):
    start_quiz(page, cg)
    row = page.locator('#lesson-quiz li[data-key="tax>price>grad"]')
    row.locator("input.lesson-pick").uncheck()
    assert box(page, "tax", "price").count() == 0
    assert score(page) == (0, 7)
    assert box(page, "apple", "apple_price").count() == 1
    page.locator('#lesson-quiz li[data-key="tax>price>grad"] input.lesson-pick').check()
    assert box(page, "tax", "price").count() == 1
    assert score(page) == (0, 8)


def test_values_mode_hides_forward_values(page, cg):
    start_quiz(page, cg, example="apple")
    page.click('#lesson-quiz .lesson-modes button[data-mode="values"]')
    b = box(page, "apple_price", "price", "value")
    b.fill("200")
    b.press("Enter")
    assert "right" in b.get_attribute("class")
    out = box(page, "price", "", "value")
    out.fill("220")  # the engine says 220.00000000000003
    out.press("Enter")
    assert "right" in out.get_attribute("class")
    assert score(page) == (2, 2)


def test_js_checker_agrees_with_the_shared_cases(page, cg):
    cg.open(page, "/")
    result = page.evaluate("""async (cases) => {
        const q = await import('/static/lesson/quiz-check.js');
        const bad = [];
        for (const [text, expected, ok] of cases.check)
            if (q.check(text, expected).ok !== ok) bad.push(['check', text, expected]);
        for (const [text, expected, ok] of cases.nonfinite_expected)
            if (q.check(text, Number(expected)).ok !== ok) bad.push(['nonfinite', text, expected]);
        for (const text of cases.invalid)
            if (q.parse(text) !== null) bad.push(['invalid', text]);
        for (const [x, shown] of cases.format)
            if (q.formatAnswer(x) !== shown) bad.push(['format', x, q.formatAnswer(x)]);
        return bad;
    }""", CASES)
    assert result == []


def test_presentation_mode_shows_the_score_on_stage(page, cg):
    page.set_viewport_size({"width": 1920, "height": 1080})
    start_quiz(page, cg)
    stage = page.locator("#lesson-stage-score")
    assert not stage.is_visible()  # the side panel shows it outside presentation mode
    page.keyboard.press("p")
    assert "present" in page.locator("body").get_attribute("class")
    assert not page.locator("#lesson-quiz").is_visible()
    assert stage.is_visible()
    assert stage.locator(".lesson-stage-score-main").text_content() == "0 of 8 right"
    box(page, "apple", "apple_price").fill("2.2")
    box(page, "apple", "apple_price").press("Enter")
    assert stage.get_attribute("data-last") == "right"
    assert stage.locator(".lesson-stage-score-main").text_content() == "1 of 8 right"
    assert "Right!" in stage.locator(".lesson-stage-score-last").text_content()
    box(page, "apple_num", "apple_price").fill("100")
    box(page, "apple_num", "apple_price").press("Enter")
    assert stage.get_attribute("data-last") == "wrong"
    assert (stage.get_attribute("data-right"), stage.get_attribute("data-wrong")) == ("1", "1")
    assert "1 wrong" in stage.locator(".lesson-stage-score-wrong").text_content()
    size = stage.locator(".lesson-stage-score-main").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 36  # readable from the back of a room
    colour = stage.evaluate("e => getComputedStyle(e).borderTopColor")
    assert colour == "rgb(176, 0, 32)"  # wrong: red frame
    # the score does not cover the graph's boxes
    sb = stage.bounding_box()
    for b in page.locator("input.mask-input").all():
        bb = b.bounding_box()
        assert bb["x"] + bb["width"] <= sb["x"] or bb["y"] + bb["height"] <= sb["y"], (bb, sb)
    page.screenshot(path=str(cg.artifacts / "lessons-quiz-present-1920x1080.png"))
    page.locator("#lang").evaluate("b => b.click()")  # hidden toolbar: the language still applies
    assert stage.locator(".lesson-stage-score-main").text_content() == "8 問中 1 問正解"
    page.evaluate("window.compgraph.togglePresent(false)")  # (focus is in a box: "p" types there)
    assert not stage.is_visible()
