"""The two-layer net (Fig. 5-7 preset) is legible at 1280x720 and 1920x1080, in both languages and
in presentation mode: no two edge label groups (text + heatmap + legend) meet, and every text on an
edge is at least 10 screen pixels tall (a heatmap's legend is dropped where it would be smaller)."""

from __future__ import annotations

import pytest

# Each edge label group's screen box (its text and its heatmap, value and gradient separately),
# and each edge text's screen font size (font size times the drawing's scale).
MEASURE = """() => {
  const boxes = [];
  for (const g of document.querySelectorAll('#graph g.edge')) {
    for (const kind of ['value', 'grad']) {
      const parts = [...g.querySelectorAll(`text.label.${kind}, g.heat.${kind}`)]
        .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      if (!parts.length) continue;
      boxes.push({ key: `${g.dataset.from}>${g.dataset.to}:${kind}`,
        l: Math.min(...parts.map((r) => r.left)), t: Math.min(...parts.map((r) => r.top)),
        r: Math.max(...parts.map((r) => r.right)), b: Math.max(...parts.map((r) => r.bottom)) });
    }
  }
  const texts = [...document.querySelectorAll('#graph g.edge text')].filter((t) => t.textContent)
    .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }));
  const legends = document.querySelectorAll('#graph g.heat-legend').length;
  return { boxes, texts, legends };
}"""


def overlaps(boxes: list[dict]) -> list[str]:
    """Pairs of label groups whose boxes intersect."""
    return [f"{a['key']} x {b['key']}" for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("present", [False, True])
def test_two_layer_net_labels_do_not_overlap_and_are_legible(page, cg, size, lang, present):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    cg.open(page, "/", example="two_layer_net")
    if lang == "ja":
        page.evaluate("() => window.compgraph.setLang('ja')")
    if present:
        page.keyboard.press("p")
        page.wait_for_function("() => document.body.classList.contains('present')")
    cg.wait_drawn(page)
    cg.goto_step(page, "end")
    page.wait_for_function("""() => [...document.querySelectorAll('#graph g.edge text.label.grad')]
        .filter((t) => t.textContent).length >= 9""")  # every gradient is on screen
    m = page.evaluate(MEASURE)
    assert len(m["boxes"]) >= 18  # 9 edges + the output stub, value and gradient each
    assert overlaps(m["boxes"]) == []
    small = [(t["text"], round(t["px"], 1)) for t in m["texts"] if t["px"] < 10]
    assert small == []
    page.screenshot(path=str(cg.artifacts / f"legible-{size[0]}-{lang}-{'present' if present else 'normal'}.png"))


def test_a_large_array_keeps_its_heatmap_and_legend(page, cg):
    """More than 16 elements: shape + heatmap + a legend from min to max (not written out)."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    cg.open(page, "/")
    x = [[float(i * 5 + j) - 7 for j in range(5)] for i in range(4)]  # 20 elements, -7 .. 12
    page.evaluate("doc => window.compgraph.loadDocument(doc)", {"version": 1, "nodes": [
        {"id": "x", "op": "input", "value": x}, {"id": "s", "op": "sum", "inputs": ["x"]}], "output": "s"})
    cg.wait_drawn(page)
    cg.goto_step(page, "end")
    m = page.evaluate(MEASURE)
    assert m["legends"] >= 1
    assert cg.edge_label(page, "x", "s").strip() == "(4, 5)"
    nums = [t for t in m["texts"] if t["text"] in ("-7", "12")]  # the legend's min and max
    assert len(nums) >= 2 and all(t["px"] >= 10 for t in nums)
