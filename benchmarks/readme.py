"""Write README.md's speed tables from `benchmarks/results/*.json` (what `make bench` wrote), so
that they cannot go stale: everything between the two marker comments is replaced.

`python -m benchmarks.readme [--check]`; --check exits 1 when README differs from the results.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
BEGIN = "<!-- speed:begin (python -m benchmarks.readme writes this part; do not edit) -->"
END = "<!-- speed:end -->"


def cell(v) -> str:
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v).replace("|", "\\|")


def tables(rows: list[dict]) -> list[str]:
    """Markdown tables, in the rows' order: a row joins the table before it when its columns
    are a subset or a superset of that table's (missing cells left empty), else starts one."""
    groups: list[tuple[list, list]] = []
    for row in rows:
        if groups and (set(row) <= set(groups[-1][0]) or set(groups[-1][0]) <= set(row)):
            groups[-1][0].extend(c for c in row if c not in groups[-1][0])
            groups[-1][1].append(row)
        else:
            groups.append((list(row), [row]))
    out = []
    for cols, members in groups:
        out += ["", "| " + " | ".join(c.replace("_", " ") for c in cols) + " |",
                "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(cell(r.get(c, "")) for c in cols) + " |" for r in members]
    return out


def section(result: dict, name: str) -> list[str]:
    m = result.get("machine", {})
    load = m.get("load_average")
    where = [result.get("date", "date not recorded"), f"{result.get('seconds', '?')} s",
             *(["--quick"] if result.get("quick") else []), f"{m.get('cpus', '?')} CPUs",
             f"load average {load[0]} -> {load[1]}" if load else "load average not recorded"]
    return [f"**{result.get('title', name)}** (`benchmarks/bench_{name}.py`;"
            f" {', '.join(where)}):", *tables(result["rows"]), ""]


def generated(results_dir: Path = HERE / "results") -> str:
    lines = [BEGIN, ""]
    for path in sorted(results_dir.glob("*.json")):
        lines += section(json.loads(path.read_text(encoding="utf-8")), path.stem)
    return "\n".join(lines + [END])


def rewrite(text: str, block: str) -> str:
    if BEGIN not in text or END not in text:
        raise SystemExit(f"README.md has no {BEGIN!r} ... {END!r} markers")
    head, rest = text.split(BEGIN, 1)
    return head + block + rest.split(END, 1)[1]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readme")
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new = rewrite(text, generated())
    if args.check:
        return int(new != text)
    README.write_text(new, encoding="utf-8")
    print(f"wrote the speed section of {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
