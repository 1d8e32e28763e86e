"""The lecture hall: presentation mode (P) at every common projector size, with the tour and the
quiz open, in both languages. Measured on screen: the drawing fills the stage, captions and the
tour's key sentence fit their boxes (no clipped line), labels stay readable, and no quiz box
covers a node's name. Screenshots of every size go to test-artifacts/."""

from __future__ import annotations

import pytest

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1440, 900), (1920, 1080), (3840, 2160)]
MIN_LABEL_PX = 10  # the smallest on-screen font of an array label (shapes, vectors, matrices)
MIN_NUMBER_PX = 12  # a scalar value or gradient
# At 1024 px the two-layer net, its matrices written out in full, is too wide for a scalar's 12 px:
# there every label keeps 10 px (label-fit.js grows the labels against the nodes until they do).
NARROW = {"width": 1024, "label": 10, "number": 10}

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
    assert m["caption"]["font"] >= 14, where
    if m["key"]:
        assert m["key"]["over"] <= 1, (where, m["key"])
        assert m["key"]["font"] >= 18, where
    # labels: all on screen, never below a readable size
    assert m["labels"], where
    for lab in m["labels"]:
        assert inside(lab["r"], svg), (where, lab)
        array = lab["text"].startswith(("(", "["))
        if w <= NARROW["width"]:
            floor = NARROW["label"] if array else NARROW["number"]
        else:
            floor = MIN_LABEL_PX if array else MIN_NUMBER_PX
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


CONTRAST = """() => {
  const rgb = (s) => { const m = s.match(/[\\d.]+/g) || ['0', '0', '0', '0']; return m.map(Number).concat(m.length < 4 ? [1] : []); };
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3] ?? 1; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const background = (el) => {  // the opaque colour behind el: backgrounds (HTML) or shape fills (SVG)
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement || e.parentNode) {
      if (e instanceof SVGElement && e.matches('g.node')) {
        const shape = [...e.querySelectorAll('.shape')].find((s) => s.getBoundingClientRect().width > 0);
        if (shape && !el.matches('.name, .error')) layers.push(rgb(getComputedStyle(shape).fill));
      } else {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
      }
      if (layers.length && layers.at(-1)[3] === 1) break;
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const texts = [...document.querySelectorAll('body *')].filter((e) => {
    if (e.closest('.katex, .heat, button:disabled, [aria-hidden="true"] .lg') || e.matches('option, script, style')) return false;
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = e.getBoundingClientRect();
    return own && r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  });
  return texts.map((e) => { const svg = e instanceof SVGElement; const cs = getComputedStyle(e);
    const fg = over(rgb(svg ? cs.fill : cs.color), background(e));
    return { text: e.textContent.trim().slice(0, 40), cls: (e.getAttribute('class') || e.tagName),
             ratio: ratio(fg, background(e)) }; });
}"""


@pytest.mark.parametrize("present", [False, True])
def test_every_label_colour_meets_wcag_aa_contrast(page, cg, present):
    """WCAG AA (4.5:1) for every visible text, measured from the live styles: node names, value
    and gradient labels (negative ones too), the current step's labels, captions, panels, quiz."""
    cg.open(page, "/", example="apple")
    page.goto("/?tour=apple-orange-quiz")
    page.wait_for_function("() => window.compgraphLesson && document.querySelector('input.mask-input')")
    cg.wait_drawn(page)
    box = page.locator('input.mask-input[data-from="apple"][data-to="apple_price"]')
    box.fill("2.2")
    box.press("Enter")
    wrong = page.locator('input.mask-input[data-from="orange"][data-to="orange_price"]')
    wrong.fill("5")
    wrong.press("Enter")
    if present:
        page.evaluate("() => window.compgraph.togglePresent(true)")
    # the measure itself: #777 on white is 4.48:1, just under AA; black on white 21:1
    page.evaluate("""() => { for (const c of ['#777', '#000']) { const p = document.createElement('p');
      p.className = 'probe'; p.textContent = c; p.style.color = c; p.style.background = '#fff';
      document.querySelector('.player').append(p); } }""")
    probes = {t["text"]: t["ratio"] for t in page.evaluate(CONTRAST) if t["cls"] == "probe"}
    assert round(probes["#777"], 2) == 4.48 and round(probes["#000"], 1) == 21.0, probes
    page.evaluate("() => document.querySelectorAll('.probe').forEach((p) => p.remove())")
    seen = set()
    for k in (3, 9, "end"):  # forward, the seed, the backward pass (the current step's colours)
        cg.goto_step(page, k)
        for t in page.evaluate(CONTRAST):
            seen.add(t["cls"])
            assert t["ratio"] >= 4.5, t
    page.evaluate("() => window.compgraphLesson.quiz.stop()")
    cg.goto_step(page, "end")
    page.evaluate("() => window.compgraph.loadDocument({version: 1, nodes: ["
                  "{id: 'x', op: 'input', value: 3}, {id: 'n', op: 'neg', inputs: ['x']}]})")
    cg.wait_drawn(page)
    cg.goto_step(page, "end")  # a negative gradient: blue, italic, underlined
    for t in page.evaluate(CONTRAST):
        seen.add(t["cls"])
        assert t["ratio"] >= 4.5, t
    assert {"label value", "label grad neg"} <= seen, seen
    assert any(c.startswith("label grad") for c in seen) and "caption" in seen


def test_the_whole_tour_on_a_1280x720_projector_with_a_clicker_alone(page, cg):
    """PageDown only (a presenter's clicker) after P: every step of every tour stop is shown in
    order, the stage never blank and the caption never clipped; PageUp walks back."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/?tour=1")
    page.wait_for_function("() => window.compgraphLesson && document.querySelector('#lesson-tour .lesson-progress')")
    cg.wait_drawn(page)
    page.keyboard.press("p")
    total = int(page.locator("#lesson-tour .lesson-progress").get_attribute("data-total"))
    shown, presses = [1], 0
    while True:
        state = page.evaluate("""() => ({ tour: window.compgraphLesson.tour.index + 1, step: window.compgraph.state.step,
          steps: window.compgraph.state.steps, width: +document.querySelector('#graph').getAttribute('width'),
          over: (c => c.scrollHeight - c.clientHeight)(document.querySelector('#caption')) })""")
        assert state["width"] == 1280 and state["over"] <= 1, state
        if state["tour"] == total and state["step"] >= state["steps"]:
            break
        page.keyboard.press("PageDown")
        presses += 1
        assert presses < 800
        page.evaluate("() => window.compgraphLesson.tour.ready")
        cg.wait_drawn(page)
        now = page.evaluate("() => window.compgraphLesson.tour.index + 1")
        if now != shown[-1]:
            shown.append(now)
    assert shown == list(range(1, total + 1))  # every stop, in order, none skipped
    assert "present" in page.locator("body").get_attribute("class")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")
    assert page.evaluate("() => window.compgraph.state.step") == page.evaluate("() => window.compgraph.state.steps") - 2
