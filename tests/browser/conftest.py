"""Browser-test fixtures (Playwright + Debian's Chromium), shared with the lesson tests.

- `live_server`: the app on a free loopback port, in a background thread, with a temporary
  COMPGRAPH_DB (session-scoped). `base_url` points at it, so `page.goto("/")` works.
- `browser_type_launch_args`: /usr/bin/chromium with the flags that work here (see
  ../shared/docs/frontend-toolchain.md).
- `page`: a fresh page that fails the test on any console error or uncaught page error.
- `cg`: helpers (a namespace, so test files need no imports):
  `cg.open(page, path="/", example=None)` opens the app and waits until the graph is drawn,
  `cg.wait_drawn(page)`, `cg.goto_step(page, k)` (int, "home" or "end"),
  `cg.build(page, "x = 1\ny = 2\nz = x * y")` builds a graph through the expression box,
  `cg.edge_label(page, src, dst, "value" | "grad")` reads a label ('' when hidden),
  `cg.artifacts` is the screenshot folder (test-artifacts/, gitignored).
- `app_page`: `page` with the app opened at / and drawn.

The pages' CSP forbids eval: give `page.wait_for_function` a function ("() => ..."), not a bare
expression (page.evaluate with an expression is fine: it runs through the debugger protocol).

Without /usr/bin/chromium (or $COMPGRAPH_CHROMIUM) the tests skip with a message saying how to
enable them; under CI=true they fail instead.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from threadserver import serve

CHROMIUM = Path(os.environ.get("COMPGRAPH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
HOW_TO_ENABLE = (f"browser tests need Debian's Chromium at {CHROMIUM} (COMPGRAPH_CHROMIUM "
                 "overrides the path): run `make browser` as root (apt-get install chromium "
                 "fonts-ipafont-gothic)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    missing = not CHROMIUM.exists()
    for item in items:
        if here not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and os.environ.get("CI", "").lower() != "true":
            item.add_marker(pytest.mark.skip(reason=HOW_TO_ENABLE))


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    if not CHROMIUM.exists():  # only reached under CI=true: skipping is not allowed there
        pytest.fail(f"CI=true and {HOW_TO_ENABLE}")


@pytest.fixture(scope="session")
def live_server():
    """Base URL of a real uvicorn server running the app (stopped at the end of the session)."""
    tmp = tempfile.TemporaryDirectory(prefix="compgraph-browser-")
    os.environ["COMPGRAPH_DB"] = str(Path(tmp.name) / "graphs.sqlite3")
    from compgraph.app.main import create_app
    from compgraph.app.settings import get_settings

    get_settings.cache_clear()
    with serve(create_app()) as url:
        yield url
    tmp.cleanup()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": [*browser_type_launch_args.get("args", []), *LAUNCH_FLAGS]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720},
            "accept_downloads": True}


def _expected_refusal(msg) -> bool:
    """Chromium logs every 4xx answer as a console error; a 422 from the graph API is the
    contract's answer to an invalid graph (shown on the node), not a page error."""
    url = (msg.location or {}).get("url", "")
    return "status of 422" in msg.text and "/api/" in url


@pytest.fixture
def page(context):
    """A page that fails the test on any console error or uncaught exception
    (except the browser's network log line for a 422 from /api/, see _expected_refusal)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" and not _expected_refusal(m) else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.console_errors = errors
    yield page
    if errors:
        pytest.fail("the page logged errors:\n" + "\n".join(errors))


def wait_drawn(page, timeout: float = 10_000) -> None:
    """Wait until the app has drawn a graph and has no evaluation in flight."""
    page.wait_for_function(
        "() => window.compgraph && window.compgraph.state.idle "
        "&& document.querySelector('#graph')?.dataset.drawn > 0", timeout=timeout)


def open_app(page, path: str = "/", example: str | None = None):
    """Open the app (optionally loading a preset by name) and wait until it is drawn."""
    page.goto(path)
    wait_drawn(page)
    if example:
        page.evaluate("name => window.compgraph.loadExample(name)", example)
        wait_drawn(page)
    return page


def build(page, source: str) -> None:
    """Type an expression into the expression box, press Build, wait until it is drawn."""
    output = source.strip().splitlines()[-1].split("=")[0].strip()
    page.locator("#expr").fill(source)
    page.locator("#expr-build").click()
    page.wait_for_function("o => window.compgraph.state.document.output === o", arg=output)
    wait_drawn(page)


def goto_step(page, k) -> None:
    """Jump the player to step k (an int, or 'end' / 'home')."""
    page.evaluate("k => window.compgraph.goto(k === 'end' ? Infinity : k === 'home' ? 0 : k)", k)


def edge_label(page, src: str, dst: str, kind: str = "value") -> str:
    """The text of the value or grad label on the edge src -> dst ('' when hidden)."""
    loc = page.locator(f'g.edge[data-from="{src}"][data-to="{dst}"] .label.{kind}')
    if loc.count() == 0 or not loc.first.is_visible():
        return ""
    return loc.first.text_content().strip()


@pytest.fixture
def cg():
    """Helpers for driving the app (see the module docstring)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return SimpleNamespace(open=open_app, wait_drawn=wait_drawn, goto_step=goto_step, build=build,
                           edge_label=edge_label, artifacts=ARTIFACTS)


@pytest.fixture
def app_page(page):
    """`page` with the app opened at / and drawn."""
    return open_app(page)
