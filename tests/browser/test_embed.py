"""The embed page (/embed/{id}) inside a page of another origin: framed (CSP frame-ancestors *),
only the drawing, the player and the caption, and its query parameters honoured."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sharehelp import APPLE_GRADS, APPLE_STEPS, APPLE_VALUES, as_keys, labels, save_example


@pytest.fixture(scope="module")
def apple_id(live_server):
    return save_example(live_server)


@pytest.fixture(scope="module")
def course_site():
    """Another origin (a second local server): serves a course page with our <iframe> at
    /?src=<url-encoded embed URL>."""
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            from urllib.parse import parse_qs, urlparse
            src = parse_qs(urlparse(self.path).query).get("src", [""])[0]
            body = (f'<!doctype html><title>Course</title><h1>Backprop, week 5</h1>'
                    f'<iframe id="cg" src="{src}" width="900" height="560"></iframe>').encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=5)


def framed(page, site, embed_url):
    from urllib.parse import quote
    page.goto(f"{site}/?src={quote(embed_url, safe='')}")
    frame = page.frame_locator("#cg")
    frame.locator("body[data-ready]").wait_for(state="attached")
    return next(f for f in page.frames if "/embed/" in f.url)


def test_frames_on_another_origin_at_the_end_in_japanese(page, live_server, course_site, apple_id, cg):
    frame = framed(page, course_site, f"{live_server}/embed/{apple_id}?step=end&lang=ja&caption=0")
    assert frame.evaluate("document.body.dataset.ready") == "1"
    assert frame.locator("#counter").text_content() == f"{APPLE_STEPS} / {APPLE_STEPS}"
    assert labels(frame, "value") == as_keys(APPLE_VALUES)
    assert labels(frame, "grad") == as_keys(APPLE_GRADS)
    assert frame.locator("#caption").is_hidden()
    assert frame.locator("#lang").text_content() == "English"  # the page is in 日本語
    assert frame.locator("text.name", has_text="支払金額").count() == 1
    # only the drawing and the player: none of the editor's panels or menus
    for absent in ["#palette", "#inspector", "#export-menu", "#examples", ".topbar"]:
        assert frame.locator(absent).count() == 0
    box = page.locator("#cg").bounding_box()
    svg = frame.locator("#graph").bounding_box()
    assert svg["width"] > 0.95 * box["width"] - 10 and svg["height"] > 0.6 * box["height"]
    page.screenshot(path=str(cg.artifacts / "embed-course-page.png"))


def test_step_caption_and_keys(page, live_server, course_site, apple_id):
    frame = framed(page, course_site, f"{live_server}/embed/{apple_id}?step=3")
    assert frame.locator("#counter").text_content() == f"3 / {APPLE_STEPS}"
    assert frame.locator("#caption").text_content().startswith(
        "Backward starts: the output amount to pay receives")  # the seed, in English
    assert labels(frame, "grad")["price>"] == "1"
    assert labels(frame, "grad")["apple_price>price"] == ""  # not sent yet at step 3
    frame.locator("#graph").click()
    page.keyboard.press("ArrowRight")
    assert frame.locator("#counter").text_content() == f"4 / {APPLE_STEPS}"
    assert labels(frame, "grad")["tax>price"] == "200"


def test_autoplay_at_a_speed_reaches_the_end(page, live_server, course_site, apple_id):
    frame = framed(page, course_site, f"{live_server}/embed/{apple_id}?autoplay=1&speed=30")
    assert frame.locator("#speed-value").text_content() == "30×"
    # it plays by itself and stops at the end
    frame.wait_for_function("() => window.compgraph.state.step === window.compgraph.state.steps"
                            " && !window.compgraph.player.playing")
    assert labels(frame, "grad") == as_keys(APPLE_GRADS)
    assert frame.locator("#play").text_content() == "▶"


def test_headers_allow_framing_only_for_the_embed(live_server, apple_id):
    embed = httpx.get(f"{live_server}/embed/{apple_id}")
    csp = embed.headers["content-security-policy"]
    assert "frame-ancestors *" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "x-frame-options" not in embed.headers
    app = httpx.get(f"{live_server}/g/{apple_id}")
    assert "frame-ancestors 'none'" in app.headers["content-security-policy"]
