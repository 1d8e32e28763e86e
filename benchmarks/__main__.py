"""Run every benchmarks/bench_*.py module, print their tables, write benchmarks/results/*.json.

Each module exposes `run(quick: bool = False) -> dict` returning {"title": str, "rows": [dict]}
(plus anything else worth keeping). `python -m benchmarks [--quick] [name ...]`; then
`python -m benchmarks.readme` writes README's speed section from the results (`make bench`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def table(rows: list[dict]) -> str:
    if not rows:
        return "(no rows)"
    cols = list(dict.fromkeys(k for r in rows for k in r))
    cell = lambda v: f"{v:.4g}" if isinstance(v, float) else str(v)  # noqa: E731
    widths = {c: max(len(c), *(len(cell(r.get(c, ""))) for r in rows)) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols)]
    lines += ["  ".join(cell(r.get(c, "")).ljust(widths[c]) for c in cols) for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("names", nargs="*", help="e.g. engine api frontend (default: all)")
    args = parser.parse_args()
    names = args.names or sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(HERE)])
                                 if m.name.startswith("bench_"))
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        start, load = time.perf_counter(), os.getloadavg()[0]
        result = module.run(quick=args.quick)
        result["seconds"] = round(time.perf_counter() - start, 1)
        result["quick"] = args.quick
        result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        result["machine"] = {"cpus": os.cpu_count(), "load_average": [
            round(load, 2), round(os.getloadavg()[0], 2)]}  # 1-minute, at start and end
        print(f"\n== {result.get('title', name)} ({result['seconds']} s, load average"
              f" {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n"
              f"{table(result['rows'])}")
        (out_dir / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
