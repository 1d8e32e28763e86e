"""The widget's ES module in Chromium under a fake model with anywidget's interface.

The page and the bundle are served by Playwright's router from a made-up origin; every other
request is refused and recorded, and the test fails if there is any (no CDN, no server).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import compgraph as cg
from compgraph.widget import bundle, widget_state

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ORIGIN = "http://widget.test"

PAGE = """<!doctype html><meta charset="utf-8"><title>notebook</title>
<body style="margin:0;font-family:sans-serif"><div id="cell" style="width:%dpx;padding:8px"></div>
<script type="module">
const data = JSON.parse(document.getElementById("state")?.textContent || "null");
</script></body>"""

# anywidget's model interface: get / set / save_changes / on / off, plus what the test needs:
# `saved` (what the widget sent back to Python) and `push(key, value)` (Python changing a trait).
HARNESS = """async (state) => {
  const listeners = {};
  const pending = {};
  const model = {
    saved: [],
    get: (k) => state[k],
    set(k, v) { state[k] = v; pending[k] = v; },
    save_changes() {
      model.saved.push({ ...pending });
      for (const k in pending) delete pending[k];
    },
    on(ev, fn) { (listeners[ev] ??= []).push(fn); },
    off(ev, fn) { listeners[ev] = (listeners[ev] || []).filter((f) => f !== fn); },
    push(k, v) { state[k] = v; for (const fn of listeners[`change:${k}`] || []) fn(); },
  };
  const mod = await import("/widget.js");
  const el = document.getElementById("cell");
  window.cleanup = mod.default.render({ model, el });
  window.model = model;
}"""


def _serve(page, width: int = 900) -> list[str]:
    refused: list[str] = []
    js = bundle().read_text(encoding="utf-8")

    def route(r):
        url = r.request.url
        if url == f"{ORIGIN}/":
            return r.fulfill(body=PAGE % width, content_type="text/html")
        if url == f"{ORIGIN}/widget.js":
            return r.fulfill(body=js, content_type="text/javascript")
        refused.append(url)
        return r.abort()

    page.route("**/*", route)
    return refused


def _mount(page, x, width=900, **kw):
    refused = _serve(page, width)
    page.goto(f"{ORIGIN}/")
    state = widget_state(x, **kw)
    page.evaluate(HARNESS, json.loads(json.dumps(state)))
    page.wait_for_function("() => document.querySelector('#cell').shadowRoot"
                           "?.querySelectorAll('g.node').length > 0")
    return refused, state


def _step(page) -> int:
    return int(page.locator("#cg-widget").get_attribute("data-step"))


def _label(page, src, dst, kind):
    loc = page.locator(f'g.edge[data-from="{src}"][data-to="{dst}"] .label.{kind}')
    return loc.first.text_content().strip() if loc.first.is_visible() else ""


def _saved_steps(page):
    return [s["step"] for s in page.evaluate("() => window.model.saved") if "step" in s]


def test_buttons_keys_and_the_synced_trait_step_the_apple_graph(page):
    refused, state = _mount(page, ROOT / "examples" / "apple.json")
    assert page.locator("g.node").count() == 5
    assert state["steps"] == 5  # 2 forward, seed, 2 backward
    assert _step(page) == 0 and _label(page, "apple_price", "price", "value") == ""

    page.locator("#next").click()
    page.locator("#next").click()
    assert _step(page) == 2 and _saved_steps(page)[-2:] == [1, 2]
    assert _label(page, "apple_price", "price", "value") == "200"
    page.locator("#prev").click()
    assert _step(page) == 1 and _label(page, "apple_price", "price", "value") == "200"
    assert _label(page, "apple", "apple_price", "value") == "100"

    sent = len(page.evaluate("() => window.model.saved"))
    page.evaluate("() => window.model.push('step', 5)")  # Python sets w.step = 5
    assert _step(page) == 5
    assert _label(page, "apple", "apple_price", "grad") == "2.2"
    assert _label(page, "tax", "price", "grad") == "200"
    assert len(page.evaluate("() => window.model.saved")) == sent  # no echo back to Python

    page.locator("#home").click()
    assert _step(page) == 0
    page.locator("#cg-widget").focus()
    page.keyboard.press("ArrowRight")
    assert _step(page) == 1
    page.keyboard.press("End")
    assert _step(page) == 5 and _saved_steps(page)[-1] == 5
    assert refused == []


def test_keys_belong_to_the_notebook_when_the_widget_is_not_focused(page):
    _mount(page, ROOT / "examples" / "apple.json")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    assert _step(page) == 0


def test_play_runs_to_the_end(page):
    refused, _ = _mount(page, ROOT / "examples" / "apple.json")
    page.evaluate("() => window.model.push('step', 3)")
    page.locator("#play").click()
    page.wait_for_function("() => document.querySelector('#cell').shadowRoot"
                           ".querySelector('#cg-widget').dataset.step === '5'", timeout=15_000)
    assert _saved_steps(page)[-1] == 5 and refused == []


def test_inspector_opens_on_click_and_the_language_switches(page):
    x = cg.Value(2.0, name="x", label="x")
    y = (x ** 3).named("y")
    refused, _ = _mount(page, y, step=-1)
    assert not page.locator("#side").is_visible()
    page.locator('g.node[data-id="y"]').click()
    assert page.locator("#side").is_visible()
    assert "y" in page.locator("#inspector-body").inner_text()
    assert page.evaluate("() => window.model.saved").pop() == {"selected": "y"}
    page.locator("#lang").click()
    assert page.evaluate("() => window.model.saved").pop() == {"lang": "ja"}
    page.evaluate("() => window.model.push('lang', 'ja')")
    assert page.locator("#lang").inner_text() == "English"
    speed = page.locator("#speed-value").locator("..").inner_text()
    assert ord(speed[0]) > 0x3000, speed  # the app's Japanese label, no longer "Speed"
    caption = page.locator("#caption").inner_text()
    assert any(ord(c) > 0x3000 for c in caption), caption
    assert refused == []


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_screenshots(page, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    doc = json.loads((ROOT / "examples" / "two_layer_net.json").read_text())
    _mount(page, doc, width=width - 40, lang=lang, step=-1)
    page.locator('g.node[data-op="affine"]').first.click()  # the inspector, with KaTeX
    assert page.locator("#inspector-body .katex").count() >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{lang}-{width}x{height}.png"))


def test_an_inspector_edit_sends_the_whole_document(page):
    """The inspector's edits change a copy of the document in place (docs/groups.md: Make group);
    the widget sends that document to Python, not the edit's return value."""
    x = cg.Value(0.5, name="x", label="x")
    y = ((1 + x.exp()).log()).named("y")
    _mount(page, y, step=-1)
    page.locator('g.node[data-id="y"]').click()
    page.locator('#inspector-body input[name="group-name"]').fill("softplus")
    page.locator("#group-make").click()
    doc = [s for s in page.evaluate("() => window.model.saved") if "document" in s][-1]["document"]
    assert [n["id"] for n in doc["nodes"]][-1] == "y"
    (group,) = doc["groups"]
    assert (group["id"], group["name"], group["collapsed"]) == ("y", "softplus", True)
    assert len(group["nodes"]) == 4  # exp, the constant 1, +, log


def test_a_collapsed_group_is_drawn_as_one_box_as_in_the_app(page):
    """z = 2 · softplus(x) at x = 1.5 with softplus a collapsed group: one box (groups.js, as the
    app draws it) with the engine's numbers on its outer edges, the folded step count sent back,
    the inspector showing the group, and Expand sending the opened document to Python."""
    import math

    x = 1.5
    sp, sig = math.log1p(math.exp(x)), 1 / (1 + math.exp(-x))
    doc = {"version": 1, "output": "z", "nodes": [
        {"id": "x", "op": "input", "value": x},
        {"id": "e", "op": "exp", "inputs": ["x"]}, {"id": "one", "op": "const", "value": 1},
        {"id": "s", "op": "add", "inputs": ["one", "e"]}, {"id": "y", "op": "log", "inputs": ["s"]},
        {"id": "two", "op": "const", "value": 2}, {"id": "z", "op": "mul", "inputs": ["two", "y"]}],
        "groups": [{"id": "y", "name": "softplus", "nodes": ["e", "one", "s", "y"], "op": None,
                    "collapsed": True}]}
    refused, state = _mount(page, doc, step=-1)
    drawn = page.eval_on_selector_all("g.node", "els => els.map(e => e.dataset.id)")
    assert sorted(drawn) == ["two", "x", "y", "z"]
    box = page.locator('g.node[data-id="y"]')
    assert box.locator("text.symbol").text_content() == "softplus"
    assert box.locator("text.name").text_content() == "softplus"
    assert state["steps"] == 9  # exp, add, log, mul forward; the seed; mul, log, add, exp backward
    folded = 5  # the box's exp, add, log: one step forward and one backward
    saved = page.evaluate("() => window.model.saved")
    assert [s["steps"] for s in saved if "steps" in s] == [folded]
    page.evaluate("k => window.model.push('step', k)", folded)
    assert _step(page) == folded
    assert float(_label(page, "x", "y", "value")) == pytest.approx(x)
    assert float(_label(page, "x", "y", "grad")) == pytest.approx(2 * sig, rel=1e-5)
    assert float(_label(page, "y", "z", "value")) == pytest.approx(sp, rel=1e-5)
    assert float(_label(page, "y", "z", "grad")) == pytest.approx(2)

    box.click()
    title = page.locator("#inspector-body .op-title").text_content()
    assert title == "softplus · user-defined group"
    page.screenshot(path=str(ARTIFACTS / "widget-group-collapsed.png"))
    page.locator("#group-toggle").click()
    sent = [s for s in page.evaluate("() => window.model.saved") if "document" in s][-1]["document"]
    assert sent["groups"][0]["collapsed"] is False and len(sent["nodes"]) == 7
    assert refused == []
