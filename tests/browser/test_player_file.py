"""The one-file player (/g/{id}/player.html): downloaded, opened from file:// with every other
request blocked, it plays to the end with the book's numbers, by keys and buttons, in both
languages."""

from __future__ import annotations

import httpx
import pytest
from sharehelp import APPLE_GRADS, APPLE_STEPS, APPLE_VALUES, as_keys, labels, save_example


@pytest.fixture(scope="module")
def player_file(live_server, tmp_path_factory):
    graph_id = save_example(live_server)
    response = httpx.get(f"{live_server}/g/{graph_id}/player.html")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-disposition"].endswith('-player.html"')
    path = tmp_path_factory.mktemp("usb-stick") / "apple-player.html"
    path.write_bytes(response.content)
    return path


@pytest.fixture
def offline(page, player_file):
    """The page with every request but the file itself refused; the list of refused URLs."""
    refused, seen = [], []
    target = player_file.as_uri()

    def route(r):
        seen.append(r.request.url)
        if r.request.url.split("?")[0] == target:
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    yield page, refused
    assert seen and seen[0].startswith(target)  # the route did see the page's own request


def open_file(page, player_file, query=""):
    page.goto(player_file.as_uri() + query)
    page.wait_for_function("() => document.body.dataset.ready")
    assert page.evaluate("document.body.dataset.ready") == "1"


def test_one_file_nothing_fetched(player_file):
    html = player_file.read_text(encoding="utf-8")
    assert "<script src" not in html and '<link rel="stylesheet"' not in html
    assert "http://" not in html.split('id="graph-data"')[0].replace("http://www.w3.org", "")


def test_plays_to_the_end_offline_with_the_numbers(offline, player_file, cg):
    page, refused = offline
    open_file(page, player_file, "?speed=30")
    assert page.locator("#counter").text_content() == f"0 / {APPLE_STEPS}"
    assert labels(page, "grad") == as_keys({k: "" for k in APPLE_GRADS})
    page.keyboard.press("Space")  # play
    page.wait_for_function("() => window.compgraph.state.step === window.compgraph.state.steps")
    assert page.locator("#counter").text_content() == f"{APPLE_STEPS} / {APPLE_STEPS}"
    assert labels(page, "value") == as_keys(APPLE_VALUES)
    assert labels(page, "grad") == as_keys(APPLE_GRADS)
    assert page.locator("#caption").text_content().endswith("Done: every gradient is known.")
    page.screenshot(path=str(cg.artifacts / "player-file-en.png"))
    assert refused == []


def test_buttons_and_japanese_offline(offline, player_file, cg):
    page, refused = offline
    open_file(page, player_file)
    page.click("#end")
    page.click("#prev")
    assert page.locator("#counter").text_content() == f"{APPLE_STEPS - 1} / {APPLE_STEPS}"
    assert labels(page, "grad")["apple>apple_price"] == ""  # the last step is not played yet
    page.click("#lang")
    assert page.locator("#lang").text_content() == "English"
    assert page.locator("text.name", has_text="支払金額").count() == 1
    assert "逆伝播" in page.locator("#caption").text_content()
    page.keyboard.press("End")
    assert labels(page, "grad")["apple>apple_price"] == "2.2"
    assert "完了" in page.locator("#caption").text_content()
    page.screenshot(path=str(cg.artifacts / "player-file-ja.png"))
    assert refused == []


def test_export_menu_downloads_the_player(page, cg):
    cg.open(page, "/", example="apple")
    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.locator("#export-player").click()
    assert info.value.suggested_filename == "Apple_shopping_Fig_5-14-player.html"
    html = open(info.value.path(), encoding="utf-8").read()
    assert '<script type="application/json" id="graph-data">' in html
