"""pyproject.toml's mapping installs every package under the one name `compgraph`.

(A full `pip install .` into a fresh venv takes minutes; the README's claim was checked that way
by hand: `import compgraph as cg`, `cg.show` and `compgraph serve` from another directory.)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _installed_name(folder: Path) -> str | None:
    rel = folder.relative_to(ROOT)
    for name, src in sorted(SETUP["package-dir"].items(), key=lambda kv: -len(kv[1])):
        if rel == Path(src) or Path(src) in rel.parents:
            return ".".join([name, *rel.relative_to(src).parts])
    return None


def test_every_python_package_is_mapped_and_listed():
    folders = [p.parent for top in ("engine", "app") for p in (ROOT / top).rglob("__init__.py")
               if ".venv" not in p.parts]
    names = {_installed_name(f) for f in folders}
    assert None not in names
    assert names <= set(SETUP["packages"]), names - set(SETUP["packages"])
    assert all(n == "compgraph" or n.startswith("compgraph.") for n in SETUP["packages"])


def test_data_the_app_and_the_widget_need_travels_inside_the_package():
    data = SETUP["package-data"]
    for folder in ("static", "templates", "examples"):
        name = _installed_name(ROOT / folder)
        assert name == f"compgraph.{folder}" and "**/*" in data[name]
    # the app looks for them two levels above app/ : site-packages/compgraph/<folder>
    from compgraph.app.settings import ROOT as APP_ROOT
    assert (APP_ROOT / "static" / "js").is_dir() and (APP_ROOT / "templates").is_dir()
