"""The `compgraph` command: serve the app, evaluate, gradient-check or parse from a terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

import compgraph as engine

EPILOG = """examples:
  compgraph serve --port 8000 --db data/graphs.sqlite3
  compgraph serve --workers 4 --db postgresql://compgraph@dbhost/compgraph
  compgraph eval examples/apple.json
  cat graph.json | compgraph eval - --json
  compgraph gradcheck examples/apple.json
  compgraph parse 'x = 1
  y = 2
  z = (x + y) ** 2' | compgraph eval -
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="compgraph", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Computation graphs that make backpropagation visible.")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    s = sub.add_parser("serve", help="serve the web app and the API",
                       description="Serve the web app and the HTTP API with uvicorn.")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--db", help="saved graphs: a SQLite file or a postgresql:// URL (sets"
                   " COMPGRAPH_DB)")
    s.add_argument("--workers", type=int, default=1, help="worker processes (default 1); with"
                   " more than one, or several hosts, use one PostgreSQL database")
    s.add_argument("--reload", action="store_true", help="restart when code changes")
    e = sub.add_parser("eval", help="values and gradients of a graph document",
                       description="Evaluate a graph document: a table of every node's value and"
                       " gradient (d output / d node), or the API's JSON answer with --json.")
    e.add_argument("file", help="a graph document (.json), or - for standard input")
    e.add_argument("--json", action="store_true", help="print the API's JSON answer")
    e.add_argument("--trace", action="store_true", help="with --json: include the step trace")
    g = sub.add_parser("gradcheck", help="backprop against central differences",
                       description="Compare every input's gradient with central differences.")
    g.add_argument("file", help="a graph document (.json), or - for standard input")
    g.add_argument("--h", type=float, default=1e-4, help="difference step (default 1e-4)")
    x = sub.add_parser("parse", help="expression text -> graph document (JSON)",
                       description="Build a graph document from expressions, one assignment a"
                       " line, e.g. 'x = 1; y = 2' on two lines then 'z = (x + y) ** 2'.")
    x.add_argument("source", help="the expressions (use - to read standard input)")
    return p


def _read(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as err:
        raise SystemExit(f"compgraph: cannot read {path}: {err.strerror}") from None
    try:
        return json.loads(text, parse_constant=str)
    except ValueError as err:
        raise SystemExit(f"compgraph: {path} is not valid JSON: {err}") from None


def _cell(a) -> str:
    if a is None:
        return "-"
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 0:
        return repr(float(arr))
    return np.array2string(arr, precision=6, separator=", ", threshold=20, max_line_width=60
                           ).replace("\n", " ")


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows)


def cmd_eval(args) -> int:
    from . import serialize

    result = engine.evaluate(_read(args.file), trace=args.trace and args.json)
    if args.json:
        print(json.dumps(serialize.evaluation(result, trace=args.trace), ensure_ascii=False))
        return 0
    rows = [["node", "op", "shape", "value", "grad"]]
    for i, node in result.graph.nodes.items():
        rows.append([i, node.op, engine.ops.fmt_shape(node.shape), _cell(result.values[i]),
                     _cell(result.grads[i])])
    print(_table(rows))
    print(f"\noutput: {result.output} (its gradient seeded with ones)")
    return 0


def cmd_gradcheck(args) -> int:
    check = engine.gradcheck(_read(args.file), h=args.h)
    rows = [["input", "ok", "max_abs_diff", "max_rel_diff"]]
    for i, c in check.inputs.items():
        rows.append([i, "ok" if c.ok else "MISMATCH", f"{c.max_abs_diff:.3g}",
                     f"{c.max_rel_diff:.3g}"])
    print(_table(rows))
    print(f"\n{'ok' if check.ok else 'FAILED'}: backprop vs central differences, h = {check.h}")
    return 0 if check.ok else 1


def cmd_parse(args) -> int:
    from compgraph.parser import parse_expressions

    source = sys.stdin.read() if args.source == "-" else args.source
    print(json.dumps(parse_expressions(source), indent=2, ensure_ascii=False))
    return 0


# idle keep-alive connections closed after 5 s; shutdown waits at most 10 s for requests;
# an incomplete request head may not grow past 64 kB (uvicorn has no header-read timeout)
SERVER_TIMEOUTS = {"timeout_keep_alive": 5, "timeout_graceful_shutdown": 10,
                   "h11_max_incomplete_event_size": 65_536}


def cmd_serve(args) -> int:
    import uvicorn

    if args.db:
        os.environ["COMPGRAPH_DB"] = args.db
    uvicorn.run("compgraph.app.main:app", host=args.host, port=args.port, reload=args.reload,
                workers=None if args.reload else args.workers, **SERVER_TIMEOUTS)
    return 0


COMMANDS = {"serve": cmd_serve, "eval": cmd_eval, "gradcheck": cmd_gradcheck, "parse": cmd_parse}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.cmd](args)
    except engine.GraphError as err:
        print("compgraph: the graph is invalid:", file=sys.stderr)
        for p in err.problems:
            print(f"  - {p.msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
