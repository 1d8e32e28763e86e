"""A real uvicorn server for the client tests; Chromium for the widget and JupyterLab tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from threadserver import serve


@pytest.fixture(scope="session")
def api_url(tmp_path_factory):
    from compgraph.app.main import create_app
    from compgraph.app.settings import Settings

    settings = Settings(db=tmp_path_factory.mktemp("db") / "graphs.sqlite3")
    with serve(create_app(settings)) as url:
        yield url


# --- Chromium (Debian's, like tests/browser) for the widget and JupyterLab tests -------------
CHROMIUM = Path(os.environ.get("COMPGRAPH_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    """Tests using `page` are browser tests: skipped (with how to enable them) without
    Chromium, failing instead under CI=true."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here not in Path(str(item.fspath)).resolve().parents:
            continue
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and not CI:
                item.add_marker(pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}: run"
                                                 " `make browser` as root"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"CI=true and no Chromium at {CHROMIUM}: run `make browser` as root")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": [*browser_type_launch_args.get("args", []), *LAUNCH_FLAGS]}


@pytest.fixture
def page(context):
    """A page that fails the test on any console error or uncaught exception."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.console_errors = errors
    yield page
    if errors:
        pytest.fail("the page logged errors:\n" + "\n".join(errors))
