"""Share, autosave, import/export, gradient check, examples, presentation, language, CSP,
and the screenshots in test-artifacts/ (1920x1080 and 1280x720)."""

import json

import pytest


def test_share_saves_and_the_link_reopens_the_graph(app_page, cg):
    page = app_page
    cg.build(page, "a = 3\nb = 4\nc = a * b")
    page.locator("#share").click()
    page.wait_for_function("() => !!window.compgraph.state.shared")
    link = page.evaluate("window.compgraph.state.shared")
    assert "/g/" in link and link in page.locator("#message").text_content()
    doc = page.evaluate("window.compgraph.state.document")
    page.evaluate("localStorage.clear()")
    cg.open(page, link)
    assert page.evaluate("window.compgraph.state.document") == doc
    page.keyboard.press("End")
    assert cg.edge_label(page, "c", "", "value") == "12"


def test_reload_restores_the_autosaved_graph(app_page, cg):
    page = app_page
    cg.build(page, "p = 5\nq = -p")
    doc = page.evaluate("window.compgraph.state.document")
    page.reload()
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document") == doc


def test_json_export_then_import_round_trip(app_page, cg, tmp_path):
    page = app_page
    page.locator("#export-menu summary").click()
    with page.expect_download() as dl:
        page.locator("#export-json").click()
    path = tmp_path / "graph.json"
    dl.value.save_as(path)
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported == page.evaluate("window.compgraph.state.document")
    page.evaluate("doc => window.compgraph.loadDocument(doc)", {"version": 1, "nodes": [
        {"id": "k", "op": "input", "value": 1}, {"id": "e", "op": "exp", "inputs": ["k"]}]})
    cg.wait_drawn(page)
    page.locator("#import-json").set_input_files(str(path))
    page.wait_for_function("() => window.compgraph.state.document.nodes.length === 5")
    cg.wait_drawn(page)
    assert page.evaluate("window.compgraph.state.document") == exported


@pytest.mark.parametrize("kind, check", [
    ("svg", lambda b: b.startswith(b"<svg") and b"<text" in b and b"220" in b),
    ("png", lambda b: b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 2000),
    ("dot", lambda b: b"digraph" in b and b"apple" in b),
])
def test_picture_and_dot_exports(app_page, cg, tmp_path, kind, check):
    page = app_page
    page.keyboard.press("End")
    page.locator("#export-menu summary").click()
    with page.expect_download() as dl:
        page.locator(f"#export-{kind}").click()
    path = tmp_path / f"out.{kind}"
    dl.value.save_as(path)
    assert check(path.read_bytes())


def test_gradient_check_panel_agrees_for_every_input(app_page):
    page = app_page
    page.locator("#gradcheck").click()
    rows = page.locator("#gradcheck-panel tr[data-input]")
    rows.first.wait_for()
    inputs = sorted(rows.nth(i).get_attribute("data-input") for i in range(rows.count()))
    assert inputs == ["apple", "apple_num", "tax"]
    assert page.locator("#gradcheck-panel tr.ok").count() == 3


def test_examples_menu_loads_a_preset(app_page, cg):
    page = app_page
    names = page.locator("#examples option").evaluate_all(
        "os => os.map(o => o.value).filter(Boolean)")
    assert "apple" in names and len(names) >= 1
    other = next((n for n in names if n != "apple"), "apple")
    page.locator("#examples").select_option(other)
    page.wait_for_function("n => document.querySelector('#examples').value === n", arg=other)
    cg.wait_drawn(page)
    assert page.locator("#graph g.node").count() >= 2


def test_pages_send_a_strict_content_security_policy(page, live_server):
    res = page.request.get(live_server + "/")
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "<script>" not in res.text()


def test_presentation_mode_is_large_and_clean(page, cg):
    page.set_viewport_size({"width": 1920, "height": 1080})
    cg.open(page)
    page.keyboard.press("End")
    page.keyboard.press("p")
    assert "present" in page.locator("body").get_attribute("class")
    assert not page.locator("#tools").is_visible() and not page.locator("#side").is_visible()
    heights = page.locator("#graph text.label.value").evaluate_all(
        "ts => ts.filter(t => t.textContent).map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24, heights
    size = page.locator("#caption").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert float(size) >= 30
    page.screenshot(path=cg.artifacts / "present-1920x1080.png")
    page.keyboard.press("p")
    assert "present" not in (page.locator("body").get_attribute("class") or "")


def test_language_toggle_uses_the_books_terms_and_is_remembered(app_page, cg):
    page = app_page
    page.locator("#lang").click()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.keyboard.press("ArrowRight")
    assert "順伝播" in page.locator("#caption").text_content()
    assert "乗算ノード" in page.locator("#caption").text_content()
    page.keyboard.press("End")
    assert "逆伝播" in page.locator("#caption").text_content()
    page.locator('#graph g.node[data-id="apple_price"]').click()
    assert "局所的な微分" in page.locator("#inspector-body").text_content()
    assert "連鎖律" in page.locator("#inspector-body").text_content()
    page.reload()
    cg.wait_drawn(page)
    assert page.locator("#lang").text_content() == "English"
    assert page.locator("#share").text_content() == "共有"
    page.locator("#lang").click()
    assert page.locator("#share").text_content() == "Share"


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_screenshots(page, cg, width, height):
    page.set_viewport_size({"width": width, "height": height})
    cg.open(page)
    page.keyboard.press("End")
    page.locator('#graph g.node[data-id="apple_price"]').click()
    page.screenshot(path=cg.artifacts / f"apple-end-{width}x{height}.png")
    cg.goto_step(page, 4)
    page.locator("#lang").click()
    page.screenshot(path=cg.artifacts / f"apple-step4-ja-{width}x{height}.png")
    page.keyboard.press("p")
    page.screenshot(path=cg.artifacts / f"apple-step4-ja-present-{width}x{height}.png")
    page.keyboard.press("p")
    page.locator("#lang").click()
    page.evaluate("window.compgraph.loadExample('apple_orange')")
    cg.wait_drawn(page)
    page.keyboard.press("End")
    page.screenshot(path=cg.artifacts / f"apple-orange-end-{width}x{height}.png")


def _random_graph(n, seed):
    """The benchmark's random DAG (loaded by path: benchmarks/ is not an installed package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_frontend.py"
    spec = importlib.util.spec_from_file_location("bench_frontend", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.random_graph(n, seed)


def test_a_big_graph_is_laid_out_in_a_worker_and_labels_are_culled(app_page, cg):
    page = app_page
    doc = _random_graph(600, seed=3)
    page.evaluate("doc => window.compgraph.loadDocument(doc)", doc)
    cg.wait_drawn(page, timeout=30_000)
    assert page.locator("#graph g.node").count() == len(doc["nodes"])
    assert "zoomed-out" in page.locator("#graph").get_attribute("class")
    page.keyboard.press("End")
    assert page.evaluate("window.compgraph.state.step === window.compgraph.state.steps")
