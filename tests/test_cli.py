"""The compgraph command: eval, gradcheck, parse, help and failures."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compgraph.app.cli import main

APPLE = {"nodes": [
    {"id": "apple", "op": "input", "value": 100}, {"id": "n", "op": "input", "value": 2},
    {"id": "tax", "op": "input", "value": 1.1},
    {"id": "p", "op": "mul", "inputs": ["apple", "n"]},
    {"id": "price", "op": "mul", "inputs": ["p", "tax"]}]}


@pytest.fixture
def apple_file(tmp_path) -> Path:
    path = tmp_path / "apple.json"
    path.write_text(json.dumps(APPLE))
    return path


def test_eval_prints_a_table_of_values_and_gradients(apple_file, capsys):
    assert main(["eval", str(apple_file)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("apple "))
    assert row.split() == ["apple", "input", "()", "100.0", "2.2"]
    assert "220.00000000000003" in out


def test_eval_json_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(APPLE)))
    assert main(["eval", "-", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["nodes"]["tax"]["grad"] == 200.0 and "trace" not in body


def test_eval_json_with_trace(apple_file, capsys):
    assert main(["eval", str(apple_file), "--json", "--trace"]) == 0
    assert json.loads(capsys.readouterr().out)["trace"][0]["node"] == "p"


def test_invalid_graph_exits_non_zero_with_a_clear_message(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"nodes": [{"id": "a", "op": "exp", "inputs": ["q"]}]}))
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "invalid" in err and "node 'a'" in err


def test_unreadable_or_malformed_files_exit_non_zero(tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["eval", str(tmp_path / "missing.json")])
    assert "cannot read" in str(info.value.code)
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    with pytest.raises(SystemExit) as info:
        main(["gradcheck", str(broken)])
    assert "not valid JSON" in str(info.value.code)


def test_gradcheck_reports_ok(apple_file, capsys):
    assert main(["gradcheck", str(apple_file)]) == 0
    out = capsys.readouterr().out
    assert "ok: backprop vs central differences" in out and "apple" in out


def test_parse_prints_a_document(capsys):
    assert main(["parse", "x = 1\ny = 2\nz = (x + y) ** 2"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["output"] == "z"


def test_parse_error_exits_2(capsys):
    assert main(["parse", "x = 1\ny = x.real"]) == 2
    assert "line 2, column 5" in capsys.readouterr().err


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "compgraph.app.cli", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for cmd in ("serve", "eval", "gradcheck", "parse"):
        assert cmd in out
    serve = subprocess.run([sys.executable, "-m", "compgraph.app.cli", "serve", "--help"],
                           capture_output=True, text=True, check=True).stdout
    assert "--db" in serve and "--reload" in serve and "--port" in serve


def test_serve_takes_workers_and_its_timeouts_are_ones_uvicorn_knows():
    import uvicorn

    from compgraph.app.cli import SERVER_TIMEOUTS, _parser

    args = _parser().parse_args(["serve", "--workers", "3", "--db", "postgresql://h/db"])
    assert args.workers == 3 and args.db == "postgresql://h/db"
    config = uvicorn.Config("compgraph.app.main:app", workers=3, **SERVER_TIMEOUTS)
    assert config.timeout_keep_alive == 5 and config.timeout_graceful_shutdown == 10
