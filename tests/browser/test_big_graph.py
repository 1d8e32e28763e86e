"""A 1,000-node graph in the app (drawn on canvas, canvas-view.js): it plays to the end without
a page error, the numbers it shows are the API's, the exported SVG holds every node, the keyboard
reaches a node and reads its name, the canvas is sharp and under the SVG's nodes; a small graph
after it is SVG again."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest
from biggraph import random_dag

DOC = random_dag(1000, seed=3)
R = 28  # an op circle's radius (sizes.js)


@pytest.fixture(scope="module")
def answer(live_server):
    """The API's evaluation of DOC, asked by the test itself."""
    return httpx.post(f"{live_server}/api/evaluate", json=DOC, timeout=60).json()


@pytest.fixture
def big(page, cg):
    cg.open(page)
    page.evaluate("d => window.compgraph.loadDocument(d)", DOC)
    cg.wait_drawn(page, timeout=60_000)
    return page


def zoom_to(page, x, y, scale=1.0):
    """Screen px per drawing unit `scale`, centred on (x, y); wait until the view is repainted."""
    page.evaluate("""([x, y, s]) => { const r = window.compgraph.renderer;
        r.svg.call(r.zoom.scaleTo, s / r.fitScale()); r.svg.call(r.zoom.translateTo, x, y); }""",
                  [x, y, scale])
    page.evaluate("() => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)))")


def node_at(page, node_id):
    return page.evaluate("id => window.compgraph.layout.nodes[id]", node_id)


def test_big_graph_is_on_canvas_and_a_small_one_is_svg_again(big, cg):
    info = big.evaluate("""() => ({
        canvases: [...document.querySelectorAll('#stage canvas')].map(c => [c.className, c.width, c.height]),
        nodes: document.querySelectorAll('#graph g.node').length,
        shapes: document.querySelectorAll('#graph g.node .shape').length,
        mode: document.querySelector('#graph').classList.contains('canvas-mode') })""")
    assert info["mode"] and info["nodes"] == len(DOC["nodes"]) and info["shapes"] == 0
    # the gradients' lines, the static layer's 2D canvas and its still picture (canvas-layer.js)
    assert [c for c, _, _ in info["canvases"]] == ["sent-layer", "static-layer", "static-layer still"]
    assert all(w > 100 and h > 100 for _, w, h in info["canvases"])
    big.evaluate("name => window.compgraph.loadExample(name)", "apple")
    cg.wait_drawn(big)
    small = big.evaluate("""() => ({
        canvases: document.querySelectorAll('#stage canvas').length,
        overlays: document.querySelectorAll('#stage svg.overlay').length,
        nodes: document.querySelectorAll('#graph g.node').length,
        shapes: document.querySelectorAll('#graph g.node circle.shape, #graph g.node rect.shape').length,
        mode: document.querySelector('#graph').classList.contains('canvas-mode') })""")
    assert small == {"canvases": 0, "overlays": 0, "nodes": 5, "shapes": 10, "mode": False}
    big.evaluate("() => window.compgraph.goto(Infinity)")
    assert cg.edge_label(big, "apple_price", "price", "value") == "200"
    assert cg.edge_label(big, "apple", "apple_price", "grad") == "2.2"


def test_plays_every_step_to_the_end(big, answer):
    steps = big.evaluate("""async () => { const app = window.compgraph;
        const frame = () => new Promise(ok => requestAnimationFrame(ok));
        for (let k = 0; k <= app.state.frame.steps; k++) { app.goto(k); if (k % 25 === 0) await frame(); }
        for (let k = app.state.frame.steps; k >= 0; k -= 97) { app.goto(k); await frame(); }
        return app.state.frame.steps; }""")
    assert steps == len(answer["trace"])
    big.locator("#end").click()
    assert big.evaluate("() => window.compgraph.state.frame.done")
    assert big.locator("#counter").text_content().strip().startswith(f"{steps} / {steps}")


def forward_step(answer, near):
    """A forward trace step near index `near` whose node feeds another node: (k, node id)."""
    used = {s for n in DOC["nodes"] for s in n.get("inputs", [])}
    for i in range(near, len(answer["trace"])):
        s = answer["trace"][i]
        if s["phase"] == "forward" and s["node"] in used:
            return i + 1, s["node"]
    raise AssertionError("no forward step")


def test_a_value_and_a_gradient_shown_are_the_apis(big, cg, answer):
    k, node = forward_step(answer, len(DOC["nodes"]) // 2)
    consumer = next(n["id"] for n in DOC["nodes"] if node in n.get("inputs", []))
    place = big.evaluate("([a, b]) => window.compgraph.renderer.labelPlace(a, b, 'value')",
                         [node, consumer])
    zoom_to(big, place["x"], place["y"])
    cg.goto_step(big, k - 1)
    assert cg.edge_label(big, node, consumer, "value") == ""  # not known before its step
    cg.goto_step(big, k)
    shown = cg.edge_label(big, node, consumer, "value")
    assert float(shown) == pytest.approx(answer["nodes"][node]["value"], rel=1e-5, abs=1e-9)
    p = node_at(big, node)
    zoom_to(big, p["x"], p["y"])  # a node in view is named with its value
    name = big.locator(f'#graph g.node[data-id="{node}"]').get_attribute("aria-label")
    assert name.startswith(node) and shown in name
    # a gradient: the first backward step that sends one along an edge
    i, s = next((i, s) for i, s in enumerate(answer["trace"])
                if s["phase"] == "backward" and s.get("edges"))
    e = s["edges"][0]
    place = big.evaluate("([a, b]) => window.compgraph.renderer.labelPlace(a, b, 'grad')",
                         [e["to"], s["node"]])
    zoom_to(big, place["x"], place["y"])
    cg.goto_step(big, i)
    assert cg.edge_label(big, e["to"], s["node"], "grad") == ""
    cg.goto_step(big, i + 1)
    shown = cg.edge_label(big, e["to"], s["node"], "grad")
    assert float(shown) == pytest.approx(e["grad"], rel=1e-5, abs=1e-9)


def test_exported_svg_holds_every_node_and_the_numbers(big, cg, answer):
    cg.goto_step(big, "end")
    text = big.evaluate("() => window.compgraph.exports.svgText()")
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2000/svg}"
    ids = {g.get("data-id") for g in root.iter(f"{ns}g") if "node" in (g.get("class") or "").split()}
    assert ids == {n["id"] for n in DOC["nodes"]}
    assert not list(root.iter(f"{ns}image")) and not list(root.iter(f"{ns}foreignObject"))
    edges = {(g.get("data-from"), g.get("data-to"), g.get("data-slot")): g
             for g in root.iter(f"{ns}g") if (g.get("class") or "").split()[:1] == ["edge"]}
    assert len(edges) == sum(len(n.get("inputs", [])) for n in DOC["nodes"]) + 1  # + the output's
    out = answer["output"]
    s = next(s for s in answer["trace"] if s["phase"] == "backward" and s.get("edges"))
    e = s["edges"][0]
    edge = next(g for (a, b, _), g in edges.items() if (a, b) == (e["to"], s["node"]))
    grad = next(t for t in edge.iter(f"{ns}text") if "grad" in t.get("class"))
    assert float(grad.text) == pytest.approx(e["grad"], rel=1e-5, abs=1e-9)
    value = next(t for t in edges[(out, "", "0")].iter(f"{ns}text") if "value" in t.get("class"))
    assert float(value.text) == pytest.approx(answer["nodes"][out]["value"], rel=1e-5)


def test_keyboard_reaches_a_node_and_reads_its_name(big, cg, answer):
    cg.goto_step(big, "end")
    big.locator('#graph g.node[tabindex="0"]').focus()
    start = big.evaluate("() => document.activeElement.dataset.id")
    big.keyboard.press("ArrowRight")
    now = big.evaluate("""() => ({ id: document.activeElement.dataset.id,
        focus: window.compgraph.state.focus, name: document.activeElement.getAttribute('aria-label'),
        cls: document.activeElement.getAttribute('class') })""")
    assert now["id"] == now["focus"] != start
    assert start in next(n for n in DOC["nodes"] if n["id"] == now["id"])["inputs"]
    assert "focused" in now["cls"]
    value = answer["nodes"][now["id"]]["value"]
    assert now["name"].startswith(now["id"]) and "value" in now["name"] and "gradient" in now["name"]
    shown = now["name"].split("value ")[1].split(",")[0]
    assert float(shown) == pytest.approx(value, rel=1e-5, abs=1e-9)
    # the view follows the focus: the focused node is on screen
    inside = big.evaluate("""id => { const r = window.compgraph.renderer, v = r.lite.view(),
        p = window.compgraph.layout.nodes[id];
        return p.x >= v.rect.x0 && p.x <= v.rect.x1 && p.y >= v.rect.y0 && p.y <= v.rect.y1; }""",
                          now["id"])
    assert inside


def test_canvas_is_sharp_on_hidpi_and_under_the_nodes(browser, live_server, answer):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server + "/")
    page.wait_for_function("() => window.compgraph && window.compgraph.state.idle")
    page.evaluate("d => window.compgraph.loadDocument(d)", DOC)
    page.wait_for_function("() => window.compgraph.state.idle", timeout=60_000)
    op = next(n["id"] for n in DOC["nodes"] if n["op"] == "mul")
    p = node_at(page, op)
    zoom_to(page, p["x"], p["y"], 1.5)
    px = page.evaluate("""([x, y, R]) => {
        const r = window.compgraph.renderer, v = r.lite.view(), dpr = devicePixelRatio;
        const c = [...document.querySelectorAll('#stage canvas.static-layer')]
          .find(c => getComputedStyle(c).visibility === 'visible');
        // the pixels shown (the still picture is a bitmaprenderer canvas: read through a 2D copy)
        const copy = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
        copy.getContext('2d').drawImage(c, 0, 0);
        const at = (ux, uy) => Array.from(copy.getContext('2d').getImageData(
          Math.round(dpr * (v.s * ux + v.ox)), Math.round(dpr * (v.s * uy + v.oy)), 1, 1).data);
        const css = c.getBoundingClientRect();
        return { dpr, ratio: c.width / css.width, ring: at(x + R, y), centre: at(x, y + 10),
                 between: at(x + R + 6, y + R + 6) }; }""", [p["x"], p["y"], R])
    assert px["dpr"] == 2 and px["ratio"] == pytest.approx(2, abs=0.01)
    assert px["ring"][3] > 200 and max(px["ring"][:3]) < 90  # the circle's dark outline
    assert px["centre"][3] == 255 and min(px["centre"][:3]) > 240  # its white fill
    box = page.evaluate("""id => { const b = document.querySelector(`#graph g.node[data-id="${id}"] rect`)
        .getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; }""", op)
    centre = page.evaluate("""([x, y]) => { const v = window.compgraph.renderer.lite.view();
        const c = [...document.querySelectorAll('#stage canvas.static-layer')]
          .find(c => getComputedStyle(c).visibility === 'visible').getBoundingClientRect();
        return [c.left + v.s * x + v.ox, c.top + v.s * y + v.oy]; }""", [p["x"], p["y"]])
    assert box["x"] + box["width"] / 2 == pytest.approx(centre[0], abs=1.5)  # SVG over canvas
    assert box["y"] + box["height"] / 2 == pytest.approx(centre[1], abs=1.5)
    page.mouse.click(centre[0] + 5, centre[1] + 5)  # the node drawn there takes the click
    assert page.evaluate("() => window.compgraph.state.selected") == op
    context.close()
    assert not errors


def test_a_big_graph_with_an_empty_slot_is_drawn_with_its_message(page, cg):
    doc = random_dag(400, seed=5)
    broken = next(n for n in doc["nodes"] if n["op"] == "mul")
    broken["inputs"][1] = None
    cg.open(page)
    page.evaluate("d => window.compgraph.loadDocument(d)", doc)
    cg.wait_drawn(page, timeout=60_000)
    state = page.evaluate("""id => ({ canvas: document.querySelector('#graph').classList.contains('canvas-mode'),
        nodes: document.querySelectorAll('#graph g.node').length, message: document.querySelector('#message').textContent,
        invalid: window.compgraph.renderer.nodeData.find(d => d.n.id === id).invalid })""", broken["id"])
    assert state["canvas"] and state["nodes"] == len(doc["nodes"]) and state["invalid"]
    assert broken["id"] in state["message"]
    page.keyboard.press("End")  # no evaluation: the player stays, nothing fails


def test_the_gradients_layer_is_shown_once_a_gradient_is_sent(big, cg, answer):
    """The gradients' lines canvas is not shown while it is empty (the forward pass: Chromium
    copies a shown canvas at every frame); the first gradient sent along an edge is drawn on it,
    its arrowhead in the gradient colour where the edge starts, 12 units below its line."""
    i, s = next((i, s) for i, s in enumerate(answer["trace"])
                if s["phase"] == "backward" and s.get("edges"))
    e = s["edges"][0]
    layer = "document.querySelector('#stage canvas.sent-layer')"
    cg.goto_step(big, big.evaluate("() => window.compgraph.state.boundary") - 1)
    assert big.evaluate(f"() => getComputedStyle({layer}).visibility") == "hidden"
    start = big.evaluate("""([a, b]) => window.compgraph.renderer.edgeData
        .find(d => d.from === a && d.to === b).pts.slice(0, 2)""", [e["to"], s["node"]])
    zoom_to(big, start[0][0], start[0][1] + 12, 1.5)
    cg.goto_step(big, i + 1)
    px = big.evaluate(f"""([[x0, y0], [x1, y1]]) => {{
        const v = window.compgraph.renderer.lite.view(), c = {layer}, dpr = devicePixelRatio;
        const a = Math.atan2(y1 - y0, x1 - x0) + Math.PI;  // the arrowhead points back, away from the line
        const x = x0 + Math.cos(a) * 2.5 * 1.1, y = y0 + 12 + Math.sin(a) * 2.5 * 1.1;  // inside it
        return {{ visibility: getComputedStyle(c).visibility, rgba: Array.from(c.getContext('2d').getImageData(
          Math.round(dpr * (v.s * x + v.ox)), Math.round(dpr * (v.s * y + v.oy)), 1, 1).data) }}; }}""",
                     start)
    assert px["visibility"] == "visible"
    assert px["rgba"] == [0xc2, 0x41, 0x0c, 255]  # canvas-layer.js's GRAD, filled opaque


SHOWN = """() => [...document.querySelectorAll('#stage canvas.static-layer')]
    .map(c => getComputedStyle(c).visibility === 'visible')"""


def test_the_static_layer_settles_into_a_still_picture_of_the_same_pixels(big, cg):
    """Steps played on a drawing: once the page is idle its static layer is shown as a still
    bitmap instead of its 2D canvas (Chromium copies a shown 2D canvas at every frame), pixel for
    pixel the same; a drawing only shown stays on its 2D canvas; a zoom draws on the 2D canvas
    again, shown in the same frame."""
    big.wait_for_timeout(300)  # idle time: a drawing shown at one step does not settle
    assert big.evaluate(SHOWN) == [True, False]
    cg.goto_step(big, 1)
    cg.goto_step(big, 2)
    big.wait_for_function(f"() => ({SHOWN})()[1]")
    assert big.evaluate(SHOWN) == [False, True]
    diff = big.evaluate("""() => {
        const pixels = (c) => { const copy = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
          const x = copy.getContext('2d'); x.drawImage(c, 0, 0); return x.getImageData(0, 0, c.width, c.height).data; };
        const [drawn, still] = [...document.querySelectorAll('#stage canvas.static-layer')].map(pixels);
        let differ = 0, ink = 0;
        for (let i = 0; i < drawn.length; i++) { if (drawn[i] !== still[i]) differ++; if (i % 4 === 3 && drawn[i]) ink++; }
        return { differ, ink, size: drawn.length }; }""")
    assert diff["differ"] == 0 and diff["size"] > 400_000 * 4 and diff["ink"] > 10_000
    shown = big.evaluate(f"""() => new Promise(ok => {{ const r = window.compgraph.renderer;
        r.svg.call(r.zoom.scaleBy, 1.5);  // the canvas view repaints in the next animation frame
        requestAnimationFrame(() => ok(({SHOWN})())); }})""")
    assert shown == [True, False]
    big.evaluate("() => { window.compgraph.goto(3); window.compgraph.goto(4); }")
    big.wait_for_function(f"() => ({SHOWN})()[1]")
