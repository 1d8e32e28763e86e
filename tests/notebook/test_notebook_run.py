"""examples/notebooks/chapter5.ipynb executed by nbclient (a real ipykernel), outputs checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "chapter5.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


def _outputs(nb) -> list[tuple[str, list]]:
    return [(c.source, c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]


def _stdout(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def test_the_repository_copy_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not outs for _, outs in _outputs(nb))
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_chapter5_notebook_runs_and_prints_the_books_numbers(tmp_path):
    path = shutil.copy(NOTEBOOK, tmp_path / "chapter5.ipynb")  # run it away from the repo
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    cells = _outputs(nb)
    errors = [o for _, outs in cells for o in outs if o.get("output_type") == "error"]
    assert not errors, errors
    out = {src.splitlines()[0]: outs for src, outs in cells}
    # 5.4: 220 yen; d price / d apple = 2.2, / apple_num = 110, / tax = 200
    apple = _stdout(out['apple = cg.Value(100.0, name="apple", label="price of one apple")'])
    assert apple.split() == ["220.00000000000003", "2.2", "110.00000000000001", "200.0"]
    # Fig. 5-17: 715 yen; orange 3.3, orange_num 165, tax 650
    assert _stdout(out['orange = cg.Value(150.0, name="orange")']).split()[0] == "715.0000000000001"
    widgets = [src for src, outs in cells for o in outs if WIDGET in o.get("data", {})]
    assert len(widgets) >= 5
    assert _stdout(out["x = cg.Value(2.0, name=\"x\")"]).split() == ["12.0", "12.0"]
    assert _stdout(out["a = cg.Value(-4.0); b = cg.Value(2.0)"]).split() == \
        ["24.7041", "138.8338", "645.5773"]
    check = _stdout(out["rng = np.random.default_rng(0)"]).split()
    assert check[0] == "True" and float(check[1]) < 1e-6
