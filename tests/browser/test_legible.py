"""Graphs of small arrays written out as the book writes them, legible at 1280x720 and 1920x1080,
in both languages and in presentation mode: the two-layer net (section 5.7) and a graph of our own
numbers. Measured on screen: the grids' numbers are the engine's (the API answer, or numpy) at
the shown precision; every edge text is at least 10 px tall; no label box meets another label
box, a node or an edge's line (a forward line or a gradient's line); nothing overflows
its node. Large arrays keep shape + heatmap + legend."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

TWO_LAYER = json.loads((Path(__file__).resolve().parents[2] / "examples" / "two_layer_net.json").read_text())

# Each edge label group's screen box (its text and its heatmap, value and gradient separately),
# its text, each edge text's screen font size (font size times the drawing's scale), the screen
# boxes of the nodes (shapes and names) and points along every drawn edge line, per edge.
MEASURE = """() => {
  const boxOf = (els) => { const rs = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    return rs.length ? { l: Math.min(...rs.map((r) => r.left)), t: Math.min(...rs.map((r) => r.top)),
      r: Math.max(...rs.map((r) => r.right)), b: Math.max(...rs.map((r) => r.bottom)) } : null; };
  const boxes = [];
  for (const g of document.querySelectorAll('#graph g.edge')) {
    for (const kind of ['value', 'grad']) {
      const box = boxOf([...g.querySelectorAll(`text.label.${kind}, g.heat.${kind}`)].filter((e) => e.textContent || e.matches('g')));
      if (!box) continue;
      boxes.push({ ...box, key: `${g.dataset.from}>${g.dataset.to}:${kind}`, edge: `${g.dataset.from}>${g.dataset.to}`,
        text: g.querySelector(`text.label.${kind}`).textContent });
    }
  }
  const texts = [...document.querySelectorAll('#graph g.edge text')].filter((t) => t.textContent)
    .map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }));
  const nodes = [];
  const overflow = [];
  for (const g of document.querySelectorAll('#graph g.node')) {
    const shape = [...g.querySelectorAll('rect.shape, circle.shape')].filter((e) => getComputedStyle(e).display !== 'none');
    const words = [...g.querySelectorAll('text.symbol, text.name')].filter((e) => e.textContent);
    const box = boxOf([...shape, ...words]);
    if (box) nodes.push({ ...box, key: `node:${g.dataset.id}` });
    const sb = boxOf(shape), sym = boxOf([...g.querySelectorAll('text.symbol')].filter((e) => e.textContent));
    if (sb && sym && !g.classList.contains('input') && (sym.l < sb.l - 1 || sym.r > sb.r + 1)) overflow.push(g.dataset.id);
  }
  const lines = {};
  for (const g of document.querySelectorAll('#graph g.edge')) {
    const key = `${g.dataset.from}>${g.dataset.to}`;
    for (const p of g.querySelectorAll('path.line, path.back')) {
      if (p.getAttribute('visibility') === 'hidden') continue;
      const m = p.getScreenCTM(), n = p.getTotalLength();
      for (let l = 0; l <= n; l += 2) { const q = p.getPointAtLength(l);
        (lines[key] ??= []).push([m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]); }
    }
  }
  const legends = document.querySelectorAll('#graph g.heat-legend').length;
  const c = document.querySelector('#figure-card:not([hidden])');
  const card = c && boxOf([c]);
  return { boxes, texts, nodes, overflow, lines, legends, card, cardText: c && c.textContent };
}"""


def meets(a: dict, b: dict, margin: float = 0.5) -> bool:
    return a["l"] + margin < b["r"] and b["l"] + margin < a["r"] and a["t"] + margin < b["b"] and b["t"] + margin < a["b"]


def overlaps(boxes: list[dict], nodes: list[dict] = ()) -> list[str]:
    """Pairs of label groups whose boxes intersect, and labels that meet a node."""
    pairs = [f"{a['key']} x {b['key']}" for i, a in enumerate(boxes) for b in boxes[i + 1:] if meets(a, b)]
    return pairs + [f"{a['key']} x {n['key']}" for a in boxes for n in nodes if meets(a, n)]


def crossings(m: dict) -> list[str]:
    """Labels with an edge's line (forward or gradient, its own edge's too) passing through their box."""
    return [f"{b['key']} x {key}" for b in m["boxes"] for key, pts in m["lines"].items()
            if any(b["l"] + 1 < x < b["r"] - 1 and b["t"] + 1 < y < b["b"] - 1 for x, y in pts)]


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def shown(v, digits: int) -> list[float]:
    """The engine's numbers as the drawing writes them: `digits` significant digits."""
    return [float(f"{x:.{digits}g}") for x in np.ravel(np.asarray(v, dtype=float))]


def check_numbers(m: dict, expect: dict) -> int:
    """Every written label equals the expected value or gradient (edge 'a>b:kind' -> array);
    returns how many were checked. Arrays at 3 significant digits, scalars at 6."""
    checked = 0
    for b in m["boxes"]:
        if b["key"] not in expect or not b["text"]:
            continue
        v = expect[b["key"]]
        assert numbers(b["text"]) == shown(v, 6 if np.ndim(v) == 0 else 3), (b["key"], b["text"], v)
        checked += 1
    return checked


def engine_labels(page, doc: dict) -> dict:
    """Edge label -> the engine's value or gradient, from the API's answer for `doc`."""
    ans = page.evaluate("""async (doc) => (await fetch('/api/evaluate', { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) })).json()""", doc)
    out = {}
    for n in doc["nodes"]:
        for src in n.get("inputs", []):
            out[f"{src}>{n['id']}:value"] = ans["nodes"][src]["value"]
            out[f"{src}>{n['id']}:grad"] = ans["nodes"][src]["grad"]
    out[f"{doc['output']}>:value"] = ans["nodes"][doc["output"]]["value"]
    out[f"{doc['output']}>:grad"] = ans["nodes"][doc["output"]]["grad"]
    return out


def check_legible(m: dict) -> None:
    assert overlaps(m["boxes"], m["nodes"]) == []
    if m["card"]:  # the figure card covers no label and no node
        assert [b["key"] for b in m["boxes"] + m["nodes"] if meets(b, m["card"])] == []
    assert crossings(m) == []
    assert m["overflow"] == []
    small = [(t["text"], round(t["px"], 1)) for t in m["texts"] if t["px"] < 10]
    assert small == []


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("present", [False, True])
def test_two_layer_net_is_written_out_with_the_engines_numbers_and_legible(page, cg, size, lang, present):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    cg.open(page, "/", example="two_layer_net")
    if lang == "ja":
        page.evaluate("() => window.compgraph.setLang('ja')")
    if present:
        page.keyboard.press("p")
        page.wait_for_function("() => document.body.classList.contains('present')")
    cg.wait_drawn(page)
    expect = engine_labels(page, TWO_LAYER)
    m = page.evaluate(MEASURE)
    assert m["card"] and m["cardText"].lstrip("×").startswith("5.7節" if lang == "ja" else "§5.7")  # a section, not a figure
    steps = page.evaluate("() => window.compgraph.state.steps")
    for k in (steps - 3, "end"):  # mid backward (some gradients known), then every one
        cg.goto_step(page, k)
        m = page.evaluate(MEASURE)
        assert page.locator("#graph g.heat").count() == 0  # numbers, no heatmap
        grads = [b for b in m["boxes"] if b["key"].endswith(":grad") and b["text"]]
        assert (0 < len(grads) < 10) if k != "end" else len(grads) >= 9, (k, len(grads))
        assert check_numbers(m, expect) >= 10 + len(grads)
        check_legible(m)
    name = f"legible-{size[0]}-{lang}-{'present' if present else 'normal'}.png"
    page.screenshot(path=str(cg.artifacts / name))


X = [[1.0, -2.0, 0.5], [0.0, 3.0, -1.0], [2.0, 1.0, 1.0]]
W = [[0.5, -1.0], [2.0, 0.25], [-1.5, 1.0]]
OWN = {"version": 1, "nodes": [
    {"id": "X", "op": "input", "value": X}, {"id": "W", "op": "input", "value": W},
    {"id": "Y", "op": "matmul", "inputs": ["X", "W"]}, {"id": "R", "op": "relu", "inputs": ["Y"]},
    {"id": "s", "op": "sum", "inputs": ["R"]}], "output": "s"}


@pytest.mark.parametrize("present", [False, True])
def test_a_matmul_relu_sum_of_our_own_numbers_is_written_out(page, cg, present):
    """(3x3) @ (3x2), ReLU, sum: every grid against numpy (∂L/∂X = dY · Wᵀ, ∂L/∂W = Xᵀ · dY,
    dY = the ReLU mask), legible at 1280x720."""
    page.set_viewport_size({"width": 1280, "height": 720})
    cg.open(page, "/")
    page.evaluate("doc => window.compgraph.loadDocument(doc)", OWN)
    if present:
        page.keyboard.press("p")
    cg.wait_drawn(page)
    cg.goto_step(page, "end")
    x, w = np.array(X), np.array(W)
    y = x @ w
    dy = (y > 0).astype(float)  # ∂s/∂R = 1 everywhere, through the ReLU's mask
    expect = {"X>Y:value": x, "X>Y:grad": dy @ w.T, "W>Y:value": w, "W>Y:grad": x.T @ dy,
              "Y>R:value": y, "Y>R:grad": dy, "R>s:value": np.maximum(y, 0), "R>s:grad": np.ones_like(y),
              "s>:value": np.maximum(y, 0).sum(), "s>:grad": 1.0}
    m = page.evaluate(MEASURE)
    assert check_numbers(m, expect) == len(expect)
    check_legible(m)
    page.screenshot(path=str(cg.artifacts / f"legible-own-{'present' if present else 'normal'}.png"))


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


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("example", ["affine_batch", "relu"])
def test_the_figure_card_covers_no_label(page, cg, size, example):
    """Where the centred drawing would meet the card (Fig. 5-27's W at 1280x720), the drawing
    moves below or beside it."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    cg.open(page, "/", example=example)
    cg.goto_step(page, "end")
    m = page.evaluate(MEASURE)
    assert m["card"] and "5-" in m["cardText"]
    check_legible(m)
    page.screenshot(path=str(cg.artifacts / f"legible-card-{example}-{size[0]}.png"))
