"""One real JupyterLab run: open the example notebook, run every cell, find the drawn graph.

JupyterLab comes from the package index with the test extras (`pip install -e '.[test]'`).
Without it the test skips and says how to install it; under CI=true it fails instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from threadserver import free_port

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "chapter5.ipynb"
HOW_TO = "JupyterLab is not installed: pip install -e '.[test]' (or pip install jupyterlab)"


@pytest.fixture
def lab(tmp_path):
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(HOW_TO)
        pytest.skip(HOW_TO)
    shutil.copy(NOTEBOOK, tmp_path / "chapter5.ipynb")
    token, port = secrets.token_hex(16), free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / ".settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / ".workspaces"),
           "IPYTHONDIR": str(tmp_path / ".ipython"), "JUPYTER_RUNTIME_DIR": str(tmp_path / ".rt")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
         "--ServerApp.port_retries=0", "--LabApp.news_url=", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("jupyter lab did not start") from None
            time.sleep(0.5)
    yield url, token
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_jupyterlab_runs_the_notebook_and_draws_the_graph(page, lab):
    url, token = lab
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(url):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.console_errors.clear()
    page.on("console", lambda m: None)
    page.goto(f"{url}/lab/tree/chapter5.ipynb?token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    select = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    try:  # JupyterLab asks which kernel to start for a notebook it has not opened before
        select.wait_for(timeout=15_000)
        select.click()
    except PlaywrightTimeout:
        pass
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    graph = page.locator(".jp-OutputArea .cg-widget g.node")
    graph.first.wait_for(timeout=90_000)
    assert graph.count() >= 5  # the apple graph of Fig. 5-14, drawn by the widget
    widget = page.locator(".jp-OutputArea .cg-widget").first
    widget.locator("#end").click()
    assert widget.get_attribute("data-step") == widget.locator("#counter").inner_text().split()[-1]
    page.screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts"
                             / "jupyterlab-chapter5.png"))
    assert outside == []
    page.console_errors.clear()  # JupyterLab's own console chatter is not ours to judge
