"""The printable handout (/g/{id}/handout): page.pdf gives one page per step, in the
orientation and paper asked for, with the step's numbers and caption on each page."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from pypdf import PdfReader
from sharehelp import APPLE_STEPS, save_example

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def apple_id(live_server):
    return save_example(live_server)


def handout_pdf(page, graph_id: str, query: str = "", **pdf) -> PdfReader:
    page.goto(f"/g/{graph_id}/handout{query}")
    page.wait_for_function("() => document.body.dataset.ready")
    assert page.evaluate("document.body.dataset.ready") == "1"
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True, **pdf)))


def page_text(reader: PdfReader, i: int) -> str:
    return re.sub(r"\s+", " ", reader.pages[i].extract_text())


def test_one_page_per_step_with_the_final_numbers(page, apple_id, cg):
    reader = handout_pdf(page, apple_id, "?paper=a4")
    assert len(reader.pages) == APPLE_STEPS + 1  # the start included
    for i in range(APPLE_STEPS + 1):
        assert f"Step {i} / {APPLE_STEPS}" in page_text(reader, i)
        assert "Apple shopping" in page_text(reader, i)
    # the apple graph is wider than tall: A4 landscape (297 x 210 mm)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210)
    first, last = page_text(reader, 0), page_text(reader, APPLE_STEPS)
    assert "2.2" not in first and "Start: the inputs are known" in first
    for number in ["2.2", "110", "200", "220", "1.1"]:  # Fig. 5-14's gradients and price
        assert number in last
    assert "Done: every gradient is known." in last  # the end's caption
    page.set_viewport_size({"width": 1280, "height": 720})
    page.screenshot(path=str(cg.artifacts / "handout-1280.png"))


def test_backward_steps_in_japanese_on_letter(page, apple_id):
    reader = handout_pdf(page, apple_id, "?steps=backward&lang=ja&paper=letter")
    # from the finished forward pass (step 2) through the seed to the end (step 5)
    assert len(reader.pages) == 4
    texts = [page_text(reader, i) for i in range(4)]
    assert [re.search(r"ステップ (\d) / 5", t).group(1) for t in texts] == ["2", "3", "4", "5"]
    assert "逆伝播" in texts[1]
    assert all("りんごの買い物の逆伝播" in t for t in texts)  # the title in Japanese (meta.title_ja)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM * 10), round(float(box.height) / MM * 10)) == (2794, 2159)


def test_compact_puts_several_steps_on_a_page(page, apple_id):
    reader = handout_pdf(page, apple_id, "?per=4&paper=a4")
    assert len(reader.pages) == 2  # 6 steps, 4 per page
    assert [len(re.findall(r"Step \d / 5", page_text(reader, i))) for i in range(2)] == [4, 2]
    assert page.locator(".sheet").count() == 2


@pytest.mark.parametrize("path", ["/g/{}/handout", "/embed/{}", "/g/{}/player.html"])
def test_unknown_graph_is_a_404(live_server, path):
    response = httpx.get(live_server + path.format("000000000000000000000000"))
    assert response.status_code == 404
    assert "no saved graph has the id" in response.json()["detail"][0]["msg"]


def test_export_menu_opens_the_handout(page, cg):
    cg.open(page, "/", example="apple")
    page.evaluate("window.compgraph.setLang('ja')")
    page.locator("#export-menu summary").click()
    with page.context.expect_page() as info:
        page.locator("#export-handout").click()
    handout = info.value
    handout.wait_for_function("() => document.body?.dataset.ready === '1'")  # body: null while the new page loads
    assert "/handout?lang=ja" in handout.url
    assert handout.locator(".sheet").count() == APPLE_STEPS + 1
    assert handout.locator(".cell-step").last.text_content() == f"ステップ {APPLE_STEPS} / {APPLE_STEPS}"
    for size in [(1280, 720), (1920, 1080)]:
        handout.set_viewport_size({"width": size[0], "height": size[1]})
        handout.screenshot(path=str(cg.artifacts / f"handout-ja-{size[0]}.png"))
    handout.close()


def test_forward_steps_only(page, apple_id):
    reader = handout_pdf(page, apple_id, "?steps=forward")
    texts = [page_text(reader, i) for i in range(len(reader.pages))]
    # the start and the two multiplications; no gradient printed yet
    assert [re.search(r"Step (\d) / 5", t).group(1) for t in texts] == ["0", "1", "2"]
    assert "200 × 1.1 = 220" in texts[2] and "2.2" not in " ".join(texts)
