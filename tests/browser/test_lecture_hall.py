"""The lecture hall: presentation mode (P) at every common projector size, with the tour and the
quiz open, in both languages. Measured on screen: the drawing fills the stage, captions and the
tour's key sentence fit their boxes (no clipped line), labels stay readable, and no quiz box
covers a node's name. Screenshots of every size go to test-artifacts/."""

from __future__ import annotations

import pytest

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1440, 900), (1920, 1080), (3840, 2160)]
MIN_LABEL_PX = 10  # the smallest on-screen font of any label (shapes of matrices included)
MIN_NUMBER_PX = 12  # a scalar value or gradient

MEASURE = """() => {
  const rect = (e) => e.getBoundingClientRect();
  const visible = (e) => { const r = rect(e); return r.width > 0 && r.height > 0; };
  const svg = document.querySelector('#graph');
  const drawing = rect(svg.querySelector('.viewport'));
  const scale = svg.querySelector('.viewport').getScreenCTM().a;
  const fits = (e) => ({ over: e.scrollHeight - e.clientHeight, font: parseFloat(getComputedStyle(e).fontSize),
                         text: e.textContent });
  const labels = [...svg.querySelectorAll('.label')].filter((l) => l.textContent && visible(l)).map((l) => ({
    text: l.textContent, px: parseFloat(getComputedStyle(l).fontSize) * scale, r: rect(l).toJSON() }));
  const names = [...svg.querySelectorAll('g.node text.symbol, g.node text.name, g.node .shape')]
    .filter(visible).map((e) => ({ text: e.textContent, r: rect(e).toJSON() }));
  const boxes = [...document.querySelectorAll('input.mask-input')].map((b) => ({ key: b.dataset.from + '>' + b.dataset.to,
    r: rect(b).toJSON() }));
  const key = document.querySelector('.lesson-present.active .lesson-present-key');
  const score = document.querySelector('#lesson-stage-score.active');
  return { svg: rect(svg).toJSON(), drawing: drawing.toJSON(), labels, names, boxes,
           caption: fits(document.querySelector('#caption')), key: key && fits(key),
           keyRect: key && rect(key).toJSON(), score: score && rect(score).toJSON() };
}"""


def overlap(a, b) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5)


def inside(a, outer) -> bool:
    return (a["left"] >= outer["left"] - 1 and a["right"] <= outer["right"] + 1
            and a["top"] >= outer["top"] - 1 and a["bottom"] <= outer["bottom"] + 1)


def open_tour_step(page, cg, lang: str, step: str) -> None:
    page.goto("/")
    cg.wait_drawn(page)
    page.evaluate("lang => window.compgraph.setLang(lang)", lang)
    page.goto(f"/?tour={step}")
    page.wait_for_function("() => window.compgraphLesson && window.compgraph.state.idle "
                           "&& document.querySelector('#lesson-tour:not([hidden]) .lesson-progress')")
    cg.wait_drawn(page)
    page.keyboard.press("End")
    page.keyboard.press("p")
    assert "present" in page.locator("body").get_attribute("class")


def check_size(page, m: dict, w: int, h: int, where: str) -> None:
    svg, drawing = m["svg"], m["drawing"]
    # the stage is not blank: the SVG spans the screen and the drawing fills it on one axis
    assert svg["width"] == w, where
    assert svg["height"] >= 0.55 * h, where
    assert drawing["width"] >= 0.6 * svg["width"] or drawing["height"] >= 0.6 * svg["height"], where
    assert inside(drawing, svg), where
    # captions and the key sentence shrink to fit rather than clip
    assert m["caption"]["over"] <= 1, (where, m["caption"])
    assert m["caption"]["font"] >= 18, where
    if m["key"]:
        assert m["key"]["over"] <= 1, (where, m["key"])
        assert m["key"]["font"] >= 18, where
    # labels: all on screen, never below a readable size
    assert m["labels"], where
    for lab in m["labels"]:
        assert inside(lab["r"], svg), (where, lab)
        floor = MIN_LABEL_PX if lab["text"].startswith(("(", "[")) else MIN_NUMBER_PX
        assert lab["px"] >= floor, (where, lab)
    # the on-stage boxes (key sentence, score) sit above the drawing, not on it
    for r in (m["keyRect"], m["score"]):
        if r:
            assert r["bottom"] <= svg["top"] + 1, (where, r, svg)
    # quiz boxes: on the drawing, never over a node or its name
    for box in m["boxes"]:
        assert inside(box["r"], svg), (where, box)
        for name in m["names"]:
            assert not overlap(box["r"], name["r"]), (where, box, name)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_tour_and_quiz_in_presentation_mode_at_every_projector_size(page, cg, lang):
    """Tour step 8 opens the Fig. 5-15 quiz: the key sentence, the score and 8 boxes on stage."""
    open_tour_step(page, cg, lang, "apple-orange-quiz")
    assert page.locator("input.mask-input").count() == 8
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_function("([w, h]) => document.querySelector('#graph').getAttribute('width') == w", arg=[w, h])
        m = page.evaluate(MEASURE)
        check_size(page, m, w, h, f"quiz {lang} {w}x{h}")
        assert m["key"] and m["score"] and len(m["boxes"]) == 8
        page.screenshot(path=str(cg.artifacts / f"hall-quiz-{lang}-{w}x{h}.png"))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_two_layer_net_tour_step_in_presentation_mode_at_every_projector_size(page, cg, lang):
    """The longest captions (the two-layer net's backward steps) and matrix labels."""
    open_tour_step(page, cg, lang, "two-layer-net")
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_function("([w, h]) => document.querySelector('#graph').getAttribute('width') == w", arg=[w, h])
        for k in (page.evaluate("() => window.compgraph.state.steps"), 12):  # the last step, a long one
            cg.goto_step(page, k)
            m = page.evaluate(MEASURE)
            check_size(page, m, w, h, f"two-layer-net {lang} {w}x{h} step {k}")
        page.screenshot(path=str(cg.artifacts / f"hall-two-layer-{lang}-{w}x{h}.png"))


def test_clipped_caption_is_what_the_fit_prevents(page, cg):
    """The measurement can fail: without the fit, the long caption overflows its box at 1024."""
    open_tour_step(page, cg, "ja", "two-layer-net")
    page.set_viewport_size({"width": 1024, "height": 768})
    over = page.evaluate("""() => { const c = document.querySelector('#caption');
      c.style.fontSize = '34px';  // the CSS size, unfitted
      return c.scrollHeight - c.clientHeight; }""")
    assert over > 1
    cg.goto_step(page, 0)
    cg.goto_step(page, "end")  # a new caption: fitted again
    assert page.evaluate("() => { const c = document.querySelector('#caption'); return c.scrollHeight - c.clientHeight; }") <= 1
