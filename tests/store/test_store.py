"""The saved-graph store, the same tests on SQLite and PostgreSQL: round trip, damaged rows,
two writing processes, a writer killed mid-load."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from writer import document

from compgraph.app.store import DamagedGraph, canonical, graph_id, open_store

WRITER = Path(__file__).with_name("writer.py")


def execute(db: str, sql: str, args: tuple) -> None:
    """Run one statement on the backing database directly, behind the store's back."""
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as con:
            con.execute(sql.replace("?", "%s"), args)
    else:
        with sqlite3.connect(db) as con:
            con.execute(sql, args)


def test_save_then_get_round_trips_and_saving_again_writes_nothing(db):
    store = open_store(db)
    text = canonical(document(1))
    gid, written = store.save(text)
    assert gid == graph_id(text) and written
    assert store.get(gid) == text
    assert store.save(text) == (gid, False)
    assert store.get("0" * 24) is None
    assert store.get(gid + "\n") is None and store.get(gid.upper()) is None
    store.close()


def test_a_damaged_row_is_an_error_and_saving_the_document_again_repairs_it(db):
    store = open_store(db)
    text = canonical(document(2))
    gid, _ = store.save(text)
    execute(db, "UPDATE graphs SET document = ? WHERE id = ?", (text[:-7], gid))
    with pytest.raises(DamagedGraph, match=gid):
        store.get(gid)
    assert store.save(text) == (gid, True)  # rewritten, not acknowledged and ignored
    assert store.get(gid) == text
    store.close()


def test_two_processes_writing_at_once_lose_nothing(db):
    # overlapping ranges: both write documents 50..99, so the same rows are raced for
    procs = [subprocess.Popen([sys.executable, str(WRITER), db, str(first), "100"],
                              stdout=subprocess.PIPE, text=True) for first in (0, 50)]
    acked = {}
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        acked.update(line.split() for line in out.splitlines())
    assert len(acked) == 150
    store = open_store(db)
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(store.get, acked.values()))
    assert [json.loads(t) for t in texts] == [document(int(k)) for k in acked]
    store.close()


def test_a_writer_killed_mid_load_loses_no_acknowledged_graph(db):
    proc = subprocess.Popen([sys.executable, str(WRITER), db, "1000", "100000"],
                            stdout=subprocess.PIPE, text=True)
    acked = []
    for line in proc.stdout:
        acked.append(line.split())
        if len(acked) == 200:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.1)
    store = open_store(db)
    for k, gid in acked:
        assert json.loads(store.get(gid)) == document(int(k))
    text = canonical(document(999))
    assert store.save(text)[1] and store.get(graph_id(text)) == text  # still writable
    store.close()
