"""A separate process saving graphs: `python writer.py DB FIRST COUNT` prints each id once the
store has acknowledged it (one line, flushed), so a test can kill it at any moment."""

from __future__ import annotations

import sys

from compgraph.app.store import canonical, open_store


def document(k: int) -> dict:
    return {"title": f"graph {k}", "nodes": [{"id": "x", "op": "input", "value": [k, k + 0.5]},
                                             {"id": "y", "op": "exp", "inputs": ["x"]}]}


def main(db: str, first: int, count: int) -> None:
    store = open_store(db)
    for k in range(first, first + count):
        gid, _ = store.save(canonical(document(k)))
        print(k, gid, flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
