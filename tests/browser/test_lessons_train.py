"""The training page: 50 SGD steps through the API, the loss curve falls, the boundary forms."""

from __future__ import annotations


def open_train(page):
    page.goto("/train")
    page.wait_for_function("() => document.body.dataset.ready === '1'")


def status(page) -> dict:
    return page.evaluate("() => ({...document.getElementById('train-status').dataset})")


def test_fifty_steps_make_the_loss_curve_fall(page, cg):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_train(page)
    assert status(page)["step"] == "0"
    assert page.locator("#train-boundary rect").count() > 100  # the heatmap cells
    page.fill("#train-n", "50")
    page.click("#train-run")
    page.wait_for_function("() => document.getElementById('train-status').dataset.done === '50'",
                           timeout=30_000)
    s = status(page)
    assert float(s["loss"]) < 0.6 * float(s["first"]), s
    assert float(s["acc"]) > 0.5  # three classes: chance is 1/3
    curve = page.locator("#train-loss path.curve")
    assert int(curve.get_attribute("data-points")) >= 10
    ys = page.evaluate("""() => [...document.querySelectorAll('#train-loss circle.full')]
                              .map(c => Number(c.getAttribute('cy')))""")
    assert ys[-1] > ys[0]  # SVG y grows downward: the last point is lower, the loss fell
    assert page.locator("#train-phases li.on").get_attribute("data-phase") == "repeat"
    rows = page.locator("#train-gradcheck tbody tr")
    assert rows.count() == 4 and page.locator("#train-gradcheck tr.bad").count() == 0
    page.wait_for_function("() => document.getElementById('graph').dataset.drawn > 0")
    assert page.locator('#graph g.node').count() >= 10
    page.screenshot(path=str(cg.artifacts / "lessons-train-1920x1080.png"))


def test_one_step_walks_through_the_four_phases(page, cg):
    open_train(page)
    page.select_option("#train-dataset", "xor")
    page.wait_for_function("() => document.getElementById('train-status').dataset.step === '0'"
                           " && window.compgraphTrain.data.name === 'xor'")
    page.evaluate("""() => { window.__phases = [];
        new MutationObserver(() => window.__phases.push(
            document.getElementById('train-phases').dataset.phase))
        .observe(document.getElementById('train-phases'), {attributes: true}); }""")
    page.click("#train-step")
    page.wait_for_function("() => document.getElementById('train-status').dataset.step === '1'"
                           " && window.compgraphTrain.phase === 'repeat'")
    phases = [p for p in page.evaluate("() => window.__phases") if p]
    assert phases == ["batch", "gradient", "update", "repeat"]
    assert page.locator("#train-boundary circle.batch").count() == 30
    page.screenshot(path=str(cg.artifacts / "lessons-train-1280x720.png"))


def test_bad_hyper_parameters_show_the_apis_message(page, cg):
    open_train(page)
    page.fill("#train-lr", "-1")
    page.click("#train-step")
    err = page.locator("#train-error")
    err.wait_for(state="visible")
    assert "greater than 0" in err.text_content()


def test_the_batch_graph_opens_in_the_main_view(page, cg):
    open_train(page)
    page.wait_for_function("() => !document.getElementById('train-open').disabled")
    page.click("#train-open")
    page.wait_for_url("**/g/*")
    cg.wait_drawn(page)
    ids = page.evaluate("() => window.compgraph.state.document.nodes.map(n => n.id)")
    assert ids[-1] == "SoftmaxWithLoss" and "Affine1" in ids


def test_the_batch_graph_shows_every_gradient_and_no_current_step(page, cg):
    """The mini-batch graph is a still picture: all gradients drawn, nothing highlighted as the
    current step (the highlight is the player's)."""
    open_train(page)
    page.wait_for_function("() => document.getElementById('graph').dataset.drawn > 0")
    assert page.locator("#graph g.node.current").count() == 0
    assert page.locator("#graph g.highlights path").count() == 0
    grads = page.locator("#graph text.label.grad").evaluate_all("ts => ts.filter(t => t.textContent).length")
    edges = page.locator("#graph g.edge").count()
    # every edge (and the output stub) has its gradient, but the teacher label t's (no gradient)
    assert edges == 10 and grads == edges - 1
    assert cg.edge_label(page, "t", "SoftmaxWithLoss", "grad") == ""
