"""Saved graphs in SQLite (stdlib): immutable rows keyed by a hash of the canonical document.

Ids are 24 lowercase hex characters (96 bits of SHA-256 of the canonical JSON: keys sorted, no
spaces, whole floats written as integers), so they are URL-safe and the same document always gets
the same id. One short-lived connection per call; WAL lets readers run beside a writer.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
import threading
from pathlib import Path

ID_RE = re.compile(r"^[0-9a-f]{24}$")
SCHEMA = """CREATE TABLE IF NOT EXISTS graphs (
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)"""


def canonical(doc) -> str:
    return json.dumps(_normal(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def _normal(v):
    if isinstance(v, dict):
        return {k: _normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_normal(x) for x in v]
    if isinstance(v, float):
        if not math.isfinite(v):
            return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
        if v.is_integer() and abs(v) < 2 ** 53 and not (v == 0 and math.copysign(1, v) < 0):
            return int(v)
    return v


def graph_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class GraphStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    with self._open() as con:
                        con.execute("PRAGMA journal_mode=WAL")
                        con.execute(SCHEMA)
                    self._ready = True
        return self._open()

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 30000")
        return con

    def save(self, text: str) -> tuple[str, bool]:
        """Store a canonical document; return (id, created). An existing id is never rewritten."""
        gid = graph_id(text)
        con = self._connect()
        try:
            cur = con.execute("INSERT OR IGNORE INTO graphs (id, document) VALUES (?, ?)",
                              (gid, text))
            return gid, cur.rowcount == 1
        finally:
            con.close()

    def get(self, gid: str) -> str | None:
        if not ID_RE.match(gid):
            return None
        con = self._connect()
        try:
            row = con.execute("SELECT document FROM graphs WHERE id = ?", (gid,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None
