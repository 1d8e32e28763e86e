"""Saved graphs: round trip, 404, immutability, content ids, restart, concurrent saves."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

from apihelp import APPLE, APPLE_ORANGE, inp, make_client, op

ID = re.compile(r"^[0-9a-f]{24}$")


def save(client, doc):
    r = client.post("/api/graphs", json=doc)
    assert r.status_code == 201, r.text
    return r.json()


def test_save_then_load_round_trips(client):
    saved = save(client, APPLE)
    assert ID.match(saved["id"]) and saved["url"] == f"/g/{saved['id']}"
    r = client.get(f"/api/graphs/{saved['id']}")
    assert r.status_code == 200 and r.json() == APPLE
    assert "immutable" in r.headers["cache-control"]
    again = client.post("/api/evaluate", json=r.json()).json()
    assert again["nodes"]["apple"]["grad"] == 2.2


def test_unknown_id_is_404(client):
    for gid in ["0" * 24, "nope", "../../etc/passwd", "A" * 24]:
        r = client.get(f"/api/graphs/{gid}")
        assert r.status_code == 404 and "detail" in r.json()


def test_same_document_same_id_whatever_the_key_order_or_spacing(client):
    a = save(client, APPLE)["id"]
    reordered = json.loads(json.dumps(APPLE))
    reordered["nodes"][0] = dict(reversed(list(reordered["nodes"][0].items())))
    text = json.dumps(reordered, indent=4)
    r = client.post("/api/graphs", content=text.replace("1.1", "1.1000"))
    assert r.json()["id"] == a
    whole = json.loads(json.dumps(APPLE).replace('"value": 100', '"value": 100.0'))
    assert save(client, whole)["id"] == a
    assert save(client, APPLE_ORANGE)["id"] != a


def test_saved_graphs_never_change(client, tmp_path):
    gid = save(client, APPLE)["id"]
    before = client.get(f"/api/graphs/{gid}").text
    save(client, APPLE)  # saving again rewrites nothing
    assert client.put(f"/api/graphs/{gid}", json=APPLE_ORANGE).status_code == 405
    assert client.delete(f"/api/graphs/{gid}").status_code == 405
    assert client.get(f"/api/graphs/{gid}").text == before
    con = sqlite3.connect(tmp_path / "graphs.sqlite3")
    assert con.execute("SELECT count(*) FROM graphs").fetchone()[0] == 1


def test_invalid_graphs_are_not_saved(client, tmp_path):
    r = client.post("/api/graphs", json={"nodes": [inp("a", 1), op("b", "exp", "zz")]})
    assert r.status_code == 422 and r.json()["detail"][0]["node"] == "b"
    labels = {"nodes": [inp("a", [1.0, 2.0]), {"id": "t", "op": "const", "value": 9},
                        op("l", "softmax_with_loss", "a", "t")]}
    assert client.post("/api/graphs", json=labels).status_code == 422  # fails when evaluated


def test_saved_graph_size_limit_is_413(tmp_path):
    with make_client(tmp_path, max_saved_bytes=500) as c:
        doc = {"nodes": [inp("x", [0.123456789] * 100), op("y", "sum", "x")]}
        r = c.post("/api/graphs", json=doc)
        assert r.status_code == 413 and r.json()["detail"][0]["type"] == "body_too_large"
        assert c.post("/api/graphs", json=APPLE).status_code == 201


def test_saved_graphs_survive_a_restart(tmp_path):
    with make_client(tmp_path) as first:
        gid = save(first, APPLE)["id"]
    with make_client(tmp_path) as second:  # a new app on the same database file
        assert second.get(f"/api/graphs/{gid}").json() == APPLE


def test_the_database_is_created_on_first_use(tmp_path):
    path = tmp_path / "deep" / "folder" / "g.sqlite3"
    from apihelp import TestClient, create_app

    from compgraph.app.settings import Settings

    with TestClient(create_app(Settings(db=path))) as c:
        assert not path.exists()
        save(c, APPLE)
    assert path.exists()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def save_retrying(client, doc):
    """Save, waiting out 503 busy answers as their Retry-After says."""
    while (r := client.post("/api/graphs", json=doc)).status_code == 503:
        assert r.json()["detail"][0]["type"] == "busy" and r.headers["retry-after"] == "1"
        time.sleep(0.01)
    assert r.status_code == 201, r.text
    return r.json()


def test_200_concurrent_saves_lose_nothing(tmp_path):
    docs = [{"title": f"graph {k}", "nodes": [inp("x", k), op("y", "exp", "x")]}
            for k in range(100)]
    docs += docs  # half are repeats: the same id, no duplicate rows

    with make_client(tmp_path, max_busy=4) as client:
        with ThreadPoolExecutor(16) as pool:
            saved = list(pool.map(lambda d: save_retrying(client, d)["id"], docs))
        assert saved[:100] == saved[100:] and len(set(saved)) == 100
        for doc, gid in zip(docs[:100], saved[:100]):
            assert client.get(f"/api/graphs/{gid}").json() == doc
