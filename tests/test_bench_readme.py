"""benchmarks/readme.py: README's speed tables written from benchmark results, between markers."""

from __future__ import annotations

import json

import pytest

from benchmarks import readme
from benchmarks.ratios import ratio_row

RESULT = {"title": "HTTP API", "seconds": 12.5, "quick": False, "date": "2026-12-02 05:00 UTC",
          "machine": {"cpus": 2, "load_average": [1.5, 2.25]},
          "rows": [{"measure": "a", "p50_ms": 1.25}, {"measure": "b|c", "p50_ms": 12345.6},
                   {"measure": "d", "p50_ms": 2.0, "met": "yes"},
                   {"measure": "rps", "req_per_s": 300}]}


def test_tables_follow_the_rows(tmp_path):
    (tmp_path / "api.json").write_text(json.dumps(RESULT))
    block = readme.generated(tmp_path)
    assert block.startswith(readme.BEGIN) and block.endswith(readme.END)
    assert ("**HTTP API** (`benchmarks/bench_api.py`; 2026-12-02 05:00 UTC, 12.5 s, 2 CPUs,"
            " load average 1.5 -> 2.25):") in block
    lines = block.splitlines()
    assert lines.index("| measure | p50 ms | met |") + 2 == lines.index("| a | 1.25 |  |")
    assert "| b\\|c | 12346 |  |" in lines  # a pipe in a cell does not split it
    assert "| d | 2 | yes |" in lines  # a superset of the columns joins the table
    assert "| measure | req per s |" in lines and "| rps | 300 |" in lines


def test_rewrite_replaces_only_between_the_markers():
    text = f"# t\nbefore\n{readme.BEGIN}\nold table\n{readme.END}\nafter\n"
    new = readme.rewrite(text, f"{readme.BEGIN}\nnew\n{readme.END}")
    assert new == f"# t\nbefore\n{readme.BEGIN}\nnew\n{readme.END}\nafter\n"
    with pytest.raises(SystemExit, match="markers"):
        readme.rewrite("# no markers\n", "x")


def test_the_readme_has_the_markers():
    text = readme.README.read_text(encoding="utf-8")
    assert text.count(readme.BEGIN) == 1 and text.count(readme.END) == 1


def test_ratio_row_compares_min_with_min_and_median_with_median():
    row = ratio_row("x", [2.0, 3.0, 9.0], [1.0, 2.0, 2.5], 1.5)
    assert row["ratio_min"] == 2.0 and row["ratio_median"] == 1.5 and row["met"] == "yes"
    row = ratio_row("x", [4.0, 6.0, 6.0], [1.0, 2.0, 2.0], 1.5)
    assert row["ratio_median"] == 3.0 and row["met"] == "no (2.00x the target)"
