"""Exported SVG and PNG stay readable when a label holds a control character (not allowed in
XML), and Share offers the embed <iframe> snippet."""

from __future__ import annotations

import xml.etree.ElementTree as ET

LABEL = "price\x01of\x1fapple\x0b"


def test_control_characters_in_a_label_do_not_break_svg_or_png(page, cg):
    cg.open(page, "/", example="apple")
    page.evaluate("""label => window.compgraph.edit((doc) => {
        doc.nodes.find((n) => n.id === 'apple').label = label;
        doc.nodes.find((n) => n.id === 'apple').meta = {};
    })""", LABEL)
    page.wait_for_function("l => window.compgraph.state.evaluation && [...document.querySelectorAll('#graph text')].some((t) => t.textContent === l)", arg=LABEL)
    cg.wait_drawn(page)
    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.locator("#export-svg").click()
    svg = open(info.value.path(), encoding="utf-8").read()
    root = ET.fromstring(svg)  # well-formed XML: the control characters are gone
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "price\ufffdof\ufffdapple\ufffd" in texts
    size = page.evaluate("""async () => {
        const blob = await window.compgraph.exports.pngBlob();
        const bmp = await createImageBitmap(blob);
        return [bmp.width, bmp.height];
    }""")
    assert size[0] > 100 and size[1] > 100


def test_share_offers_the_iframe_snippet(page, cg):
    cg.open(page, "/", example="apple")
    page.locator("#share").click()
    page.wait_for_function("() => window.compgraph.state.embedSnippet")
    snippet = page.evaluate("window.compgraph.state.embedSnippet")
    shared = page.evaluate("window.compgraph.state.shared")
    graph_id = shared.rsplit("/", 1)[1]
    assert snippet.startswith(f'<iframe src="{shared.rsplit("/g/", 1)[0]}/embed/{graph_id}"')
    assert snippet in page.locator("#message").text_content()
