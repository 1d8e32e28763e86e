"""Store faults through the API: a damaged row, a read-only database, an unusable path, and
PostgreSQL killed mid-load. The client is never blamed (no 422) and evaluation goes on."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time
import warnings

import pytest
from test_store import execute
from writer import document

from compgraph.app.main import create_app
from compgraph.app.schemas.requests import APPLE  # the book's Fig. 5-14, as the API documents it
from compgraph.app.settings import Settings
from compgraph.app.store import canonical, graph_id, open_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def client_for(db: str, tmp_path) -> TestClient:
    return TestClient(create_app(Settings(db=db)), raise_server_exceptions=False)


def test_a_damaged_row_is_a_logged_500_and_saving_again_repairs_it(db, tmp_path, caplog):
    with client_for(db, tmp_path) as client:
        gid = client.post("/api/graphs", json=APPLE).json()["id"]
        execute(db, "UPDATE graphs SET document = ? WHERE id = ?", ('{"nodes": []}', gid))
        with caplog.at_level(logging.ERROR, logger="compgraph"):
            r = client.get(f"/api/graphs/{gid}")
        assert r.status_code == 500
        [item] = r.json()["detail"]
        assert item["type"] == "damaged" and gid in item["msg"] and "saving" in item["msg"]
        assert any(gid in rec.getMessage() for rec in caplog.records)
        assert client.post("/api/graphs", json=APPLE).status_code == 201
        r = client.get(f"/api/graphs/{gid}")
        assert r.status_code == 200 and r.json() == APPLE


def test_an_unusable_store_is_503_while_evaluation_goes_on(tmp_path, caplog):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with client_for(str(folder), tmp_path) as client:  # a directory, not a database file
        for r in (client.post("/api/graphs", json=APPLE), client.get("/api/graphs/" + "0" * 24)):
            assert r.status_code == 503 and r.headers["retry-after"]
            [item] = r.json()["detail"]
            assert item["type"] == "store_unavailable" and "saved-graph store" in item["msg"]
        assert client.post("/api/evaluate", json=APPLE).json()["nodes"]["apple"]["grad"] == 2.2
        health = client.get("/api/health")
        assert health.status_code == 503
        assert health.json()["status"] == "store_unavailable"
        assert health.json()["store"] == "unavailable"


READ_ONLY_CHECK = """
import sys
from compgraph.app.store import StoreUnavailable, open_store
store = open_store(sys.argv[1])
print(store.get(sys.argv[2]))
try:
    store.save('{"other": 1}')
except StoreUnavailable as err:
    print("refused:", err)
"""


def read_only_command(folder) -> list[str]:
    """How to run a command that cannot write in `folder`: as ourselves after chmod, or, for
    root (whom file modes do not stop), inside a mount namespace where it is mounted read-only."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return []
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("root without mount namespaces (unshare -m): cannot make a read-only folder")
    return ["unshare", "-m", "sh", "-c", f"mount --bind -o ro '{folder}' '{folder}' && exec"
            ' "$@"', "sh"]


def test_a_read_only_database_still_serves_its_graphs(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "graphs.sqlite3"
    store = open_store(db)
    text = canonical(document(7))
    store.save(text)  # WAL mode; the -wal and -shm files go when the last connection closes
    assert not (folder / "graphs.sqlite3-shm").exists()
    wrap = read_only_command(folder)
    try:
        out = subprocess.run([*wrap, sys.executable, "-c", textwrap.dedent(READ_ONLY_CHECK),
                              str(db), graph_id(text)], capture_output=True, text=True,
                             timeout=60, check=True).stdout.splitlines()
    finally:
        os.chmod(folder, 0o755)
    assert out[0] == text
    assert out[1].startswith("refused: the saved-graph store cannot write")


def test_postgresql_killed_mid_load_is_503_then_recovers(pg, tmp_path):
    db = pg.create_database(f"killed{os.getpid()}")
    with client_for(db, tmp_path) as client:
        assert client.post("/api/graphs", json=APPLE).status_code == 201
        pg.stop("immediate")  # a crash: no shutdown checkpoint
        try:
            r = client.post("/api/graphs", json=document(1))
            assert r.status_code == 503 and r.headers["retry-after"]
            assert r.json()["detail"][0]["type"] == "store_unavailable"
            assert client.get("/api/health").json()["store"] == "unavailable"
            assert client.post("/api/evaluate", json=APPLE).status_code == 200
        finally:
            pg.start()
        # the pool reconnects with a backoff: a save may still answer 503 for a few seconds
        deadline = time.monotonic() + 60
        while (r := client.post("/api/graphs", json=document(1))).status_code == 503:
            assert time.monotonic() < deadline, "the store never came back"
            time.sleep(0.5)
        assert r.status_code == 201, r.text
        assert client.get(f"/api/graphs/{r.json()['id']}").json() == document(1)
        assert client.get("/api/health").json()["status"] == "ok"



def test_health_says_postgresql_is_down_at_once_not_after_the_pools_timeout(pg, tmp_path):
    from compgraph.app.store_pg import PING_TIMEOUT

    db = pg.create_database(f"down{os.getpid()}")
    with client_for(db, tmp_path) as client:
        assert client.get("/api/health").json()["status"] == "ok"
        pg.stop("immediate")
        try:
            for _ in range(3):  # an open pool, then one that has seen the failure
                start = time.monotonic()
                health = client.get("/api/health")
                took = time.monotonic() - start
                assert health.status_code == 503, health.text
                assert health.json()["status"] == "store_unavailable"
                assert took < 3 * PING_TIMEOUT, f"health took {took:.2f} s"  # the pool's: 5 s
        finally:
            pg.start()
