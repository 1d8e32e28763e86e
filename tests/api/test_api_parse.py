"""POST /api/parse through HTTP."""

from __future__ import annotations


def test_parse_then_evaluate_gives_9_and_6(client):
    r = client.post("/api/parse", json={"source": "x = 1\ny = 2\nt = x + y\nz = t ** 2"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["output"] == "z" and [n["id"] for n in doc["nodes"]] == ["x", "y", "t", "z"]
    nodes = client.post("/api/evaluate", json=doc).json()["nodes"]
    assert nodes["z"]["value"] == 9 and nodes["x"]["grad"] == 6


def test_parse_errors_are_422_with_line_and_column(client):
    r = client.post("/api/parse", json={"source": "x = 1\ny = os.system('ls')"})
    assert r.status_code == 422
    item = r.json()["detail"][0]
    assert item["loc"] == ["body", "source", 2, 5] and item["msg"].startswith("line 2, column 5")


def test_parse_error_names_the_node_when_there_is_one(client):
    r = client.post("/api/parse", json={"source": "x = [1, 2]\nW = [[1, 2, 3]]\nh = x @ W"})
    assert r.json()["detail"][0]["node"] == "h"


def test_parse_needs_a_source_string(client):
    assert client.post("/api/parse", json={"text": "x = 1"}).status_code == 422
    assert client.post("/api/parse", json={"source": 5}).status_code == 422


def test_long_source_is_refused(tmp_path):
    from apihelp import make_client

    with make_client(tmp_path, max_source_chars=50) as c:
        r = c.post("/api/parse", json={"source": "x = 1\n" * 20})
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == "source_too_long"
