"""fit.js keeps a step cheap (no refit for an unchanged caption in an unchanged page, the CSS size
read once per page size and class set); the size it shows must still be the plain fit: checked
against the step-down fit re-run from scratch in the page, at every step, after a resize, and
after leaving presentation mode."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The plain fit, independently: reset to the CSS size, step down by max(1, round(size / 16)) while
# the text overflows, never below min; then put back the size the app showed.
FRESH = """(min) => {
  const c = document.querySelector('#caption'), shown = c.style.fontSize;
  c.style.fontSize = '';
  let size = parseFloat(getComputedStyle(c).fontSize);
  while (c.scrollHeight > c.clientHeight + 1 && size > min) {
    size = Math.max(min, size - Math.max(1, Math.round(size / 16)));
    c.style.fontSize = size + 'px';
  }
  c.style.fontSize = shown;
  return { fresh: size, shown: parseFloat(getComputedStyle(c).fontSize), text: c.textContent };
}"""


def check_every_step(page, cg, min_px: int) -> set:
    n = page.evaluate("() => window.compgraph.state.evaluation.trace.length")
    sizes = set()
    for k in range(n + 1):
        cg.goto_step(page, k)
        r = page.evaluate(FRESH, min_px)
        assert r["text"], f"step {k}: no caption"
        assert r["shown"] == r["fresh"], f"step {k}: shown {r['shown']} px, plain fit {r['fresh']} px"
        sizes.add(r["shown"])
    return sizes


def test_cached_fit_equals_the_plain_fit(page, cg):
    page.set_viewport_size({"width": 1024, "height": 768})
    cg.open(page, example="two_layer_net")
    page.keyboard.press("p")
    assert "present" in page.locator("body").get_attribute("class")
    small = check_every_step(page, cg, 14)
    assert min(small) < max(small), "the long captions must have been shrunk at 1024"
    page.set_viewport_size({"width": 1920, "height": 1080})  # a new page size: the CSS size re-read
    check_every_step(page, cg, 14)
    page.keyboard.press("p")  # leaving presentation mode: another CSS size and minimum
    assert "present" not in page.locator("body").get_attribute("class")
    check_every_step(page, cg, 11)
